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
        var meta = root.Set("meta", arena.Object());
        var m = request.Meta;
        if (m is not null)
        {
            meta.Set("name", arena.Text(m.Name));
            meta.Set("description", arena.Text(m.Description));
            meta.Set("scope", arena.Text(m.Scope?.Value));
            meta.Set("clusterId", arena.Text(m.ClusterId));
            meta.Set("departmentId", arena.Text(m.DepartmentId));
            meta.Set("projectId", arena.Number(m.ProjectId));
            meta.Set("autoDelete", arena.Boolean(m.AutoDelete));
            meta.Set("workloadSupportedTypes", SupportedTypes(m.WorkloadSupportedTypes, arena));
            meta.Set("private", arena.Boolean(m.Private));
        }
        else
        {
            meta.SetAbsent();
        }

        root.Set("spec", Spec(request.Spec, arena));
        return root;
    }

    public static Fact Of(WorkloadTemplateUpdateRequest request, FactArena arena)
    {
        var root = arena.Object();
        var meta = root.Set("meta", arena.Object());
        if (request.Meta is { } m)
        {
            meta.Set("name", arena.Text(m.Name));
            meta.Set("description", arena.Text(m.Description));
        }
        else
        {
            meta.SetAbsent();
        }

        root.Set("spec", Spec(request.Spec, arena));
        return root;
    }

    public static Fact Of(WorkloadTemplate template, FactArena arena)
    {
        var root = arena.Object();
        var meta = root.Set("meta", arena.Object());
        if (template.Meta is { } m)
        {
            meta.Set("name", arena.Text(m.Name));
            meta.Set("description", arena.Text(m.Description));
            meta.Set("scope", arena.Text(m.Scope?.Value));
            meta.Set("clusterId", arena.Text(m.ClusterId));
            meta.Set("departmentId", arena.Text(m.DepartmentId));
            meta.Set("projectId", arena.Number(m.ProjectId));
            meta.Set("autoDelete", arena.Boolean(m.AutoDelete));
            meta.Set("workloadSupportedTypes", SupportedTypes(m.WorkloadSupportedTypes, arena));
            meta.Set("private", arena.Boolean(m.Private));
        }
        else
        {
            meta.SetAbsent();
        }

        var spec = root.Set("spec", arena.Object());
        if (template.Spec is { } s)
        {
            spec.Set("assets", AssetRefs(s.Assets, arena));
            spec.Set("specificEnv", Env(s.SpecificEnv, arena));
            spec.Set("distributed", Distributed(s.Distributed, arena));
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

        var assets = spec.Set("assets", arena.Object());
        if (s.Assets is { } a)
        {
            assets.Set("environment", arena.Text(a.Environment));
            assets.Set("compute", arena.Text(a.Compute));
            if (a.Datasources is { } sources)
            {
                var list = assets.Set("datasources", arena.Array());
                foreach (var d in sources)
                {
                    if (d is null)
                    {
                        list.Add(arena.Rent());
                        continue;
                    }

                    var item = list.Add(arena.Object());
                    item.Set("id", arena.Text(d.Id));
                    item.Set("kind", arena.Text(d.Kind?.Value));
                    item.Set("overrides", Overrides(d.Overrides, arena));
                }
            }

            assets.Set("workloadVolumes", Strings(a.WorkloadVolumes, arena));
        }
        else
        {
            assets.SetAbsent();
        }

        spec.Set("specificEnv", Env(s.SpecificEnv, arena));
        spec.Set("distributed", Distributed(s.Distributed, arena));
        return spec;
    }

    private static Fact SupportedTypes(WorkloadSupportedTypes? t, FactArena arena)
    {
        var node = arena.Object();
        if (t is null)
        {
            return node.SetAbsent();
        }

        node.Set("inference", arena.Boolean(t.Inference));
        node.Set("workspace", arena.Boolean(t.Workspace));
        node.Set("training", arena.Boolean(t.Training));
        node.Set("distributed", arena.Boolean(t.Distributed));
        node.Set("distFramework", arena.Text(t.DistFramework?.Value));
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

        var environment = node.Set("environment", arena.Object());
        if (a.Environment is { } e)
        {
            environment.Set("id", arena.Text(e.Id));
            environment.Set("name", arena.Text(e.Name));
            if (e.ToolTypes is { } tools)
            {
                var list = environment.Set("toolTypes", arena.Array());
                foreach (var tool in tools)
                {
                    list.Add(arena.Text(tool?.Value));
                }
            }
        }
        else
        {
            environment.SetAbsent();
        }

        var compute = node.Set("compute", arena.Object());
        if (a.Compute is { } c)
        {
            compute.Set("id", arena.Text(c.Id));
            compute.Set("name", arena.Text(c.Name));
        }
        else
        {
            compute.SetAbsent();
        }

        if (a.Datasources is { } sources)
        {
            var list = node.Set("datasources", arena.Array());
            foreach (var d in sources)
            {
                if (d is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Set("id", arena.Text(d.Id));
                item.Set("name", arena.Text(d.Name));
                item.Set("kind", arena.Text(d.Kind?.Value));
                item.Set("overrides", Overrides(d.Overrides, arena));
            }
        }

        node.Set("workloadVolumes", Strings(a.WorkloadVolumes, arena));
        return node;
    }

    private static Fact Distributed(InfoDistributed? d, FactArena arena)
    {
        var node = arena.Object();
        if (d is null)
        {
            return node.SetAbsent();
        }

        node.Set("numWorkers", arena.Number(d.NumWorkers));
        node.Set("noMaster", arena.Boolean(d.NoMaster));
        node.Set("distFramework", arena.Text(d.DistFramework?.Value));
        var master = node.Set("master", arena.Object());
        if (d.Master is { } m)
        {
            if (m.Assets is not null)
            {
                master.Set("assets", AssetRefs(m.Assets, arena));
            }

            if (m.SpecificEnv is not null)
            {
                master.Set("specificEnv", Env(m.SpecificEnv, arena));
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
            var list = env.Set("connections", arena.Array());
            foreach (var c in connections)
            {
                if (c is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Set("name", arena.Text(c.Name));
                item.Set("nodePort", arena.Number(c.NodePort));
                item.Set("externalUrl", arena.Text(c.ExternalUrl));
                item.Set("authorizedUsers", Strings(c.AuthorizedUsers, arena));
                item.Set("authorizedGroups", Strings(c.AuthorizedGroups, arena));
            }
        }

        if (p.Annotations is { } annotations)
        {
            var list = env.Set("annotations", arena.Array());
            foreach (var annotation in annotations)
            {
                list.Add(annotation is null ? arena.Rent() : NameValue(annotation.Name, annotation.Value, annotation.Exclude, arena));
            }
        }

        env.Set("args", arena.Text(p.Args));
        env.Set("autoDeletionTimeAfterCompletionSeconds", arena.Number(p.AutoDeletionTimeAfterCompletionSeconds));
        env.Set("backoffLimit", arena.Number(p.BackoffLimit));
        env.Set("category", arena.Text(p.Category));
        env.Set("command", arena.Text(p.Command));
        env.Set("completions", arena.Number(p.Completions));
        if (p.EnvironmentVariables is { } variables)
        {
            var list = env.Set("environmentVariables", arena.Array());
            foreach (var v in variables)
            {
                if (v is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Set("name", arena.Text(v.Name));
                item.Set("value", arena.Text(v.Value));
                var credential = item.Set("credential", arena.Object());
                if (v.Credential is { } c)
                {
                    credential.Set("assetId", arena.Text(c.AssetId));
                    credential.Set("key", arena.Text(c.Key));
                }
                else
                {
                    credential.SetAbsent();
                }

                var configMap = item.Set("configMap", arena.Object());
                if (v.ConfigMap is { } cm)
                {
                    configMap.Set("name", arena.Text(cm.Name));
                    configMap.Set("key", arena.Text(cm.Key));
                }
                else
                {
                    configMap.SetAbsent();
                }

                item.Set("podFieldRef", v.PodFieldRef is { } pf ? Member(arena.Object(), "path", arena.Text(pf.Path)) : arena.Rent());
                item.Set("exclude", arena.Boolean(v.Exclude));
                item.Set("description", arena.Text(v.Description));
            }
        }

        if (p.ImagePullSecrets is { } secrets)
        {
            var list = env.Set("imagePullSecrets", arena.Array());
            foreach (var s in secrets)
            {
                if (s is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Set("name", arena.Text(s.Name));
                item.Set("userCredential", arena.Boolean(s.UserCredential));
                item.Set("exclude", arena.Boolean(s.Exclude));
            }
        }

        if (p.Labels is { } labels)
        {
            var list = env.Set("labels", arena.Array());
            foreach (var l in labels)
            {
                list.Add(l is null ? arena.Rent() : NameValue(l.Name, l.Value, l.Exclude, arena));
            }
        }

        var affinity = env.Set("nodeAffinityRequired", arena.Object());
        if (p.NodeAffinityRequired is { } required)
        {
            if (required.NodeSelectorTerms is { } terms)
            {
                var termList = affinity.Set("nodeSelectorTerms", arena.Array());
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
                        var expressionList = termNode.Set("matchExpressions", arena.Array());
                        foreach (var e in expressions)
                        {
                            if (e is null)
                            {
                                expressionList.Add(arena.Rent());
                                continue;
                            }

                            var item = expressionList.Add(arena.Object());
                            item.Set("key", arena.Text(e.Key));
                            item.Set("operator", arena.Text(e.Operator?.Value));
                            item.Set("values", Strings(e.Values, arena));
                        }
                    }
                }
            }
        }
        else
        {
            affinity.SetAbsent();
        }

        env.Set("nodePools", Strings(p.NodePools, arena));
        env.Set("nodeType", arena.Text(p.NodeType));
        env.Set("parallelism", arena.Number(p.Parallelism));
        var podAffinity = env.Set("podAffinity", arena.Object());
        if (p.PodAffinity is { } pa)
        {
            podAffinity.Set("type", arena.Text(pa.Type?.Value));
            podAffinity.Set("key", arena.Text(pa.Key));
        }
        else
        {
            podAffinity.SetAbsent();
        }

        env.Set("preemptibility", arena.Text(p.Preemptibility?.Value));
        env.Set("priorityClass", arena.Text(p.PriorityClass));
        env.Set("restartPolicy", arena.Text(p.RestartPolicy?.Value));
        env.Set("runAsGid", arena.Number(p.RunAsGid));
        env.Set("runAsUid", arena.Number(p.RunAsUid));
        env.Set("supplementalGroups", arena.Text(p.SupplementalGroups));
        env.Set("terminateAfterPreemption", arena.Boolean(p.TerminateAfterPreemption));
        env.Set("terminationGracePeriodSeconds", arena.Number(p.TerminationGracePeriodSeconds));
        if (p.Tolerations is { } tolerations)
        {
            var list = env.Set("tolerations", arena.Array());
            foreach (var t in tolerations)
            {
                if (t is null)
                {
                    list.Add(arena.Rent());
                    continue;
                }

                var item = list.Add(arena.Object());
                item.Set("name", arena.Text(t.Name));
                item.Set("operator", arena.Text(t.Operator?.Value));
                item.Set("key", arena.Text(t.Key));
                item.Set("value", arena.Text(t.Value));
                item.Set("effect", arena.Text(t.Effect?.Value));
                item.Set("seconds", arena.Number(t.Seconds));
                item.Set("exclude", arena.Boolean(t.Exclude));
            }
        }

        env.Set("allowOverQuota", arena.Boolean(p.AllowOverQuota));
        var scaling = env.Set("autoScaling", arena.Object());
        if (p.AutoScaling is { } a)
        {
            scaling.Set("metricThresholdPercentage", arena.Number(a.MetricThresholdPercentage));
            scaling.Set("minReplicas", arena.Number(a.MinReplicas));
            scaling.Set("maxReplicas", arena.Number(a.MaxReplicas));
            scaling.Set("initialReplicas", arena.Number(a.InitialReplicas));
            scaling.Set("activationReplicas", arena.Number(a.ActivationReplicas));
            scaling.Set("concurrencyHardLimit", arena.Number(a.ConcurrencyHardLimit));
            scaling.Set("scaleToZeroRetentionSeconds", arena.Number(a.ScaleToZeroRetentionSeconds));
            scaling.Set("scaleDownDelaySeconds", arena.Number(a.ScaleDownDelaySeconds));
            scaling.Set("initializationTimeoutSeconds", arena.Number(a.InitializationTimeoutSeconds));
            scaling.Set("thresholdMetric", arena.Text(a.ThresholdMetric));
            scaling.Set("thresholdValue", arena.Number(a.ThresholdValue));
        }
        else
        {
            scaling.SetAbsent();
        }

        var access = env.Set("servingPortAccess", arena.Object());
        if (p.ServingPortAccess is { } s2)
        {
            access.Set("authorizationType", arena.Text(s2.AuthorizationType?.Value));
            access.Set("authorizedUsers", Strings(s2.AuthorizedUsers, arena));
            access.Set("authorizedGroups", Strings(s2.AuthorizedGroups, arena));
            access.Set("clusterLocalAccessOnly", arena.Boolean(s2.ClusterLocalAccessOnly));
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
        item.Set("name", arena.Text(name));
        item.Set("value", arena.Text(value));
        item.Set("exclude", arena.Boolean(exclude));
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
            list.Add(arena.Text(v));
        }

        return list;
    }

    private static Fact Member(Fact node, string name, Fact value)
    {
        node.Set(name, value);
        return node;
    }
}
