using System.Text.Json;

namespace RunAi.TemplateDsl.Json;

/// <summary>Copies of wire model parts, so that objects handed out share no mutable state.</summary>
internal static class WireCopy
{
    public static IDictionary<string, JsonElement>? Dictionary(IDictionary<string, JsonElement>? source) =>
        source is null ? null : new Dictionary<string, JsonElement>(source, StringComparer.Ordinal);

    /// <summary>A deep copy through the wire format itself: exact by construction, unknown members included.</summary>
    public static T? Deep<T>(T? value)
        where T : class =>
        value is null ? null : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, TemplateJson.TypeInfo<T>()), TemplateJson.TypeInfo<T>());
}
