// The API's string enums, with their exact wire spellings. Dependency-free: linked into the analyzer.
using System;
using System.Collections.Generic;

namespace RunAi.TemplateDsl;

/// <summary>The scope in which an asset can be used (spec: <c>Scope</c>). The highest scope, <c>system</c>, is intended for internal purposes only.</summary>
public sealed partial class Scope : WireValue<Scope>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public Scope(string value) : base(value) { }

    /// <summary><c>system</c>: The system scope, intended for internal purposes only.</summary>
    public static Scope System { get; } = new("system");

    /// <summary><c>tenant</c>: The whole tenant.</summary>
    public static Scope Tenant { get; } = new("tenant");

    /// <summary><c>cluster</c>: One cluster (needs a cluster id).</summary>
    public static Scope Cluster { get; } = new("cluster");

    /// <summary><c>department</c>: One department (needs a department id).</summary>
    public static Scope Department { get; } = new("department");

    /// <summary><c>project</c>: One project (needs a project id).</summary>
    public static Scope Project { get; } = new("project");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<Scope> KnownValues { get; } = Array.AsReadOnly(new[] { System, Tenant, Cluster, Department, Project });

    /// <inheritdoc />
    protected override IReadOnlyList<Scope> KnownValuesOf() => KnownValues;
}

/// <summary>The kind of an asset (spec: <c>AssetKind</c>).</summary>
public sealed partial class AssetKind : WireValue<AssetKind>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public AssetKind(string value) : base(value) { }

    /// <summary><c>compute</c>.</summary>
    public static AssetKind Compute { get; } = new("compute");

    /// <summary><c>environment</c>.</summary>
    public static AssetKind Environment { get; } = new("environment");

    /// <summary><c>accessKey</c>.</summary>
    public static AssetKind AccessKey { get; } = new("accessKey");

    /// <summary><c>dockerRegistry</c>.</summary>
    public static AssetKind DockerRegistry { get; } = new("dockerRegistry");

    /// <summary><c>password</c>.</summary>
    public static AssetKind Password { get; } = new("password");

    /// <summary><c>genericSecret</c>.</summary>
    public static AssetKind GenericSecret { get; } = new("genericSecret");

    /// <summary><c>registry</c>.</summary>
    public static AssetKind Registry { get; } = new("registry");

    /// <summary><c>s3</c>.</summary>
    public static AssetKind S3 { get; } = new("s3");

    /// <summary><c>git</c>.</summary>
    public static AssetKind Git { get; } = new("git");

    /// <summary><c>nfs</c>.</summary>
    public static AssetKind Nfs { get; } = new("nfs");

    /// <summary><c>pvc</c>.</summary>
    public static AssetKind Pvc { get; } = new("pvc");

    /// <summary><c>hostPath</c>.</summary>
    public static AssetKind HostPath { get; } = new("hostPath");

    /// <summary><c>workload-template</c>.</summary>
    public static AssetKind WorkloadTemplate { get; } = new("workload-template");

    /// <summary><c>model</c>.</summary>
    public static AssetKind Model { get; } = new("model");

    /// <summary><c>config-map</c>.</summary>
    public static AssetKind ConfigMap { get; } = new("config-map");

    /// <summary><c>secret-volume</c>.</summary>
    public static AssetKind SecretVolume { get; } = new("secret-volume");

    /// <summary><c>data-volume</c>.</summary>
    public static AssetKind DataVolume { get; } = new("data-volume");

    /// <summary><c>ngcApiKey</c>.</summary>
    public static AssetKind NgcApiKey { get; } = new("ngcApiKey");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<AssetKind> KnownValues { get; } = Array.AsReadOnly(new[] { Compute, Environment, AccessKey, DockerRegistry, Password, GenericSecret, Registry, S3, Git, Nfs, Pvc, HostPath, WorkloadTemplate, Model, ConfigMap, SecretVolume, DataVolume, NgcApiKey });

    /// <inheritdoc />
    protected override IReadOnlyList<AssetKind> KnownValuesOf() => KnownValues;
}

