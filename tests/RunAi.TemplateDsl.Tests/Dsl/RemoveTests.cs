using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json.Nodes;
using RunAi.TemplateDsl.Tests.Rules;

namespace RunAi.TemplateDsl.Tests.Dsl;

/// <summary>
/// The <c>Remove…</c> calls: a variant of a shared base drops list items by name (id, key) without touching the base,
/// so it can declare them anew without a duplicate (RAI1005, RAI5004, RAI6002, RAI6003).
/// </summary>
public sealed class RemoveTests
{
    private const string Data = Valid.DataSourceId;
    private const string OtherData = Valid.OtherDataSourceId;

    /// <summary>A base with two items of each list, one of them under the name the tests remove.</summary>
    private static readonly TemplateBuilder Base = Valid.Template
        .AddDataSource(DataSourceKind.Pvc, Data, "/data")
        .AddDataSource(DataSourceKind.Git, OtherData)
        .AddEnvironmentVariable("MODE", "base").AddEnvironmentVariable("KEEP", "1").ExcludeEnvironmentVariable("MODE")
        .AddLabel("team", "base").AddLabel("app", "llm").ExcludeLabel("team")
        .AddAnnotation("team", "base").AddAnnotation("owner", "ml")
        .AddConnection("jupyter", c => c.ExternalUrl("https://jupyter.example.com")).AddConnection("tensorboard")
        .AddImagePullSecret("regcred").AddImagePullSecret("other", userCredential: true).ExcludeImagePullSecret("regcred")
        .Tolerate("dedicated", "gpu", TolerationEffect.NoSchedule).TolerateAny("dedicated", TolerationEffect.NoExecute)
        .TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule).ExcludeToleration("dedicated");

    public static TheoryData<string, Func<TemplateBuilder, TemplateBuilder>, string, string[]> Removals() => new()
    {
        { "RemoveDataSource", b => b.RemoveDataSource(Data), "spec.assets.datasources", [OtherData] },
        { "RemoveDataSource(Guid)", b => b.RemoveDataSource(Guid.Parse(Data.ToUpperInvariant())), "spec.assets.datasources", [OtherData] },
        { "RemoveEnvironmentVariable", b => b.RemoveEnvironmentVariable("MODE"), "spec.specificEnv.environmentVariables", ["KEEP"] },
        { "RemoveLabel", b => b.RemoveLabel("team"), "spec.specificEnv.labels", ["app"] },
        { "RemoveAnnotation", b => b.RemoveAnnotation("team"), "spec.specificEnv.annotations", ["owner"] },
        { "RemoveConnection", b => b.RemoveConnection("jupyter"), "spec.specificEnv.connections", ["tensorboard"] },
        { "RemoveImagePullSecret", b => b.RemoveImagePullSecret("regcred"), "spec.specificEnv.imagePullSecrets", ["other"] },
        { "RemoveToleration", b => b.RemoveToleration("dedicated"), "spec.specificEnv.tolerations", ["nvidia.com/gpu", "(exclusion) dedicated"] },
    };

    [Theory]
    [MemberData(nameof(Removals))]
    public void A_removal_drops_every_item_of_that_name_values_and_exclusions_alike_and_keeps_the_rest_in_order(string call, Func<TemplateBuilder, TemplateBuilder> remove, string path, string[] left)
    {
        var before = TemplateJson.Serialize(Base.Build());

        var json = Json(remove(Base));

        Keys(json, path).Should().Equal(left, call + " leaves the other items, in their order");
        TemplateJson.Serialize(Base.Build()).Should().Be(before, "the base is immutable");
        Without(json, path).ToJsonString().Should().Be(Without(Json(Base), path).ToJsonString(), call + " changes nothing else");
    }

    [Theory]
    [MemberData(nameof(Removals))]
    public void Removing_a_name_nobody_declared_changes_nothing(string call, Func<TemplateBuilder, TemplateBuilder> remove, string path, string[] left)
    {
        _ = path;
        _ = left;
        var empty = Valid.Template.AddLabel("x", "1");

        TemplateJson.Serialize(remove(empty).Build()).Should().Be(TemplateJson.Serialize(empty.Build()), call + " of an item that is not there");
    }

    [Fact]
    public void A_list_left_empty_is_not_written_nor_is_a_run_parameter_object_left_empty()
    {
        var json = Json(Valid.Template.AddLabel("team", "a").RemoveLabel("team"));
        json["spec"]!.AsObject().ContainsKey("specificEnv").Should().BeFalse("nothing is left of the run parameters");

        json = Json(Valid.Template.AddLabel("team", "a").WithCommand("python x.py").RemoveLabel("team"));
        json["spec"]!["specificEnv"]!.AsObject().Select(m => m.Key).Should().Equal("command");

        json = Json(Valid.Template.AddDataSource(DataSourceKind.Pvc, Data).RemoveDataSource(Data));
        json["spec"]!["assets"]!.AsObject().Select(m => m.Key).Should().Equal("environment");
    }

    [Fact]
    public void A_variant_declares_again_what_it_removed_without_a_duplicate()
    {
        var variant = Base.RemoveLabel("team").AddLabel("team", "vision")
            .RemoveAnnotation("team").AddAnnotation("team", "vision")
            .RemoveEnvironmentVariable("MODE").AddEnvironmentVariable("MODE", "variant")
            .RemoveConnection("jupyter").AddConnection("jupyter", c => c.NodePort(30080))
            .RemoveDataSource(Data).AddDataSource(DataSourceKind.Pvc, Data, "/variant");

        Base.AddLabel("team", "vision").Validate().Should().Contain(v => v.RuleId == "RAI6003", "without the removal the name is there twice");
        Base.AddConnection("jupyter").Validate().Should().Contain(v => v.RuleId == "RAI5004");
        variant.Validate().Should().BeEmpty();
        var json = Json(variant);
        json["spec"]!["specificEnv"]!["labels"]!.AsArray().Select(l => l!["name"] + "=" + l["value"]).Should().Equal("app=llm", "team=vision");
        json["spec"]!["assets"]!["datasources"]!.AsArray().Select(d => (string?)d!["overrides"]?["containerPath"]).Should().Equal(null, "/variant");
    }

    [Fact]
    public void Names_are_compared_exactly_and_data_source_ids_in_any_case_as_RAI1005_compares_them()
    {
        var json = Json(Base.RemoveLabel("Team").RemoveLabel("team ").RemoveEnvironmentVariable("mode"));

        Keys(json, "spec.specificEnv.labels").Should().Equal("team", "app", "(exclusion) team");
        Keys(json, "spec.specificEnv.environmentVariables").Should().Equal("MODE", "KEEP", "(exclusion) MODE");

        var upper = Valid.Template.AddDataSource(DataSourceKind.Pvc, Data.ToUpperInvariant());
        Keys(Json(upper.RemoveDataSource(Data)), "spec.assets.datasources").Should().BeEmpty();
        Keys(Json(upper.RemoveDataSource(Guid.Parse(Data))), "spec.assets.datasources").Should().BeEmpty("the Guid overload removes an id attached in upper case too");
        upper.RemoveDataSource(Data).AddDataSource(DataSourceKind.Nfs, Data).Validate().Should().BeEmpty("no RAI1005: the id attached in upper case is gone");
    }

    [Fact]
    public void A_null_name_is_refused_naming_the_parameter()
    {
        Base.Invoking(b => b.RemoveDataSource((string)null!)).Should().Throw<ArgumentNullException>().WithParameterName("dataSourceId");
        Base.Invoking(b => b.RemoveLabel(null!)).Should().Throw<ArgumentNullException>().WithParameterName("name");
        Base.Invoking(b => b.RemoveAnnotation(null!)).Should().Throw<ArgumentNullException>().WithParameterName("name");
        Base.Invoking(b => b.RemoveEnvironmentVariable(null!)).Should().Throw<ArgumentNullException>().WithParameterName("name");
        Base.Invoking(b => b.RemoveConnection(null!)).Should().Throw<ArgumentNullException>().WithParameterName("name");
        Base.Invoking(b => b.RemoveImagePullSecret(null!)).Should().Throw<ArgumentNullException>().WithParameterName("name");
        Base.Invoking(b => b.RemoveToleration(null!)).Should().Throw<ArgumentNullException>().WithParameterName("key");
    }

    /// <summary>A removal that empties the run parameters writes no <c>specificEnv</c>; this keeps the emptiness check complete.</summary>
    [Fact]
    public void The_run_parameters_are_empty_only_when_no_member_is_set()
    {
        RunParamsState.Empty.IsEmpty.Should().BeTrue();
        var properties = typeof(RunParamsState).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        properties.Should().HaveCount(28, "one per member of SpecificRunParams");
        foreach (var property in properties)
        {
            var state = RunParamsState.Empty with { };
            property.SetValue(state, SampleOf(property.PropertyType));
            state.IsEmpty.Should().BeFalse(property.Name + " is set");
        }
    }

    private static object SampleOf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            var item = underlying.GetGenericArguments()[0];
            var array = Array.CreateInstance(item, 1);
            return typeof(ImmutableArray).GetMethods().First(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                .MakeGenericMethod(item).Invoke(null, [array])!;
        }

        if (underlying == typeof(string))
        {
            return "x";
        }

        if (underlying.IsPrimitive)
        {
            return Convert.ChangeType(1, underlying, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (underlying == typeof(NodeAffinityBuilder) || underlying == typeof(AutoscalingBuilder) || underlying == typeof(ServingPortAccessBuilder))
        {
            return underlying.GetProperty("Empty", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
                   ?? underlying.GetField("Empty", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        }

        var known = underlying.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static);
        return known is not null ? ((System.Collections.IList)known.GetValue(null)!)[0]! : Activator.CreateInstance(underlying)!;
    }

    private static JsonObject Json(TemplateBuilder builder) => JsonNode.Parse(TemplateJson.Serialize(builder.Build()))!.AsObject();

    /// <summary>Each item's name (id for data sources, key for tolerations; "(exclusion) name" for an exclusion).</summary>
    private static IEnumerable<string> Keys(JsonObject json, string path)
    {
        JsonNode? node = json;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node is null ? [] : node.AsArray().Select(item =>
            (bool?)item!["exclude"] == true ? "(exclusion) " + item["name"] : (string)(item["id"] ?? item["key"] ?? item["name"])!);
    }

    private static JsonObject Without(JsonObject json, string path)
    {
        var copy = json.DeepClone().AsObject();
        var parts = path.Split('.');
        JsonNode? node = copy;
        foreach (var part in parts[..^1])
        {
            node = node?[part];
        }

        node!.AsObject().Remove(parts[^1]);
        return copy;
    }
}
