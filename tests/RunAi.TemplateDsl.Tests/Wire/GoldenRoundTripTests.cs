namespace RunAi.TemplateDsl.Tests.Wire;

public sealed class GoldenRoundTripTests
{
    [Theory]
    [InlineData("full-template.json")]
    [InlineData("minimal-template.json")]
    public void A_template_read_from_json_is_written_back_as_the_same_json_tree(string file)
    {
        var json = JsonTree.Golden(file);

        var template = TemplateJson.Deserialize<WorkloadTemplate>(json);
        var written = TemplateJson.Serialize(template);

        JsonTree.ShouldEqual(written, json);
    }

    [Fact]
    public void The_full_golden_file_sets_every_member_of_the_read_model()
    {
        // Guards the golden file itself: if a member is added to the model but not to the file, the round trip proves less.
        var template = TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden("full-template.json"));

        ModelWalk.UnsetMembers(template).Should().BeEmpty();
    }

    [Fact]
    public void A_list_response_round_trips()
    {
        var json = "{\"entries\":[" + JsonTree.Golden("full-template.json") + "," + JsonTree.Golden("minimal-template.json") + "]}";

        var list = TemplateJson.Deserialize<WorkloadTemplateListResponse>(json);

        list.Entries.Should().HaveCount(2);
        JsonTree.ShouldEqual(TemplateJson.Serialize(list), json);
    }

    [Fact]
    public void Null_members_are_omitted_on_write()
    {
        var request = new WorkloadTemplateCreationRequest
        {
            Meta = new AssetCreationRequest { Name = "n", Scope = Scope.Tenant },
            Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d" }, SpecificEnv = new SpecificRunParams() },
        };

        TemplateJson.Serialize(request).Should().Be("{\"meta\":{\"name\":\"n\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d\"},\"specificEnv\":{}}}");
    }

    [Theory]
    [InlineData("jupyter-notebook")]
    [InlineData("visual-studio-code")]
    [InlineData("chatbot-ui")]
    public void Enum_values_keep_their_exact_wire_spelling(string spelling)
    {
        var json = "{\"id\":\"7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d\",\"name\":\"e\",\"toolTypes\":[\"" + spelling + "\"]}";
        var template = TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden("minimal-template.json").Replace("{\n        \"id\": \"7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d\",\n        \"name\": \"jupyter-lab\"\n      }", json, StringComparison.Ordinal));

        template.Spec.Assets.Environment.ToolTypes.Should().ContainSingle().Which.Value.Should().Be(spelling);
        template.Spec.Assets.Environment.ToolTypes![0].IsKnown.Should().BeTrue();
        TemplateJson.Serialize(template).Should().Contain("\"" + spelling + "\"");
    }

    [Fact]
    public void Known_values_are_shared_instances_and_compare_by_spelling()
    {
        var read = TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden("full-template.json"));

        read.Meta.Scope.Should().BeSameAs(Scope.Project);
        (read.Meta.Kind == AssetKind.WorkloadTemplate).Should().BeTrue();
        (new Preemptibility("non-preemptible") == Preemptibility.NonPreemptible).Should().BeTrue();
        Preemptibility.NonPreemptible.ToString().Should().Be("non-preemptible");
        DistributedFramework.PyTorch.Equals(new DistributedFramework("pytorch")).Should().BeFalse("wire values are case-sensitive");
    }
}
