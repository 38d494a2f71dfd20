using RunAi.TemplateDsl.Rules;

namespace RunAi.TemplateDsl.Validation;

/// <summary>
/// The run-time front end of the rule catalog: turns a wire model object into the fact tree the rules judge,
/// with every value known. Member names are the model's JSON names; a test compares the tree with the
/// serialized JSON so the two cannot drift apart. Nodes come from a per-thread <see cref="FactArena"/>;
/// null members get no node at all (a closed object answers absent for them).
/// </summary>
internal static class WireFacts
{
    [ThreadStatic]
    private static FactArena? t_arena;

    public static FactArena Arena => t_arena ??= new FactArena();

    public static Fact Of(WorkloadTemplateCreationRequest request, FactArena arena)
    {
        var root = arena.Object();
        var m = request.Meta;
        Meta(root, m?.Name, m?.Description, m?.Scope, m?.ClusterId, m?.DepartmentId, m?.ProjectId, m?.AutoDelete, m?.WorkloadSupportedTypes, m?.Private, arena);
        root.Put("spec", Spec(request.Spec, arena));
        return root;
    }

    public static Fact Of(WorkloadTemplateUpdateRequest request, FactArena arena)
    {
        var root = arena.Object();
        var meta = root.Put("meta", arena.Object());
        meta.Put("name", arena.Text(request.Meta?.Name));
        meta.Put("description", arena.Text(request.Meta?.Description));

        root.Put("spec", Spec(request.Spec, arena));
        return root;
    }

    public static Fact Of(WorkloadTemplate template, FactArena arena)
    {
        var root = arena.Object();
        var m = template.Meta;
        Meta(root, m?.Name, m?.Description, m?.Scope, m?.ClusterId, m?.DepartmentId, m?.ProjectId, m?.AutoDelete, m?.WorkloadSupportedTypes, m?.Private, arena);
        var spec = root.Put("spec", arena.Object());
        if (template.Spec is { } s)
        {
            spec.Put("assets", AssetRefs(s.Assets, arena));
            spec.Put("specificEnv", Env(s.SpecificEnv, arena));
            spec.Put("distributed", Distributed(s.Distributed, arena));
        }

        return root;
    }

    /// <summary>
    /// The writable metadata, shared by the creation request and the read model (whose read-only fields no rule reads);
    /// metadata forced to null (the model says it is never null) is judged as empty, so its name and scope are missing.
    /// </summary>
    private static void Meta(Fact root, string? name, string? description, Scope? scope, string? clusterId, string? departmentId, int? projectId, bool? autoDelete, WorkloadSupportedTypes? types, bool? isPrivate, FactArena arena)
    {
        var meta = root.Put("meta", arena.Object());
        meta.Put("name", arena.Text(name));
        meta.Put("description", arena.Text(description));
        meta.Put("scope", arena.Text(scope?.Value));
        meta.Put("clusterId", arena.Text(clusterId));
        meta.Put("departmentId", arena.Text(departmentId));
        meta.Put("projectId", arena.Number(projectId));
        meta.Put("autoDelete", arena.Boolean(autoDelete));
        meta.Put("workloadSupportedTypes", SupportedTypes(types, arena));
        meta.Put("private", arena.Boolean(isPrivate));
    }

    /// <summary>The spec; one forced to null (the model says it is never null) is judged as an empty one, so it needs an environment.</summary>
    private static Fact Spec(SpecificRunCreationFields? s, FactArena arena)
    {
        var spec = arena.Object();
        if (s is null)
        {
            return spec;
        }

        if (s.Assets is { } a)
        {
            var assets = spec.Put("assets", arena.Object());
            assets.Put("environment", arena.Text(a.Environment));
            assets.Put("compute", arena.Text(a.Compute));
            if (a.Datasources is { } sources)
            {
                var list = assets.Put("datasources", arena.Array());
                foreach (var d in sources)
                {
                    DataSource(list, d is null, d?.Id, null, d?.Kind, d?.Overrides, arena);
                }
            }

            assets.Put("workloadVolumes", Strings(a.WorkloadVolumes, arena));
        }

        spec.Put("specificEnv", Env(s.SpecificEnv, arena));
        spec.Put("distributed", Distributed(s.Distributed, arena));
        return spec;
    }

