using System.Collections.Immutable;

namespace RunAi.TemplateDsl;

/// <summary>The immutable state behind <see cref="RunParamsBuilder{TSelf}"/>: one value per member of <see cref="SpecificRunParams"/>.</summary>
internal sealed record RunParamsState
{
    public static readonly RunParamsState Empty = new();

    public ImmutableArray<SpecificRunConnectionInfo> Connections { get; init; } = [];

    public ImmutableArray<Annotation> Annotations { get; init; } = [];

    public string? Args { get; init; }

    public long? AutoDeletionTimeAfterCompletionSeconds { get; init; }

    public long? BackoffLimit { get; init; }

    public string? Category { get; init; }

    public string? Command { get; init; }

    public int? Completions { get; init; }

    public ImmutableArray<EnvironmentVariableOfAsset> EnvironmentVariables { get; init; } = [];

    public ImmutableArray<ImagePullSecret> ImagePullSecrets { get; init; } = [];

    public ImmutableArray<Label> Labels { get; init; } = [];

    public NodeAffinityBuilder? NodeAffinity { get; init; }

    public ImmutableArray<string>? NodePools { get; init; }

    public string? NodeType { get; init; }

    public int? Parallelism { get; init; }

    public PodAffinity? PodAffinity { get; init; }

    public Preemptibility? Preemptibility { get; init; }

    public string? PriorityClass { get; init; }

    public RestartPolicy? RestartPolicy { get; init; }

    public long? RunAsGid { get; init; }

    public long? RunAsUid { get; init; }

    public string? SupplementalGroups { get; init; }

    public bool? TerminateAfterPreemption { get; init; }

    public long? TerminationGracePeriodSeconds { get; init; }

    public ImmutableArray<Toleration> Tolerations { get; init; } = [];

    public bool? AllowOverQuota { get; init; }

    public AutoscalingBuilder? Autoscaling { get; init; }

    public ServingPortAccessBuilder? ServingPortAccess { get; init; }

    /// <summary>Whether nothing is set (every list empty, every value unset): what a removal can leave.</summary>
    public bool IsEmpty =>
        Connections.IsEmpty && Annotations.IsEmpty && EnvironmentVariables.IsEmpty && ImagePullSecrets.IsEmpty && Labels.IsEmpty && Tolerations.IsEmpty
        && Args is null && AutoDeletionTimeAfterCompletionSeconds is null && BackoffLimit is null && Category is null && Command is null
        && Completions is null && NodeAffinity is null && NodePools is null && NodeType is null && Parallelism is null && PodAffinity is null
        && Preemptibility is null && PriorityClass is null && RestartPolicy is null && RunAsGid is null && RunAsUid is null
        && SupplementalGroups is null && TerminateAfterPreemption is null && TerminationGracePeriodSeconds is null && AllowOverQuota is null
        && Autoscaling is null && ServingPortAccess is null;

    /// <summary>The wire object; null when nothing is set. Every object returned is new.</summary>
    public SpecificRunParams? ToWire()
    {
        if (ReferenceEquals(this, Empty))
        {
            return null;
        }

        return new SpecificRunParams
        {
            Connections = DslClone.Map(Connections, DslClone.Of),
            Annotations = DslClone.Map(Annotations, DslClone.Of),
            Args = Args,
            AutoDeletionTimeAfterCompletionSeconds = AutoDeletionTimeAfterCompletionSeconds,
            BackoffLimit = BackoffLimit,
            Category = Category,
            Command = Command,
            Completions = Completions,
            EnvironmentVariables = DslClone.Map(EnvironmentVariables, DslClone.Of),
            ImagePullSecrets = DslClone.Map(ImagePullSecrets, DslClone.Of),
            Labels = DslClone.Map(Labels, DslClone.Of),
            NodeAffinityRequired = NodeAffinity?.ToWire(),
            NodePools = NodePools is { } pools ? [.. pools] : null,
            NodeType = NodeType,
            Parallelism = Parallelism,
            PodAffinity = PodAffinity is { } pa ? new PodAffinity { Type = pa.Type, Key = pa.Key } : null,
            Preemptibility = Preemptibility,
            PriorityClass = PriorityClass,
            RestartPolicy = RestartPolicy,
            RunAsGid = RunAsGid,
            RunAsUid = RunAsUid,
            SupplementalGroups = SupplementalGroups,
            TerminateAfterPreemption = TerminateAfterPreemption,
            TerminationGracePeriodSeconds = TerminationGracePeriodSeconds,
            Tolerations = DslClone.Map(Tolerations, DslClone.Of),
            AllowOverQuota = AllowOverQuota,
            AutoScaling = Autoscaling?.ToWire(),
            ServingPortAccess = ServingPortAccess?.ToWire(),
        };
    }
}
