using System.Collections.Immutable;
using System.ComponentModel;
using System.Globalization;
using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl;

/// <summary>The entry point of the DSL.</summary>
[WireBuilder("")]
public static class Template
{
    /// <summary>Starts a template declaration.</summary>
    /// <param name="name">The template's name, unique within its scope.</param>
    /// <returns>An immutable builder; declare the scope (e.g. <c>InProject(42)</c>) and the environment next.</returns>
    [WireField("spec.assets")]
    public static TemplateBuilder Named([WireField("meta.name")] string name) => new(TemplateState.Empty with { Name = name });
}

/// <summary>The immutable state behind <see cref="TemplateBuilder"/>.</summary>
internal sealed record TemplateState
{
    public static readonly TemplateState Empty = new();

    public string? Name { get; init; }

    public string? Description { get; init; }

    public Scope? Scope { get; init; }

    public int? ProjectId { get; init; }

    public string? DepartmentId { get; init; }

    public string? ClusterId { get; init; }

    public bool? AutoDelete { get; init; }

    public bool? Private { get; init; }

    public bool? Training { get; init; }

    public bool? Workspace { get; init; }

    public bool? Inference { get; init; }

    public AssetsState Assets { get; init; } = AssetsState.Empty;

    public DistributedFramework? Framework { get; init; }

    public int? Workers { get; init; }

    public bool? NoMaster { get; init; }

    public MasterBuilder? Master { get; init; }

    public RunParamsState Params { get; init; } = RunParamsState.Empty;
}

/// <summary>The assets of a template or of a distributed master.</summary>
internal sealed record AssetsState
{
    public static readonly AssetsState Empty = new();

    public string? Environment { get; init; }

    public string? Compute { get; init; }

    public ImmutableArray<AssetIdAndKind> DataSources { get; init; } = [];

    public ImmutableArray<string> WorkloadVolumes { get; init; } = [];

    public ImmutableArray<ToolType> ToolTypes { get; init; } = [];

    public AssetsIds ToIds() => new()
    {
        Environment = Environment!,
        Compute = Compute,
        Datasources = DslClone.Map(DataSources, DslClone.Of),
        WorkloadVolumes = WorkloadVolumes.IsEmpty ? null : [.. WorkloadVolumes],
    };

    public AssetsRef? ToRefs() => Environment is null && Compute is null && DataSources.IsEmpty && WorkloadVolumes.IsEmpty && ToolTypes.IsEmpty
        ? null
        : new AssetsRef
        {
            Environment = new EnvironmentAssetRef { Id = Environment!, ToolTypes = ToolTypes.IsEmpty ? null : [.. ToolTypes] },
            Compute = Compute is null ? null : new AssetRef { Id = Compute },
            Datasources = DslClone.Map(DataSources, d => new DatasourceRef { Id = d.Id, Kind = d.Kind, Overrides = DslClone.Of(d.Overrides) }),
            WorkloadVolumes = WorkloadVolumes.IsEmpty ? null : [.. WorkloadVolumes],
        };

    public AssetsState AddDataSource(AssetKind kind, string id, string? containerPath) => this with
    {
        DataSources = DataSources.Add(new AssetIdAndKind { Id = id, Kind = kind, Overrides = containerPath is null ? null : new DataSourceOverrides { ContainerPath = containerPath } }),
    };
}

/// <summary>
/// Declares a workload template. Immutable: every call returns a new builder, so a base template can be shared and
/// specialised (<c>var gpu = baseTemplate.WithCompute(..)</c>). Methods named <c>With…</c>/<c>In…</c> replace a value;
/// <c>Add…</c>, <c>Exclude…</c> and <c>Tolerate…</c> append; <c>Remove…</c> removes the items of a list by name (or id,
/// or key), e.g. what a shared base declares and a variant does not want. <see cref="Build"/> checks the rule catalog
/// and returns the API's creation request.
/// <para>
/// What a call refuses at once and what <see cref="Build"/> reports: a value that breaks a rule (a null name or
/// environment, a blank label name, a number out of range) is taken, and <see cref="Build"/> reports it with the rule
/// (RAI0001, RAI1003, RAI0004, …; the analyzer while you type), so that a template declared from configuration is judged
/// as a whole. A null that would silently mean "not set" (an optional id such as the compute, a type, a list, an item of
/// a <c>params</c> list) is refused by the call with an <see cref="ArgumentException"/> naming the parameter; so is a value
/// the wire form cannot carry (each member's exceptions say which).
/// </para>
/// </summary>
[WireBuilder("", InheritedPath = "spec")]
public sealed class TemplateBuilder : RunParamsBuilder<TemplateBuilder>
{
    private readonly TemplateState _state;