/// <summary>A tool type of an environment's connections (spec: <c>ToolType</c>).</summary>
public sealed partial class ToolType : WireValue<ToolType>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public ToolType(string value) : base(value) { }

    /// <summary><c>jupyter-notebook</c>.</summary>
    public static ToolType JupyterNotebook { get; } = new("jupyter-notebook");

    /// <summary><c>pycharm</c>.</summary>
    public static ToolType PyCharm { get; } = new("pycharm");

    /// <summary><c>visual-studio-code</c>.</summary>
    public static ToolType VisualStudioCode { get; } = new("visual-studio-code");

    /// <summary><c>tensorboard</c>.</summary>
    public static ToolType TensorBoard { get; } = new("tensorboard");

    /// <summary><c>rstudio</c>.</summary>
    public static ToolType RStudio { get; } = new("rstudio");

    /// <summary><c>mlflow</c>.</summary>
    public static ToolType MLflow { get; } = new("mlflow");

    /// <summary><c>custom</c>.</summary>
    public static ToolType Custom { get; } = new("custom");

    /// <summary><c>wandb</c>.</summary>
    public static ToolType Wandb { get; } = new("wandb");

    /// <summary><c>matlab</c>.</summary>
    public static ToolType Matlab { get; } = new("matlab");

    /// <summary><c>comet</c>.</summary>
    public static ToolType Comet { get; } = new("comet");

    /// <summary><c>chatbot-ui</c>.</summary>
    public static ToolType ChatbotUi { get; } = new("chatbot-ui");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<ToolType> KnownValues { get; } = Array.AsReadOnly(new[] { JupyterNotebook, PyCharm, VisualStudioCode, TensorBoard, RStudio, MLflow, Custom, Wandb, Matlab, Comet, ChatbotUi });

    /// <inheritdoc />
    protected override IReadOnlyList<ToolType> KnownValuesOf() => KnownValues;
}

/// <summary>The distributed training framework (spec: <c>DistributedFramework</c>). <c>JAX</c> is valid for a workload's <c>spec.distributed</c> but not for <c>meta.workloadSupportedTypes.distFramework</c> (rule RAI2002).</summary>
public sealed partial class DistributedFramework : WireValue<DistributedFramework>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public DistributedFramework(string value) : base(value) { }

    /// <summary><c>MPI</c>.</summary>
    public static DistributedFramework Mpi { get; } = new("MPI");

    /// <summary><c>PyTorch</c>.</summary>
    public static DistributedFramework PyTorch { get; } = new("PyTorch");

    /// <summary><c>TF</c>: TensorFlow.</summary>
    public static DistributedFramework TF { get; } = new("TF");

    /// <summary><c>XGBoost</c>.</summary>
    public static DistributedFramework XGBoost { get; } = new("XGBoost");

    /// <summary><c>JAX</c>: JAX (not accepted as a template's supported framework, RAI2002).</summary>
    public static DistributedFramework Jax { get; } = new("JAX");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<DistributedFramework> KnownValues { get; } = Array.AsReadOnly(new[] { Mpi, PyTorch, TF, XGBoost, Jax });

    /// <inheritdoc />
    protected override IReadOnlyList<DistributedFramework> KnownValuesOf() => KnownValues;
}

/// <summary>A node selector operator: a key's relationship to a set of values (spec: <c>MatchExpressionOperator</c>).</summary>
public sealed partial class MatchOperator : WireValue<MatchOperator>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public MatchOperator(string value) : base(value) { }

    /// <summary><c>In</c>: The label's value is one of the values (needs at least one value).</summary>
    public static MatchOperator In { get; } = new("In");

    /// <summary><c>NotIn</c>: The label's value is none of the values (needs at least one value).</summary>
    public static MatchOperator NotIn { get; } = new("NotIn");

    /// <summary><c>Exists</c>: The label exists (takes no values).</summary>
    public static MatchOperator Exists { get; } = new("Exists");

    /// <summary><c>DoesNotExist</c>: The label does not exist (takes no values).</summary>
    public static MatchOperator DoesNotExist { get; } = new("DoesNotExist");

    /// <summary><c>Gt</c>: The label's value, as an integer, is greater than the single value.</summary>
    public static MatchOperator Gt { get; } = new("Gt");

    /// <summary><c>Lt</c>: The label's value, as an integer, is less than the single value.</summary>
    public static MatchOperator Lt { get; } = new("Lt");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<MatchOperator> KnownValues { get; } = Array.AsReadOnly(new[] { In, NotIn, Exists, DoesNotExist, Gt, Lt });

    /// <inheritdoc />
    protected override IReadOnlyList<MatchOperator> KnownValuesOf() => KnownValues;
}

/// <summary>The pod affinity type, required or preferred (spec: <c>PodAffinityType</c>).</summary>
public sealed partial class PodAffinityType : WireValue<PodAffinityType>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public PodAffinityType(string value) : base(value) { }

    /// <summary><c>Required</c>.</summary>
    public static PodAffinityType Required { get; } = new("Required");

    /// <summary><c>Preferred</c>.</summary>
    public static PodAffinityType Preferred { get; } = new("Preferred");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<PodAffinityType> KnownValues { get; } = Array.AsReadOnly(new[] { Required, Preferred });

    /// <inheritdoc />
    protected override IReadOnlyList<PodAffinityType> KnownValuesOf() => KnownValues;
}

/// <summary>Whether a workload can be preempted by higher-priority workloads (spec: <c>Preemptibility</c>).</summary>
public sealed partial class Preemptibility : WireValue<Preemptibility>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public Preemptibility(string value) : base(value) { }

    /// <summary><c>preemptible</c>.</summary>
    public static Preemptibility Preemptible { get; } = new("preemptible");

    /// <summary><c>non-preemptible</c>.</summary>
    public static Preemptibility NonPreemptible { get; } = new("non-preemptible");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<Preemptibility> KnownValues { get; } = Array.AsReadOnly(new[] { Preemptible, NonPreemptible });

    /// <inheritdoc />
    protected override IReadOnlyList<Preemptibility> KnownValuesOf() => KnownValues;
}