    private static Fact SupportedTypes(WorkloadSupportedTypes? t, FactArena arena)
    {
        if (t is null)
        {
            return Fact.Absent;
        }

        var node = arena.Object();
        node.Put("inference", arena.Boolean(t.Inference));
        node.Put("workspace", arena.Boolean(t.Workspace));
        node.Put("training", arena.Boolean(t.Training));
        node.Put("distributed", arena.Boolean(t.Distributed));
        node.Put("distFramework", arena.Text(t.DistFramework?.Value));
        return node;
    }

    /// <summary>A data source item, in the write shape (id, kind) or the read shape (with its name).</summary>
    private static void DataSource(Fact list, bool isNull, string? id, string? name, AssetKind? kind, DataSourceOverrides? overrides, FactArena arena)
    {
        var item = list.Add(arena.Object(isNull));
        if (!isNull)
        {
            item.Put("id", arena.Text(id));
            item.Put("name", arena.Text(name));
            item.Put("kind", arena.Text(kind?.Value));
            item.Put("overrides", Overrides(overrides, arena));
        }
    }

    private static Fact Overrides(DataSourceOverrides? o, FactArena arena) =>
        o is null ? Fact.Absent : Member(arena.Object(), "containerPath", arena.Text(o.ContainerPath));

    private static Fact AssetRefs(AssetsRef? a, FactArena arena)
    {
        if (a is null)
        {
            return Fact.Absent;
        }

        var node = arena.Object();
        if (a.Environment is { } e)
        {
            var environment = node.Put("environment", arena.Object());
            environment.Put("id", arena.Text(e.Id));
            environment.Put("name", arena.Text(e.Name));
            if (e.ToolTypes is { } tools)
            {
                var list = environment.Put("toolTypes", arena.Array());
                foreach (var tool in tools)
                {
                    list.Add(arena.Rent().SetText(tool?.Value));
                }
            }
        }

        if (a.Compute is { } c)
        {
            var compute = node.Put("compute", arena.Object());
            compute.Put("id", arena.Text(c.Id));
            compute.Put("name", arena.Text(c.Name));
        }

        if (a.Datasources is { } sources)
        {
            var list = node.Put("datasources", arena.Array());
            foreach (var d in sources)
            {
                DataSource(list, d is null, d?.Id, d?.Name, d?.Kind, d?.Overrides, arena);
            }
        }

        node.Put("workloadVolumes", Strings(a.WorkloadVolumes, arena));
        return node;
    }

    private static Fact Distributed(InfoDistributed? d, FactArena arena)
    {
        if (d is null)
        {
            return Fact.Absent;
        }

        var node = arena.Object();
        node.Put("numWorkers", arena.Number(d.NumWorkers));
        node.Put("noMaster", arena.Boolean(d.NoMaster));
        node.Put("distFramework", arena.Text(d.DistFramework?.Value));
        if (d.Master is { } m)
        {
            var master = node.Put("master", arena.Object());
            master.Put("assets", AssetRefs(m.Assets, arena));
            master.Put("specificEnv", Env(m.SpecificEnv, arena));
        }

        return node;
    }

