using RunAi.TemplateDsl.Rules;

namespace RunAi.TemplateDsl.Validation;

/// <summary>
/// The run-time front end of the rule catalog: turns a wire model object into the fact tree the rules judge,
/// with every value known. Member names are the model's JSON names; a test compares the tree with the
/// serialized JSON so the two cannot drift apart. Nodes come from a per-thread <see cref="FactArena"/>.
/// </summary>
internal static class WireFacts
{
    [ThreadStatic]
    private static FactArena? t_arena;

    public static FactArena Arena => t_arena ??= new FactArena();

    public static Fact Of(WorkloadTemplateCreationRequest request, FactArena arena)
    {
        var root = arena.Object();
        var meta = root.Put("meta", arena.Object());
        var m = request.Meta;
        if (m is not null)
        {
            meta.Put("name", arena.Text(m.Name));
            meta.Put("description", arena.Text(m.Description));
            meta.Put("scope", arena.Text(m.Scope?.Value));
            meta.Put("clusterId", arena.Text(m.ClusterId));
            meta.Put("departmentId", arena.Text(m.DepartmentId));
            meta.Put("projectId", arena.Number(m.ProjectId));
            meta.Put("autoDelete", arena.Boolean(m.AutoDelete));
            meta.Put("workloadSupportedTypes", SupportedTypes(m.WorkloadSupportedTypes, arena));
            meta.Put("private", arena.Boolean(m.Private));
        }
        else
        {
            meta.SetAbsent();
        }

        root.Put("spec", Spec(request.Spec, arena));
        return root;
    }

    public static Fact Of(WorkloadTemplateUpdateRequest request, FactArena arena)
    {
        var root = arena.Object();
        var meta = root.Put("meta", arena.Object());
        if (request.Meta is { } m)
        {
            meta.Put("name", arena.Text(m.Name));
            meta.Put("description", arena.Text(m.Description));
        }
        else
        {
            meta.SetAbsent();
        }

        root.Put("spec", Spec(request.Spec, arena));
        return root;
    }

    public static Fact Of(WorkloadTemplate template, FactArena arena)
    {
        var root = arena.Object();
        var meta = root.Put("meta", arena.Object());
        if (template.Meta is { } m)
        {
            meta.Put("name", arena.Text(m.Name));
            meta.Put("description", arena.Text(m.Description));
            meta.Put("scope", arena.Text(m.Scope?.Value));
            meta.Put("clusterId", arena.Text(m.ClusterId));
            meta.Put("departmentId", arena.Text(m.DepartmentId));
            meta.Put("projectId", arena.Number(m.ProjectId));
            meta.Put("autoDelete", arena.Boolean(m.AutoDelete));
            meta.Put("workloadSupportedTypes", SupportedTypes(m.WorkloadSupportedTypes, arena));
            meta.Put("private", arena.Boolean(m.Private));
        }
        else
        {
            meta.SetAbsent();
        }

        var spec = root.Put("spec", arena.Object());
        if (template.Spec is { } s)
        {
            spec.Put("assets", AssetRefs(s.Assets, arena));
            spec.Put("specificEnv", Env(s.SpecificEnv, arena));
            spec.Put("distributed", Distributed(s.Distributed, arena));
        }
        else
        {
            spec.SetAbsent();
        }

        return root;
    }

    private static Fact Spec(SpecificRunCreationFields? s, FactArena arena)
    {
        var spec = arena.Object();
        if (s is null)
        {
            return spec.SetAbsent();
        }

        var assets = spec.Put("assets", arena.Object());
        if (s.Assets is { } a)
        {
            assets.Put("environment", arena.Text(a.Environment));
            assets.Put("compute", arena.Text(a.Compute));
            if (a.Datasources is { } sources)
            {
                var list = assets.Put("datasources", arena.Array());
                foreach (var d in sources)
                {
                    if (d is null)
                    {
                        list.Add(arena.Rent());
                        continue;
                    }

                    var item = list.Add(arena.Object());
                    item.Put("id", arena.Text(d.Id));
                    item.Put("kind", arena.Text(d.Kind?.Value));
                    item.Put("overrides", Overrides(d.Overrides, arena));
                }
            }

            assets.Put("workloadVolumes", Strings(a.WorkloadVolumes, arena));
        }
        else
        {
            assets.SetAbsent();
        }

        spec.Put("specificEnv", Env(s.SpecificEnv, arena));
        spec.Put("distributed", Distributed(s.Distributed, arena));
        return spec;
    }

