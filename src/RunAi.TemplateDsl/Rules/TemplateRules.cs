using System;
using System.Collections.Generic;
using static RunAi.TemplateDsl.Rules.RuleCatalog;

namespace RunAi.TemplateDsl.Rules;

/// <summary>
/// The rule catalog applied to a fact tree shaped like a creation request (<c>meta</c>, <c>spec</c>).
/// Every check reports only what is certain: a value that is unknown never produces a violation.
/// Nothing here allocates unless a rule reports.
/// </summary>
internal static class TemplateRules
{
    private const int MaxItems = 1000;

    private static readonly string[] DataSourceKinds = { "s3", "git", "nfs", "pvc", "hostPath", "config-map", "secret-volume", "data-volume" };

    /// <summary>The valid priority classes, lowest first.</summary>
    internal static readonly string[] PriorityClasses = { "very-low", "low", "medium-low", "medium", "medium-high", "high", "very-high" };

    /// <summary>Applies every rule to a request's facts, adding what they break to <paramref name="violations"/>.</summary>
    public static void Check(Fact root, List<RuleViolation> violations, bool isUpdate) => Check(new TreeFact(root), violations, isUpdate);

    /// <summary>
    /// Applies every rule to a request seen through a front end's view, adding what they break to
    /// <paramref name="violations"/>. Compiled once per view: the JIT specializes the whole catalog for each struct.
    /// </summary>
    public static void Check<T>(T root, List<RuleViolation> violations, bool isUpdate)
        where T : struct, IFact<T>
    {
        // Fact nodes are pooled: an index of a list of an earlier tree must not be taken for one of this tree, nor keep
        // its texts alive after it. Cleared when each check ends, so it is null when the next begins.
        try
        {
            CheckTree(root, violations, isUpdate);
        }
        finally
        {
            t_index = null;
        }
    }

    private static void CheckTree<T>(T root, List<RuleViolation> violations, bool isUpdate)
        where T : struct, IFact<T>
    {
        var ctx = new RuleContext<T>(violations, isUpdate, root);
        var meta = root["meta"];
        var spec = root["spec"];
        CheckMeta(meta, spec, ctx);
        if (spec.Kind != FactKind.Object)
        {
            return;
        }

        var assets = spec["assets"];
        CheckAssets(spec, assets, ctx, isMaster: false);
        var kinds = WorkloadKinds.Of(meta["workloadSupportedTypes"], spec["distributed"]);
        CheckDistributed(meta, spec, kinds, ctx);
        var env = spec["specificEnv"];
        if (env.Kind == FactKind.Object)
        {
            CheckSpecificEnv(env, kinds, ctx);
        }
    }

    // ---------------------------------------------------------------- meta, scope (RAI0xxx, RAI1xxx, RAI2002, RAI2004)
    private static void CheckMeta<T>(T meta, T spec, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (meta.Kind != FactKind.Object)
        {
            return;
        }

        Required(meta, "name", ctx);
        Length(meta, "description", 1, 250, ctx);
        if (ctx.IsUpdate)
        {
            return;
        }

        var scope = meta["scope"];
        if (scope.IsAbsent || RuleContext.IsBlank(scope))
        {
            ctx.Report(RAI0001, meta, "scope", "'scope' is mandatory: declare where the template can be used (InTenant(), InCluster(..), InDepartment(..) or InProject(..)).");
        }
        else if (scope.Is("system"))
        {
            ctx.Report(RAI1002, meta, "scope", "Scope 'system' is intended for internal purposes only; use 'tenant' for a template every project can use.");
        }
        else if (scope.Is("project"))
        {
            NeedsScopeId(meta, "projectId", "project", ctx);
        }
        else if (scope.Is("department"))
        {
            NeedsScopeId(meta, "departmentId", "department", ctx);
        }
        else if (scope.Is("cluster"))
        {
            NeedsScopeId(meta, "clusterId", "cluster", ctx);
        }

        Length(meta, "departmentId", 1, int.MaxValue, ctx);
        if (!(scope.Is("cluster") && RuleContext.IsBlank(meta["clusterId"])))
        {
            // A blank cluster id of a cluster-scoped template is RAI1001's (reported above), not a second finding.
            Uuid(meta, "clusterId", ctx);
        }

        var types = meta["workloadSupportedTypes"];
        var framework = types["distFramework"];
        if (framework.Is("JAX"))
        {
            ctx.Report(RAI2002, types, "distFramework", "JAX cannot be declared as a template's supported framework: workloadSupportedTypes.distFramework allows MPI, PyTorch, TF and XGBoost.");
        }

        if (framework.IsPresent)
        {
            if (types["distributed"].IsNotTrue)
            {
                ctx.Report(RAI2004, types, "distFramework", "workloadSupportedTypes.distFramework is set but workloadSupportedTypes.distributed is not true; set distributed to true.");
            }

            var specFramework = spec["distributed"]["distFramework"];
            if (specFramework.Kind == FactKind.Text && framework.Kind == FactKind.Text && !RuleContext.Same(framework.Text, specFramework.Text))
            {
                ctx.Report(RAI2004, types, "distFramework", "workloadSupportedTypes.distFramework " + RuleContext.Quote(framework.Text) + " does not agree with spec.distributed.distFramework " + RuleContext.Quote(specFramework.Text) + ".");
            }
        }
    }

    private static void NeedsScopeId<T>(T meta, string member, string scope, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var id = meta[member];
        if (id.IsAbsent || RuleContext.IsBlank(id))
        {
            ctx.Report(RAI1001, meta, member, "Scope '" + scope + "' needs '" + member + "': a " + scope + "-scoped template must say which " + scope + " it belongs to.");
        }
    }

