using System.Text.Json.Nodes;
using Json.Schema;
using Xunit.Abstractions;

namespace RunAi.TemplateDsl.Tests.Wire;

/// <summary>
/// Validates what the library writes against the spec's own schemas with a real JSON Schema validator, so a wrong
/// name or type is caught by the spec rather than by our own expectations.
/// </summary>
public sealed class SchemaValidationTests(ITestOutputHelper output)
{
    public static TheoryData<string> Requests() => new()
    {
        "golden full → creation",
        "golden full → update",
        "golden minimal → creation",
        "dsl distributed",
        "dsl workspace",
        "dsl inference",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Requests_the_library_writes_validate_against_the_spec(string which)
    {
        var (schema, json) = which switch
        {
            "golden full → creation" => ("WorkloadTemplateCreationRequest", TemplateJson.Serialize(Read("full-template.json").ToCreationRequest())),
            "golden full → update" => ("WorkloadTemplateUpdateRequest", TemplateJson.Serialize(Read("full-template.json").ToUpdateRequest())),
            "golden minimal → creation" => ("WorkloadTemplateCreationRequest", TemplateJson.Serialize(Read("minimal-template.json").ToCreationRequest())),
            "dsl distributed" => ("WorkloadTemplateCreationRequest", TemplateJson.Serialize(Template.Named("ddp").InProject(42).WithEnvironment(Env)
                .Distributed(DistributedFramework.PyTorch, workers: 4).WithMaster(m => m.WithCommand("python master.py"))
                .WithNodeAffinity(n => n.Term(t => t.Gt("nvidia.com/gpu.count", 4))).Build())),
            "dsl workspace" => ("WorkloadTemplateUpdateRequest", TemplateJson.Serialize(Template.Named("nb").InTenant().ForWorkspace().WithEnvironment(Env)
                .AddConnection("jupyter", c => c.NodePort(30080)).AddEnvironmentVariableFromSecret("TOKEN", Env, "token").BuildUpdate())),
            _ => ("WorkloadTemplateCreationRequest", TemplateJson.Serialize(Template.Named("llm").InCluster(Guid.Parse(Env)).ForInference().WithEnvironment(Env)
                .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(3).ScaleToZeroRetention(60).Metric("throughput", 10))
                .WithServingPortAccess(s => s.OnlyUsers("alice")).Build())),
        };

        var errors = SpecSchemas.Errors(schema, json);

        output.WriteLine(json);
        errors.Should().BeEmpty();
    }

    [Fact]
    public void A_read_template_validates_against_the_read_schema()
    {
        SpecSchemas.Errors("WorkloadTemplate", JsonTree.Golden("full-template.json")).Should().BeEmpty();
        SpecSchemas.Errors("WorkloadTemplate", JsonTree.Golden("minimal-template.json")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("nodePool", "[\"a100\"]")]
    [InlineData("nodePools", "\"a100\"")]
    [InlineData("priorityClass", "3")]
    [InlineData("preemptibility", "\"sometimes\"")]
    public void The_validator_catches_a_wrong_name_type_or_enum_value(string member, string value)
    {
        var json = "{\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"" + Env + "\"},\"specificEnv\":{\"" + member + "\":" + value + "}}}";

        SpecSchemas.Errors("WorkloadTemplateCreationRequest", json).Should().NotBeEmpty();
    }

    private const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";

    private static WorkloadTemplate Read(string file) => TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden(file));
}

/// <summary>
/// The spec's component schemas translated from OpenAPI 3.0 to JSON Schema 2020-12: <c>nullable</c> becomes a
/// <c>"null"</c> type, refs point into <c>$defs</c>, and every object that is a whole type (not an <c>allOf</c> part)
/// gets <c>unevaluatedProperties: false</c>, so an unknown or misspelt member is an error.
/// Two documented patches: the spec requires <c>connectionName</c> in SpecificRunConnectionInfo although the
/// property is <c>name</c> (a defect of the spec: nothing could satisfy it), and the creation fields accept
/// <c>distributed</c> in the read model's shape (RULES.md notes).
/// </summary>
internal static class SpecSchemas
{
    private static readonly Lazy<JsonObject> Defs = new(Translate);

    public static List<string> Errors(string schemaName, string json)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://runai-templatedsl.test/" + schemaName,
            ["$defs"] = Defs.Value.DeepClone(),
            ["$ref"] = "#/$defs/" + schemaName,
        };
        var schema = JsonSchema.FromText(root.ToJsonString());
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).ToList();
    }

    private static JsonObject Translate()
    {
        var defs = SpecDocument.Schemas.DeepClone().AsObject();
        var allOfParts = new HashSet<string>();
        foreach (var (_, schema) in defs)
        {
            CollectAllOfParts(schema!, allOfParts);
        }

        // Spec defect: required names a property that does not exist.
        var connection = defs["SpecificRunConnectionInfo"]!.AsObject();
        connection["required"] = new JsonArray("name");

        // RULES.md: a distributed template is created with spec.distributed in the read model's shape.
        defs["SpecificRunCreationFields"]!["properties"]!.AsObject()["distributed"] = new JsonObject { ["$ref"] = "#/components/schemas/InfoDistributed" };

        foreach (var (name, schema) in defs)
        {
            Rewrite(schema!, isWholeType: !allOfParts.Contains(name));
        }

        return defs;
    }

    private static void CollectAllOfParts(JsonNode node, HashSet<string> into)
    {
        if (node is JsonObject o)
        {
            if (o["allOf"] is JsonArray parts)
            {
                foreach (var part in parts)
                {
                    if (part!["$ref"] is JsonValue r)
                    {
                        into.Add(r.GetValue<string>().Split('/')[^1]);
                    }
                }
            }

            foreach (var (_, child) in o)
            {
                if (child is not null)
                {
                    CollectAllOfParts(child, into);
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a)
            {
                if (child is not null)
                {
                    CollectAllOfParts(child, into);
                }
            }
        }
    }

    private static void Rewrite(JsonNode node, bool isWholeType)
    {
        if (node is not JsonObject o)
        {
            return;
        }

        if (o["$ref"] is JsonValue r)
        {
            o["$ref"] = r.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        }

        if (o["nullable"] is JsonValue n && n.GetValue<bool>())
        {
            if (o["type"] is JsonValue t)
            {
                o["type"] = new JsonArray(t.GetValue<string>(), "null");
            }

            if (o["enum"] is JsonArray e)
            {
                e.Add(null);
            }
        }

        o.Remove("nullable");
        o.Remove("deprecated");
        o.Remove("example");

        var isObject = o["properties"] is not null || o["allOf"] is JsonArray parts && parts.Any(p => IsObjectRef(p!));
        if (isWholeType && isObject)
        {
            o["unevaluatedProperties"] = false;
        }

        if (o["properties"] is JsonObject props)
        {
            foreach (var (_, p) in props)
            {
                Rewrite(p!, isWholeType: true);
            }
        }

        if (o["items"] is JsonNode items)
        {
            Rewrite(items, isWholeType: true);
        }

        if (o["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                Rewrite(part!, isWholeType: false);
            }
        }
    }

    private static bool IsObjectRef(JsonNode part)
    {
        if (part["properties"] is not null)
        {
            return true;
        }

        if (part["$ref"] is not JsonValue r)
        {
            return false;
        }

        var target = SpecDocument.Schema(r.GetValue<string>().Split('/')[^1]);
        return target["properties"] is not null || target["allOf"] is not null;
    }
}
