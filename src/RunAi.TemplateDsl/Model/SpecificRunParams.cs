using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl;

/// <summary>
/// Parameters which apply to a specific workload; they complement the information gathered from the
/// template's assets (spec: <c>SpecificRunParams</c>, its <c>allOf</c> parts merged into one type).
/// </summary>
public sealed class SpecificRunParams : WireObject
{
    /// <summary>Connections of the environment's tools, correlated by name with the environment asset.</summary>
    public List<SpecificRunConnectionInfo>? Connections { get; set; }

    /// <summary>Annotations to populate into the container (at most 1000).</summary>
    public List<Annotation>? Annotations { get; set; }

    /// <summary>Arguments to the command the container runs, 1–10000 characters.</summary>
    public string? Args { get; set; }

    /// <summary>Seconds after which a finished workload is deleted automatically (default 30 days).</summary>
    public long? AutoDeletionTimeAfterCompletionSeconds { get; set; }

    /// <summary>Retries before the workload is marked failed (default 6; not for inference, RAI2006).</summary>
    public long? BackoffLimit { get; set; }

    /// <summary>The workload category, used to classify and monitor workloads.</summary>
    public string? Category { get; set; }

    /// <summary>The entry point command of the container, 1–10000 characters.</summary>
    public string? Command { get; set; }

    /// <summary>Successful pods needed to complete (standard training only, RAI2005).</summary>
    public int? Completions { get; set; }

    /// <summary>Environment variables to populate into the container.</summary>
    public List<EnvironmentVariableOfAsset>? EnvironmentVariables { get; set; }

    /// <summary>Kubernetes secrets used to pull container images (at most 1000).</summary>
    public List<ImagePullSecret>? ImagePullSecrets { get; set; }

    /// <summary>Labels to populate into the container (at most 1000).</summary>
    public List<Label>? Labels { get; set; }

    /// <summary>Required node affinity: the pod is scheduled only on nodes that match.</summary>
    public NodeAffinityRequired? NodeAffinityRequired { get; set; }

    /// <summary>A prioritized list of node pools (at most 1000, each at most 63 characters).</summary>
    public List<string>? NodePools { get; set; }

    /// <summary>The node type (a node label value) the workload runs on.</summary>
    public string? NodeType { get; set; }

    /// <summary>The maximum number of pods running at once (standard training only, RAI2005).</summary>
    public int? Parallelism { get; set; }

    /// <summary>Pod affinity scheduling rules.</summary>
    public PodAffinity? PodAffinity { get; set; }

    /// <summary>Whether the workload can be preempted; takes precedence over the priority class's default.</summary>
    public Preemptibility? Preemptibility { get; set; }

    /// <summary>The priority class: very-low, low, medium-low, medium, medium-high, high or very-high (RAI3006).</summary>
    public string? PriorityClass { get; set; }

    /// <summary>The restart policy of the workload's pods.</summary>
    public RestartPolicy? RestartPolicy { get; set; }

    /// <summary>The group id the container's entry point runs as.</summary>
    public long? RunAsGid { get; set; }

    /// <summary>The user id the container's entry point runs as.</summary>
    public long? RunAsUid { get; set; }

    /// <summary>Comma-separated supplementary group ids; empty reverts to the image's groups (RAI6004).</summary>
    public string? SupplementalGroups { get; set; }

    /// <summary>Whether the job is terminated after it has been preempted.</summary>
    public bool? TerminateAfterPreemption { get; set; }

    /// <summary>Seconds the pod gets to terminate gracefully; at least 0.</summary>
    public long? TerminationGracePeriodSeconds { get; set; }

    /// <summary>Tolerations to apply to the workload (at most 1000).</summary>
    public List<Toleration>? Tolerations { get; set; }

    /// <summary>Whether the workload may exceed the project's quota.</summary>
    public bool? AllowOverQuota { get; set; }

    /// <summary>Autoscaling of an inference workload.</summary>
    public SpecificRunAutoScaling? AutoScaling { get; set; }

    /// <summary>Who can send inference requests to the serving endpoint.</summary>
    public ServingPortAccess? ServingPortAccess { get; set; }
}

/// <summary>A connection of the environment's tools (spec: <c>SpecificRunConnectionInfo</c>).</summary>
public sealed class SpecificRunConnectionInfo : WireObject
{
    /// <summary>Unique name of the connection, correlated with the environment asset's connection (RAI5004).</summary>
    public string? Name { get; set; }

    /// <summary>The host port connected with the container port, 0–65535.</summary>
    public int? NodePort { get; set; }

    /// <summary>The URL associated with the container port.</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>Users or applications allowed to access the URL; exclusive with <see cref="AuthorizedGroups"/> (RAI5001).</summary>
    public List<string>? AuthorizedUsers { get; set; }