    internal TemplateBuilder(TemplateState state) => _state = state;

    /// <summary>The template's name.</summary>
    public string? Name => _state.Name;

    private protected override RunParamsState Params => _state.Params;

    /// <summary>Sets the description (replaces).</summary>
    /// <param name="description">1 to 250 characters.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is null.</exception>
    public TemplateBuilder WithDescription([WireField("meta.description")] string description) => new(_state with { Description = NotNull(description) });

    /// <summary>Renames the template (replaces); useful when specialising a shared base.</summary>
    /// <param name="name">The new name.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder Named([WireField("meta.name")] string name) => new(_state with { Name = name });

    /// <summary>Scopes the template to a project (replaces any earlier scope).</summary>
    /// <param name="projectId">The project's id.</param>
    /// <returns>A new builder.</returns>
    [WireField("meta.scope", "project")]
    [WireField("meta.departmentId", null)]
    [WireField("meta.clusterId", null)]
    public TemplateBuilder InProject([WireField("meta.projectId")] int projectId) => new(ClearScope() with { Scope = Scope.Project, ProjectId = projectId });

    /// <summary>Scopes the template to a department (replaces any earlier scope).</summary>
    /// <param name="departmentId">The department's id.</param>
    /// <returns>A new builder.</returns>
    [WireField("meta.scope", "department")]
    [WireField("meta.projectId", null)]
    [WireField("meta.clusterId", null)]
    public TemplateBuilder InDepartment([WireField("meta.departmentId")] string departmentId) => new(ClearScope() with { Scope = Scope.Department, DepartmentId = departmentId });

