using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAi.TemplateDsl.Tests.Wire;

public sealed class ForwardCompatibilityTests
{
    private static string Minimal => JsonTree.Golden("minimal-template.json");

    [Fact]
    public void An_enum_value_this_version_does_not_know_is_read_and_written_back_unchanged()
    {
        var json = Minimal.Replace("\"scope\": \"tenant\"", "\"scope\": \"region\"", StringComparison.Ordinal);

        var template = TemplateJson.Deserialize<WorkloadTemplate>(json);

        template.Meta.Scope.Value.Should().Be("region");
        template.Meta.Scope.IsKnown.Should().BeFalse();
        JsonTree.ShouldEqual(TemplateJson.Serialize(template), json);
    }

    [Fact]
    public void Members_this_version_does_not_know_are_kept_at_every_level_and_written_back()
    {
        var node = JsonNode.Parse(Minimal)!;
        node["futureTopLevel"] = 1;
        node["meta"]!["labelsV3"] = new JsonObject { ["a"] = "b" };
        node["spec"]!["assets"]!["environment"]!["digest"] = "sha256:abc";
        node["spec"]!["specificEnv"] = new JsonObject { ["command"] = "run", ["gpuSharing"] = new JsonArray(1, 2) };
        var json = node.ToJsonString();

        var template = TemplateJson.Deserialize<WorkloadTemplate>(json);

        template.AdditionalProperties.Should().ContainKey("futureTopLevel");
        template.Spec.SpecificEnv!.AdditionalProperties.Should().ContainKey("gpuSharing");
        JsonTree.ShouldEqual(TemplateJson.Serialize(template), json);
    }

    [Fact]
    public void Unknown_members_survive_the_conversion_to_a_creation_request()
    {
        var node = JsonNode.Parse(Minimal)!;
        node["spec"]!["specificEnv"] = new JsonObject { ["gpuSharing"] = true };

        var request = TemplateJson.Deserialize<WorkloadTemplate>(node.ToJsonString()).ToCreationRequest();

        JsonNode.Parse(TemplateJson.Serialize(request))!["spec"]!["specificEnv"]!["gpuSharing"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void A_known_member_put_into_AdditionalProperties_by_hand_is_refused_rather_than_written_twice()
    {
        var request = TemplateJson.Deserialize<WorkloadTemplate>(Minimal).ToCreationRequest();
        request.Meta.AdditionalProperties = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("other") };

        FluentActions.Invoking(() => TemplateJson.Serialize(request)).Should().Throw<InvalidOperationException>()
            .WithMessage("AssetCreationRequest.AdditionalProperties holds 'name', which is a member of AssetCreationRequest: it would be written twice.*");
        FluentActions.Invoking(() => TemplateJson.SerializeToUtf8Bytes(request)).Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData("nodePools", true)]
    [InlineData("NodePools", false)] // JSON names are case-sensitive: another member, which this version does not know
    [InlineData("AdditionalProperties", false)] // the dictionary's own name is no member of the JSON
    [InlineData("gpuSharing", false)]
    public void A_nested_object_is_checked_too_and_only_the_exact_JSON_names_count(string key, bool refused)
    {
        var request = TemplateJson.Deserialize<WorkloadTemplate>(Minimal).ToCreationRequest();
        request.Spec.SpecificEnv = new SpecificRunParams
        {
            NodePools = ["a100"],
            AdditionalProperties = new Dictionary<string, JsonElement> { [key] = JsonSerializer.SerializeToElement(new[] { "h100" }) },
        };

        var serialize = FluentActions.Invoking(() => TemplateJson.Serialize(request));

        if (refused)
        {
            serialize.Should().Throw<InvalidOperationException>().WithMessage("SpecificRunParams.AdditionalProperties holds 'nodePools'*");
        }
        else
        {
            var env = JsonNode.Parse(serialize.Should().NotThrow().Subject)!["spec"]!["specificEnv"]!.AsObject();
            env["nodePools"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("a100");
            env[key]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("h100");
        }
    }
}
