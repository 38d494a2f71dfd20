using System.Text.Json.Nodes;

namespace RunAi.TemplateDsl.Tests.Wire;

/// <summary>The vendored API description (spec/workload-template.openapi.json), as the tests read it.</summary>
internal static class SpecDocument
{
    private static readonly Lazy<JsonObject> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spec", "workload-template.openapi.json")))!.AsObject());

    public static JsonObject Root => Document.Value;

    public static JsonObject Schemas => Root["components"]!["schemas"]!.AsObject();

    public static JsonObject Schema(string name) => Schemas[name]?.AsObject() ?? throw new KeyNotFoundException($"No schema {name} in the spec.");

    /// <summary>Follows a local <c>$ref</c> ("#/components/x/y") to its target.</summary>
    public static JsonObject Resolve(JsonObject node)
    {
        while (node["$ref"] is JsonValue r)
        {
            var parts = r.GetValue<string>().TrimStart('#', '/').Split('/');
            JsonNode current = Root;
            foreach (var part in parts)
            {
                current = current[part]!;
            }

            node = current.AsObject();
        }

        return node;
    }

    public static string? RefName(JsonObject node) =>
        node["$ref"] is JsonValue r ? r.GetValue<string>().Split('/')[^1] : null;

    /// <summary>The request and response body schemas of the five operations.</summary>
    public static IEnumerable<(string Operation, string Schema)> OperationBodies()
    {
        foreach (var (_, pathItem) in Root["paths"]!.AsObject())
        {
            foreach (var (method, op) in pathItem!.AsObject())
            {
                if (op is not JsonObject operation || operation["operationId"] is null)
                {
                    continue;
                }

                var id = $"{method.ToUpperInvariant()} {operation["operationId"]}";
                if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject body)
                {
                    yield return (id, RefName(body)!);
                }

                foreach (var (_, response) in operation["responses"]!.AsObject())
                {
                    var resolved = Resolve(response!.AsObject());
                    if (resolved["content"]?["application/json"]?["schema"] is JsonObject schema)
                    {
                        yield return (id, RefName(schema)!);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The properties of a schema with its <c>allOf</c> parts merged, each with the schema that declares it.
    /// </summary>
    public static List<(string Name, JsonObject Schema)> Properties(JsonObject schema) =>
        [.. Parts(schema).SelectMany(part => part["properties"] is JsonObject props ? props.Select(p => (p.Key, p.Value!.AsObject())) : [])];

    /// <summary>The names a schema lists as <c>required</c>, with its <c>allOf</c> parts merged.</summary>
    public static HashSet<string> Required(JsonObject schema) =>
        new(Parts(schema).SelectMany(part => part["required"] is JsonArray names ? names.Select(n => n!.GetValue<string>()) : []), StringComparer.Ordinal);

    /// <summary>A schema (resolved) and, depth first before it, the parts of its <c>allOf</c>.</summary>
    private static IEnumerable<JsonObject> Parts(JsonObject schema)
    {
        var resolved = Resolve(schema);
        if (resolved["allOf"] is JsonArray parts)
        {
            foreach (var part in parts)
            {
                foreach (var inner in Parts(part!.AsObject()))
                {
                    yield return inner;
                }
            }
        }

        yield return resolved;
    }

    /// <summary>The effective type of a property schema, looking through $ref and single allOf.</summary>
    public static JsonObject Effective(JsonObject schema)
    {
        var s = Resolve(schema);
        if (s["type"] is null && s["properties"] is null && s["allOf"] is JsonArray { Count: 1 } only)
        {
            return Effective(only[0]!.AsObject());
        }

        if (s["type"] is JsonValue t && t.GetValue<string>() == "string" && s["enum"] is null && s["allOf"] is JsonArray { Count: 1 } one)
        {
            return Effective(one[0]!.AsObject());
        }

        return s;
    }
}
