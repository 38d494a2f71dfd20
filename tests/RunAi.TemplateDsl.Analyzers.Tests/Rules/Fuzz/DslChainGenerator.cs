using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules.Fuzz;

/// <summary>
/// Generates random DSL chains over the whole public surface of <c>src/RunAi.TemplateDsl/Dsl</c>, mixing valid and
/// invalid calls. Seeded: the same seed gives the same chains.
/// <para>
/// In <see cref="GeneratorMode.Constant"/> every argument is a compile-time constant in one of the forms the analyzer
/// documents as known (literals, <c>const</c> fields and constant expressions, named values of the API's enums such as
/// <c>MatchOperator.Gt</c> or <c>DataSourceKind.Pvc</c>, <c>new Scope("…")</c>, <c>null</c>, array and collection
/// literals of constants, single-chain configuration lambdas): the analyzer knows the whole template and must report
/// exactly what <c>Validate()</c> reports. In <see cref="GeneratorMode.NonConstant"/> some arguments are replaced by
/// values the analyzer cannot know (the method's parameters <c>text</c>, <c>number</c>, <c>big</c>, <c>flag</c>, an environment
/// variable, a <c>Guid</c>, a spread, a lambda that is not a single chain): it may then say less, never something else.
/// </para>
/// </summary>
internal sealed class DslChainGenerator
{
    public const string EnvId = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
    public const string DsId = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";

    private static readonly string Long64 = new('k', 64);
    private static readonly string Long251 = new('d', 251);
    private static readonly string Long254 = new('n', 254);

    private readonly Random _random;
    private readonly GeneratorMode _mode;

    // A third of the chains are mostly valid: a value is then the first (valid) one of its pool nine times in ten.
    private bool _mostlyValid;

    public DslChainGenerator(int seed, GeneratorMode mode)
    {
        _random = new Random(seed);
        _mode = mode;
    }

    /// <summary>The values the parameters <c>(string text, int number, long big, bool flag)</c> of a non-constant method are called with.</summary>
    public object[] Arguments() =>
    [
        Pick("t", "a100", string.Empty, " ", "Bad_Name", EnvId, "not-a-uuid", "very-low", "hgih", "2000,3000", "2000;3000", "5", "5.5", "MODE", "jupyter", "concurrency", "latency", "9bad"),
        Pick(-1, 0, 1, 2, 3, 5, 100, 3600, 3601, 65536),
        Pick(-1L, 0L, 1L, 30L, long.MaxValue),
        _random.Next(2) == 0,
    ];

    public DslChain Next()
    {
        _mostlyValid = Chance(0.35);
        var calls = new List<DslCall>();
        var name = Chance(0.9) ? Str("t", "train-job", "my-template") : Str(" ", string.Empty, null, "x");
        var start = "Template.Named(" + name + ")";
        if (Chance(0.85))
        {
            calls.Add(Scope());
        }

        if (Chance(0.85))
        {
            calls.Add(DslCall.Plain("WithEnvironment(" + (NonConstant(0.1) ? "Guid.Parse(" + Lit(EnvId) + ")" : Uuid()) + ")"));
        }

        var count = _random.Next(0, 9);
        for (var i = 0; i < count; i++)
        {
            calls.Insert(_random.Next(calls.Count + 1), Chance(0.35) ? TemplateOnly() : RunParams());
        }

        if (calls.Count > 0 && Chance(0.2))
        {
            // Continued through a local: var tb = …; tb = tb.…; return tb.Validate();
            for (var splits = _random.Next(1, 3); splits > 0; splits--)
            {
                var at = _random.Next(calls.Count);
                calls[at] = calls[at].AsStatementStart();
            }
        }

        return new DslChain(start, calls);
    }

    // ------------------------------------------------------------------ template-only calls