    /// <summary>Groups allowed to access the connection; exclusive with <see cref="AuthorizedUsers"/> (RAI5001).</summary>
    public List<string>? AuthorizedGroups { get; set; }
}

/// <summary>An annotation populated into the container (spec: <c>Annotation</c>).</summary>
public sealed class Annotation : WireObject
{
    /// <summary>The name of the annotation (mandatory), at most 63 characters.</summary>
    public string? Name { get; set; }

    /// <summary>The value of the annotation, at most 10000 characters.</summary>
    public string? Value { get; set; }

    /// <summary>True to exclude an annotation the policy's defaults define.</summary>
    public bool? Exclude { get; set; }
}

/// <summary>A label populated into the container (spec: <c>Label</c>).</summary>
public sealed class Label : WireObject
{
    /// <summary>The name of the label (mandatory), at most 63 characters.</summary>
    public string? Name { get; set; }

    /// <summary>The value of the label.</summary>
    public string? Value { get; set; }

    /// <summary>True to exclude a label the policy's defaults define.</summary>
    public bool? Exclude { get; set; }
}

/// <summary>An environment variable populated into the container (spec: <c>EnvironmentVariableOfAsset</c>).</summary>
public sealed class EnvironmentVariableOfAsset : WireObject
{
    /// <summary>The name of the variable (mandatory).</summary>
    public string? Name { get; set; }

    /// <summary>A plain value; exclusive with the other sources (RAI6001).</summary>
    public string? Value { get; set; }

    /// <summary>A secret and key the value comes from; exclusive with the other sources.</summary>
    public EnvironmentVariableCredential? Credential { get; set; }

    /// <summary>A config map and key the value comes from; exclusive with the other sources.</summary>
    public EnvironmentVariableConfigMap? ConfigMap { get; set; }

    /// <summary>A pod field the value comes from; exclusive with the other sources.</summary>
    public EnvironmentVariablePodFieldReference? PodFieldRef { get; set; }

    /// <summary>True to exclude a variable the policy's defaults define.</summary>
    public bool? Exclude { get; set; }

    /// <summary>A description of the variable.</summary>
    public string? Description { get; set; }
}

/// <summary>The secret asset and key an environment variable comes from (spec: <c>EnvironmentVariableCredential</c>).</summary>
public sealed class EnvironmentVariableCredential : WireObject
{
    /// <summary>The id (UUID) of the credential asset (mandatory).</summary>
    public string? AssetId { get; set; }

    /// <summary>The key in the secret (mandatory).</summary>
    public string? Key { get; set; }
}

/// <summary>The config map and key an environment variable comes from (spec: <c>EnvironmentVariableConfigMap</c>).</summary>
public sealed class EnvironmentVariableConfigMap : WireObject
{
    /// <summary>The name of the config map (mandatory), a DNS label of at most 253 characters.</summary>
    public string? Name { get; set; }

    /// <summary>The key in the config map (mandatory), at most 63 characters.</summary>
    public string? Key { get; set; }
}

/// <summary>The pod field an environment variable comes from (spec: <c>EnvironmentVariablePodFieldReference</c>).</summary>
public sealed class EnvironmentVariablePodFieldReference : WireObject
{
    /// <summary>The field path (mandatory), e.g. <c>metadata.name</c>.</summary>
    public string? Path { get; set; }
}

/// <summary>A secret used to pull container images (spec: <c>ImagePullSecret</c>).</summary>
public sealed class ImagePullSecret : WireObject
{
    /// <summary>The name of the Kubernetes secret (mandatory), a DNS label of at most 253 characters.</summary>
    public string? Name { get; set; }

    /// <summary>Whether the secret is a user credential, accessible only by its creator.</summary>
    public bool? UserCredential { get; set; }

    /// <summary>True to exclude a secret the policy's defaults define.</summary>
    public bool? Exclude { get; set; }
}

/// <summary>Required node affinity (spec: <c>NodeAffinityRequired</c>).</summary>
public sealed class NodeAffinityRequired : WireObject
{
    /// <summary>Node selector terms, ORed (at most 1000).</summary>
    public List<NodeSelectorTerm>? NodeSelectorTerms { get; set; }
}

/// <summary>A node selector term: its requirements are ANDed (spec: <c>NodeSelectorTerm</c>).</summary>
public sealed class NodeSelectorTerm : WireObject
{
    /// <summary>Requirements on the node's labels (at most 1000). An empty term matches no nodes (RAI3005).</summary>
    public List<MatchExpression>? MatchExpressions { get; set; }
}