    private static Fact Env(SpecificRunParams? p, FactArena arena)
    {
        if (p is null)
        {
            return Fact.Absent;
        }

        var env = arena.Object();
        if (p.Connections is { } connections)
        {
            var list = env.Put("connections", arena.Array());
            foreach (var c in connections)
            {
                var item = list.Add(arena.Object(c is null));
                if (c is not null)
                {
                    item.Put("name", arena.Text(c.Name));
                    item.Put("nodePort", arena.Number(c.NodePort));
                    item.Put("externalUrl", arena.Text(c.ExternalUrl));
                    item.Put("authorizedUsers", Strings(c.AuthorizedUsers, arena));
                    item.Put("authorizedGroups", Strings(c.AuthorizedGroups, arena));
                }
            }
        }

        if (p.Annotations is { } annotations)
        {
            var list = env.Put("annotations", arena.Array());
            foreach (var annotation in annotations)
            {
                list.Add(annotation is null ? arena.Rent() : NameValue(annotation.Name, annotation.Value, annotation.Exclude, arena));
            }
        }

        env.Put("args", arena.Text(p.Args));
        env.Put("autoDeletionTimeAfterCompletionSeconds", arena.Number(p.AutoDeletionTimeAfterCompletionSeconds));
        env.Put("backoffLimit", arena.Number(p.BackoffLimit));
        env.Put("category", arena.Text(p.Category));
        env.Put("command", arena.Text(p.Command));
        env.Put("completions", arena.Number(p.Completions));
        if (p.EnvironmentVariables is { } variables)
        {
            var list = env.Put("environmentVariables", arena.Array());
            foreach (var v in variables)
            {
                var item = list.Add(arena.Object(v is null));
                if (v is null)
                {
                    continue;
                }

                item.Put("name", arena.Text(v.Name));
                item.Put("value", arena.Text(v.Value));
                if (v.Credential is { } c)
                {
                    var credential = item.Put("credential", arena.Object());
                    credential.Put("assetId", arena.Text(c.AssetId));
                    credential.Put("key", arena.Text(c.Key));
                }

                if (v.ConfigMap is { } cm)
                {
                    var configMap = item.Put("configMap", arena.Object());
                    configMap.Put("name", arena.Text(cm.Name));
                    configMap.Put("key", arena.Text(cm.Key));
                }

                if (v.PodFieldRef is { } pf)
                {
                    item.Put("podFieldRef", Member(arena.Object(), "path", arena.Text(pf.Path)));
                }

                item.Put("exclude", arena.Boolean(v.Exclude));
                item.Put("description", arena.Text(v.Description));
            }
        }

        if (p.ImagePullSecrets is { } secrets)
        {
            var list = env.Put("imagePullSecrets", arena.Array());
            foreach (var s in secrets)
            {
                var item = list.Add(arena.Object(s is null));
                if (s is not null)
                {
                    item.Put("name", arena.Text(s.Name));
                    item.Put("userCredential", arena.Boolean(s.UserCredential));
                    item.Put("exclude", arena.Boolean(s.Exclude));
                }
            }
        }

        if (p.Labels is { } labels)
        {
            var list = env.Put("labels", arena.Array());
            foreach (var l in labels)
            {
                list.Add(l is null ? arena.Rent() : NameValue(l.Name, l.Value, l.Exclude, arena));
            }
        }

        if (p.NodeAffinityRequired is { } required)
        {
            var affinity = env.Put("nodeAffinityRequired", arena.Object());
            if (required.NodeSelectorTerms is { } terms)
            {
                var termList = affinity.Put("nodeSelectorTerms", arena.Array());
                foreach (var term in terms)
                {
                    var termNode = termList.Add(arena.Object(term is null));
                    if (term?.MatchExpressions is not { } expressions)
                    {
                        continue;
                    }

                    var expressionList = termNode.Put("matchExpressions", arena.Array());
                    foreach (var e in expressions)
                    {
                        var item = expressionList.Add(arena.Object(e is null));
                        if (e is not null)
                        {
                            item.Put("key", arena.Text(e.Key));
                            item.Put("operator", arena.Text(e.Operator?.Value));
                            item.Put("values", Strings(e.Values, arena));
                        }
                    }
                }
            }
        }

        env.Put("nodePools", Strings(p.NodePools, arena));
        env.Put("nodeType", arena.Text(p.NodeType));
        env.Put("parallelism", arena.Number(p.Parallelism));
        if (p.PodAffinity is { } pa)
        {
            var podAffinity = env.Put("podAffinity", arena.Object());
            podAffinity.Put("type", arena.Text(pa.Type?.Value));
            podAffinity.Put("key", arena.Text(pa.Key));
        }

        env.Put("preemptibility", arena.Text(p.Preemptibility?.Value));
        env.Put("priorityClass", arena.Text(p.PriorityClass));
        env.Put("restartPolicy", arena.Text(p.RestartPolicy?.Value));
        env.Put("runAsGid", arena.Number(p.RunAsGid));
        env.Put("runAsUid", arena.Number(p.RunAsUid));
        env.Put("supplementalGroups", arena.Text(p.SupplementalGroups));
        env.Put("terminateAfterPreemption", arena.Boolean(p.TerminateAfterPreemption));
        env.Put("terminationGracePeriodSeconds", arena.Number(p.TerminationGracePeriodSeconds));
        if (p.Tolerations is { } tolerations)
        {
            var list = env.Put("tolerations", arena.Array());
            foreach (var t in tolerations)
            {
                var item = list.Add(arena.Object(t is null));
                if (t is not null)
                {
                    item.Put("name", arena.Text(t.Name));
                    item.Put("operator", arena.Text(t.Operator?.Value));
                    item.Put("key", arena.Text(t.Key));
                    item.Put("value", arena.Text(t.Value));
                    item.Put("effect", arena.Text(t.Effect?.Value));
                    item.Put("seconds", arena.Number(t.Seconds));
                    item.Put("exclude", arena.Boolean(t.Exclude));
                }
            }
        }

        env.Put("allowOverQuota", arena.Boolean(p.AllowOverQuota));
        if (p.AutoScaling is { } a)
        {
            var scaling = env.Put("autoScaling", arena.Object());
            scaling.Put("metricThresholdPercentage", arena.Number(a.MetricThresholdPercentage));
            scaling.Put("minReplicas", arena.Number(a.MinReplicas));
            scaling.Put("maxReplicas", arena.Number(a.MaxReplicas));
            scaling.Put("initialReplicas", arena.Number(a.InitialReplicas));
            scaling.Put("activationReplicas", arena.Number(a.ActivationReplicas));
            scaling.Put("concurrencyHardLimit", arena.Number(a.ConcurrencyHardLimit));
            scaling.Put("scaleToZeroRetentionSeconds", arena.Number(a.ScaleToZeroRetentionSeconds));
            scaling.Put("scaleDownDelaySeconds", arena.Number(a.ScaleDownDelaySeconds));
            scaling.Put("initializationTimeoutSeconds", arena.Number(a.InitializationTimeoutSeconds));
            scaling.Put("thresholdMetric", arena.Text(a.ThresholdMetric));
            scaling.Put("thresholdValue", arena.Number(a.ThresholdValue));
        }

        if (p.ServingPortAccess is { } s2)
        {
            var access = env.Put("servingPortAccess", arena.Object());
            access.Put("authorizationType", arena.Text(s2.AuthorizationType?.Value));
            access.Put("authorizedUsers", Strings(s2.AuthorizedUsers, arena));
            access.Put("authorizedGroups", Strings(s2.AuthorizedGroups, arena));
            access.Put("clusterLocalAccessOnly", arena.Boolean(s2.ClusterLocalAccessOnly));
        }

        return env;
    }

    private static Fact NameValue(string? name, string? value, bool? exclude, FactArena arena)
    {
        var item = arena.Object();
        item.Put("name", arena.Text(name));
        item.Put("value", arena.Text(value));
        item.Put("exclude", arena.Boolean(exclude));
        return item;
    }

    private static Fact Strings(List<string>? values, FactArena arena)
    {
        if (values is null)
        {
            return Fact.Absent;
        }

        var list = arena.Array();
        foreach (var v in values)
        {
            list.Add(arena.Rent().SetText(v));
        }

        return list;
    }

    private static Fact Member(Fact node, string name, Fact value)
    {
        node.Put(name, value);
        return node;
    }
}
