using System.Text.Json;

namespace RunAi.TemplateDsl.Json;

/// <summary>Copies of wire model parts, so that objects handed out share no mutable state.</summary>
internal static class WireCopy
{
    /// <summary>
    /// A copy of members the model does not know. Each value is cloned: an element a user made points into the user's
    /// <see cref="JsonDocument"/>, which may be disposed while the copy lives (one the reader made is standalone already,
    /// and its clone is itself).
    /// </summary>
    public static IDictionary<string, JsonElement>? Dictionary(IDictionary<string, JsonElement>? source)
    {
        if (source is null)
        {
            return null;
        }

        var copy = new Dictionary<string, JsonElement>(source.Count, StringComparer.Ordinal);
        foreach (var (name, value) in source)
        {
            // default(JsonElement) has nothing to clone (and writing it fails as it would have).
            copy[name] = value.ValueKind == JsonValueKind.Undefined ? value : value.Clone();
        }

        return copy;
    }

    /// <summary>A deep copy through the wire format itself: exact by construction, unknown members included.</summary>
    public static T? Deep<T>(T? value)
        where T : class =>
        value is null ? null : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, TemplateJson.TypeInfo<T>()), TemplateJson.TypeInfo<T>());
}
