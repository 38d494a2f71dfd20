using BenchmarkDotNet.Attributes;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// The cost of the DSL: <c>Build()</c> (builder → request, with the rule catalog) + serialization, against
/// constructing the same request by hand and serializing it with the same source-generated context.
/// Targets (issue 3): at most 1.3× the time and 2× the allocated bytes.
/// </summary>
[MemoryDiagnoser]
public class DslBenchmarks
{
    private const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
    private const string Compute = "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    private const string Data = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
    private const string Secret = "0f5c4a2e-8b1d-4c3e-9a7f-2d6b8e1c3a5f";

    private TemplateBuilder _builder = null!;
    private WorkloadTemplateCreationRequest _request = null!;
    private Rules.Fact _facts = null!;
    private readonly List<RuleViolation> _violations = [];

    /// <summary>A full template (every kind of member) that passes every rule.</summary>
    internal static TemplateBuilder FullTemplate() => Template.Named("llm-serving")
        .WithDescription("vLLM inference that scales to zero")
        .InProject(42)
        .ForInference()
        .WithEnvironment(Env)
        .WithCompute(Compute)
        .AddDataSource(DataSourceKind.Pvc, Data, containerPath: "/models")
        .AddConnection("api", c => c.NodePort(30080).AuthorizedGroups("ml-team"))
        .AddAnnotation("team", "vision")
        .AddLabel("app", "llm")
        .AddLabel("tier", "gpu")
        .WithCommand("python -m vllm.entrypoints.openai.api_server")
        .WithArgs("--model /models/llama --tensor-parallel-size 1")
        .AddEnvironmentVariable("LOG_LEVEL", "info")
        .AddEnvironmentVariableFromSecret("HF_TOKEN", Secret, "token")
        .AddEnvironmentVariableFromConfigMap("SETTINGS", "serving-config", "settings")
        .AddImagePullSecret("registry-cred")
        .WithNodeAffinity(n => n.Term(t => t.Gt("nvidia.com/gpu.count", 0).In("topology.kubernetes.io/zone", "zone-a", "zone-b")))
        .WithNodePools("a100", "h100")
        .WithPriorityClass(PriorityClasses.High)
        .WithPreemptibility(Preemptibility.NonPreemptible)
        .WithRunAsUid(1000)
        .WithRunAsGid(1000)
        .WithSupplementalGroups(2000, 3000)
        .WithTerminationGracePeriod(30)
        .TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule)
        .Tolerate("dedicated", "inference", TolerationEffect.NoExecute)
        .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(4).ScaleToZeroRetention(300).Metric(AutoscalingMetrics.Concurrency, 8))
        .WithServingPortAccess(s => s.OnlyGroups("ml-team"));

    /// <summary>The same request, constructed by hand.</summary>
    internal static WorkloadTemplateCreationRequest HandBuilt() => new()
    {
        Meta = new AssetCreationRequest
        {
            Name = "llm-serving",
            Description = "vLLM inference that scales to zero",
            Scope = Scope.Project,
            ProjectId = 42,
            WorkloadSupportedTypes = new WorkloadSupportedTypes { Inference = true },
        },
        Spec = new SpecificRunCreationFields
        {
            Assets = new AssetsIds
            {
                Environment = Env,
                Compute = Compute,
                Datasources = [new AssetIdAndKind { Id = Data, Kind = AssetKind.Pvc, Overrides = new DataSourceOverrides { ContainerPath = "/models" } }],
            },
            SpecificEnv = new SpecificRunParams
            {
                Connections = [new SpecificRunConnectionInfo { Name = "api", NodePort = 30080, AuthorizedGroups = ["ml-team"] }],
                Annotations = [new Annotation { Name = "team", Value = "vision" }],
                Labels = [new Label { Name = "app", Value = "llm" }, new Label { Name = "tier", Value = "gpu" }],
                Command = "python -m vllm.entrypoints.openai.api_server",
                Args = "--model /models/llama --tensor-parallel-size 1",
                EnvironmentVariables =
                [
                    new EnvironmentVariableOfAsset { Name = "LOG_LEVEL", Value = "info" },
                    new EnvironmentVariableOfAsset { Name = "HF_TOKEN", Credential = new EnvironmentVariableCredential { AssetId = Secret, Key = "token" } },
                    new EnvironmentVariableOfAsset { Name = "SETTINGS", ConfigMap = new EnvironmentVariableConfigMap { Name = "serving-config", Key = "settings" } },
                ],
                ImagePullSecrets = [new ImagePullSecret { Name = "registry-cred" }],
                NodeAffinityRequired = new NodeAffinityRequired
                {
                    NodeSelectorTerms =
                    [
                        new NodeSelectorTerm
                        {
                            MatchExpressions =
                            [
                                new MatchExpression { Key = "nvidia.com/gpu.count", Operator = MatchOperator.Gt, Values = ["0"] },
                                new MatchExpression { Key = "topology.kubernetes.io/zone", Operator = MatchOperator.In, Values = ["zone-a", "zone-b"] },
                            ],
                        },
                    ],
                },
                NodePools = ["a100", "h100"],
                PriorityClass = "high",
                Preemptibility = Preemptibility.NonPreemptible,
                RunAsUid = 1000,
                RunAsGid = 1000,
                SupplementalGroups = "2000,3000",
                TerminationGracePeriodSeconds = 30,
                Tolerations =
                [
                    new Toleration { Key = "nvidia.com/gpu", Operator = TolerationOperator.Exists, Effect = TolerationEffect.NoSchedule },
                    new Toleration { Key = "dedicated", Operator = TolerationOperator.Equal, Value = "inference", Effect = TolerationEffect.NoExecute },
                ],
                AutoScaling = new SpecificRunAutoScaling { MinReplicas = 0, MaxReplicas = 4, ScaleToZeroRetentionSeconds = 300, ThresholdMetric = "concurrency", ThresholdValue = 8 },
                ServingPortAccess = new ServingPortAccess { AuthorizationType = AuthorizationType.AuthorizedGroups, AuthorizedGroups = ["ml-team"] },
            },
        },
    };

    [GlobalSetup]
    public void Setup()
    {
        _builder = FullTemplate();
        _request = _builder.Build();
        _facts = Validation.WireFacts.Of(_request, new Rules.FactArena());
        if (TemplateJson.Serialize(_request) != TemplateJson.Serialize(HandBuilt()))
        {
            throw new InvalidOperationException("The DSL and the hand-built request differ; the comparison would be unfair.");
        }
    }

    [Benchmark(Baseline = true, Description = "hand-built DTO + Serialize")]
    public string HandBuiltAndSerialize() => TemplateJson.Serialize(HandBuilt());

    [Benchmark(Description = "Build() + Serialize")]
    public string BuildAndSerialize() => TemplateJson.Serialize(_builder.Build());

    [Benchmark(Description = "Validate (passing, full template)")]
    public int Validate() => TemplateValidator.Validate(_request).Count;

    /// <summary>What a request that breaks a rule costs on top: its fact tree, which places each violation.</summary>
    [Benchmark(Description = "fact tree of the request (only when a rule reports)")]
    public int Facts()
    {
        var arena = Validation.WireFacts.Arena;
        var count = Validation.WireFacts.Of(_request, arena).Count;
        arena.Clear();
        return count;
    }

    /// <summary>The rules over a prebuilt fact tree: the analyzer's path, and the second pass of a request that breaks a rule.</summary>
    [Benchmark(Description = "rules on a prebuilt fact tree")]
    public int RulesOnly()
    {
        _violations.Clear();
        Rules.TemplateRules.Check(_facts, _violations, isUpdate: false);
        return _violations.Count;
    }

    [Benchmark(Description = "Build() without serializing")]
    public object BuildOnly() => _builder.Build();

    [Benchmark(Description = "builder → request (no rules)")]
    public object ToRequestOnly() => _builder.ToRequest();

    [Benchmark(Description = "hand-built DTO (not serialized)")]
    public object HandBuiltOnly() => HandBuilt();

    [Benchmark(Description = "Serialize (prebuilt request)")]
    public string SerializeOnly() => TemplateJson.Serialize(_request);
}