    private DslCall TemplateOnly() => _random.Next(14) switch
    {
        12 => Removal(),
        0 => Scope(),
        1 => DslCall.Plain("WithDescription(" + Str("d", string.Empty, " ", Long251, new string('d', 250)) + ")"),
        2 => DslCall.Plain("Named(" + Str("renamed", " ", string.Empty) + ")"),
        3 => DslCall.Plain(Pick("WithAutoDelete", "WithPrivate", "ForTraining", "ForWorkspace", "ForInference") + "(" + Pick(string.Empty, Bool(), Bool()) + ")"),
        4 => DslCall.Plain(Pick("ForTraining", "ForWorkspace", "ForInference") + "(" + Pick(string.Empty, Bool()) + ")"),
        5 => DslCall.Plain("WithEnvironment(" + Uuid() + ")"),
        6 => DslCall.Plain("WithCompute(" + Uuid(allowNull: false) + ")"),
        7 => DataSource(master: false),
        8 => DslCall.Plain("WithWorkloadVolumes(" + List(0, 2, () => Str("vol", "cache", string.Empty)) + ")"),
        9 => DslCall.Plain("Distributed(" + Framework() + ", " + Int(4, 1, 0, -1) + ")"),
        10 => DslCall.Plain("WithoutMaster(" + Pick(string.Empty, Bool()) + ")"),
        _ => Lambda("WithMaster(", "m", Many(0, 5, () => Chance(0.4) ? MasterOnly() : RunParams())),
    };

    /// <summary>A <c>Remove…</c> call, with names the adding calls use (so it often removes something).</summary>
    private DslCall Removal() => _random.Next(7) switch
    {
        0 => DslCall.Plain("RemoveLabel(" + LabelName() + ")"),
        1 => DslCall.Plain("RemoveAnnotation(" + LabelName() + ")"),
        2 => DslCall.Plain("RemoveEnvironmentVariable(" + Str("MODE", "MODE", "LEVEL", string.Empty, " ") + ")"),
        3 => DslCall.Plain("RemoveImagePullSecret(" + Str("regcred", "Bad_Name", string.Empty) + ")"),
        4 => DslCall.Plain("RemoveConnection(" + Str("jupyter", "jupyter", "tensorboard", string.Empty) + ")"),
        5 => DslCall.Plain("RemoveToleration(" + Str("k", "k", string.Empty) + ")"),
        _ => DslCall.Plain("RemoveDataSource(" + (_mode == GeneratorMode.NonConstant && Chance(0.2) ? "Guid.Parse(" + Lit(DsId) + ")" : Pick("Ds", "Ds", Lit(DsId.ToUpperInvariant()), Uuid(allowNull: false))) + ")"),
    };

    private DslCall Scope() => _random.Next(9) switch
    {
        0 or 1 => DslCall.Plain("InTenant()"),
        2 => DslCall.Plain("InProject(" + Int(42, 0, -1) + ")"),
        3 => DslCall.Plain("InDepartment(" + Str("dep-1", string.Empty, " ") + ")"),
        4 => DslCall.Plain("InCluster(" + Uuid() + ")"),
        5 when _mode == GeneratorMode.NonConstant && Chance(0.5) => DslCall.Plain("InCluster(Guid.Parse(" + Lit(EnvId) + "))"),
        _ => DslCall.Plain("InScope(" + ScopeValue() + InScopeIds() + ")"),
    };

    private string InScopeIds()
    {
        var text = string.Empty;
        if (Chance(0.5))
        {
            text += ", projectId: " + Pick("5", "null", "0");
        }

        if (Chance(0.4))
        {
            text += ", departmentId: " + Str("dep", string.Empty, null);
        }

        if (Chance(0.4))
        {
            text += ", clusterId: " + Pick(Uuid(), "null");
        }

        return text;
    }

