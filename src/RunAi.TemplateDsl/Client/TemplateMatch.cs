using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// Decides whether a template found on the server is the one a create request asked for: every member of the model the
/// request sets has the same value in the template (members the server adds, such as defaults, are allowed). Members
/// the model does not know (kept in <see cref="WireObject.AdditionalProperties"/>) are not compared: a server that does
/// not know them either does not echo them, and their absence says nothing about whose template it is.
/// </summary>
internal static class TemplateMatch
{
    public static bool Matches(WorkloadTemplateCreationRequest request, WorkloadTemplate existing)
    {
        using var wanted = JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(request));
        using var actual = JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(existing.ToCreationRequest()));
        return IsSubset(wanted.RootElement, actual.RootElement, TemplateJson.TypeInfo<WorkloadTemplateCreationRequest>());
    }

    internal static bool IsSubset(JsonElement wanted, JsonElement actual, JsonTypeInfo? type = null)
    {
        switch (wanted.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                foreach (var member in wanted.EnumerateObject())
                {
                    JsonTypeInfo? memberType = null;
                    if (type is { Kind: JsonTypeInfoKind.Object })
                    {
                        if (ModelProperty(type, member.Name) is not { } property)
                        {
                            continue;
                        }

                        memberType = TemplateJson.Options.GetTypeInfo(property.PropertyType);
                    }

                    if (!actual.TryGetProperty(member.Name, out var value))
                    {
                        if (member.Value.ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        return false;
                    }

                    if (!IsSubset(member.Value, value, memberType))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array || actual.GetArrayLength() != wanted.GetArrayLength())
                {
                    return false;
                }

                var itemType = type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } ? TemplateJson.Options.GetTypeInfo(element) : null;
                using (var a = wanted.EnumerateArray())
                using (var b = actual.EnumerateArray())
                {
                    while (a.MoveNext() && b.MoveNext())
                    {
                        if (!IsSubset(a.Current, b.Current, itemType))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.Number:
                return actual.ValueKind == JsonValueKind.Number
                    && (actual.GetRawText() == wanted.GetRawText()
                        || (wanted.TryGetDecimal(out var x) && actual.TryGetDecimal(out var y) && x == y));
            case JsonValueKind.String:
                return actual.ValueKind == JsonValueKind.String && wanted.ValueEquals(actual.GetString());
            default:
                return wanted.ValueKind == actual.ValueKind;
        }
    }

    /// <summary>The model's property with this JSON name, or null for a member only the extension data would hold.</summary>
    internal static JsonPropertyInfo? ModelProperty(JsonTypeInfo type, string name)
    {
        foreach (var property in type.Properties)
        {
            if (!property.IsExtensionData && string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                return property;
            }
        }

        return null;
    }
}
