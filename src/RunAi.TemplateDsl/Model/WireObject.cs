using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl;

/// <summary>
/// Base of every object of the wire model. Members the server sends that this version does not
/// know are kept in <see cref="AdditionalProperties"/> and written back unchanged.
/// </summary>
public abstract class WireObject
{
    /// <summary>Members of the JSON object that this version of the model does not know, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