    private string ScopeValue() => NonConstant(0.15) ? Pick("RunAi.TemplateDsl.Scope.KnownValues[1]", "(flag ? RunAi.TemplateDsl.Scope.Project : RunAi.TemplateDsl.Scope.System)")
        : Pick("RunAi.TemplateDsl.Scope.Tenant", "RunAi.TemplateDsl.Scope.Project", "RunAi.TemplateDsl.Scope.Department", "RunAi.TemplateDsl.Scope.Cluster", "RunAi.TemplateDsl.Scope.System", "new RunAi.TemplateDsl.Scope(\"galaxy\")", "new RunAi.TemplateDsl.Scope(\"system\")", "null!");

    private string Framework() => Pick("DistributedFramework.PyTorch", "DistributedFramework.Mpi", "DistributedFramework.TF", "DistributedFramework.XGBoost", "DistributedFramework.Jax", "new DistributedFramework(\"JAX\")", "new DistributedFramework(\"Ray\")");

    private DslCall DataSource(bool master)
    {
        var kind = Pick("DataSourceKind.Pvc", "DataSourceKind.ConfigMap", "DataSourceKind.S3", "AssetKind.Git", "AssetKind.Compute", "AssetKind.Model", "new AssetKind(\"weird\")", "new AssetKind(\"nfs\")", "null!");
        var id = !master && _mode == GeneratorMode.NonConstant && Chance(0.2)
            ? "Guid.Parse(" + Lit(DsId) + ")"
            : Pick("Ds", "Ds", Lit(DsId.ToUpperInvariant()), Uuid());
        var path = Pick(string.Empty, string.Empty, ", " + Str("/data", string.Empty, null), ", containerPath: " + Str("/mnt", string.Empty));
        return DslCall.Plain("AddDataSource(" + kind + ", " + id + path + ")");
    }

    private DslCall MasterOnly() => _random.Next(6) switch
    {
        0 => DslCall.Plain("WithEnvironment(" + Uuid(allowNull: false) + ")"),
        1 => DslCall.Plain("WithCompute(" + Uuid(allowNull: false) + ")"),
        2 => DslCall.Plain("WithWorkloadVolumes(" + List(0, 2, () => Str("vol", string.Empty)) + ")"),
        3 => DslCall.Plain("WithToolTypes(" + List(0, 2, () => Pick("ToolType.JupyterNotebook", "ToolType.TensorBoard", "new ToolType(\"emacs\")")) + ")"),
        4 => DataSource(master: true),
        _ => DslCall.Plain("WithEnvironment(" + Uuid(allowNull: false) + ")"),
    };

    // ------------------------------------------------------------------ run parameters (template and master)