    /// <summary>Scopes the template to a cluster (replaces any earlier scope).</summary>
    /// <param name="clusterId">The cluster's id.</param>
    /// <returns>A new builder.</returns>
    [WireField("meta.scope", "cluster")]
    [WireField("meta.projectId", null)]
    [WireField("meta.departmentId", null)]
    public TemplateBuilder InCluster([WireField("meta.clusterId")] Guid clusterId) => InCluster(clusterId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>Scopes the template to a cluster (replaces any earlier scope).</summary>
    /// <param name="clusterId">The cluster's id, a UUID (RAI0006).</param>
    /// <returns>A new builder.</returns>
    [WireField("meta.scope", "cluster")]
    [WireField("meta.projectId", null)]
    [WireField("meta.departmentId", null)]
    public TemplateBuilder InCluster([WireField("meta.clusterId")] string clusterId) => new(ClearScope() with { Scope = Scope.Cluster, ClusterId = clusterId });

    /// <summary>Scopes the template to the whole tenant (replaces any earlier scope).</summary>
    /// <returns>A new builder.</returns>
    [WireField("meta.scope", "tenant")]
    [WireField("meta.projectId", null)]
    [WireField("meta.departmentId", null)]
    [WireField("meta.clusterId", null)]
    public TemplateBuilder InTenant() => new(ClearScope() with { Scope = Scope.Tenant });

    /// <summary>Sets the scope and its ids as given (replaces any earlier scope); prefer the typed <c>In…</c> methods.</summary>
    /// <param name="scope">The scope; <c>system</c> is for internal purposes only (RAI1002).</param>
    /// <param name="projectId">The project id, for project scope.</param>
    /// <param name="departmentId">The department id, for department scope.</param>
    /// <param name="clusterId">The cluster id, for cluster scope.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder InScope([WireField("meta.scope")] Scope scope, [WireField("meta.projectId")] int? projectId = null, [WireField("meta.departmentId")] string? departmentId = null, [WireField("meta.clusterId")] string? clusterId = null) =>
        new(_state with { Scope = scope, ProjectId = projectId, DepartmentId = departmentId, ClusterId = clusterId });

    /// <summary>Marks the template for automatic deletion (replaces). Intended for internal use.</summary>
    /// <param name="autoDelete">Whether to delete automatically.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder WithAutoDelete([WireField("meta.autoDelete")] bool autoDelete = true) => new(_state with { AutoDelete = autoDelete });

    /// <summary>Makes the asset private to the user who created it (replaces).</summary>
    /// <param name="isPrivate">Whether the asset is private.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder WithPrivate([WireField("meta.private")] bool isPrivate = true) => new(_state with { Private = isPrivate });

    /// <summary>Declares training as a supported workload type (replaces).</summary>
    /// <param name="supported">Whether training is supported.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder ForTraining([WireField("meta.workloadSupportedTypes.training")] bool supported = true) => new(_state with { Training = supported });

    /// <summary>Declares workspace as a supported workload type (replaces).</summary>
    /// <param name="supported">Whether workspaces are supported.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder ForWorkspace([WireField("meta.workloadSupportedTypes.workspace")] bool supported = true) => new(_state with { Workspace = supported });

    /// <summary>Declares inference as a supported workload type (replaces).</summary>
    /// <param name="supported">Whether inference is supported.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder ForInference([WireField("meta.workloadSupportedTypes.inference")] bool supported = true) => new(_state with { Inference = supported });

    /// <summary>Sets the environment asset (replaces). Required (RAI1003).</summary>
    /// <param name="environmentId">The environment's id, a UUID (RAI0006).</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder WithEnvironment([WireField("spec.assets.environment")] string environmentId) => new(_state with { Assets = _state.Assets with { Environment = environmentId } });

    /// <summary>Sets the environment asset (replaces). Required (RAI1003).</summary>
    /// <param name="environmentId">The environment's id.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder WithEnvironment([WireField("spec.assets.environment")] Guid environmentId) => WithEnvironment(environmentId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>Sets the compute asset (replaces).</summary>
    /// <param name="computeId">The compute asset's id, a UUID (RAI0006).</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="computeId"/> is null.</exception>
    public TemplateBuilder WithCompute([WireField("spec.assets.compute")] string computeId) => new(_state with { Assets = _state.Assets with { Compute = NotNull(computeId) } });

    /// <summary>Sets the compute asset (replaces).</summary>
    /// <param name="computeId">The compute asset's id.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder WithCompute([WireField("spec.assets.compute")] Guid computeId) => WithCompute(computeId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>Appends a data source asset.</summary>
    /// <param name="kind">The data source's kind, e.g. <see cref="DataSourceKind.Pvc"/>; must be a data-source kind (RAI1004).</param>
    /// <param name="dataSourceId">The data source's id, a UUID (RAI0006); attach each once (RAI1005).</param>
    /// <param name="containerPath">Overrides the path the data is mounted at in the container.</param>
    /// <returns>A new builder.</returns>
    [WireItem("spec.assets.datasources")]
    public TemplateBuilder AddDataSource([WireField("kind")] AssetKind kind, [WireField("id")] string dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) =>
        new(_state with { Assets = _state.Assets.AddDataSource(kind, dataSourceId, containerPath) });

    /// <summary>Appends a data source asset.</summary>
    /// <param name="kind">The data source's kind, e.g. <see cref="DataSourceKind.Pvc"/>.</param>
    /// <param name="dataSourceId">The data source's id.</param>
    /// <param name="containerPath">Overrides the path the data is mounted at in the container.</param>
    /// <returns>A new builder.</returns>
    [WireItem("spec.assets.datasources")]
    public TemplateBuilder AddDataSource([WireField("kind")] AssetKind kind, [WireField("id")] Guid dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) =>
        AddDataSource(kind, dataSourceId.ToString("D", CultureInfo.InvariantCulture), containerPath);

    /// <summary>The former name of <see cref="AddDataSource(AssetKind, string, string?)"/>, which appends (as every <c>Add…</c> does).</summary>
    /// <param name="kind">The data source's kind.</param>
    /// <param name="dataSourceId">The data source's id.</param>
    /// <param name="containerPath">Overrides the path the data is mounted at in the container.</param>
    /// <returns>A new builder.</returns>
    [Obsolete("Use AddDataSource: it appends a data source, as every Add… method appends (With… replaces).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    [WireItem("spec.assets.datasources")]
    public TemplateBuilder WithDataSource([WireField("kind")] AssetKind kind, [WireField("id")] string dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) =>
        AddDataSource(kind, dataSourceId, containerPath);

    /// <summary>The former name of <see cref="AddDataSource(AssetKind, Guid, string?)"/>, which appends (as every <c>Add…</c> does).</summary>
    /// <param name="kind">The data source's kind.</param>
    /// <param name="dataSourceId">The data source's id.</param>
    /// <param name="containerPath">Overrides the path the data is mounted at in the container.</param>
    /// <returns>A new builder.</returns>
    [Obsolete("Use AddDataSource: it appends a data source, as every Add… method appends (With… replaces).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    [WireItem("spec.assets.datasources")]
    public TemplateBuilder WithDataSource([WireField("kind")] AssetKind kind, [WireField("id")] Guid dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) =>
        AddDataSource(kind, dataSourceId, containerPath);

    /// <summary>
    /// Removes every data source with this id, e.g. one a shared base template attaches that a variant does not want;
    /// nothing happens when there is none. A later <c>AddDataSource</c> attaches it anew.
    /// </summary>
    /// <param name="dataSourceId">The data source's id, a UUID, compared in any case (as RAI1005 compares ids).</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSourceId"/> is null.</exception>
    [WireRemove("spec.assets.datasources", "id", IgnoreCase = true)]
    public TemplateBuilder RemoveDataSource(string dataSourceId)
    {
        ArgumentNullException.ThrowIfNull(dataSourceId);
        return new(_state with { Assets = _state.Assets with { DataSources = _state.Assets.DataSources.RemoveAll(d => string.Equals(d.Id, dataSourceId, StringComparison.OrdinalIgnoreCase)) } });
    }

    /// <summary>
    /// Removes every data source with this id, in whatever case it was attached; nothing happens when there is none.
    /// </summary>
    /// <param name="dataSourceId">The data source's id.</param>
    /// <returns>A new builder.</returns>
    [WireRemove("spec.assets.datasources", "id", IgnoreCase = true)]
    public TemplateBuilder RemoveDataSource(Guid dataSourceId) => RemoveDataSource(dataSourceId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>
    /// Removes every environment variable of this name, values and exclusions alike, e.g. one a shared base template
    /// declares that a variant declares anew (adding it again without removing it is RAI6002); nothing happens when
    /// there is none.
    /// </summary>
    /// <param name="name">The variable's name, compared exactly.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    [WireRemove("spec.specificEnv.environmentVariables", "name")]
    public TemplateBuilder RemoveEnvironmentVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithRemaining(Params with { EnvironmentVariables = Params.EnvironmentVariables.RemoveAll(v => string.Equals(v.Name, name, StringComparison.Ordinal)) });
    }

    /// <summary>
    /// Removes every label of this name, values and exclusions alike, e.g. one a shared base template declares that a
    /// variant declares anew (adding it again without removing it is RAI6003); nothing happens when there is none.
    /// </summary>
    /// <param name="name">The label's name, compared exactly.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    [WireRemove("spec.specificEnv.labels", "name")]
    public TemplateBuilder RemoveLabel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithRemaining(Params with { Labels = Params.Labels.RemoveAll(l => string.Equals(l.Name, name, StringComparison.Ordinal)) });
    }

    /// <summary>
    /// Removes every annotation of this name, values and exclusions alike, e.g. one a shared base template declares that
    /// a variant declares anew (adding it again without removing it is RAI6003); nothing happens when there is none.
    /// </summary>
    /// <param name="name">The annotation's name, compared exactly.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    [WireRemove("spec.specificEnv.annotations", "name")]
    public TemplateBuilder RemoveAnnotation(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithRemaining(Params with { Annotations = Params.Annotations.RemoveAll(a => string.Equals(a.Name, name, StringComparison.Ordinal)) });
    }

    /// <summary>
    /// Removes every connection of this name, e.g. one a shared base template declares that a variant declares anew
    /// (a name declared twice is RAI5004); nothing happens when there is none.
    /// </summary>
    /// <param name="name">The connection's name, compared exactly.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    [WireRemove("spec.specificEnv.connections", "name")]
    public TemplateBuilder RemoveConnection(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithRemaining(Params with { Connections = Params.Connections.RemoveAll(c => string.Equals(c.Name, name, StringComparison.Ordinal)) });
    }

    /// <summary>
    /// Removes every image pull secret of this name, credentials and exclusions alike; nothing happens when there is none.
    /// </summary>
    /// <param name="name">The secret's name, compared exactly.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    [WireRemove("spec.specificEnv.imagePullSecrets", "name")]
    public TemplateBuilder RemoveImagePullSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithRemaining(Params with { ImagePullSecrets = Params.ImagePullSecrets.RemoveAll(i => string.Equals(i.Name, name, StringComparison.Ordinal)) });
    }

    /// <summary>
    /// Removes every toleration of this taint key (<c>Tolerate</c>, <c>TolerateAny</c>, <c>AddToleration</c>), e.g. one
    /// a shared base template declares; exclusions (<c>ExcludeToleration</c>, which name a toleration and have no key)
    /// stay. Nothing happens when there is none.
    /// </summary>
    /// <param name="key">The taint key, compared exactly.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    [WireRemove("spec.specificEnv.tolerations", "key")]
    public TemplateBuilder RemoveToleration(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WithRemaining(Params with { Tolerations = Params.Tolerations.RemoveAll(t => string.Equals(t.Key, key, StringComparison.Ordinal)) });
    }

    /// <summary>The run parameters left after a removal; none at all when the removal emptied them (no empty <c>specificEnv</c>).</summary>
    private TemplateBuilder WithRemaining(RunParamsState state) => WithParams(state.IsEmpty ? RunParamsState.Empty : state);

    /// <summary>Sets the workload volumes (replaces).</summary>
    /// <param name="volumes">The volume names.</param>
    /// <returns>A new builder.</returns>
    public TemplateBuilder WithWorkloadVolumes([WireField("spec.assets.workloadVolumes", EmptyIsAbsent = true)] params string[] volumes)
    {
        DslClone.NoNullItems(volumes, nameof(volumes));
        return new(_state with { Assets = _state.Assets with { WorkloadVolumes = [.. volumes] } });
    }

    /// <summary>
    /// Makes the template distributed (replaces): <c>spec.distributed</c> with the framework and workers, and
    /// <c>meta.workloadSupportedTypes</c> with <c>distributed: true</c> and the framework. The API description's creation
    /// schema has no <c>spec.distributed</c>; it is written in the shape of the read model (<c>InfoDistributed</c>), so
    /// that a template read back can be written again (docs/rules/RAI2001.md).
    /// </summary>
    /// <param name="framework">MPI, PyTorch, TF or XGBoost (JAX cannot be declared as a supported framework, RAI2002).</param>
    /// <param name="workers">At least 1 (RAI2001).</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="framework"/> is null.</exception>
    [WireField("meta.workloadSupportedTypes.distributed", true)]
    public TemplateBuilder Distributed([WireField("spec.distributed.distFramework"), WireField("meta.workloadSupportedTypes.distFramework")] DistributedFramework framework, [WireField("spec.distributed.numWorkers")] int workers) => new(_state with { Framework = NotNull(framework), Workers = workers });

    /// <summary>
    /// Runs the distributed workload without a master (replaces); conflicts with <see cref="WithMaster"/> (RAI2003). Makes
    /// the template distributed: it needs <see cref="Distributed"/> too, for its workers (RAI2001).
    /// </summary>
    /// <param name="noMaster">
    /// Whether to run without a master. <c>false</c> writes <c>noMaster: false</c> (a master runs, as when it is not set)
    /// and still makes the template distributed.
    /// </param>
    /// <returns>A new builder.</returns>
    [WireField("meta.workloadSupportedTypes.distributed", true)]
    public TemplateBuilder WithoutMaster([WireField("spec.distributed.noMaster")] bool noMaster = true) => new(_state with { NoMaster = noMaster });

    /// <summary>
    /// Sets the master's own assets and run parameters (replaces: <paramref name="configure"/> starts from an empty master,
    /// so a variant of a base template restates what it keeps); the rules apply to them as to the top level. Makes the
    /// template distributed: it needs <see cref="Distributed"/> too, for its workers (RAI2001).
    /// </summary>
    /// <param name="configure">E.g. <c>m =&gt; m.WithCommand("python master.py")</c>.</param>
    /// <returns>A new builder.</returns>
    [WireField("meta.workloadSupportedTypes.distributed", true)]
    public TemplateBuilder WithMaster([WireField("spec.distributed.master")] Func<MasterBuilder, MasterBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new(_state with { Master = DslClone.Configured(configure(MasterBuilder.Empty), nameof(configure)) });
    }

    /// <summary>Every rule violation of the template: errors, warnings and infos. Never throws for rule violations.</summary>
    /// <returns>The violations; empty when the template passes.</returns>
    [WireBuild]
    public IReadOnlyList<RuleViolation> Validate() => TemplateValidator.Validate(ToRequest());

    /// <summary>
    /// Every rule violation of the template's update request (what <see cref="BuildUpdate"/> checks): the scope rules do
    /// not apply, an update cannot change the scope. Never throws for rule violations.
    /// </summary>
    /// <returns>The violations; empty when the update passes.</returns>
    [WireBuild(IsUpdate = true)]
    public IReadOnlyList<RuleViolation> ValidateUpdate() => TemplateValidator.Validate(ToUpdateRequest());

    /// <summary>The API's creation request, after checking the rule catalog.</summary>
    /// <returns>A new request; the builder keeps no reference to it.</returns>
    /// <exception cref="TemplateValidationException">An error-severity rule is violated; the exception lists every violation.</exception>
    [WireBuild]
    public WorkloadTemplateCreationRequest Build()
    {
        var request = ToRequest();
        TemplateValidator.ThrowOnErrors(_state.Name, TemplateValidator.Validate(request));
        return request;
    }

    /// <summary>
    /// The API's update request (name, description and spec), after checking the rule catalog. The scope cannot be
    /// changed by an update: to move a template, delete it and create it again.
    /// </summary>
    /// <returns>A new request.</returns>
    /// <exception cref="TemplateValidationException">An error-severity rule is violated; the exception lists every violation.</exception>
    [WireBuild(IsUpdate = true)]
    public WorkloadTemplateUpdateRequest BuildUpdate()
    {
        var update = ToUpdateRequest();
        TemplateValidator.ThrowOnErrors(_state.Name, TemplateValidator.Validate(update));
        return update;
    }

    /// <summary>The update request (name, description, spec) without checking the rules.</summary>
    private WorkloadTemplateUpdateRequest ToUpdateRequest()
    {
        var request = ToRequest();
        return new WorkloadTemplateUpdateRequest
        {
            Meta = new AssetUpdateRequest { Name = request.Meta.Name, Description = request.Meta.Description },
            Spec = request.Spec,
        };
    }

    /// <summary>
    /// The template's name and scope for people, e.g. <c>Template 'pytorch-ddp' (project 42)</c>; what is not declared yet
    /// says so (<c>Template without a name (no scope)</c>). Checks nothing and never throws.
    /// </summary>
    /// <returns>The name and scope.</returns>
    public override string ToString()
    {
        var s = _state;
        var name = s.Name is null ? "without a name" : "'" + s.Name + "'";
        var id = s.Scope == Scope.Project ? s.ProjectId?.ToString(CultureInfo.InvariantCulture)
            : s.Scope == Scope.Department ? s.DepartmentId
            : s.Scope == Scope.Cluster ? s.ClusterId
            : null;
        var scope = s.Scope is null ? "no scope" : id is null ? s.Scope.Value : s.Scope.Value + " " + id;
        return "Template " + name + " (" + scope + ")";
    }

    /// <summary>The creation request without checking the rules; null members stay unset.</summary>
    internal WorkloadTemplateCreationRequest ToRequest()
    {
        var s = _state;
        var distributed = s.Framework is not null || s.Workers is not null || s.NoMaster is not null || s.Master is not null;
        WorkloadSupportedTypes? types = null;
        if (distributed || s.Training is not null || s.Workspace is not null || s.Inference is not null)
        {
            types = new WorkloadSupportedTypes
            {
                Inference = s.Inference,
                Workspace = s.Workspace,
                Training = s.Training,
                Distributed = distributed ? true : null,
                DistFramework = s.Framework,
            };
        }

        return new WorkloadTemplateCreationRequest
        {
            Meta = new AssetCreationRequest
            {
                Name = s.Name!,
                Description = s.Description,
                Scope = s.Scope!,
                ProjectId = s.ProjectId,
                DepartmentId = s.DepartmentId,
                ClusterId = s.ClusterId,
                AutoDelete = s.AutoDelete,
                WorkloadSupportedTypes = types,
                Private = s.Private,
            },
            Spec = new SpecificRunCreationFields
            {
                Assets = s.Assets.ToIds(),
                SpecificEnv = s.Params.ToWire(),
                Distributed = distributed
                    ? new InfoDistributed { NumWorkers = s.Workers, NoMaster = s.NoMaster, DistFramework = s.Framework, Master = s.Master?.ToWire() }
                    : null,
            },
        };
    }

    private protected override TemplateBuilder WithParams(RunParamsState state) => new(_state with { Params = state });

    private TemplateState ClearScope() => _state with { ProjectId = null, DepartmentId = null, ClusterId = null };
}

/// <summary>
/// Declares the master of a distributed template: its own assets and run parameters.
/// Immutable: every call returns a new builder.
/// </summary>
[WireBuilder("spec.distributed.master", InheritedPath = "")]
public sealed class MasterBuilder : RunParamsBuilder<MasterBuilder>
{
    internal static readonly MasterBuilder Empty = new(AssetsState.Empty, RunParamsState.Empty);

    private readonly AssetsState _assets;
    private readonly RunParamsState _params;

    private MasterBuilder(AssetsState assets, RunParamsState runParams)
    {
        _assets = assets;
        _params = runParams;
    }

    private protected override RunParamsState Params => _params;

    /// <summary>Sets the master's environment asset (replaces).</summary>
    /// <param name="environmentId">The environment's id, a UUID.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="environmentId"/> is null (the master's assets are optional, so a null would silently drop an environment set before).</exception>
    public MasterBuilder WithEnvironment([WireField("assets.environment.id")] string environmentId) => new(_assets with { Environment = NotNull(environmentId) }, _params);

    /// <summary>Sets the master's environment asset (replaces).</summary>
    /// <param name="environmentId">The environment's id.</param>
    /// <returns>A new builder.</returns>
    public MasterBuilder WithEnvironment([WireField("assets.environment.id")] Guid environmentId) => WithEnvironment(environmentId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>Sets the master's compute asset (replaces). The master's assets then need its environment too.</summary>
    /// <param name="computeId">The compute asset's id, a UUID.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="computeId"/> is null.</exception>
    [WireField("assets.environment")]
    public MasterBuilder WithCompute([WireField("assets.compute.id")] string computeId) => new(_assets with { Compute = NotNull(computeId) }, _params);

    /// <summary>Sets the master's compute asset (replaces). The master's assets then need its environment too.</summary>
    /// <param name="computeId">The compute asset's id.</param>
    /// <returns>A new builder.</returns>
    [WireField("assets.environment")]
    public MasterBuilder WithCompute([WireField("assets.compute.id")] Guid computeId) => WithCompute(computeId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>Sets the master's workload volumes (replaces).</summary>
    /// <param name="volumes">The volume names.</param>
    /// <returns>A new builder.</returns>
    public MasterBuilder WithWorkloadVolumes([WireField("assets.workloadVolumes", EmptyIsAbsent = true, Ensures = "assets.environment")] params string[] volumes)
    {
        DslClone.NoNullItems(volumes, nameof(volumes));
        return new(_assets with { WorkloadVolumes = [.. volumes] }, _params);
    }

    /// <summary>Sets the tool types of the master's environment (replaces), in the read model's shape the distributed section uses.</summary>
    /// <param name="toolTypes">The tool types, e.g. <see cref="ToolType.TensorBoard"/>.</param>
    /// <returns>A new builder.</returns>
    public MasterBuilder WithToolTypes([WireField("assets.environment.toolTypes", EmptyIsAbsent = true)] params ToolType[] toolTypes)
    {
        DslClone.NoNullItems(toolTypes, nameof(toolTypes));
        return new(_assets with { ToolTypes = [.. toolTypes] }, _params);
    }

    /// <summary>Appends a data source asset of the master. The master's assets then need its environment too.</summary>
    /// <param name="kind">The data source's kind.</param>
    /// <param name="dataSourceId">The data source's id, a UUID.</param>
    /// <param name="containerPath">Overrides the mount path in the container.</param>
    /// <returns>A new builder.</returns>
    [WireItem("assets.datasources", Ensures = "assets.environment")]
    public MasterBuilder AddDataSource([WireField("kind")] AssetKind kind, [WireField("id")] string dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) => new(_assets.AddDataSource(kind, dataSourceId, containerPath), _params);

    /// <summary>Appends a data source asset of the master. The master's assets then need its environment too.</summary>
    /// <param name="kind">The data source's kind.</param>
    /// <param name="dataSourceId">The data source's id.</param>
    /// <param name="containerPath">Overrides the mount path in the container.</param>
    /// <returns>A new builder.</returns>
    [WireItem("assets.datasources", Ensures = "assets.environment")]
    public MasterBuilder AddDataSource([WireField("kind")] AssetKind kind, [WireField("id")] Guid dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) =>
        AddDataSource(kind, dataSourceId.ToString("D", CultureInfo.InvariantCulture), containerPath);

    /// <summary>The former name of <see cref="AddDataSource(AssetKind, string, string?)"/>, which appends (as every <c>Add…</c> does).</summary>
    /// <param name="kind">The data source's kind.</param>
    /// <param name="dataSourceId">The data source's id, a UUID.</param>
    /// <param name="containerPath">Overrides the mount path in the container.</param>
    /// <returns>A new builder.</returns>
    [Obsolete("Use AddDataSource: it appends a data source, as every Add… method appends (With… replaces).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    [WireItem("assets.datasources", Ensures = "assets.environment")]
    public MasterBuilder WithDataSource([WireField("kind")] AssetKind kind, [WireField("id")] string dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) =>
        AddDataSource(kind, dataSourceId, containerPath);

    /// <summary>The former name of <see cref="AddDataSource(AssetKind, Guid, string?)"/>, which appends (as every <c>Add…</c> does).</summary>
    /// <param name="kind">The data source's kind.</param>
    /// <param name="dataSourceId">The data source's id.</param>
    /// <param name="containerPath">Overrides the mount path in the container.</param>
    /// <returns>A new builder.</returns>
    [Obsolete("Use AddDataSource: it appends a data source, as every Add… method appends (With… replaces).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    [WireItem("assets.datasources", Ensures = "assets.environment")]
    public MasterBuilder WithDataSource([WireField("kind")] AssetKind kind, [WireField("id")] Guid dataSourceId, [WireField("overrides.containerPath")] string? containerPath = null) =>
        AddDataSource(kind, dataSourceId, containerPath);

    internal InfoDistMaster ToWire() => new() { Assets = _assets.ToRefs(), SpecificEnv = _params.ToWire() };

    private protected override MasterBuilder WithParams(RunParamsState state) => new(_assets, state);
}

/// <summary>The data-source kinds of <see cref="AssetKind"/>, for <see cref="TemplateBuilder.AddDataSource(AssetKind, string, string?)"/>.</summary>
public static class DataSourceKind
{
    /// <summary>An S3 bucket.</summary>
    public static AssetKind S3 => AssetKind.S3;

    /// <summary>A Git repository.</summary>
    public static AssetKind Git => AssetKind.Git;

    /// <summary>An NFS share.</summary>
    public static AssetKind Nfs => AssetKind.Nfs;

    /// <summary>A persistent volume claim.</summary>
    public static AssetKind Pvc => AssetKind.Pvc;

    /// <summary>A path on the host.</summary>
    public static AssetKind HostPath => AssetKind.HostPath;

    /// <summary>A config map.</summary>
    public static AssetKind ConfigMap => AssetKind.ConfigMap;

    /// <summary>A secret mounted as a volume.</summary>
    public static AssetKind SecretVolume => AssetKind.SecretVolume;

    /// <summary>A data volume.</summary>
    public static AssetKind DataVolume => AssetKind.DataVolume;
}
