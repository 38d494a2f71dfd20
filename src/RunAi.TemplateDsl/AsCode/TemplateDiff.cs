using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>One field that differs between a template on the target and its definition in code.</summary>
/// <param name="Path">
/// The JSON path in the creation request, e.g. <c>spec.specificEnv.nodePools[1]</c>. A list item's index is its index in
/// code; an item only the target has (removed by the change) has its index on the target.
/// </param>
/// <param name="Before">The value on the target as JSON; null when the target does not set it.</param>
/// <param name="After">The value in code as JSON; null when the code does not set it.</param>
public sealed record FieldChange(string Path, string? Before, string? After);

/// <summary>
/// Compares two creation requests member by member, as the API sees them (their JSON). Members of the model only:
/// members the model does not know (kept in <see cref="WireObject.AdditionalProperties"/>) are not compared, because
/// code cannot set them and a plan could never settle them. Also equal: a member unset on one side and the spec's
/// default (false) on the other; an object that sets none of the model's members and none; the name the server gives
/// an asset reference; two spellings of one cluster id.
/// </summary>
internal static class TemplateDiff
{
    /// <summary>The SHA-256 of a request's wire JSON, in lower-case hex: what a state or a saved plan keeps of it.</summary>
    public static string Hash(WorkloadTemplateCreationRequest request) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TemplateJson.SerializeToUtf8Bytes(request)));

    public static IReadOnlyList<FieldChange> Between(WorkloadTemplateCreationRequest before, WorkloadTemplateCreationRequest after)
    {
        using var a = JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(before));
        using var b = JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(after));
        var changes = new List<FieldChange>();
        Compare(string.Empty, a.RootElement, b.RootElement, TemplateJson.TypeInfo<WorkloadTemplateCreationRequest>(), changes);
        return changes;
    }

    private static void Compare(string path, JsonElement? before, JsonElement? after, JsonTypeInfo? type, List<FieldChange> changes, Type? owner = null, string? member = null)
    {
        var x = Present(before);
        var y = Present(after);
        if (x is null && y is null)
        {
            return;
        }

        if (owner is not null && member is not null && (x is null || y is null))
        {
            var only = (x ?? y)!.Value;

            // The spec's default, on one side only: the same value (autoDelete, private, exclude are false unless set).
            if (only.ValueKind == JsonValueKind.False && DefaultsToFalse.Contains((owner, member)))
            {
                return;
            }

            // The name of an asset reference is filled by the server (code refers to assets by id): nothing code can set.
            if (x is not null && member == "name" && (owner == typeof(AssetRef) || owner == typeof(EnvironmentAssetRef) || owner == typeof(DatasourceRef)))
            {
                return;
            }

            // An object that sets nothing the model knows (`{}`, every flag false, only a newer server's fields) on one side
            // only: the same as no object. The Run:ai UI writes every workloadSupportedTypes flag, false ones too.
            if (only.ValueKind == JsonValueKind.Object && type is { Kind: JsonTypeInfoKind.Object } && SetsNothing(only, type))
            {
                return;
            }
        }

        if (x is { ValueKind: JsonValueKind.Object } bo && y is { ValueKind: JsonValueKind.Object } ao && type is { Kind: JsonTypeInfoKind.Object })
        {
            foreach (var property in type.Properties)
            {
                if (property.IsExtensionData)
                {
                    continue;
                }

                JsonElement? left = bo.TryGetProperty(property.Name, out var l) ? l : null;
                JsonElement? right = ao.TryGetProperty(property.Name, out var r) ? r : null;
                Compare(Join(path, property.Name), left, right, TemplateJson.Options.GetTypeInfo(property.PropertyType), changes, type.Type, property.Name);
            }

            return;
        }

        if (x is { ValueKind: JsonValueKind.Array } ba && y is { ValueKind: JsonValueKind.Array } aa)
        {
            var itemType = type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } ? TemplateJson.Options.GetTypeInfo(element) : null;
            CompareLists(path, [.. ba.EnumerateArray()], [.. aa.EnumerateArray()], itemType, changes);
            return;
        }

        if (x is not null && y is not null && (SameScalar(x.Value, y.Value) || (owner == typeof(AssetCreationRequest) && member == "clusterId" && SameUuid(x.Value, y.Value))))
        {
            return;
        }

        changes.Add(new FieldChange(path, x is { } bx ? Text(bx, type) : null, y is { } ay ? Text(ay, type) : null));
    }

    /// <summary>
    /// Two lists, aligned as a text diff aligns lines: the items that are the same on both sides (by this diff's rules),
    /// in order, are the longest common subsequence and show nothing. Between two such items, the items left on each side
    /// are paired in order and compared member by member (an edited item shows only what changed); an item left without a
    /// partner was added (path: its index in code) or removed (path: its index on the target). So an item inserted or
    /// removed at the front of a list is one change, not a change at every position after it; a list edited in place
    /// shows the same changes as before.
    /// </summary>
    private static void CompareLists(string path, JsonElement[] before, JsonElement[] after, JsonTypeInfo? itemType, List<FieldChange> changes)
    {
        // The common start and end first: the usual plan changes one end of a list, or nothing.
        var start = 0;
        while (start < before.Length && start < after.Length && Same(before[start], after[start], itemType))
        {
            start++;
        }

        var endBefore = before.Length;
        var endAfter = after.Length;
        while (endBefore > start && endAfter > start && Same(before[endBefore - 1], after[endAfter - 1], itemType))
        {
            endBefore--;
            endAfter--;
        }

        // lcs[i, j]: the length of the longest common subsequence of before[i..endBefore) and after[j..endAfter).
        var n = endBefore - start;
        var m = endAfter - start;
        if ((long)n * m > MaxAlignedPairs)
        {
            // Long lists that differ throughout: comparing every item with every other would take seconds, so the middle
            // is one stretch, paired in order.
            n = m = 0;
        }

        // Each pair is compared once; the walk below reads the answers.
        var lcs = new int[n + 1, m + 1];
        var same = new bool[n, m];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                same[i, j] = Same(before[start + i], after[start + j], itemType);
                lcs[i, j] = same[i, j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int bi = 0, ai = 0, hunkBefore = 0, hunkAfter = 0;
        while (bi < n || ai < m)
        {
            if (bi < n && ai < m && same[bi, ai])
            {
                Hunk(start + hunkBefore, start + bi, start + hunkAfter, start + ai);
                bi++;
                ai++;
                hunkBefore = bi;
                hunkAfter = ai;
            }
            else if (ai < m && (bi == n || lcs[bi, ai + 1] >= lcs[bi + 1, ai]))
            {
                ai++;
            }
            else
            {
                bi++;
            }
        }

        Hunk(start + hunkBefore, endBefore, start + hunkAfter, endAfter);

        // The items between two common ones: paired in order, the rest added or removed.
        void Hunk(int fromBefore, int toBefore, int fromAfter, int toAfter)
        {
            var paired = Math.Min(toBefore - fromBefore, toAfter - fromAfter);
            for (var k = 0; k < paired; k++)
            {
                var left = before[fromBefore + k];
                var right = after[fromAfter + k];
                if ((left.ValueKind == JsonValueKind.Null) != (right.ValueKind == JsonValueKind.Null))
                {
                    // A null item against an item: the item replaced, not an absent member.
                    changes.Add(new FieldChange(Item(path, fromAfter + k), ItemText(left, itemType), ItemText(right, itemType)));
                    continue;
                }

                Compare(Item(path, fromAfter + k), left, right, itemType, changes);
            }

            for (var i = fromBefore + paired; i < toBefore; i++)
            {
                changes.Add(new FieldChange(Item(path, i), ItemText(before[i], itemType), null));
            }

            for (var j = fromAfter + paired; j < toAfter; j++)
            {
                changes.Add(new FieldChange(Item(path, j), null, ItemText(after[j], itemType)));
            }
        }
    }

    /// <summary>The most item pairs a list alignment compares (200 items against 200 that all differ).</summary>
    internal const int MaxAlignedPairs = 40_000;

    /// <summary>Whether two items are the same by this diff's rules (defaults, server-filled names, one number spelt twice).</summary>
    private static bool Same(JsonElement before, JsonElement after, JsonTypeInfo? itemType)
    {
        if ((before.ValueKind == JsonValueKind.Null) != (after.ValueKind == JsonValueKind.Null))
        {
            return false;
        }

        var scratch = new List<FieldChange>();
        Compare(string.Empty, before, after, itemType, scratch);
        return scratch.Count == 0;
    }

    private static string ItemText(JsonElement item, JsonTypeInfo? itemType) => item.ValueKind == JsonValueKind.Null ? "null" : Text(item, itemType);

    private static string Item(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>
    /// Members for which false and unset mean the same: those whose spec default is false (<c>AssetCreationFields</c>,
    /// <c>Annotation</c>, <c>ImagePullSecret</c>), and the workload types a template supports (a type not declared is not
    /// supported; the DSL declares only the true ones, the Run:ai UI writes all four).
    /// </summary>
    private static readonly HashSet<(Type, string)> DefaultsToFalse =
    [
        (typeof(AssetCreationRequest), "autoDelete"),
        (typeof(AssetCreationRequest), "private"),
        (typeof(Annotation), "exclude"),
        (typeof(ImagePullSecret), "exclude"),
        (typeof(WorkloadSupportedTypes), "inference"),
        (typeof(WorkloadSupportedTypes), "workspace"),
        (typeof(WorkloadSupportedTypes), "training"),
        (typeof(WorkloadSupportedTypes), "distributed"),
    ];

    /// <summary>Whether an object sets none of the model's members, by this diff's rules (an empty object is the same as none).</summary>
    private static bool SetsNothing(JsonElement value, JsonTypeInfo type)
    {
        var scratch = new List<FieldChange>();
        Compare(string.Empty, value, EmptyObject, type, scratch);
        return scratch.Count == 0;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Two spellings of one UUID (case, braces): one cluster to the API.</summary>
    private static bool SameUuid(JsonElement x, JsonElement y) =>
        x.ValueKind == JsonValueKind.String && y.ValueKind == JsonValueKind.String
        && Guid.TryParse(x.GetString(), out var a) && Guid.TryParse(y.GetString(), out var b) && a == b;

    /// <summary>
    /// <paramref name="into"/> with the members of <paramref name="from"/> that this version's model does not know (a
    /// newer server's fields), where both have the same object: what an update sends so that it does not erase them.
    /// Those of a list item go into the same item in code, found in order among the items whose known members are all as they
    /// were, whatever was added or removed around it; an item edited in code loses them.
    /// </summary>
    internal static SpecificRunCreationFields KeepUnknownMembers(SpecificRunCreationFields from, SpecificRunCreationFields into)
    {
        var target = JsonNode.Parse(TemplateJson.SerializeToUtf8Bytes(from));
        var result = JsonNode.Parse(TemplateJson.SerializeToUtf8Bytes(into));
        return Merge(target, result, TemplateJson.TypeInfo<SpecificRunCreationFields>())
            ? TemplateJson.Deserialize<SpecificRunCreationFields>(result!.ToJsonString())
            : into;
    }

    /// <summary>The members of a request this version's model does not know, with their values: code cannot write them.</summary>
    internal static IReadOnlyList<FieldChange> UnknownMembers(WorkloadTemplateCreationRequest request)
    {
        using var document = JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(request));
        var unknown = new List<FieldChange>();
        Unknown(string.Empty, document.RootElement, TemplateJson.TypeInfo<WorkloadTemplateCreationRequest>(), unknown);
        return unknown;
    }

    private static void Unknown(string path, JsonElement value, JsonTypeInfo? type, List<FieldChange> unknown)
    {
        if (value.ValueKind == JsonValueKind.Object && type is { Kind: JsonTypeInfoKind.Object })
        {
            foreach (var member in value.EnumerateObject())
            {
                var property = ModelProperty(type, member.Name);
                if (property is null)
                {
                    unknown.Add(new FieldChange(Join(path, member.Name), member.Value.GetRawText(), null));
                }
                else
                {
                    Unknown(Join(path, member.Name), member.Value, TemplateJson.Options.GetTypeInfo(property.PropertyType), unknown);
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element })
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Unknown(path + "[" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", item, TemplateJson.Options.GetTypeInfo(element), unknown);
            }
        }
    }

    private static bool SameKnownMembers(JsonNode? x, JsonNode? y, JsonTypeInfo type)
    {
        using var a = JsonDocument.Parse(x?.ToJsonString() ?? "null");
        using var b = JsonDocument.Parse(y?.ToJsonString() ?? "null");
        var changes = new List<FieldChange>();
        Compare(string.Empty, a.RootElement, b.RootElement, type, changes);
        return changes.Count == 0;
    }

    /// <summary>Copies unknown members of <paramref name="from"/> into <paramref name="into"/>; whether it copied any.</summary>
    private static bool Merge(JsonNode? from, JsonNode? into, JsonTypeInfo? type)
    {
        var copied = false;
        if (from is JsonObject source && into is JsonObject target && type is { Kind: JsonTypeInfoKind.Object })
        {
            foreach (var (name, value) in source.ToList())
            {
                var property = ModelProperty(type, name);
                if (property is null)
                {
                    if (!target.ContainsKey(name))
                    {
                        target[name] = value?.DeepClone();
                        copied = true;
                    }
                }
                else if (target[name] is { } member)
                {
                    copied |= Merge(value, member, TemplateJson.Options.GetTypeInfo(property.PropertyType));
                }
            }
        }
        else if (from is JsonArray sourceItems && into is JsonArray targetItems && type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element })
        {
            // Each item that has such members goes into the same item in code, found in order: one whose known members are
            // all as they were (not another variable that took its place), wherever items were added or removed around it.
            var itemType = TemplateJson.Options.GetTypeInfo(element);
            var next = 0;
            for (var i = 0; i < sourceItems.Count && next < targetItems.Count; i++)
            {
                if (!HasUnknownMembers(sourceItems[i], itemType))
                {
                    continue;
                }

                for (var j = next; j < targetItems.Count; j++)
                {
                    if (SameKnownMembers(sourceItems[i], targetItems[j], itemType))
                    {
                        copied |= Merge(sourceItems[i], targetItems[j], itemType);
                        next = j + 1;
                        break;
                    }
                }
            }
        }

        return copied;
    }

    /// <summary>Whether a value holds, at any depth, a member the model does not know.</summary>
    private static bool HasUnknownMembers(JsonNode? node, JsonTypeInfo? type) => node switch
    {
        JsonObject o when type is { Kind: JsonTypeInfoKind.Object } => o.Any(m => ModelProperty(type, m.Key) is not { } property
            || HasUnknownMembers(m.Value, TemplateJson.Options.GetTypeInfo(property.PropertyType))),
        JsonArray a when type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } => a.Any(item => HasUnknownMembers(item, TemplateJson.Options.GetTypeInfo(element))),
        _ => false,
    };

    private static JsonElement? Present(JsonElement? value) => value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } v ? v : null;

    private static bool SameScalar(JsonElement x, JsonElement y) => x.ValueKind == y.ValueKind && x.ValueKind switch
    {
        JsonValueKind.String => x.ValueEquals(y.GetString()),
        // 1 and 1.0 are one number; integers compare exactly (as doubles, 2^63-1 would equal 2^63-2), others as doubles
        // (as decimals, every number below 1e-28 would be 0). The model's integers are at most 64 bits: a larger one
        // does not read into it.
        JsonValueKind.Number => x.GetRawText() == y.GetRawText()
            || (x.TryGetInt64(out var i) && y.TryGetInt64(out var j) ? i == j : x.TryGetDouble(out var a) && y.TryGetDouble(out var b) && a == b),
        JsonValueKind.True or JsonValueKind.False => true,
        _ => JsonElement.DeepEquals(x, y),
    };

    /// <summary>
    /// A value as compact JSON for people to read (a plan's diff): without the members the model does not know, and
    /// with letters and <c>&amp; &lt; &gt; ' +</c> as they are, not as <c>\u00E9</c> (what a string needs escaped still is).
    /// </summary>
    private static string Text(JsonElement value, JsonTypeInfo? type)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Readable))
        {
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                Write(writer, value, type);
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        return VisibleText.Of(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }

    private static readonly JsonWriterOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Write(Utf8JsonWriter writer, JsonElement value, JsonTypeInfo? type)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when type is { Kind: JsonTypeInfoKind.Object }:
                writer.WriteStartObject();
                foreach (var property in type.Properties)
                {
                    if (!property.IsExtensionData && value.TryGetProperty(property.Name, out var member) && member.ValueKind != JsonValueKind.Null)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, member, TemplateJson.Options.GetTypeInfo(property.PropertyType));
                    }
                }

                writer.WriteEndObject();
                return;
            case JsonValueKind.Array:
                var itemType = type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } ? TemplateJson.Options.GetTypeInfo(element) : null;
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item, itemType);
                }

                writer.WriteEndArray();
                return;
            default:
                value.WriteTo(writer);
                return;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

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