    private DslCall RunParams() => _random.Next(34) switch
    {
        0 => DslCall.Plain(Pick("WithCommand", "WithArgs") + "(" + Str("python train.py", string.Empty, " ", Chance(0.05) ? new string('c', 10001) : "x") + ")"),
        1 => DslCall.Plain(Pick("WithAutoDeletionAfterCompletion", "WithBackoffLimit", "WithRunAsUid", "WithRunAsGid") + "(" + Long(0, 6, -1, 3600) + ")"),
        2 => DslCall.Plain("WithCategory(" + Str("Train", string.Empty) + ")"),
        3 => DslCall.Plain(Pick("WithCompletions", "WithParallelism") + "(" + Int(0, 1, 4) + ")"),
        4 or 5 => EnvironmentVariable(),
        6 => DslCall.Plain("AddImagePullSecret(" + Str("regcred", "Bad_Name", string.Empty, " ", "-x", "a-", Long254) + Pick(string.Empty, ", " + Bool(), ", userCredential: " + Bool(), ", null") + ")"),
        7 => DslCall.Plain("ExcludeImagePullSecret(" + Str("regcred", "Bad_Name", string.Empty) + ")"),
        8 or 9 => DslCall.Plain(Pick("AddLabel", "AddAnnotation") + "(" + LabelName() + ", " + Str("v", string.Empty, Chance(0.1) ? new string('v', 10001) : "w") + ")"),
        10 => DslCall.Plain(Pick("ExcludeLabel", "ExcludeAnnotation") + "(" + LabelName() + ")"),
        11 or 12 => NodeAffinity(),
        13 => DslCall.Plain("WithNodePools(" + NodePools() + ")"),
        14 => DslCall.Plain("WithNodeType(" + Str("dgx", string.Empty) + ")"),
        15 => DslCall.Plain("WithPodAffinity(" + Pick("PodAffinityType.Required", "PodAffinityType.Preferred", "new PodAffinityType(\"Maybe\")", "null!") + ", " + Str("zone", string.Empty, Long64) + ")"),
        16 => DslCall.Plain("WithPreemptibility(" + Pick("Preemptibility.Preemptible", "Preemptibility.NonPreemptible", "new Preemptibility(\"sometimes\")") + ")"),
        17 or 18 => DslCall.Plain("WithPriorityClass(" + PriorityClass() + ")"),
        19 => DslCall.Plain("WithRestartPolicy(" + Pick("RestartPolicy.Always", "RestartPolicy.Never", "RestartPolicy.OnFailure") + ")"),
        20 => SupplementalGroups(),
        21 => DslCall.Plain(Pick("WithTerminateAfterPreemption", "WithAllowOverQuota") + "(" + Pick(string.Empty, Bool()) + ")"),
        22 => DslCall.Plain("WithTerminationGracePeriod(" + Long(30, -1, 0, long.MinValue) + ")"),
        23 or 24 => Toleration(),
        25 or 26 or 27 => Autoscaling(),
        28 or 29 => ServingPortAccess(),
        30 or 31 => Connection(),
        32 => DslCall.Plain("WithNodePools(" + Str("a100", "h100") + ", " + Str("a100", "h100", Long64) + ")"),
        _ => EnvironmentVariable(),
    };

    private string LabelName() => Str("team", "team", "Team", "owner", string.Empty, Long64);

    private string NodePools()
    {
        if (Chance(0.02))
        {
            // RAI0005: more than 1000 items.
            return string.Join(", ", Enumerable.Range(0, 1001).Select(i => Lit("p" + i.ToString(CultureInfo.InvariantCulture))));
        }

        var form = _random.Next(3);
        var items = List(0, 4, () => Str("a100", "h100", "a100", "l40", Long64));
        return form switch
        {
            0 => items,
            1 => "[" + items + "]",
            _ => "new[] { " + (items.Length == 0 ? "\"a100\"" : items) + " }",
        };
    }

    private string PriorityClass() => NonConstant(0.2) ? Pick("text", "text.Trim()", EnvVar("high"))
        : _mostlyValid && Chance(0.9) ? "PriorityClasses.High" : Pick("PriorityClasses.High", "PriorityClasses.VeryLow", Lit("medium"), Lit("medium-high"), Lit("High"), Lit("hgih"), Lit("medium_high"), Lit("very low"), Lit(string.Empty), Lit("ultra"), Lit(" low "), "\"medium\" + \"-low\"");

    private DslCall SupplementalGroups()
    {
        if (Chance(0.3))
        {
            // The params long[] overload: never negative (it throws ArgumentOutOfRangeException before any rule runs).
            return DslCall.Plain("WithSupplementalGroups(" + List(0, 3, () => Pick("2000", "3000L", "0", "long.MaxValue", "'a'")) + ")");
        }

        return DslCall.Plain("WithSupplementalGroups(" + Str(string.Empty, "2000", "2000,3000", "2000, 3000", "2000 ,3000", "2000;3000", " 2000", "2000 ", "2 000", ",", "1,,2", "-1", "abc", "2000,") + ")");
    }

