using System.Text.Json;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// Decides whether a template found on the server is the one a create request asked for: every member the request
/// sets has the same value in the template (members the server adds, such as defaults, are allowed).
/// </summary>
internal static class TemplateMatch
{
    public static bool Matches(WorkloadTemplateCreationRequest request, WorkloadTemplate existing)
    {
        using var wanted = JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(request));
        using var actual = JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(existing.ToCreationRequest()));
        return IsSubset(wanted.RootElement, actual.RootElement);
    }

    internal static bool IsSubset(JsonElement wanted, JsonElement actual)
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
                    if (!actual.TryGetProperty(member.Name, out var value))
                    {
                        if (member.Value.ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        return false;
                    }

                    if (!IsSubset(member.Value, value))
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

                using (var a = wanted.EnumerateArray())
                using (var b = actual.EnumerateArray())
                {
                    while (a.MoveNext() && b.MoveNext())
                    {
                        if (!IsSubset(a.Current, b.Current))
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
}
