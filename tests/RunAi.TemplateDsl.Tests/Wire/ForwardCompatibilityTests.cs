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
}