    private DslCall EnvironmentVariable()
    {
        var name = Str("MODE", "MODE", "LEVEL", string.Empty, " ", null);
        switch (_random.Next(7))
        {
            case 0:
            case 1:
                return DslCall.Plain("AddEnvironmentVariable(" + Str("MODE", "MODE", "LEVEL", string.Empty, " ") + ", " + Str("a", string.Empty) + Pick(string.Empty, ", " + Str("desc", null), ", description: " + Str("d")) + ")");
            case 2:
                return DslCall.Plain("AddEnvironmentVariableFromSecret(" + name + ", " + Uuid() + ", " + Str("key", string.Empty, " ") + ")");
            case 3:
                return DslCall.Plain("AddEnvironmentVariableFromConfigMap(" + name + ", " + Str("cm", "Bad_Name", string.Empty, Long254) + ", " + Str("key", string.Empty, Long64) + ")");
            case 4:
                return DslCall.Plain("AddEnvironmentVariableFromPodField(" + name + ", " + Str("metadata.name", string.Empty) + ")");
            case 5:
                return DslCall.Plain("ExcludeEnvironmentVariable(" + name + ")");
            default:
                var members = new List<string>();
                if (Chance(0.8))
                {
                    members.Add("Name = " + name);
                }

                if (Chance(0.5))
                {
                    members.Add("Value = " + Str("x", string.Empty, null));
                }

                if (Chance(0.35))
                {
                    members.Add("Credential = new EnvironmentVariableCredential { " + string.Join(", ", Some(("AssetId = " + Uuid(), 0.7), ("Key = " + Str("k", string.Empty), 0.7))) + " }");
                }

                if (Chance(0.35))
                {
                    members.Add("ConfigMap = new EnvironmentVariableConfigMap { " + string.Join(", ", Some(("Name = " + Str("cm", "Bad_Name", string.Empty), 0.7), ("Key = " + Str("k", string.Empty, Long64), 0.7))) + " }");
                }

                if (Chance(0.35))
                {
                    members.Add("PodFieldRef = " + Pick("new EnvironmentVariablePodFieldReference", "new()") + " { " + string.Join(", ", Some(("Path = " + Str("metadata.name", string.Empty), 0.7))) + " }");
                }

                if (Chance(0.2))
                {
                    members.Add("Exclude = " + Bool());
                }

                if (Chance(0.2))
                {
                    members.Add("Description = " + Str("d", null));
                }

                return DslCall.Plain("AddEnvironmentVariable(" + Pick("new EnvironmentVariableOfAsset", "new()") + " { " + string.Join(", ", members) + " })");
        }
    }

    private DslCall NodeAffinity() => Lambda("WithNodeAffinity(", "n", Many(0, 3, () => Lambda("Term(", "t", Many(0, 3, MatchExpression))));

    private DslCall MatchExpression()
    {
        var key = Str("gpu", "gpu", "nvidia.com/gpu.count", string.Empty, " ", Long64);
        return _random.Next(8) switch
        {
            0 or 1 or 2 => DslCall.Plain("Match(" + key + ", " + MatchOperator() + Values() + ")"),
            3 => DslCall.Plain(Pick("In", "NotIn") + "(" + key + Values() + ")"),
            4 => DslCall.Plain(Pick("Exists", "DoesNotExist") + "(" + key + ")"),
            _ => DslCall.Plain(Pick("Gt", "Lt") + "(" + key + ", " + Long(0, 4, -5, long.MaxValue) + ")"),
        };
    }

    private string MatchOperator() => Pick("MatchOperator.In", "MatchOperator.NotIn", "MatchOperator.Exists", "MatchOperator.DoesNotExist", "MatchOperator.Gt", "MatchOperator.Lt", "MatchOperator.Gt", "MatchOperator.Lt", "new MatchOperator(\"Gt\")", "new MatchOperator(\"gt\")");