/// <summary>A requirement on a node label (spec: <c>MatchExpression</c>).</summary>
public sealed class MatchExpression : WireObject
{
    /// <summary>The label key (mandatory), at most 63 characters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string Key { get; set; }

    /// <summary>The key's relationship to the values (mandatory).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required MatchOperator Operator { get; set; }

    /// <summary>The values: none for Exists/DoesNotExist, one integer for Gt/Lt, at least one for In/NotIn.</summary>
    public List<string>? Values { get; set; }
}

/// <summary>Pod affinity scheduling rules (spec: <c>PodAffinity</c>).</summary>
public sealed class PodAffinity : WireObject
{
    /// <summary>Required or preferred (mandatory).</summary>
    public PodAffinityType? Type { get; set; }

    /// <summary>The label key (mandatory), at most 63 characters.</summary>
    public string? Key { get; set; }
}

/// <summary>A toleration of a node taint (spec: <c>Toleration</c>).</summary>
public sealed class Toleration : WireObject
{
    /// <summary>The name of the toleration, 1–253 characters.</summary>
    public string? Name { get; set; }

    /// <summary>Equal or Exists (mandatory).</summary>
    public TolerationOperator? Operator { get; set; }

    /// <summary>The taint key (mandatory), at most 253 characters.</summary>
    public string? Key { get; set; }

    /// <summary>The taint value, with <c>Equal</c> only (RAI3008).</summary>
    public string? Value { get; set; }

    /// <summary>The taint effect to match (mandatory).</summary>
    public TolerationEffect? Effect { get; set; }

    /// <summary>
    /// How long the taint is tolerated, at least 1; with effect NoExecute only (RAI3009). The spec gives the integer no
    /// format, and Kubernetes' tolerationSeconds is 64-bit: a value past <see cref="int.MaxValue"/> is read, not refused.
    /// </summary>
    public long? Seconds { get; set; }

    /// <summary>True to exclude a toleration the policy's defaults define.</summary>
    public bool? Exclude { get; set; }
}

/// <summary>
/// Autoscaling of an inference workload (spec: the <c>autoScaling</c> member of <c>SpecificRunAutoScaling</c>,
/// i.e. <c>AutoScalingCommonFields</c> + <c>SpecificRunMetricFields</c>).
/// </summary>
public sealed class SpecificRunAutoScaling : WireObject
{
    /// <summary>Percentage of the threshold used for autoscaling, 1–100 (default 70); throughput and concurrency only.</summary>
    public double? MetricThresholdPercentage { get; set; }

    /// <summary>Minimum replicas, at least 0 (default 1); 0 allows scale-to-zero.</summary>
    public int? MinReplicas { get; set; }

    /// <summary>Maximum replicas, at least 1 and at least <see cref="MinReplicas"/>.</summary>
    public int? MaxReplicas { get; set; }

    /// <summary>Replicas when first initialized, at least 0, at most <see cref="MaxReplicas"/>.</summary>
    public int? InitialReplicas { get; set; }

    /// <summary>Replicas when scaling up from zero, at least 1, at most <see cref="MaxReplicas"/>.</summary>
    public int? ActivationReplicas { get; set; }

    /// <summary>Maximum concurrent requests to one replica; 0 means no limit.</summary>
    public int? ConcurrencyHardLimit { get; set; }

    /// <summary>Seconds the last replica stays after a scale-to-zero decision, 0–3600; needs minReplicas 0.</summary>
    public int? ScaleToZeroRetentionSeconds { get; set; }

    /// <summary>Seconds a replica stays after a scale-down decision, 0–3600.</summary>
    public int? ScaleDownDelaySeconds { get; set; }

    /// <summary>Deprecated and ignored by the server (RAI4008).</summary>
    public int? InitializationTimeoutSeconds { get; set; }

    /// <summary>The metric: throughput, concurrency, latency or a custom metric name.</summary>
    public string? ThresholdMetric { get; set; }

    /// <summary>The threshold value for the metric.</summary>
    public int? ThresholdValue { get; set; }
}

/// <summary>Who can send inference requests to the serving endpoint (spec: <c>ServingPortAccess</c>).</summary>
public sealed class ServingPortAccess : WireObject
{
    /// <summary>The authorization type (default public).</summary>
    public AuthorizationType? AuthorizationType { get; set; }

    /// <summary>Users and service accounts allowed; exclusive with <see cref="AuthorizedGroups"/> (RAI5001).</summary>
    public List<string>? AuthorizedUsers { get; set; }

    /// <summary>Groups allowed; exclusive with <see cref="AuthorizedUsers"/> (RAI5001).</summary>
    public List<string>? AuthorizedGroups { get; set; }

    /// <summary>Serve on the cluster-local network only (default false).</summary>
    public bool? ClusterLocalAccessOnly { get; set; }
}
