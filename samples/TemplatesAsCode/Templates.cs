using RunAi.TemplateDsl;
using RunAi.TemplateDsl.AsCode;

namespace TemplatesAsCode;

/// <summary>The template set of a (fictional) ML platform team, declared once and shared by every project.</summary>
public static class Templates
{
    public const string PyTorchEnvironment = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
    public const string JupyterEnvironment = "2c4e6a8b-1d3f-4b5c-9e7a-0f1b2c3d4e5f";
    public const string VllmEnvironment = "4d6f8b0c-3e5a-4c7d-8f9b-1a2b3c4d5e6f";
    public const string EightGpus = "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    public const string OneGpu = "6e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5c";
    public const string ImageNet = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";

    /// <summary>What every GPU template shares: A100 pools first, GPU taint tolerated, team label.</summary>
    public static readonly TemplateBuilder GpuBase = Template.Named("gpu-base")
        .InTenant()
        .WithNodePools("a100", "h100")
        .TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule)
        .AddLabel("team", "ml-platform");

    public static TemplateBuilder PyTorchDdp { get; } = GpuBase
        .Named("pytorch-ddp")
        .WithDescription("PyTorch DDP, 4 workers on 8-GPU nodes")
        .InProject(42)
        .WithEnvironment(PyTorchEnvironment)
        .WithCompute(EightGpus)
        .AddDataSource(DataSourceKind.Pvc, ImageNet, containerPath: "/data")
        .Distributed(DistributedFramework.PyTorch, workers: 4)
        .WithNodeAffinity(n => n.Term(t => t
            .Gt("nvidia.com/gpu.count", 4)
            .In("topology.kubernetes.io/zone", "zone-a", "zone-b")))
        .WithCommand("torchrun train.py")
        .WithPriorityClass(PriorityClasses.High)
        .WithPreemptibility(Preemptibility.NonPreemptible);

    public static TemplateBuilder Notebook { get; } = Template.Named("jupyter-notebook")
        .WithDescription("Interactive notebook on one GPU")
        .InTenant()
        .ForWorkspace()
        .WithEnvironment(JupyterEnvironment)
        .WithCompute(OneGpu)
        .AddConnection("jupyter", c => c.AuthorizedGroups("ml-team"))
        .AddEnvironmentVariable("JUPYTER_ENABLE_LAB", "yes");

    public static TemplateBuilder LlmServing { get; } = GpuBase
        .Named("llm-serving")
        .WithDescription("vLLM inference that scales to zero when idle")
        .InDepartment("7")
        .ForInference()
        .WithEnvironment(VllmEnvironment)
        .WithCompute(OneGpu)
        .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(4)
            .ScaleToZeroRetention(300)
            .Metric(AutoscalingMetrics.Concurrency, 8))
        .WithServingPortAccess(s => s.OnlyGroups("ml-team"));

    /// <summary>Every template, in the order plans list them.</summary>
    public static IReadOnlyList<TemplateBuilder> All { get; } = [PyTorchDdp, Notebook, LlmServing];

    /// <summary>The desired state the command host plans and applies: each template under its name as address.</summary>
    public static TemplateSet Set { get; } = TemplateSet.Of(All);
}