    /// <summary>0 to 3 values, integers and not, as a params list, an array or a collection literal (with the leading comma).</summary>
    private string Values()
    {
        if (NonConstant(0.25))
        {
            return ", " + Pick("new string[0]", "[.. Pool]", "new[] { text }", "text", "new[] { \"1\", " + EnvVar("2") + " }", "[text, \"2\"]");
        }

        var items = List(0, 3, () => Str("1", "4", "-5", "+7", "5.0", "abc", string.Empty, " 3", "9223372036854775807", "9223372036854775808", "0x10", "1e3", "\u0663"));
        return _random.Next(6) switch
        {
            0 => ", [" + items + "]",
            1 => ", new string[] { " + items + " }",
            _ => items.Length == 0 ? string.Empty : ", " + items,
        };
    }

    private DslCall Toleration()
    {
        var key = Str("k", "k", string.Empty, Long254);
        var effect = Pick("TolerationEffect.NoSchedule", "TolerationEffect.NoExecute", "TolerationEffect.PreferNoSchedule", "TolerationEffect.Any", "new TolerationEffect(\"NoExecute\")", "null!");
        switch (_random.Next(5))
        {
            case 0:
                return DslCall.Plain("Tolerate(" + key + ", " + Str("v", string.Empty) + ", " + effect + ")");
            case 1:
                return DslCall.Plain("TolerateAny(" + key + ", " + effect + ")");
            case 2:
                return DslCall.Plain("ExcludeToleration(" + Str("tol", string.Empty, Long254) + ")");
            default:
                var op = Pick("TolerationOperator.Equal", "TolerationOperator.Exists", "new TolerationOperator(\"Exists\")", "null!");
                var args = new List<string> { key, op, effect };
                var named = Chance(0.5);
                if (Chance(0.5))
                {
                    args.Add((named ? "value: " : string.Empty) + Str("v", string.Empty, null));
                }
                else if (!named)
                {
                    args.Add("null");
                }

                if (Chance(0.5))
                {
                    args.Add((named ? "seconds: " : string.Empty) + NullableInt(30, -1, 0, 1));
                }
                else if (!named)
                {
                    args.Add("null");
                }

                if (Chance(0.3))
                {
                    args.Add((named ? "name: " : string.Empty) + Str("tol", string.Empty, Long254));
                }

                if (named && Chance(0.5))
                {
                    // Named arguments out of order: effect first.
                    args = [.. args.Skip(2).Take(1).Select(a => "effect: " + a), "key: " + args[0], "op: " + args[1], .. args.Skip(3)];
                }

                return DslCall.Plain("AddToleration(" + string.Join(", ", args) + ")");
        }
    }

    private DslCall Autoscaling() => Lambda("WithAutoscaling(", "a", Many(0, 6, () => _random.Next(11) switch
    {
        0 or 1 => DslCall.Plain("MinReplicas(" + Int(0, 0, 1, 2, 3, -1) + ")"),
        2 or 3 => DslCall.Plain("MaxReplicas(" + Int(2, 0, 1, 3, 5) + ")"),
        4 => DslCall.Plain(Pick("InitialReplicas", "ActivationReplicas", "ConcurrencyHardLimit") + "(" + Int(1, -1, 0, 2, 4, 9) + ")"),
        5 => DslCall.Plain(Pick("ScaleToZeroRetention", "ScaleDownDelay") + "(" + Int(60, -1, 0, 3600, 3601) + ")"),
        6 => DslCall.Plain("MetricThresholdPercentage(" + Double() + ")"),
        7 => DslCall.Plain("InitializationTimeout(" + Int(30, 0, 1) + ")"),
        _ => DslCall.Plain("Metric(" + Metric() + ", " + Int(0, 5, 100) + ")"),
    }));

    private string Metric() => NonConstant(0.2) ? Pick("text", EnvVar("latency"))
        : Pick("AutoscalingMetrics.Throughput", "AutoscalingMetrics.Concurrency", "AutoscalingMetrics.Latency", Lit("concurrency"), Lit("custom_metric"), Lit("9bad"), Lit(string.Empty), Lit("a:b"), Lit("tokens per second"));

