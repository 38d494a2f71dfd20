using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl;

/// <summary>
/// Base of every object of the wire model. Members the server sends that this version does not
/// know are kept in <see cref="AdditionalProperties"/> and written back unchanged.
/// </summary>
/// <remarks>
/// Members the spec requires are marked two ways. In what you write (requests, and the parts of them you build), they
/// are C# <c>required</c>, so the compiler says when one is missing. In what only the API returns
/// (<see cref="WorkloadTemplate"/>, <see cref="AssetMeta"/>, the asset references, <see cref="ApiError"/>, …) they are
/// <see cref="JsonRequiredAttribute"/>: reading an answer that lacks one fails with <see cref="TemplateJsonException"/>,
/// but constructing one in code is not checked. That halves the cost of reading a template: a type with C# required
/// members can only be created by System.Text.Json through its buffered constructor path.
/// </remarks>
public abstract class WireObject
{
    /// <summary>Members of the JSON object that this version of the model does not know, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