    // ---------------------------------------------------------------- assets (RAI1003–RAI1005, RAI0006)
    private static void CheckAssets<T>(T owner, T assets, in RuleContext<T> ctx, bool isMaster)
        where T : struct, IFact<T>
    {
        if (assets.IsAbsent && !isMaster)
        {
            ctx.Report(RAI1003, owner, "assets", "A template needs an environment asset: call WithEnvironment(id).");
            return;
        }

        if (assets.Kind != FactKind.Object)
        {
            return;
        }

        var environment = assets["environment"];
        if (environment.Kind == FactKind.Object)
        {
            // Read-model shape (spec.distributed.master.assets): { id, name }; master assets need their environment too.
            if (isMaster && environment["id"].IsAbsent)
            {
                // The DSL writes this object for any master asset (a compute, a data source), so the id is what is missing.
                ctx.Report(RAI0001, environment, "id", "'id' is mandatory: the master's assets need an environment of their own; call WithEnvironment(id) on the master.");
            }
            else
            {
                RequiredUuid(environment, "id", ctx);
            }
        }
        else if (!isMaster && (environment.IsAbsent || RuleContext.IsBlank(environment)))
        {
            ctx.Report(RAI1003, assets, "environment", "A template needs an environment asset: call WithEnvironment(id).");
        }
        else if (isMaster && environment.IsAbsent)
        {
            // Master assets of their own need their environment, whatever shape the rest is in.
            ctx.Report(RAI0001, assets, "environment", "'environment' is mandatory when the master has assets of its own: call WithEnvironment(id) on the master.");
        }
        else
        {
            Uuid(assets, "environment", ctx);
        }

        var compute = assets["compute"];
        if (compute.Kind == FactKind.Object)
        {
            Uuid(compute, "id", ctx);
        }
        else
        {
            Uuid(assets, "compute", ctx);
        }

        var sources = assets["datasources"];
        if (sources.Kind != FactKind.Array)
        {
            return;
        }

        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (source.Kind != FactKind.Object)
            {
                continue;
            }

            if (source["id"].IsAbsent)
            {
                ctx.Report(RAI0001, source, "id", "'id' is mandatory: a data source is referenced by its asset id.");
            }
            else
            {
                Uuid(source, "id", ctx);
            }

            var kind = source["kind"];
            if (kind.IsAbsent)
            {
                ctx.Report(RAI0001, source, "kind", "'kind' is mandatory: say which kind of data source the id refers to.");
            }
            else if (kind.Kind == FactKind.Text && Array.IndexOf(DataSourceKinds, kind.Text) < 0)
            {
                ctx.Report(RAI1004, source, "kind", "A data source's kind must be a data-source kind (s3, git, nfs, pvc, hostPath, config-map, secret-volume, data-volume); " + RuleContext.Quote(kind.Text) + " is not.");
            }

            Length(source["overrides"], "containerPath", 1, int.MaxValue, ctx);
            var id = source["id"];
            if (id.Kind == FactKind.Text && Earlier(sources, i, "id", id.Text!, StringComparison.OrdinalIgnoreCase, "datasources") is { } earlier)
            {
                ctx.Report(RAI1005, source, "id", "The data source " + RuleContext.Quote(id.Text) + " is attached twice (also at " + earlier + "); remove one.");
            }
        }
    }

    // ---------------------------------------------------------------- distributed (RAI2001, RAI2003)
    private static void CheckDistributed<T>(T meta, T spec, WorkloadKinds kinds, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var distributed = spec["distributed"];
        if (distributed.IsAbsent)
        {
            if (meta["workloadSupportedTypes"]["distributed"].IsTrue)
            {
                ctx.Report(RAI2001, spec, "distributed", "A distributed template needs at least one worker: workloadSupportedTypes.distributed is true but spec.distributed is missing; call Distributed(framework, workers: n).");
            }

            return;
        }

        if (distributed.Kind != FactKind.Object)
        {
            return;
        }

        var workers = distributed["numWorkers"];
        if (workers.IsAbsent)
        {
            ctx.Report(RAI2001, distributed, "numWorkers", "A distributed template needs at least one worker; numWorkers is not set: call Distributed(framework, workers: n).");
        }
        else if (workers.Kind == FactKind.Number && workers.Number < 1)
        {
            ctx.Report(RAI2001, distributed, "numWorkers", "A distributed template needs at least one worker; numWorkers is " + RuleContext.Number(workers.Number) + ": pass workers: 1 or more to Distributed(framework, workers: n).");
        }

        var master = distributed["master"];
        if (distributed["noMaster"].IsTrue && master.Kind == FactKind.Object && HasContent(master))
        {
            ctx.Report(RAI2003, distributed, "master", "Master settings conflict with noMaster: remove the master settings or noMaster.");
        }

        if (master.Kind == FactKind.Object)
        {
            // The master's assets are sent only when one of them is set (nothing to check in an object of cleared ones).
            if (HasContent(master["assets"]))
            {
                CheckAssets(master, master["assets"], ctx, isMaster: true);
            }
            if (master["specificEnv"].Kind == FactKind.Object)
            {
                CheckSpecificEnv(master["specificEnv"], kinds, ctx);
            }
        }
    }

    // ---------------------------------------------------------------- specific run parameters
    private static void CheckSpecificEnv<T>(T env, WorkloadKinds kinds, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        Length(env, "args", 1, 10000, ctx);
        Length(env, "command", 1, 10000, ctx);
        Range(env, "terminationGracePeriodSeconds", 0, double.MaxValue, ctx);
        Length(env, "nodeType", 1, int.MaxValue, ctx);

        CheckNamedList(env, "annotations", 10000, ctx);
        CheckNamedList(env, "labels", int.MaxValue, ctx);
        CheckNodePools(env, ctx);
        CheckTolerations(env, ctx);
        CheckImagePullSecrets(env, ctx);
        CheckEnvironmentVariables(env, ctx);
        CheckConnections(env, ctx);
        CheckNodeAffinity(env, ctx);
        CheckPodAffinity(env, ctx);
        CheckPriority(env, ctx);
        CheckSupplementalGroups(env, ctx);
        CheckWorkloadKindFields(env, kinds, ctx);
        CheckAutoscaling(env, ctx);
        CheckServingPortAccess(env, ctx);
    }

    private static void CheckNamedList<T>(T env, string member, int maxValue, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var list = env[member];
        if (!Items(env, member, list, ctx))
        {
            return;
        }

        var what = member == "labels" ? "label" : "annotation";
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            if (item.Kind != FactKind.Object)
            {
                continue;
            }

            var name = item["name"];
            Required(item, "name", name, ctx);
            Length(item, "name", name, 1, 63, ctx);
            Length(item, "value", 0, maxValue, ctx);
            if (name.Kind != FactKind.Text)
            {
                continue;
            }

            if (Earlier(list, i, "name", name.Text!, StringComparison.Ordinal, member) is { } earlier)
            {
                ctx.Report(RAI6003, item, "name", "The " + what + " " + RuleContext.Quote(name.Text) + " is set twice (also at " + earlier + "); the later one wins, remove one.");
            }
        }
    }

    private static void CheckNodePools<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var pools = env["nodePools"];
        if (!Items(env, "nodePools", pools, ctx))
        {
            return;
        }

        for (var i = 0; i < pools.Count; i++)
        {
            var pool = pools[i];
            if (pool.Kind != FactKind.Text)
            {
                continue;
            }

            if (pool.Text!.Length > 63 && RuleContext.Characters(pool.Text) is var characters && characters > 63)
            {
                ctx.Report(RAI0002, pool, null, "A node pool name must be at most 63 characters; " + RuleContext.Quote(pool.Text) + " has " + characters + ".");
            }

            if (Earlier(pools, i, null, pool.Text, StringComparison.Ordinal, "nodePools") is { } earlier)
            {
                ctx.Report(RAI3010, pool, null, "The node pool " + RuleContext.Quote(pool.Text) + " is listed twice (also at " + earlier + "); remove the repetition.");
            }
        }
    }

    private static void CheckTolerations<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var list = env["tolerations"];
        if (!Items(env, "tolerations", list, ctx))
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var t = list[i];
            if (t.Kind != FactKind.Object)
            {
                continue;
            }

            // An exclusion names a toleration of the policy's defaults: it needs that name, and no key, operator or
            // effect of its own.
            var exclude = t["exclude"];
            var name = t["name"];
            var key = t["key"];
            var op = t["operator"];
            var effect = t["effect"];
            var value = t["value"];
            var seconds = t["seconds"];
            if (exclude.IsNotTrue)
            {
                Required(t, "key", key, ctx);
                Required(t, "operator", op, ctx);
                Required(t, "effect", effect, ctx);
            }
            else if (exclude.IsTrue)
            {
                Required(t, "name", name, ctx);
            }

            Length(t, "name", name, 1, 253, ctx);
            Length(t, "key", key, 0, 253, ctx);
            Length(t, "value", value, 0, 10000, ctx);
            Range(t, "seconds", seconds, 1, double.MaxValue, ctx);
            // Kubernetes rejects a value of non-zero length with Exists; an empty value is the same as none there.
            if (op.Is("Exists") && value.Kind == FactKind.Text && value.Text!.Length > 0)
            {
                ctx.Report(RAI3008, t, "value", "A toleration with operator 'Exists' must not have a value: Exists matches every value of the key. Remove the value, or use operator 'Equal'.");
            }

            if (seconds.IsPresent && effect.IsKnown && !effect.Is("NoExecute"))
            {
                ctx.Report(RAI3009, t, "seconds", "Toleration seconds are valid only with effect 'NoExecute'" + (effect.Kind == FactKind.Text ? "; the effect is " + RuleContext.Quote(effect.Text) : "; no effect is set") + ".");
            }
        }
    }

    private static void CheckImagePullSecrets<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var list = env["imagePullSecrets"];
        if (!Items(env, "imagePullSecrets", list, ctx))
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var secret = list[i];
            if (secret.Kind != FactKind.Object)
            {
                continue;
            }

            var name = secret["name"];
            Required(secret, "name", name, ctx);
            Length(secret, "name", name, 0, 253, ctx);
            DnsLabel(secret, "name", name, ctx);
        }
    }

    private static void CheckEnvironmentVariables<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var list = env["environmentVariables"];
        if (list.Kind != FactKind.Array)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var variable = list[i];
            if (variable.Kind != FactKind.Object)
            {
                continue;
            }

            var name = variable["name"];
            var credential = variable["credential"];
            var configMap = variable["configMap"];
            var podField = variable["podFieldRef"];
            Required(variable, "name", name, ctx);
            var sources = 0;
            var unknown = false;
            Count(variable["value"], ref sources, ref unknown);
            Count(credential, ref sources, ref unknown);
            Count(configMap, ref sources, ref unknown);
            Count(podField, ref sources, ref unknown);
            if (sources > 1)
            {
                // The name is quoted only when there is one to quote: the analyzer may see the sources but not the name
                // (a variable), and a variable without a name is RAI0001's already.
                ctx.Report(RAI6001, variable, null, (name.Kind == FactKind.Text ? "The environment variable " + RuleContext.Quote(name.Text) : "An environment variable") + " takes one source: value, credential, configMap and podFieldRef are mutually exclusive; " + sources + (unknown ? " or more" : string.Empty) + " are set.");
            }

            if (credential.Kind == FactKind.Object)
            {
                RequiredUuid(credential, "assetId", ctx);
                Required(credential, "key", ctx);
            }

            if (configMap.Kind == FactKind.Object)
            {
                var mapName = configMap["name"];
                var mapKey = configMap["key"];
                Required(configMap, "name", mapName, ctx);
                Required(configMap, "key", mapKey, ctx);
                Length(configMap, "name", mapName, 1, 253, ctx);
                Length(configMap, "key", mapKey, 1, 63, ctx);
                DnsLabel(configMap, "name", mapName, ctx);
            }

            if (podField.Kind == FactKind.Object)
            {
                var path = podField["path"];
                Required(podField, "path", path, ctx);
                Length(podField, "path", path, 1, 10000, ctx);
            }

            if (name.Kind == FactKind.Text && Earlier(list, i, "name", name.Text!, StringComparison.Ordinal, "environmentVariables") is { } earlier)
            {
                ctx.Report(RAI6002, variable, "name", "The environment variable " + RuleContext.Quote(name.Text) + " is set twice (also at " + earlier + "); remove one.");
            }
        }

        static void Count(T source, ref int count, ref bool unknown)
        {
            if (source.IsPresent)
            {
                count++;
            }
            else if (!source.IsKnown)
            {
                unknown = true;
            }
        }
    }

    /// <summary>
    /// Whether a value certainly says something: a scalar, a value not known (the analyzer saw a variable: it is set), a
    /// non-empty array, or an object with such a member. The analyzer's tree keeps the objects a call created and the
    /// members a later call cleared (absent), where the wire has nothing:
    /// <c>WithMaster(m =&gt; m.WithToolTypes(t).WithToolTypes())</c> sends no master assets. An object or array whose
    /// other members or items are not known (open) says nothing certain beyond what it lists.
    /// </summary>
    private static bool HasContent<T>(T value)
        where T : struct, IFact<T>
    {
        switch (value.Kind)
        {
            case FactKind.Absent:
                return false;
            case FactKind.Array:
                return value.Count > 0;
            case FactKind.Object:
                for (var i = 0; i < value.Count; i++)
                {
                    if (HasContent(value[i]))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// Where an earlier item of <paramref name="list"/> has the same key (the item itself, or its <paramref name="member"/>)
    /// as item <paramref name="i"/>: <c>nodePools[0]</c>, the first such item; null when none has. When an earlier key is
    /// not known (the analyzer saw a variable) before the first known one that is the same, the first may be that one:
    /// <c>an earlier item of nodePools</c>, which is true whichever it is. Allocates only the text it returns.
    /// </summary>
    private static string? Earlier<T>(T list, int i, string? member, string key, StringComparison comparison, string listName)
        where T : struct, IFact<T>
    {
        if (list.Count > ScanLimit)
        {
            return EarlierInLongList(list, i, member, key, comparison, listName);
        }

        var unknownBefore = false;
        for (var j = 0; j < i; j++)
        {
            var other = member is null ? list[j] : list[j][member];
            if (other.Kind == FactKind.Text && string.Equals(other.Text, key, comparison))
            {
                return unknownBefore ? "an earlier item of " + listName : listName + "[" + j + "]";
            }

            unknownBefore |= !other.IsKnown;
        }

        return null;
    }

    /// <summary>The longest list <see cref="Earlier"/> scans item by item; a longer one is indexed once (a list has no maxItems).</summary>
    private const int ScanLimit = 64;

    /// <summary>The index of the long list <see cref="Earlier"/> looked into last, on this thread; reset by <see cref="Check"/>.</summary>
    [ThreadStatic]
    private static LongListIndex? t_index;

    /// <summary>
    /// <see cref="Earlier"/> for a list longer than <see cref="ScanLimit"/>: the first index of each key and of the first
    /// unknown key, found once per list, member and comparison, so that judging n items costs n look-ups, not n²/2
    /// comparisons (50,000 environment variables took minutes). Gives what the scan gives: the first earlier item with
    /// the key, and whether an unknown key comes before it.
    /// </summary>
    private static string? EarlierInLongList<T>(T list, int i, string? member, string key, StringComparison comparison, string listName)
        where T : struct, IFact<T>
    {
        var index = t_index;
        if (index is null || !ReferenceEquals(index.List, list.Identity) || index.Member != member || index.Comparison != comparison)
        {
            index = LongListIndex.Of(list, member, comparison);
            t_index = index;
        }

        if (!index.First.TryGetValue(key, out var j) || j >= i)
        {
            return null;
        }

        return index.FirstUnknown < j ? "an earlier item of " + listName : listName + "[" + j + "]";
    }

    /// <summary>The first index of each key of a list (items, or a member of each item) and of its first unknown key.</summary>
    private sealed class LongListIndex
    {
        private LongListIndex(object? list, string? member, StringComparison comparison)
        {
            List = list;
            Member = member;
            Comparison = comparison;
            First = new Dictionary<string, int>(comparison == StringComparison.OrdinalIgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            FirstUnknown = int.MaxValue;
        }

        public static LongListIndex Of<T>(T list, string? member, StringComparison comparison)
            where T : struct, IFact<T>
        {
            var index = new LongListIndex(list.Identity, member, comparison);
            for (var j = 0; j < list.Count; j++)
            {
                var item = member is null ? list[j] : list[j][member];
                if (item.Kind == FactKind.Text && !index.First.ContainsKey(item.Text!))
                {
                    index.First.Add(item.Text!, j);
                }
                else if (!item.IsKnown && index.FirstUnknown == int.MaxValue)
                {
                    index.FirstUnknown = j;
                }
            }

            return index;
        }

        /// <summary>The list indexed (its <see cref="IFact{T}.Identity"/>).</summary>
        public object? List { get; }

        public string? Member { get; }

        public StringComparison Comparison { get; }

        public Dictionary<string, int> First { get; }

        public int FirstUnknown { get; private set; }
    }

    private static void CheckConnections<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var list = env["connections"];
        if (list.Kind != FactKind.Array)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var connection = list[i];
            if (connection.Kind != FactKind.Object)
            {
                continue;
            }

            Required(connection, "name", ctx);
            Range(connection, "nodePort", 0, 65535, ctx);
            Length(connection, "externalUrl", 1, int.MaxValue, ctx);
            if (HasItems(connection["authorizedUsers"]) && HasItems(connection["authorizedGroups"]))
            {
                ctx.Report(RAI5001, connection, "authorizedGroups", "authorizedUsers and authorizedGroups are mutually exclusive: keep one of them.");
            }

            var name = connection["name"];
            if (name.Kind == FactKind.Text && Earlier(list, i, "name", name.Text!, StringComparison.Ordinal, "connections") is { } earlier)
            {
                ctx.Report(RAI5004, connection, "name", "Connection names must be unique: " + RuleContext.Quote(name.Text) + " is also used at " + earlier + ".");
            }
        }
    }

    private static void CheckNodeAffinity<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var affinity = env["nodeAffinityRequired"];
        var terms = affinity["nodeSelectorTerms"];
        if (!Items(affinity, "nodeSelectorTerms", terms, ctx))
        {
            return;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            var expressions = term["matchExpressions"];
            if (term.Kind == FactKind.Absent || (term.Kind == FactKind.Object && !term.IsOpen && expressions.IsAbsent))
            {
                ctx.Report(RAI3005, term, null, "An empty node selector term matches no nodes: add a Match(..) to the term, or remove the term.");
                continue;
            }

            if (expressions.Kind == FactKind.Array && expressions.CountIsKnown && expressions.Count == 0)
            {
                ctx.Report(RAI3005, term, null, "An empty node selector term matches no nodes: add a Match(..) to the term, or remove the term.");
                continue;
            }

            if (!Items(term, "matchExpressions", expressions, ctx))
            {
                continue;
            }

            for (var j = 0; j < expressions.Count; j++)
            {
                var expression = expressions[j];
                if (expression.Kind == FactKind.Object)
                {
                    CheckMatchExpression(expression, ctx);
                }
            }
        }
    }

    private static void CheckMatchExpression<T>(T expression, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var key = expression["key"];
        var op = expression["operator"];
        Required(expression, "key", key, ctx);
        Required(expression, "operator", op, ctx);
        Length(expression, "key", key, 0, 63, ctx);
        var values = expression["values"];
        if (values.Kind == FactKind.Array)
        {
            Items(expression, "values", values, ctx);
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
                if (value.Kind == FactKind.Text && value.Text!.Length > 10000 && RuleContext.Characters(value.Text) is var characters && characters > 10000)
                {
                    ctx.Report(RAI0002, value, null, "A match expression value must be at most 10000 characters; it has " + characters + ".");
                }
            }
        }

        if (op.Kind != FactKind.Text)
        {
            return;
        }

        // Listed items are certain; more may follow only in an open (partly unknown) list.
        var listed = values.Kind == FactKind.Array ? values.Count : 0;
        var countKnown = values.IsAbsent || values.CountIsKnown;
        if (op.Is("In") || op.Is("NotIn"))
        {
            if (countKnown && listed == 0)
            {
                ctx.Report(RAI3001, expression, "values", "Operator '" + op.Text + "' needs at least one value; give the values to match, or use 'Exists' / 'DoesNotExist'.");
            }
        }
        else if (op.Is("Exists") || op.Is("DoesNotExist"))
        {
            if (listed > 0)
            {
                ctx.Report(RAI3002, expression, "values", "Operator '" + op.Text + "' takes no values; remove the " + listed + " value" + (listed == 1 ? string.Empty : "s") + ".");
            }
        }
        else if (op.Is("Gt") || op.Is("Lt"))
        {
            if (listed > 1 || (countKnown && listed == 0))
            {
                ctx.Report(RAI3003, expression, "values", "Operator '" + op.Text + "' takes exactly one value; " + (listed == 0 ? "none is" : listed + (countKnown ? string.Empty : " or more") + " are") + " given. Keep one value, or use 'In' for a set of values.");
            }
            else if (listed == 1 && values[0].Kind == FactKind.Text && !IsInteger(values[0].Text!))
            {
                ctx.Report(RAI3004, values[0], null, "The '" + op.Text + "' value must be an integer; " + RuleContext.Quote(values[0].Text) + " is not.");
            }
        }
    }

    private static void CheckPodAffinity<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var affinity = env["podAffinity"];
        if (affinity.Kind != FactKind.Object)
        {
            return;
        }

        Required(affinity, "type", ctx);
        Required(affinity, "key", ctx);
        Length(affinity, "key", 0, 63, ctx);
    }

    private static void CheckPriority<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var priority = env["priorityClass"];
        if (priority.Kind != FactKind.Text)
        {
            return;
        }

        if (Array.IndexOf(PriorityClasses, priority.Text) < 0)
        {
            var nearest = NearestPriorityClass(priority.Text!);
            ctx.Report(RAI3006, env, "priorityClass", "priorityClass must be one of very-low, low, medium-low, medium, medium-high, high, very-high; " + RuleContext.Quote(priority.Text) + " is not" + (nearest is null ? "." : " (did you mean '" + nearest + "'?)."));
        }
        else if (env["preemptibility"].IsAbsent)
        {
            ctx.Report(RAI3007, env, "priorityClass", "priorityClass is set but preemptibility is not: preemptibility is not updated with the priority; set it explicitly (WithPreemptibility(..)).");
        }
    }

    private static void CheckSupplementalGroups<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var groups = env["supplementalGroups"];
        if (groups.Kind != FactKind.Text || groups.Text!.Length == 0)
        {
            return;
        }

        if (!IsGroupList(groups.Text))
        {
            ctx.Report(RAI6004, env, "supplementalGroups", "supplementalGroups must be a comma-separated list of integer group ids (e.g. \"2000,3000\"); " + RuleContext.Quote(groups.Text) + " is not. Use an empty string to revert to the image's groups.");
        }
    }

    /// <summary>Whether a text is a comma-separated list of integers, spaces allowed around each.</summary>
    internal static bool IsGroupList(string text)
    {
        var digits = false;
        var spaceAfterDigits = false;
        var id = 0L;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i == text.Length ? ',' : text[i];
            if (c == ',')
            {
                if (!digits)
                {
                    return false;
                }

                digits = false;
                spaceAfterDigits = false;
                id = 0;
            }
            else if (c >= '0' && c <= '9')
            {
                // Kubernetes reads each id as a 64-bit integer: one that does not fit is not a group id.
                var digit = c - '0';
                if (spaceAfterDigits || id > (long.MaxValue - digit) / 10)
                {
                    return false;
                }

                id = (id * 10) + digit;
                digits = true;
            }
            else if (c == ' ')
            {
                spaceAfterDigits = digits;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckWorkloadKindFields<T>(T env, WorkloadKinds kinds, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (kinds.IsDistributed || kinds.IsCertainlyNotTraining)
        {
            var why = kinds.IsDistributed ? "a distributed template" : "a template that does not support training";
            if (env["completions"].IsPresent)
            {
                ctx.Report(RAI2005, env, "completions", "completions applies to standard training only; it is set here on " + why + ".");
            }

            if (env["parallelism"].IsPresent)
            {
                ctx.Report(RAI2005, env, "parallelism", "parallelism applies to standard training only; it is set here on " + why + ".");
            }
        }

        if (kinds.IsInferenceOnly && env["backoffLimit"].IsPresent)
        {
            ctx.Report(RAI2006, env, "backoffLimit", "backoffLimit does not apply to inference; it is set on an inference-only template.");
        }
    }

    private static void CheckAutoscaling<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var a = env["autoScaling"];
        if (a.Kind != FactKind.Object)
        {
            return;
        }

        // Each member is read once and handed to the checks (a run-time read is a lookup in the model object).
        var min = a["minReplicas"];
        var max = a["maxReplicas"];
        var initial = a["initialReplicas"];
        var activation = a["activationReplicas"];
        var retention = a["scaleToZeroRetentionSeconds"];
        var percentage = a["metricThresholdPercentage"];
        var timeout = a["initializationTimeoutSeconds"];
        Range(a, "minReplicas", min, 0, double.MaxValue, ctx);
        Range(a, "maxReplicas", max, 1, double.MaxValue, ctx);
        Range(a, "initialReplicas", initial, 0, double.MaxValue, ctx);
        Range(a, "activationReplicas", activation, 1, double.MaxValue, ctx);
        Range(a, "concurrencyHardLimit", 0, double.MaxValue, ctx);
        Range(a, "scaleToZeroRetentionSeconds", retention, 0, 3600, ctx);
        Range(a, "scaleDownDelaySeconds", 0, 3600, ctx);
        Range(a, "metricThresholdPercentage", percentage, 1, 100, ctx);
        Range(a, "initializationTimeoutSeconds", timeout, 1, double.MaxValue, ctx);

        var metric = a["thresholdMetric"];
        if (metric.Kind == FactKind.Text && !IsMetricName(metric.Text!))
        {
            ctx.Report(RAI0003, a, "thresholdMetric", "thresholdMetric must match ^[a-zA-Z_:][a-zA-Z0-9_:]*$; " + RuleContext.Quote(metric.Text) + " does not.");
        }

        // The server's defaults: minReplicas 1; maxReplicas = minReplicas, or 1 when minReplicas is 0.
        var minKnown = min.Kind == FactKind.Number || min.IsAbsent;
        var minValue = min.Kind == FactKind.Number ? min.Number : 1;
        var maxKnown = max.Kind == FactKind.Number || (max.IsAbsent && minKnown);
        var maxValue = max.Kind == FactKind.Number ? max.Number : (minValue == 0 ? 1 : minValue);

        if (retention.IsPresent && minKnown && minValue != 0)
        {
            ctx.Report(RAI4001, a, "scaleToZeroRetentionSeconds", "scaleToZeroRetentionSeconds needs minReplicas 0 " + (min.IsAbsent ? "(minReplicas is not set and defaults to 1)" : "(minReplicas is " + RuleContext.Number(minValue) + ")") + "; add MinReplicas(0).");
        }

        if (min.Kind == FactKind.Number && max.Kind == FactKind.Number && max.Number < min.Number)
        {
            ctx.Report(RAI4002, a, "maxReplicas", "maxReplicas (" + RuleContext.Number(max.Number) + ") must be at least minReplicas (" + RuleContext.Number(min.Number) + "); swap them.");
        }

        if (max.Kind == FactKind.Number && minKnown && minValue < max.Number && !(minValue == 0 && max.Number == 1) && metric.IsAbsent)
        {
            ctx.Report(RAI4003, a, "thresholdMetric", "A thresholdMetric is required when minReplicas (" + RuleContext.Number(minValue) + ") < maxReplicas (" + RuleContext.Number(max.Number) + "); add Metric(name, threshold).");
        }

        var scalesByNetwork = metric.Kind == FactKind.Text && (metric.Is("throughput") || metric.Is("concurrency"));
        if (min.Kind == FactKind.Number && min.Number == 0 && metric.Kind == FactKind.Text && !scalesByNetwork)
        {
            ctx.Report(RAI4004, a, "thresholdMetric", "Scale-to-zero (minReplicas 0) works only with the 'throughput' or 'concurrency' metric; the metric is " + RuleContext.Quote(metric.Text) + ".");
        }

        if (percentage.IsPresent && (metric.IsAbsent || (metric.Kind == FactKind.Text && !scalesByNetwork)))
        {
            ctx.Report(RAI4005, a, "metricThresholdPercentage", "metricThresholdPercentage applies only to the 'throughput' and 'concurrency' metrics; " + (metric.IsAbsent ? "no metric is set" : "the metric is " + RuleContext.Quote(metric.Text)) + ".");
        }

        var value = a["thresholdValue"];
        if (metric.IsPresent && value.IsAbsent)
        {
            ctx.Report(RAI4006, a, "thresholdValue", "thresholdMetric and thresholdValue go together: thresholdMetric is set without thresholdValue.");
        }
        else if (value.IsPresent && metric.IsAbsent)
        {
            ctx.Report(RAI4006, a, "thresholdMetric", "thresholdMetric and thresholdValue go together: thresholdValue is set without thresholdMetric.");
        }

        if (maxKnown)
        {
            ReplicasWithinMax(a, "initialReplicas", initial, maxValue, ctx);
            ReplicasWithinMax(a, "activationReplicas", activation, maxValue, ctx);
        }

        if (timeout.IsPresent)
        {
            ctx.Report(RAI4008, a, "initializationTimeoutSeconds", "initializationTimeoutSeconds is deprecated and ignored by the server; remove it.");
        }
    }

    private static void ReplicasWithinMax<T>(T a, string member, T value, double max, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (value.Kind == FactKind.Number && value.Number > max)
        {
            ctx.Report(RAI4007, a, member, member + " (" + RuleContext.Number(value.Number) + ") must not exceed maxReplicas (" + RuleContext.Number(max) + ").");
        }
    }

    private static void CheckServingPortAccess<T>(T env, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var access = env["servingPortAccess"];
        if (access.Kind != FactKind.Object)
        {
            return;
        }

        var users = access["authorizedUsers"];
        var groups = access["authorizedGroups"];
        var type = access["authorizationType"];
        if (HasItems(users) && HasItems(groups))
        {
            ctx.Report(RAI5001, access, "authorizedGroups", "authorizedUsers and authorizedGroups are mutually exclusive: keep one of them.");
            return;
        }

        if (type.Is("authorizedUsers") && IsEmpty(users))
        {
            ctx.Report(RAI5002, access, "authorizedUsers", "authorizationType 'authorizedUsers' needs authorizedUsers: list the users.");
        }
        else if (type.Is("authorizedGroups") && IsEmpty(groups))
        {
            ctx.Report(RAI5002, access, "authorizedGroups", "authorizationType 'authorizedGroups' needs authorizedGroups: list the groups.");
        }
        else if (type.Is("authorizedUsersOrGroups") && IsEmpty(users) && IsEmpty(groups))
        {
            ctx.Report(RAI5002, access, "authorizationType", "authorizationType 'authorizedUsersOrGroups' needs exactly one of authorizedUsers or authorizedGroups; neither is set.");
        }
        else if ((type.IsAbsent || type.Is("public") || type.Is("authenticatedUsers")) && (HasItems(users) || HasItems(groups)))
        {
            ctx.Report(RAI5003, access, HasItems(users) ? "authorizedUsers" : "authorizedGroups", "Users or groups listed with authorizationType '" + (type.IsAbsent ? "public" : type.Text) + "'" + (type.IsAbsent ? " (the default)" : string.Empty) + " are ignored; set authorizationType to authorizedUsers or authorizedGroups, or remove the list.");
        }
    }

    // ---------------------------------------------------------------- generic schema constraints (RAI0001–RAI0006)
    private static void Required<T>(T owner, string member, in RuleContext<T> ctx)
        where T : struct, IFact<T>
        => Required(owner, member, owner[member], ctx);

    /// <summary><see cref="Required{T}(T, string, in RuleContext{T})"/> of a member the caller has read already.</summary>
    private static void Required<T>(T owner, string member, T value, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (owner.Kind != FactKind.Object)
        {
            return;
        }

        if (value.IsAbsent || RuleContext.IsBlank(value))
        {
            ctx.Report(RAI0001, owner, member, "'" + member + "' is mandatory and must not be blank.");
        }
    }

    private static void Length<T>(T owner, string member, int min, int max, in RuleContext<T> ctx)
        where T : struct, IFact<T>
        => Length(owner, member, owner[member], min, max, ctx);

    /// <summary><see cref="Length{T}(T, string, int, int, in RuleContext{T})"/> of a member the caller has read already.</summary>
    private static void Length<T>(T owner, string member, T value, int min, int max, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (value.Kind != FactKind.Text)
        {
            return;
        }

        // A text has at most as many characters as UTF-16 units, and at least one when it has a unit: count them only
        // when the units alone do not settle it.
        var length = value.Text!.Length;
        if (length > max || min > 1)
        {
            length = RuleContext.Characters(value.Text);
        }

        if (length < min || length > max)
        {
            var bound = max == int.MaxValue ? "at least " + min : min == 0 ? "at most " + max : min + " to " + max;
            var unit = (max == int.MaxValue ? min : max) == 1 ? " character" : " characters";
            ctx.Report(RAI0002, owner, member, "'" + member + "' must be " + bound + unit + " long; it has " + length + ".");
        }
    }

    private static void Range<T>(T owner, string member, double min, double max, in RuleContext<T> ctx)
        where T : struct, IFact<T>
        => Range(owner, member, owner[member], min, max, ctx);

    /// <summary><see cref="Range{T}(T, string, double, double, in RuleContext{T})"/> of a member the caller has read already.</summary>
    private static void Range<T>(T owner, string member, T value, double min, double max, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (value.Kind != FactKind.Number)
        {
            return;
        }

        // Written so that NaN is out of every range (it compares false with everything); JSON cannot carry it either.
        if (!(value.Number >= min && value.Number <= max))
        {
            var bound = max == double.MaxValue ? "at least " + RuleContext.Number(min) : RuleContext.Number(min) + " to " + RuleContext.Number(max);
            ctx.Report(RAI0004, owner, member, "'" + member + "' must be " + bound + "; it is " + RuleContext.Number(value.Number) + ".");
        }
    }

    /// <summary>
    /// Checks maxItems; returns whether the member is an array to look into. A list over the limit is reported once and
    /// its items are not judged: it must be cut anyway, and judging each of tens of thousands of items against the ones
    /// before it (the duplicate checks) took seconds to hours, in the emulator too. The caller has read the member
    /// (<paramref name="list"/>): it looks into the list next.
    /// </summary>
    private static bool Items<T>(T owner, string member, T list, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (list.Kind != FactKind.Array)
        {
            return false;
        }

        if (list.Count > MaxItems)
        {
            // Items the analyzer does not know (an unknown element, or one a Remove… call may have dropped) are not
            // counted: the known ones are a lower bound. The run time knows every item.
            var known = 0;
            for (var i = 0; i < list.Count; i++)
            {
                known += list[i].IsKnown ? 1 : 0;
            }

            if (known > MaxItems)
            {
                var atLeast = known < list.Count || list.IsOpen ? " or more" : string.Empty;
                ctx.Report(RAI0005, owner, member, "'" + member + "' has " + known + atLeast + " items; at most " + MaxItems + " are allowed.");
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A mandatory id: missing or blank is RAI0001, any other text that is not a UUID RAI0006. A blank id is one
    /// finding (it is missing), not also a malformed UUID.
    /// </summary>
    private static void RequiredUuid<T>(T owner, string member, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        var value = owner[member];
        Required(owner, member, value, ctx);
        if (!RuleContext.IsBlank(value))
        {
            Uuid(owner, member, value, ctx);
        }
    }

    /// <summary>
    /// RAI0006 on an id no other check requires. Where another rule reports a blank id (RAI0001 through
    /// <see cref="RequiredUuid"/>, RAI1001, RAI1003), the caller leaves a blank id to that rule.
    /// </summary>
    private static void Uuid<T>(T owner, string member, in RuleContext<T> ctx)
        where T : struct, IFact<T>
        => Uuid(owner, member, owner[member], ctx);

    /// <summary><see cref="Uuid{T}(T, string, in RuleContext{T})"/> of a member the caller has read already.</summary>
    private static void Uuid<T>(T owner, string member, T value, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (value.Kind == FactKind.Text && !IsUuid(value.Text!))
        {
            ctx.Report(RAI0006, owner, member, "'" + member + "' must be a UUID (e.g. 3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d); " + RuleContext.Quote(value.Text) + " is not.");
        }
    }

    /// <summary>RAI0003 on a DNS label the caller has read already (every caller checks the same member's length too).</summary>
    private static void DnsLabel<T>(T owner, string member, T value, in RuleContext<T> ctx)
        where T : struct, IFact<T>
    {
        if (value.Kind == FactKind.Text && !RuleContext.IsBlank(value) && !IsDnsLabel(value.Text!))
        {
            ctx.Report(RAI0003, owner, member, "'" + member + "' must match ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ (lower-case letters, digits and inner dashes); " + RuleContext.Quote(value.Text) + " does not.");
        }
    }

    /// <summary>A list with at least one listed item, or a non-list value that is present.</summary>
    private static bool HasItems<T>(T list)
        where T : struct, IFact<T>
        => list.Kind == FactKind.Array ? list.Count > 0 : list.IsPresent;

    /// <summary>Certainly no items: absent, or a list known to be empty.</summary>
    private static bool IsEmpty<T>(T list)
        where T : struct, IFact<T>
        => list.IsAbsent || (list.Kind == FactKind.Array && list.CountIsKnown && list.Count == 0);

    // ---------------------------------------------------------------- value tests (allocation-free)
    internal static bool IsUuid(string text)
    {
        // 8-4-4-4-12 hex digits: the length and the dashes first, then the digit runs between them.
        if (text.Length != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        {
            return false;
        }
#if NET8_0_OR_GREATER
        // Vectorized: every character a hex digit or a dash, and no dash but the four above. Same answer as
        // HasHexRuns, which the analyzer (netstandard2.0) runs; a test compares the two.
        var span = text.AsSpan();
        return span.IndexOfAnyExcept(HexDigitsAndDash) < 0 && span.Count('-') == 4;
#else
        return HasHexRuns(text);
#endif
    }

#if NET8_0_OR_GREATER
    private static readonly System.Buffers.SearchValues<char> HexDigitsAndDash = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF-");
#endif

    /// <summary>Whether the five runs of a string shaped 8-4-4-4-12 (dashes at 8, 13, 18, 23) are hex digits.</summary>
    internal static bool HasHexRuns(string text)
    {
        return IsHex(text, 0, 8) && IsHex(text, 9, 13) && IsHex(text, 14, 18) && IsHex(text, 19, 23) && IsHex(text, 24, 36);

        static bool IsHex(string text, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                // A digit, or (case folded by setting 0x20) a letter a–f; nothing else folds into either range.
                var c = text[i];
                if ((uint)(c - '0') > 9 && (uint)((c | 0x20) - 'a') > 5)
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal static bool IsDnsLabel(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && !(c == '-' && i > 0 && i < text.Length - 1))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    internal static bool IsMetricName(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    /// <summary>Whether a text is an integer that fits a 64-bit signed integer, as Kubernetes parses it.</summary>
    internal static bool IsInteger(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>The valid priority class closest to a misspelt one (edit distance at most 3), or null.</summary>
    internal static string? NearestPriorityClass(string text)
    {
        string? best = null;
        var bestDistance = 4;
        var lowered = text.Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-');
        foreach (var candidate in PriorityClasses)
        {
            var d = Distance(lowered, candidate);
            if (d < bestDistance && d <= candidate.Length / 2)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return best;

        static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }
    }

    /// <summary>What the template declares about its workload kinds, as far as it is known.</summary>
    private readonly struct WorkloadKinds
    {
        private WorkloadKinds(bool isDistributed, bool isCertainlyNotTraining, bool isInferenceOnly)
        {
            IsDistributed = isDistributed;
            IsCertainlyNotTraining = isCertainlyNotTraining;
            IsInferenceOnly = isInferenceOnly;
        }

        public static WorkloadKinds Of<T>(T types, T distributed)
            where T : struct, IFact<T>
        {
            var closed = types.Kind == FactKind.Object && !types.IsOpen;
            var isDistributed = types["distributed"];
            var training = types["training"];
            var inference = types["inference"];
            var workspace = types["workspace"];
            return new WorkloadKinds(
                distributed.Kind == FactKind.Object || isDistributed.IsTrue,
                closed && training.IsNotTrue && (inference.IsTrue || workspace.IsTrue),
                closed && inference.IsTrue && training.IsNotTrue && workspace.IsNotTrue && isDistributed.IsNotTrue && distributed.IsAbsent);
        }

        public bool IsDistributed { get; }

        public bool IsCertainlyNotTraining { get; }

        public bool IsInferenceOnly { get; }
    }
}