    private DslCall ServingPortAccess() => Lambda("WithServingPortAccess(", "s", Many(0, 4, () => _random.Next(8) switch
    {
        0 => DslCall.Plain(Pick("Public()", "AuthenticatedUsers()")),
        1 => DslCall.Plain("OnlyUsers(" + List(0, 2, () => Str("alice", "bob")) + ")"),
        2 => DslCall.Plain("OnlyGroups(" + List(0, 2, () => Str("ml-team")) + ")"),
        3 => DslCall.Plain("AuthorizationType(" + Pick("AuthorizationType.Public", "AuthorizationType.AuthenticatedUsers", "AuthorizationType.AuthorizedUsers", "AuthorizationType.AuthorizedGroups", "AuthorizationType.AuthorizedUsersOrGroups", "new AuthorizationType(\"vip\")") + ")"),
        4 => DslCall.Plain("AuthorizedUsers(" + List(0, 2, () => Str("alice", "bob")) + ")"),
        5 => DslCall.Plain("AuthorizedGroups(" + List(0, 2, () => Str("ml-team")) + ")"),
        6 => DslCall.Plain("ClusterLocalAccessOnly(" + Pick(string.Empty, Bool()) + ")"),
        _ => DslCall.Plain("AuthorizedUsers(" + List(1, 2, () => Str("carol")) + ")"),
    }));

    private DslCall Connection()
    {
        var name = Str("jupyter", "jupyter", "tensorboard", string.Empty, null);
        if (Chance(0.4))
        {
            return DslCall.Plain("AddConnection(" + name + Pick(string.Empty, ", null") + ")");
        }

        return Lambda("AddConnection(" + name + ", ", "c", Many(0, 3, () => _random.Next(4) switch
        {
            0 => DslCall.Plain("NodePort(" + Int(30080, -1, 0, 65535, 65536) + ")"),
            1 => DslCall.Plain("ExternalUrl(" + Str("https://x", string.Empty) + ")"),
            2 => DslCall.Plain("AuthorizedUsers(" + List(0, 2, () => Str("alice")) + ")"),
            _ => DslCall.Plain("AuthorizedGroups(" + List(0, 2, () => Str("ml-team")) + ")"),
        }));
    }

    /// <summary>A configuration lambda; in non-constant mode sometimes in a shape the analyzer does not read (not a single chain).</summary>
    private DslCall Lambda(string head, string parameter, IReadOnlyList<DslCall> body)
    {
        if (NonConstant(0.1))
        {
            // (p => p.X()) with the chain wrapped in a conditional: not a single chain on the parameter.
            return DslCall.Lambda(head, parameter, body, " ?? " + parameter + ")");
        }

        var style = _random.Next(10) switch
        {
            0 when _mode == GeneratorMode.Constant => LambdaStyle.Static,
            1 => LambdaStyle.Parenthesized,
            2 => LambdaStyle.Block,
            _ => LambdaStyle.Expression,
        };
        return DslCall.Lambda(head, parameter, body, style: style);
    }

    // ------------------------------------------------------------------ values

    /// <summary>An id argument; <paramref name="allowNull"/> false for an optional one (the master's environment and compute), whose null the DSL refuses (ArgumentNullException).</summary>
    private string Uuid(bool allowNull = true)
    {
        if (NonConstant(0.2))
        {
            return Pick("text", EnvVar(EnvId));
        }

        return _mostlyValid && Chance(0.9) ? "Env" : Pick("Env", "Env", "Env", Lit(EnvId), Lit(EnvId.ToUpperInvariant()), Lit("not-a-uuid"), Lit(string.Empty), Lit(" "), Lit("{" + EnvId + "}"), Lit(EnvId[..35] + "g"), Lit(EnvId.Replace("-", string.Empty, StringComparison.Ordinal)), Lit(EnvId + " "), "$\"{Env}\"", allowNull ? "null!" : "Env");
    }