    private static Fact SupportedTypes(WorkloadSupportedTypes? t, FactArena arena)
    {
        var node = arena.Object();
        if (t is null)
        {
            return node.SetAbsent();
        }

        node.Put("inference", arena.Boolean(t.Inference));
        node.Put("workspace", arena.Boolean(t.Workspace));
        node.Put("training", arena.Boolean(t.Training));
        node.Put("distributed", arena.Boolean(t.Distributed));
        node.Put("distFramework", arena.Text(t.DistFramework?.Value));
        return node;
    }

    private static Fact Overrides(DataSourceOverrides? o, FactArena arena) =>
        o is null ? arena.Rent() : Member(arena.Object(), "containerPath", arena.Text(o.ContainerPath));

    private static Fact AssetRefs(AssetsRef? a, FactArena arena)
    {
        var node = arena.Object();
        if (a is null)
        {
            return node.SetAbsent();
        }

        var environment = node.Put("environment", arena.Object());
        if (a.Environment is { } e)
        {
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
        else
        {
            environment.SetAbsent();
        }

        var compute = node.Put("compute", arena.Object());
        if (a.Compute is { } c)
        {
            compute.Put("id", arena.Text(c.Id));
            compute.Put("name", arena.Text(c.Name));
        }
        else
        {
            compute.SetAbsent();
        }

        if (a.Datasources is { } sources)
        {
            var list = node.Put("datasources", arena.Array());
            foreach (var d in sources)
            {
                if (d is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Put("id", arena.Text(d.Id));
                item.Put("name", arena.Text(d.Name));
                item.Put("kind", arena.Text(d.Kind?.Value));
                item.Put("overrides", Overrides(d.Overrides, arena));
            }
        }

        node.Put("workloadVolumes", Strings(a.WorkloadVolumes, arena));
        return node;
    }

    private static Fact Distributed(InfoDistributed? d, FactArena arena)
    {
        var node = arena.Object();
        if (d is null)
        {
            return node.SetAbsent();
        }

        node.Put("numWorkers", arena.Number(d.NumWorkers));
        node.Put("noMaster", arena.Boolean(d.NoMaster));
        node.Put("distFramework", arena.Text(d.DistFramework?.Value));
        var master = node.Put("master", arena.Object());
        if (d.Master is { } m)
        {
            if (m.Assets is not null)
            {
                master.Put("assets", AssetRefs(m.Assets, arena));
            }

            if (m.SpecificEnv is not null)
            {
                master.Put("specificEnv", Env(m.SpecificEnv, arena));
            }
        }
        else
        {
            master.SetAbsent();
        }

        return node;
    }

    private static Fact Env(SpecificRunParams? p, FactArena arena)
    {
        var env = arena.Object();
        if (p is null)
        {
            return env.SetAbsent();
        }

        if (p.Connections is { } connections)
        {
            var list = env.Put("connections", arena.Array());
            foreach (var c in connections)
            {
                if (c is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Put("name", arena.Text(c.Name));
                item.Put("nodePort", arena.Number(c.NodePort));
                item.Put("externalUrl", arena.Text(c.ExternalUrl));
                item.Put("authorizedUsers", Strings(c.AuthorizedUsers, arena));
                item.Put("authorizedGroups", Strings(c.AuthorizedGroups, arena));
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
                if (v is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Put("name", arena.Text(v.Name));
                item.Put("value", arena.Text(v.Value));
                var credential = item.Put("credential", arena.Object());
                if (v.Credential is { } c)
                {
                    credential.Put("assetId", arena.Text(c.AssetId));
                    credential.Put("key", arena.Text(c.Key));
                }
                else
                {
                    credential.SetAbsent();
                }

                var configMap = item.Put("configMap", arena.Object());
                if (v.ConfigMap is { } cm)
                {
                    configMap.Put("name", arena.Text(cm.Name));
                    configMap.Put("key", arena.Text(cm.Key));
                }
                else
                {
                    configMap.SetAbsent();
                }

                item.Put("podFieldRef", v.PodFieldRef is { } pf ? Member(arena.Object(), "path", arena.Text(pf.Path)) : arena.Rent());
                item.Put("exclude", arena.Boolean(v.Exclude));
                item.Put("description", arena.Text(v.Description));
            }
        }

        if (p.ImagePullSecrets is { } secrets)
        {
            var list = env.Put("imagePullSecrets", arena.Array());
            foreach (var s in secrets)
            {
                if (s is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Put("name", arena.Text(s.Name));
                item.Put("userCredential", arena.Boolean(s.UserCredential));
                item.Put("exclude", arena.Boolean(s.Exclude));
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

        var affinity = env.Put("nodeAffinityRequired", arena.Object());
        if (p.NodeAffinityRequired is { } required)
        {
            if (required.NodeSelectorTerms is { } terms)
            {
                var termList = affinity.Put("nodeSelectorTerms", arena.Array());
                foreach (var term in terms)
                {
                    if (term is null)
                    {
                        termList.Add(arena.Rent());
                        continue;
                    }

                    var termNode = termList.Add(arena.Object());
                    if (term.MatchExpressions is { } expressions)
                    {
                        var expressionList = termNode.Put("matchExpressions", arena.Array());
                        foreach (var e in expressions)
                        {
                            if (e is null)
                            {
                                expressionList.Add(arena.Rent());
                                continue;
                            }

                            var item = expressionList.Add(arena.Object());
                            item.Put("key", arena.Text(e.Key));
                            item.Put("operator", arena.Text(e.Operator?.Value));
                            item.Put("values", Strings(e.Values, arena));
                        }
                    }
                }
            }
        }
        else
        {
            affinity.SetAbsent();
        }

        env.Put("nodePools", Strings(p.NodePools, arena));
        env.Put("nodeType", arena.Text(p.NodeType));
        env.Put("parallelism", arena.Number(p.Parallelism));
        var podAffinity = env.Put("podAffinity", arena.Object());
        if (p.PodAffinity is { } pa)
        {
            podAffinity.Put("type", arena.Text(pa.Type?.Value));
            podAffinity.Put("key", arena.Text(pa.Key));
        }
        else
        {
            podAffinity.SetAbsent();
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
                if (t is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Put("name", arena.Text(t.Name));
                item.Put("operator", arena.Text(t.Operator?.Value));
                item.Put("key", arena.Text(t.Key));
                item.Put("value", arena.Text(t.Value));
                item.Put("effect", arena.Text(t.Effect?.Value));
                item.Put("seconds", arena.Number(t.Seconds));
                item.Put("exclude", arena.Boolean(t.Exclude));
            }
        }

        env.Put("allowOverQuota", arena.Boolean(p.AllowOverQuota));
        var scaling = env.Put("autoScaling", arena.Object());
        if (p.AutoScaling is { } a)
        {
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
        else
        {
            scaling.SetAbsent();
        }

        var access = env.Put("servingPortAccess", arena.Object());
        if (p.ServingPortAccess is { } s2)
        {
            access.Put("authorizationType", arena.Text(s2.AuthorizationType?.Value));
            access.Put("authorizedUsers", Strings(s2.AuthorizedUsers, arena));
            access.Put("authorizedGroups", Strings(s2.AuthorizedGroups, arena));
            access.Put("clusterLocalAccessOnly", arena.Boolean(s2.ClusterLocalAccessOnly));
        }
        else
        {
            access.SetAbsent();
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
            return arena.Rent();
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
