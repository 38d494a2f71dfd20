using System.Text.Json.Serialization;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl;

/// <summary>The assets of a template as written: ids (spec: <c>AssetsIds</c>).</summary>
public sealed class AssetsIds : WireObject
{
    /// <summary>The id (UUID) of the environment asset. Required.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string Environment { get; set; }

    /// <summary>The id (UUID) of the compute asset.</summary>
    public string? Compute { get; set; }

    /// <summary>The data sources, each an id with its kind and optional overrides.</summary>
    public List<AssetIdAndKind>? Datasources { get; set; }

    /// <summary>The workload volumes.</summary>
    public List<string>? WorkloadVolumes { get; set; }
}

/// <summary>An asset id with its kind (spec: <c>AssetIdAndKind</c>).</summary>
public sealed class AssetIdAndKind : WireObject
{
    /// <summary>The id (UUID) of the asset.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string Id { get; set; }

    /// <summary>The kind of the asset; for a data source one of the data-source kinds (RAI1004).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required AssetKind Kind { get; set; }

    /// <summary>Fields of the data source to override.</summary>
    public DataSourceOverrides? Overrides { get; set; }
}

/// <summary>Fields of a data source to override in this template (spec: <c>DataSourceOverrides</c>).</summary>
public sealed class DataSourceOverrides : WireObject
{
    /// <summary>The path inside the container where the data source is mounted.</summary>
    public string? ContainerPath { get; set; }
}

/// <summary>The assets of a template as read: references with names (spec: <c>AssetsRef</c>).</summary>
public sealed class AssetsRef : WireObject
{
    /// <summary>The environment asset.</summary>
    [JsonRequired]
    public EnvironmentAssetRef Environment { get; set; } = null!;

    /// <summary>The compute asset.</summary>
    public AssetRef? Compute { get; set; }

    /// <summary>The data source assets.</summary>
    public List<DatasourceRef>? Datasources { get; set; }

    /// <summary>The workload volumes.</summary>
    public List<string>? WorkloadVolumes { get; set; }

    /// <summary>The same assets as ids, the shape a creation or update request writes.</summary>
    /// <returns>A new object.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Environment"/> is null (the API always sends it; assets built by hand may lack it).</exception>
    public AssetsIds ToIds() => new()
    {
        Environment = WorkloadTemplate.Required(Environment, "spec.assets.environment").Id,
        Compute = Compute?.Id,
        // A null item (a tenant's odd data) stays a null item: the copy keeps what was read, and a plan or export reports it.
        Datasources = Datasources?.ConvertAll(d => d is null ? null! : new AssetIdAndKind
        {
            Id = d.Id,
            Kind = d.Kind,
            Overrides = d.Overrides is null ? null : new DataSourceOverrides { ContainerPath = d.Overrides.ContainerPath, AdditionalProperties = WireCopy.Dictionary(d.Overrides.AdditionalProperties) },
            AdditionalProperties = WireCopy.Dictionary(d.AdditionalProperties),
        }),
        WorkloadVolumes = WorkloadVolumes is null ? null : [.. WorkloadVolumes],

        // Members a newer server sends are kept: written back, they are not lost by a read-modify-write.
        AdditionalProperties = WireCopy.Dictionary(AdditionalProperties),
    };
}

/// <summary>A reference to an asset: its id and name (spec: <c>AssetRef</c>).</summary>
public sealed class AssetRef : WireObject
{
    /// <summary>The id (UUID) of the asset.</summary>
    [JsonRequired]
    public string Id { get; set; } = null!;

    /// <summary>The name of the asset. The server always sends it; a request written by hand may leave it out.</summary>
    public string? Name { get; set; }
}

/// <summary>A reference to an environment asset (spec: <c>EnvironmentAssetRef</c>).</summary>
public sealed class EnvironmentAssetRef : WireObject
{
    /// <summary>The id (UUID) of the environment.</summary>
    [JsonRequired]
    public string Id { get; set; } = null!;

    /// <summary>The name of the environment. The server always sends it; a request written by hand may leave it out.</summary>
    public string? Name { get; set; }

    /// <summary>The tool types defined in the connections of the environment asset.</summary>
    public List<ToolType>? ToolTypes { get; set; }
}

/// <summary>A reference to a data source asset (spec: <c>DatasourceRef</c>).</summary>
public sealed class DatasourceRef : WireObject
{
    /// <summary>The id (UUID) of the data source.</summary>
    [JsonRequired]
    public string Id { get; set; } = null!;

    /// <summary>The name of the data source. The server always sends it.</summary>
    public string? Name { get; set; }

    /// <summary>The kind of the data source.</summary>
    [JsonRequired]
    public AssetKind Kind { get; set; } = null!;

    /// <summary>Fields of the data source overridden in this template.</summary>
    public DataSourceOverrides? Overrides { get; set; }
}

/// <summary>The assets and run parameters of a creation or update request (spec: <c>SpecificRunCreationFields</c>).</summary>
public sealed class SpecificRunCreationFields : WireObject
{
    /// <summary>The assets, as ids. Required.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required AssetsIds Assets { get; set; }

    /// <summary>The specific run parameters.</summary>
    public SpecificRunParams? SpecificEnv { get; set; }

    /// <summary>
    /// The distributed section. Not in the creation schema of the API description, but the read model has it and
    /// the server accepts it: a distributed template is created with it, in the read model's shape (see RULES.md).
    /// </summary>
    public InfoDistributed? Distributed { get; set; }
}

/// <summary>The assets and run parameters of a template as read (spec: <c>SpecificRunInfoFields</c>).</summary>
public sealed class SpecificRunInfoFields : WireObject
{
    /// <summary>The assets, as references.</summary>
    [JsonRequired]
    public AssetsRef Assets { get; set; } = null!;

    /// <summary>The specific run parameters.</summary>
    public SpecificRunParams? SpecificEnv { get; set; }

    /// <summary>The distributed training parameters.</summary>
    public InfoDistributed? Distributed { get; set; }

    /// <summary>The same content in the shape a creation or update request writes.</summary>
    /// <returns>A new object, sharing no mutable state with this one.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Assets"/> or their environment is null (the API always sends them; fields built by hand may lack them).</exception>
    public SpecificRunCreationFields ToCreationFields() => new()
    {
        Assets = WorkloadTemplate.Required(Assets, "spec.assets").ToIds(),
        SpecificEnv = WireCopy.Deep(SpecificEnv),
        Distributed = WireCopy.Deep(Distributed),
        AdditionalProperties = WireCopy.Dictionary(AdditionalProperties),
    };
}

/// <summary>Parameters of distributed training (spec: <c>InfoDistributed</c>).</summary>
public sealed class InfoDistributed : WireObject
{
    /// <summary>The number of workers; at least 1 (RAI2001).</summary>
    public int? NumWorkers { get; set; }

    /// <summary>Run without a master; conflicts with <see cref="Master"/> (RAI2003).</summary>
    public bool? NoMaster { get; set; }

    /// <summary>The distributed training framework.</summary>
    public DistributedFramework? DistFramework { get; set; }

    /// <summary>Parameters which apply to the master.</summary>
    public InfoDistMaster? Master { get; set; }
}

/// <summary>Parameters which apply to the master of a distributed training (spec: <c>InfoDistMaster</c>).</summary>
public sealed class InfoDistMaster : WireObject
{
    /// <summary>The master's assets, when they differ from the workers'.</summary>
    public AssetsRef? Assets { get; set; }

    /// <summary>The master's specific run parameters; the rules apply to them as to the top level.</summary>
    public SpecificRunParams? SpecificEnv { get; set; }
}
