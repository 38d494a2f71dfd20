using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using RunAi.TemplateDsl.Json;
using Xunit.Abstractions;

namespace RunAi.TemplateDsl.Tests.Wire;

/// <summary>
/// Walks every schema reachable from the five operations of the vendored spec and checks that the wire model's
/// JSON contract has each property under the same name with a compatible type, required exactly where the spec
/// requires it, and every enum value.
/// </summary>
public sealed class SpecCoverageTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, Type> Roots = new()
    {
        ["WorkloadTemplateListResponse"] = typeof(WorkloadTemplateListResponse),
        ["WorkloadTemplate"] = typeof(WorkloadTemplate),
        ["WorkloadTemplateCreationRequest"] = typeof(WorkloadTemplateCreationRequest),
        ["WorkloadTemplateUpdateRequest"] = typeof(WorkloadTemplateUpdateRequest),
        ["Error"] = typeof(ApiError),
        ["HttpResponse"] = typeof(ApiResponse),
    };

    /// <summary>
    /// Required in the spec, optional in the model, on purpose: a request's distributed master uses the read shape of
    /// the asset references, and a request names the environment by id only (the server fills the name).
    /// </summary>
    private static readonly HashSet<string> OptionalOnPurpose = ["EnvironmentAssetRef.name", "AssetRef.name", "DatasourceRef.name"];

    [Fact]
    public void Every_property_of_every_reachable_schema_is_in_the_model_with_a_compatible_type()
    {
        var walk = new Walk();
        var bodies = SpecDocument.OperationBodies().ToList();
        bodies.Select(b => b.Operation).Distinct().Should().HaveCount(5, "the spec has five operations");

        foreach (var (_, schema) in bodies.DistinctBy(b => b.Schema))
        {
            Roots.Should().ContainKey(schema, "every body schema of the five operations maps to a model type");
            walk.Object(SpecDocument.Schema(schema), Roots[schema], schema, schema);
        }

        output.WriteLine($"schemas reachable: {walk.SchemaNames.Count}, object shapes checked: {walk.ObjectsChecked}");
        output.WriteLine($"properties checked: {walk.PropertiesChecked}, missing or incompatible: {walk.Failures.Count}");
        output.WriteLine($"enums: {walk.EnumNames.Count}, enum values round-tripped: {walk.EnumValuesChecked}");
        output.WriteLine($"coverage: {(walk.PropertiesChecked - walk.Failures.Count) * 100.0 / walk.PropertiesChecked:F1}%");
        walk.Failures.Should().BeEmpty();
        walk.PropertiesChecked.Should().BeGreaterThan(150, "the walk must actually reach the nested schemas");
        walk.EnumValuesChecked.Should().BeGreaterThan(50);
    }

    [Fact]
    public void The_nine_list_filters_and_the_path_parameter_are_in_the_spec_we_vendor()
    {
        var list = SpecDocument.Root["paths"]!["/api/v1/asset/workload-template"]!["get"]!["parameters"]!.AsArray();
        var names = list.Select(p => SpecDocument.Resolve(p!.AsObject())["name"]!.GetValue<string>()).ToList();
        names.Should().Equal("name", "scope", "projectId", "departmentId", "clusterId", "distributedFramework", "isDistributed", "isTraining", "isWorkspace");
    }

    private sealed class Walk
    {
        private readonly HashSet<(JsonObject, Type)> _seen = new(new PairComparer());

        public HashSet<string> SchemaNames { get; } = [];

        public HashSet<string> EnumNames { get; } = [];

        public int ObjectsChecked { get; private set; }

        public int PropertiesChecked { get; private set; }

        public int EnumValuesChecked { get; private set; }

        public List<string> Failures { get; } = [];

        public void Object(JsonObject schema, Type clr, string path, string? name)
        {
            if (name is not null)
            {
                SchemaNames.Add(name);
            }

            if (!_seen.Add((SpecDocument.Resolve(schema), clr)))
            {
                return;
            }

            ObjectsChecked++;
            NoteReferences(schema);
            var contract = TemplateJsonContext.Default.GetTypeInfo(clr);
            if (contract is null || contract.Kind != JsonTypeInfoKind.Object)
            {
                Failures.Add($"{path}: {clr.Name} is not an object in the JSON contract");
                return;
            }

            var required = SpecDocument.Required(schema);
            foreach (var (propName, propSchema) in SpecDocument.Properties(schema))
            {
                PropertiesChecked++;
                var member = contract.Properties.FirstOrDefault(p => p.Name == propName);
                if (member is null)
                {
                    Failures.Add($"{path}.{propName}: missing from {clr.Name}");
                    continue;
                }

                // C# required (what users write) and [JsonRequired] (what only the API returns) both make reading
                // fail when the member is missing; either way the contract must say what the spec says.
                if (member.IsRequired != required.Contains(propName) && !OptionalOnPurpose.Contains($"{clr.Name}.{propName}"))
                {
                    Failures.Add($"{path}.{propName}: {(required.Contains(propName) ? "required" : "optional")} in the spec, {(member.IsRequired ? "required" : "optional")} in {clr.Name}");
                }

                Value(propSchema, member.PropertyType, $"{path}.{propName}");
            }
        }

        private void Value(JsonObject schema, Type clr, string path)
        {
            NoteReferences(schema);
            var s = SpecDocument.Effective(schema);
            var type = Nullable.GetUnderlyingType(clr) ?? clr;
            var jsonType = s["type"]?.GetValue<string>() ?? (s["properties"] is not null || s["allOf"] is not null ? "object" : null);
            switch (jsonType)
            {
                case "object":
                    Object(s, type, path, null);
                    break;
                case "array":
                    if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(List<>))
                    {
                        Failures.Add($"{path}: array in the spec, {type.Name} in the model");
                        return;
                    }

                    Value(s["items"]!.AsObject(), type.GetGenericArguments()[0], path + "[]");
                    break;
                case "string" when s["enum"] is JsonArray values:
                    Enum(values, type, path);
                    break;
                case "string":
                    var format = s["format"]?.GetValue<string>();
                    var ok = format == "date-time" ? type == typeof(DateTimeOffset) : type == typeof(string);
                    if (!ok)
                    {
                        Failures.Add($"{path}: string ({format}) in the spec, {type.Name} in the model");
                    }

                    break;
                case "integer":
                    var fmt = s["format"]?.GetValue<string>();
                    var intOk = fmt == "int64" ? type == typeof(long) : type == typeof(int) || type == typeof(long);
                    if (!intOk)
                    {
                        Failures.Add($"{path}: integer ({fmt}) in the spec, {type.Name} in the model");
                    }

                    break;
                case "number":
                    if (type != typeof(double) && type != typeof(float) && type != typeof(decimal))
                    {
                        Failures.Add($"{path}: number in the spec, {type.Name} in the model");
                    }

                    break;
                case "boolean":
                    if (type != typeof(bool))
                    {
                        Failures.Add($"{path}: boolean in the spec, {type.Name} in the model");
                    }

                    break;
                default:
                    Failures.Add($"{path}: unhandled schema {s.ToJsonString()}");
                    break;
            }
        }

        private void Enum(JsonArray values, Type type, string path)
        {
            var knownProperty = type.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static);
            if (knownProperty is null)
            {
                Failures.Add($"{path}: enum in the spec, {type.Name} in the model is no wire enum");
                return;
            }

            EnumNames.Add(type.Name);
            var known = ((System.Collections.IEnumerable)knownProperty.GetValue(null)!).Cast<object>().Select(v => v.ToString()).ToHashSet();
            var info = TemplateJsonContext.Default.GetTypeInfo(type)!;
            foreach (var value in values.Select(v => v!.GetValue<string>()))
            {
                EnumValuesChecked++;
                if (!known.Contains(value))
                {
                    Failures.Add($"{path}: enum value '{value}' is not a known value of {type.Name}");
                    continue;
                }

                var json = System.Text.Json.JsonSerializer.Serialize($"{value}");
                var read = System.Text.Json.JsonSerializer.Deserialize(json, info);
                var back = System.Text.Json.JsonSerializer.Serialize(read, info);
                if (back != json || !known.Contains(read!.ToString()))
                {
                    Failures.Add($"{path}: enum value '{value}' does not round-trip ({back})");
                }
            }
        }

        private void NoteReferences(JsonObject schema)
        {
            if (SpecDocument.RefName(schema) is { } name)
            {
                SchemaNames.Add(name);
                NoteReferences(SpecDocument.Schema(name));
            }

            if (schema["allOf"] is JsonArray parts)
            {
                foreach (var part in parts)
                {
                    NoteReferences(part!.AsObject());
                }
            }
        }
    }

    private sealed class PairComparer : IEqualityComparer<(JsonObject, Type)>
    {
        public bool Equals((JsonObject, Type) x, (JsonObject, Type) y) => ReferenceEquals(x.Item1, y.Item1) && x.Item2 == y.Item2;

        public int GetHashCode((JsonObject, Type) obj) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), obj.Item2);
    }
}
