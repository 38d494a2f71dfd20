using System.Text.Json.Serialization;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl;

/// <summary>The metadata written when a template is created (spec: <c>AssetCreationRequest</c> = <c>AssetUpdatableFields</c> + <c>AssetCreationFields</c>).</summary>
public sealed class AssetCreationRequest : WireObject
{
    /// <summary>The name of the asset; unique within its scope.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string Name { get; set; }

    /// <summary>The description of the asset, 1–250 characters.</summary>
    public string? Description { get; set; }

    /// <summary>The scope in which the asset can be used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required Scope Scope { get; set; }

    /// <summary>The id (UUID) of the cluster; must be specified for cluster scoped assets.</summary>
    public string? ClusterId { get; set; }

    /// <summary>The id of the department; must be specified for department scoped assets.</summary>
    public string? DepartmentId { get; set; }

    /// <summary>The id of the project; must be specified for project scoped assets.</summary>
    public int? ProjectId { get; set; }

    /// <summary>The asset will be deleted automatically. Intended for internal use.</summary>
    public bool? AutoDelete { get; set; }

    /// <summary>The workload types the template supports.</summary>
    public WorkloadSupportedTypes? WorkloadSupportedTypes { get; set; }

    /// <summary>The asset will be private to the user who created it (docker registry and generic secrets only).</summary>
    public bool? Private { get; set; }
}

/// <summary>The metadata written by an update (spec: <c>AssetUpdateRequest</c>).</summary>
public sealed class AssetUpdateRequest : WireObject
{
    /// <summary>The name of the asset.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string Name { get; set; }

    /// <summary>The description of the asset, 1–250 characters.</summary>
    public string? Description { get; set; }
}

/// <summary>The metadata the API returns (spec: <c>AssetMeta</c> = updatable + creation + read-only fields).</summary>
public sealed class AssetMeta : WireObject
{
    /// <summary>The name of the asset.</summary>
    [JsonRequired]
    public string Name { get; set; } = null!;

    /// <summary>The description of the asset.</summary>
    public string? Description { get; set; }

    /// <summary>The scope in which the asset can be used.</summary>
    [JsonRequired]
    public Scope Scope { get; set; } = null!;

    /// <summary>The id (UUID) of the cluster, for cluster scoped assets.</summary>
    public string? ClusterId { get; set; }

    /// <summary>The id of the department, for department scoped assets.</summary>
    public string? DepartmentId { get; set; }

    /// <summary>The id of the project, for project scoped assets.</summary>
    public int? ProjectId { get; set; }

    /// <summary>The asset will be deleted automatically. Intended for internal use.</summary>
    public bool? AutoDelete { get; set; }

    /// <summary>The workload types the template supports.</summary>
    public WorkloadSupportedTypes? WorkloadSupportedTypes { get; set; }

    /// <summary>Whether the asset is private to the user who created it.</summary>
    public bool? Private { get; set; }

    /// <summary>Read-only: the unique identifier (UUID) of the asset.</summary>
    [JsonRequired]
    public string Id { get; set; } = null!;

    /// <summary>Read-only: the kind of the asset, <c>workload-template</c> for templates.</summary>
    [JsonRequired]
    public AssetKind Kind { get; set; } = null!;

    /// <summary>Read-only: the id of the tenant.</summary>
    public int? TenantId { get; set; }

    /// <summary>Read-only: the user who created the asset.</summary>
    [JsonRequired]
    public string CreatedBy { get; set; } = null!;

    /// <summary>Read-only: when the asset was created.</summary>
    [JsonRequired]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Read-only: the user who last updated the asset.</summary>
    [JsonRequired]
    public string UpdatedBy { get; set; } = null!;

    /// <summary>Read-only: when the asset was last updated.</summary>
    [JsonRequired]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Read-only: when the asset was deleted (assets that sync to the cluster).</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Read-only: the user who deleted the asset.</summary>
    public string? DeletedBy { get; set; }

    /// <summary>Read-only: the name of the project, for project scoped assets.</summary>
    public string? ProjectName { get; set; }

    /// <summary>Read-only: a counter the server increments on every update.</summary>
    public long? UpdateCount { get; set; }

    /// <summary>The writable part of this metadata, as a creation request.</summary>
    /// <returns>A new object; the supported types are copied.</returns>
    public AssetCreationRequest ToCreationRequest() => new()
    {
        Name = Name,
        Description = Description,
        Scope = Scope,
        ClusterId = ClusterId,
        DepartmentId = DepartmentId,
        ProjectId = ProjectId,
        AutoDelete = AutoDelete,
        WorkloadSupportedTypes = WorkloadSupportedTypes?.Clone(),
        Private = Private,
        AdditionalProperties = WireCopy.Dictionary(AdditionalProperties),
    };
}

/// <summary>The workload types a template supports (spec: <c>WorkloadSupportedTypes</c>).</summary>
public sealed class WorkloadSupportedTypes : WireObject
{
    /// <summary>Is inference a supported workload type.</summary>
    public bool? Inference { get; set; }

    /// <summary>Is workspace a supported workload type.</summary>
    public bool? Workspace { get; set; }

    /// <summary>Is training a supported workload type.</summary>
    public bool? Training { get; set; }

    /// <summary>Is distributed a supported workload type.</summary>
    public bool? Distributed { get; set; }

    /// <summary>The distributed framework: MPI, PyTorch, TF or XGBoost (JAX is not accepted here, RAI2002).</summary>
    public DistributedFramework? DistFramework { get; set; }

    /// <summary>A copy of this object.</summary>
    /// <returns>A new object with the same values.</returns>
    public WorkloadSupportedTypes Clone() => new()
    {
        Inference = Inference,
        Workspace = Workspace,
        Training = Training,
        Distributed = Distributed,
        DistFramework = DistFramework,
        AdditionalProperties = WireCopy.Dictionary(AdditionalProperties),
    };
}
