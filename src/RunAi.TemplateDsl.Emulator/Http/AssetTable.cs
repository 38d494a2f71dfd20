namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>The assets the emulator knows by id; turns the ids of a request into the <c>{id, name}</c> references of an answer.</summary>
internal sealed class AssetTable
{
    private readonly Dictionary<string, EmulatorAsset> _byId;
    private readonly bool _strict;

    public AssetTable(IEnumerable<EmulatorAsset> assets, bool strict)
    {
        _byId = new Dictionary<string, EmulatorAsset>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var asset in assets)
        {
            // As LoadAssetsAsync checks a file: each asset once, with its id (a later one would silently win).
            if (asset?.Id is null)
            {
                throw new ArgumentException($"RunAiEmulatorOptions.Assets[{index}]: an asset needs its id.", nameof(assets));
            }

            if (!_byId.TryAdd(asset.Id, asset))
            {
                throw new ArgumentException($"RunAiEmulatorOptions.Assets[{index}].Id: asset '{asset.Id}' is listed twice; an asset id is listed once.", nameof(assets));
            }

            index++;
        }

        _strict = strict;
    }

    public int Count => _byId.Count;

    /// <summary>
    /// The null items of the lists <see cref="Resolve"/> reads item by item (the data sources), one line each with its
    /// path: the JSON reader lets <c>"datasources": [null]</c> through, and the request is then answered 400, not 500.
    /// </summary>
    public static List<string> NullItems(AssetsIds ids)
    {
        var found = new List<string>();
        NullDataSources(found, "spec.assets", ids.Datasources);
        return found;
    }

    /// <summary>Adds a line for each null data source of <paramref name="sources"/>, the data sources of the assets at <paramref name="path"/>.</summary>
    public static void NullDataSources<T>(List<string> found, string path, List<T>? sources)
        where T : class
    {
        for (var i = 0; i < (sources?.Count ?? 0); i++)
        {
            if (sources![i] is null)
            {
                found.Add($"{path}.datasources[{i}]: a data source cannot be null; give {{\"id\", \"kind\"}} or leave the item out");
            }
        }
    }

    /// <summary>
    /// The references for <paramref name="ids"/>; with strict assets, unknown ids are added to <paramref name="unknown"/> instead.
    /// The ids must have no null items (<see cref="NullItems"/>).
    /// </summary>
    public AssetsRef Resolve(AssetsIds ids, List<string> unknown) => new()
    {
        Environment = new EnvironmentAssetRef
        {
            Id = ids.Environment,
            Name = NameOf(ids.Environment, "environment", "spec.assets.environment", unknown),
            ToolTypes = _byId.TryGetValue(ids.Environment, out var environment) && environment.ToolTypes is { } tools ? [.. tools] : null,
        },
        Compute = ids.Compute is null ? null : Compute(ids.Compute, null, "spec.assets.compute", unknown),

        // A "name" sent with the id (a data source pasted from a GET answer) is not the request's: the name is the asset's.
        Datasources = ids.Datasources?.Select((source, i) => Source(
            source.Id,
            source.Kind,
            source.Overrides,
            source.AdditionalProperties is { } extra && extra.ContainsKey("name") ? extra.Where(m => m.Key != "name").ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal) : source.AdditionalProperties,
            $"spec.assets.datasources[{i}].id",
            unknown)).ToList(),
        WorkloadVolumes = ids.WorkloadVolumes is null ? null : [.. ids.WorkloadVolumes],
        AdditionalProperties = ids.AdditionalProperties,
    };

    /// <summary>
    /// A copy of the master's asset references (<c>spec.distributed.master.assets</c>, which a request gives as
    /// references, not ids) with each asset's name as <see cref="Resolve"/> gives it: a name sent with an id is not the
    /// request's. The tool types are the master's own, as sent. With strict assets, unknown ids are added to
    /// <paramref name="unknown"/>. The references must have no null items (see SchemaCheck).
    /// </summary>
    public AssetsRef? ResolveRefs(AssetsRef? refs, string path, List<string> unknown) => refs is null ? null : new()
    {
        Environment = new EnvironmentAssetRef
        {
            Id = refs.Environment.Id,
            Name = NameOf(refs.Environment.Id, "environment", path + ".environment.id", unknown),
            ToolTypes = refs.Environment.ToolTypes is { } tools ? [.. tools] : null,
            AdditionalProperties = refs.Environment.AdditionalProperties,
        },
        Compute = refs.Compute is not { } compute ? null : Compute(compute.Id, compute.AdditionalProperties, path + ".compute.id", unknown),
        Datasources = refs.Datasources?.Select((source, i) => Source(source.Id, source.Kind, source.Overrides, source.AdditionalProperties, $"{path}.datasources[{i}].id", unknown)).ToList(),
        WorkloadVolumes = refs.WorkloadVolumes is null ? null : [.. refs.WorkloadVolumes],
        AdditionalProperties = refs.AdditionalProperties,
    };

    /// <summary>A compute asset's reference, named from the table.</summary>
    private AssetRef Compute(string id, IDictionary<string, System.Text.Json.JsonElement>? extra, string path, List<string> unknown) =>
        new() { Id = id, Name = NameOf(id, "compute", path, unknown), AdditionalProperties = extra };

    /// <summary>A data source's reference, named from the table among the assets of its kind.</summary>
    private DatasourceRef Source(string id, AssetKind kind, DataSourceOverrides? overrides, IDictionary<string, System.Text.Json.JsonElement>? extra, string path, List<string> unknown) =>
        new() { Id = id, Kind = kind, Name = NameOf(id, kind.Value, path, unknown), Overrides = overrides, AdditionalProperties = extra };

    private string NameOf(string id, string kind, string path, List<string> unknown)
    {
        if (_byId.TryGetValue(id, out var asset))
        {
            // The control plane looks an id up among the assets of the kind the request names: a compute asset's id is
            // no environment. An asset of the table whose kind is not given matches any kind.
            if (asset.Kind is not { } known || string.Equals(known.Value, kind, StringComparison.Ordinal))
            {
                return asset.Name;
            }

            if (_strict)
            {
                unknown.Add($"{path}: '{id}' is the {known.Value} asset '{asset.Name}', not an asset of kind {kind}");
            }
        }
        else if (_strict)
        {
            unknown.Add($"{path}: no {kind} asset with id '{id}'");
        }

        // Deterministic, so the same id always shows the same name.
        return $"{kind}-{(id.Length > 8 ? id[..8] : id)}";
    }
}