/// <summary>The restart policy of the workload's pods (spec: <c>RestartPolicy</c>).</summary>
public sealed partial class RestartPolicy : WireValue<RestartPolicy>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public RestartPolicy(string value) : base(value) { }

    /// <summary><c>Always</c>.</summary>
    public static RestartPolicy Always { get; } = new("Always");

    /// <summary><c>Never</c>.</summary>
    public static RestartPolicy Never { get; } = new("Never");

    /// <summary><c>OnFailure</c>.</summary>
    public static RestartPolicy OnFailure { get; } = new("OnFailure");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<RestartPolicy> KnownValues { get; } = Array.AsReadOnly(new[] { Always, Never, OnFailure });

    /// <inheritdoc />
    protected override IReadOnlyList<RestartPolicy> KnownValuesOf() => KnownValues;
}

/// <summary>A toleration key's relationship to the value (spec: <c>TolerationOperator</c>).</summary>
public sealed partial class TolerationOperator : WireValue<TolerationOperator>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public TolerationOperator(string value) : base(value) { }

    /// <summary><c>Equal</c>: Matches the key and the value.</summary>
    public static TolerationOperator Equal { get; } = new("Equal");

    /// <summary><c>Exists</c>: Matches any value of the key; takes no value (RAI3008).</summary>
    public static TolerationOperator Exists { get; } = new("Exists");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<TolerationOperator> KnownValues { get; } = Array.AsReadOnly(new[] { Equal, Exists });

    /// <inheritdoc />
    protected override IReadOnlyList<TolerationOperator> KnownValuesOf() => KnownValues;
}

/// <summary>The taint effect a toleration matches (spec: <c>TolerationEffect</c>).</summary>
public sealed partial class TolerationEffect : WireValue<TolerationEffect>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public TolerationEffect(string value) : base(value) { }

    /// <summary><c>NoSchedule</c>.</summary>
    public static TolerationEffect NoSchedule { get; } = new("NoSchedule");

    /// <summary><c>NoExecute</c>: The only effect that accepts toleration seconds (RAI3009).</summary>
    public static TolerationEffect NoExecute { get; } = new("NoExecute");

    /// <summary><c>PreferNoSchedule</c>.</summary>
    public static TolerationEffect PreferNoSchedule { get; } = new("PreferNoSchedule");

    /// <summary><c>Any</c>.</summary>
    public static TolerationEffect Any { get; } = new("Any");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<TolerationEffect> KnownValues { get; } = Array.AsReadOnly(new[] { NoSchedule, NoExecute, PreferNoSchedule, Any });

    /// <inheritdoc />
    protected override IReadOnlyList<TolerationEffect> KnownValuesOf() => KnownValues;
}

/// <summary>Who can send inference requests to the serving endpoint (spec: <c>ServingPortAccessAuthorizationTypeEnum</c>).</summary>
public sealed partial class AuthorizationType : WireValue<AuthorizationType>
{
    /// <summary>Creates a value from its wire spelling; any spelling is accepted, see <see cref="WireValue{T}.IsKnown"/>.</summary>
    /// <param name="value">The exact string the API uses.</param>
    public AuthorizationType(string value) : base(value) { }

    /// <summary><c>public</c>: No authorization is required (the default).</summary>
    public static AuthorizationType Public { get; } = new("public");

    /// <summary><c>authenticatedUsers</c>: Any authenticated user or service account.</summary>
    public static AuthorizationType AuthenticatedUsers { get; } = new("authenticatedUsers");

    /// <summary><c>authorizedUsers</c>: Only the users listed in authorizedUsers.</summary>
    public static AuthorizationType AuthorizedUsers { get; } = new("authorizedUsers");

    /// <summary><c>authorizedGroups</c>: Only members of the groups listed in authorizedGroups.</summary>
    public static AuthorizationType AuthorizedGroups { get; } = new("authorizedGroups");

    /// <summary><c>authorizedUsersOrGroups</c>: Exactly one of authorizedUsers or authorizedGroups (cluster 2.19 and later).</summary>
    public static AuthorizationType AuthorizedUsersOrGroups { get; } = new("authorizedUsersOrGroups");

    /// <summary>Every value this version knows, in the order of the API description (read-only).</summary>
    public static IReadOnlyList<AuthorizationType> KnownValues { get; } = Array.AsReadOnly(new[] { Public, AuthenticatedUsers, AuthorizedUsers, AuthorizedGroups, AuthorizedUsersOrGroups });

    /// <inheritdoc />
    protected override IReadOnlyList<AuthorizationType> KnownValuesOf() => KnownValues;
}