    /// <summary>A string argument: one of <paramref name="pool"/> (null is <c>null!</c>) in a constant form, or in non-constant mode sometimes <c>s</c> or an environment variable.</summary>
    private string Str(params string?[] pool)
    {
        var value = pool[Index(pool.Length)];
        if (NonConstant(0.2))
        {
            return Pick("text", EnvVar(value ?? "v"), "(flag ? " + Lit(value ?? "v") + " : text)");
        }

        if (value is null)
        {
            return "null!";
        }

        return _random.Next(10) switch
        {
            0 when value.Length > 1 && value.Length < 100 => Lit(value[..1]) + " + " + Lit(value[1..]),
            1 when value.Length < 100 => "(true ? " + Lit(value) + " : \"unused\")",
            2 when value.Length < 100 && value.All(c => c is >= ' ' and <= '~') => "@\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
            _ => Lit(value),
        };
    }

    private string Int(params int[] pool)
    {
        var value = pool[Index(pool.Length)];
        if (NonConstant(0.2))
        {
            return Pick("number", "(flag ? " + value.ToString(CultureInfo.InvariantCulture) + " : number)", "int.Parse(" + EnvVar(value.ToString(CultureInfo.InvariantCulture)) + ")");
        }

        return NumberForm(value);
    }

    private string NullableInt(params int[] pool) => Chance(0.2) ? (NonConstant(0.5) ? "default" : "null") : Int(pool);

    private string Long(params long[] pool)
    {
        var value = pool[Index(pool.Length)];
        if (NonConstant(0.2))
        {
            return Pick("big", "number");
        }

        return value == long.MaxValue ? Pick("long.MaxValue", "9223372036854775807L") : NumberForm(value);
    }

    private string Double()
    {
        if (NonConstant(0.2))
        {
            return Pick("number", "big", "number / 2.0");
        }

        return _mostlyValid && Chance(0.9) ? "50" : Pick("0", "1", "50", "50.5", "100", "100.0001", "101", "-1", "double.NaN", "double.PositiveInfinity", "1e-300", "0.1f", "70d", "'d'", "'e'");
    }

    /// <summary>A constant integer in one of several spellings: literal, folded expression, cast, or (rarely) a char literal.</summary>
    private string NumberForm(long value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return _random.Next(14) switch
        {
            0 when value is > 0 and < 100 => "(" + (value - 1).ToString(CultureInfo.InvariantCulture) + " + 1)",
            1 when value is >= 0 and < 1000 => "(int)" + text + ".9",
            2 when value is >= 0 and < 0xD800 => "'\\u" + value.ToString("x4", CultureInfo.InvariantCulture) + "'",
            _ => text,
        };
    }

    private string Bool() => NonConstant(0.2) ? "flag" : Pick("true", "false");

    private static string EnvVar(string fallback) => "(Environment.GetEnvironmentVariable(\"RAI_PARITY_FUZZ_UNSET\") ?? " + Lit(fallback) + ")";

    private string List(int min, int max, Func<string> item) => string.Join(", ", Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => item()));

    private List<DslCall> Many(int min, int max, Func<DslCall> item) => [.. Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => item())];

    private IEnumerable<string> Some(params (string Text, double P)[] items) => items.Where(i => Chance(i.P)).Select(i => i.Text);

    private bool NonConstant(double p) => _mode == GeneratorMode.NonConstant && Chance(p);

    /// <summary>An index into a pool: the first (valid) value nine times in ten in a mostly valid chain.</summary>
    private int Index(int length) => _mostlyValid && Chance(0.9) ? 0 : _random.Next(length);

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    internal static string Lit(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}

internal enum GeneratorMode
{
    /// <summary>Every argument is a compile-time constant: the analyzer must report exactly the run time's violations.</summary>
    Constant,

    /// <summary>Some arguments are not constant: the analyzer's diagnostics must be a subset of the run time's violations.</summary>
    NonConstant,
}
