using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl;

/// <summary>A workload template as the API returns it (spec: <c>WorkloadTemplate</c>).</summary>
public sealed class WorkloadTemplate : WireObject
{
    /// <summary>The asset's metadata, with the fields the server fills.</summary>
    [JsonRequired]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public AssetMeta Meta { get; set; } = null!;

    /// <summary>The assets and the specific run parameters.</summary>
    [JsonRequired]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public SpecificRunInfoFields Spec { get; set; } = null!;

    /// <summary>
    /// The creation request that would create this template again: asset references become ids,
    /// read-only metadata is dropped, the distributed section is kept.
    /// </summary>
    /// <returns>A new request, sharing no mutable state with this template.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Meta"/>, <see cref="Spec"/>, its assets or their environment is null (the API always sends them; a template built by hand may lack them).</exception>
    public WorkloadTemplateCreationRequest ToCreationRequest() => new()
    {
        Meta = Required(Meta, "meta").ToCreationRequest(),
        Spec = Required(Spec, "spec").ToCreationFields(),
    };

    /// <summary>The update request that would set a template to this state (name, description and spec).</summary>
    /// <returns>A new request, sharing no mutable state with this template.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Meta"/>, <see cref="Spec"/>, its assets or their environment is null (the API always sends them; a template built by hand may lack them).</exception>
    public WorkloadTemplateUpdateRequest ToUpdateRequest()
    {
        var meta = Required(Meta, "meta");
        return new()
        {
            Meta = new AssetUpdateRequest { Name = meta.Name, Description = meta.Description },
            Spec = Required(Spec, "spec").ToCreationFields(),
        };
    }

    /// <summary>A member the API always sends, or an error naming it when a template built by hand lacks it.</summary>
    internal static T Required<T>(T? value, string path)
        where T : class
        => value ?? throw new InvalidOperationException("The template has no '" + path + "': the API always sends it, and a request cannot be made without it. Set it before converting the template.");
}

/// <summary>The answer of the list operation (spec: <c>WorkloadTemplateListResponse</c>).</summary>
public sealed class WorkloadTemplateListResponse : WireObject
{
    /// <summary>The templates that match the filter.</summary>
    [JsonRequired]
    public List<WorkloadTemplate> Entries { get; set; } = null!;

    /// <summary>The spec's entries are templates: a <c>null</c> among them is refused, naming its index.</summary>
    private protected override void OnRead()
    {
        // The reader calls this before it checks the required members: a list without "entries" is refused by that check.
        if (Entries is null)
        {
            return;
        }

        var index = Entries.IndexOf(null!);
        if (index >= 0)
        {
            throw new System.Text.Json.JsonException($"entries[{index}] is null; the entries of a list are templates.", $"$.entries[{index}]", null, null);
        }
    }
}

/// <summary>The body of <c>POST /api/v1/asset/workload-template</c> (spec: <c>WorkloadTemplateCreationRequest</c>).</summary>
public sealed class WorkloadTemplateCreationRequest : WireObject
{
    /// <summary>Name, description, scope and supported workload types.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required AssetCreationRequest Meta { get; set; }

    /// <summary>The assets and the specific run parameters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required SpecificRunCreationFields Spec { get; set; }
}

/// <summary>The body of <c>PUT /api/v1/asset/workload-template/{AssetId}</c> (spec: <c>WorkloadTemplateUpdateRequest</c>).</summary>
public sealed class WorkloadTemplateUpdateRequest : WireObject
{
    /// <summary>The name and description; the scope of a template cannot be changed by an update.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required AssetUpdateRequest Meta { get; set; }

    /// <summary>The assets and the specific run parameters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required SpecificRunCreationFields Spec { get; set; }
}

/// <summary>The body of an error answer (spec: <c>Error</c>).</summary>
public sealed class ApiError : WireObject
{
    /// <summary>The HTTP status code, 100–599.</summary>
    [JsonRequired]
    public int Code { get; set; }

    /// <summary>What went wrong.</summary>
    [JsonRequired]
    public string Message { get; set; } = null!;

    /// <summary>More detail, when the server gives it.</summary>
    public string? Details { get; set; }
}

/// <summary>The body of a plain accepted answer, e.g. of a delete (spec: <c>HttpResponse</c>).</summary>
public sealed class ApiResponse : WireObject
{
    /// <summary>The HTTP status code, 100–599.</summary>
    [JsonRequired]
    public int Code { get; set; }

    /// <summary>The server's message.</summary>
    [JsonRequired]
    public string Message { get; set; } = null!;
}
