namespace RunAi.TemplateDsl.Tests.Wire;

public sealed class ReadWriteSplitTests
{
    private static WorkloadTemplate Full() => TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden("full-template.json"));

    [Fact]
    public void Asset_references_read_back_become_the_ids_written()
    {
        var request = Full().ToCreationRequest();

        request.Spec.Assets.Environment.Should().Be("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d");
        request.Spec.Assets.Compute.Should().Be("5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f");
        request.Spec.Assets.Datasources.Should().HaveCount(2);
        request.Spec.Assets.Datasources![0].Kind.Should().Be(AssetKind.Pvc);
        request.Spec.Assets.Datasources![0].Overrides!.ContainerPath.Should().Be("/data");
        var assets = System.Text.Json.Nodes.JsonNode.Parse(TemplateJson.Serialize(request))!["spec"]!["assets"]!.ToJsonString();
        assets.Should().Contain("\"environment\":\"7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d\"").And.NotContain("pytorch-24.01", "names are read-only");
    }

    [Fact]
    public void Read_only_metadata_is_not_written_in_a_creation_or_update_request()
    {
        var template = Full();

        var creation = TemplateJson.Serialize(template.ToCreationRequest());
        var update = TemplateJson.Serialize(template.ToUpdateRequest());

        foreach (var json in new[] { creation, update })
        {
            json.Should().NotContain("createdBy").And.NotContain("updateCount").And.NotContain("\"kind\":\"workload-template\"").And.NotContain("projectName");
        }

        creation.Should().Contain("\"scope\":\"project\"").And.Contain("\"projectId\":42");
        update.Should().NotContain("\"scope\"", "an update cannot change the scope");
    }

    [Fact]
    public void The_distributed_section_is_written_in_the_read_models_shape()
    {
        var request = Full().ToCreationRequest();

        request.Spec.Distributed!.NumWorkers.Should().Be(4);
        request.Spec.Distributed.Master!.Assets!.Environment.Id.Should().Be("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d");
        TemplateJson.Serialize(request).Should().Contain("\"distributed\":{\"numWorkers\":4");
    }

    [Fact]
    public void A_request_made_from_a_template_shares_no_mutable_state_with_it()
    {
        var template = Full();
        var request = template.ToCreationRequest();

        request.Spec.SpecificEnv!.NodePools!.Add("changed");
        request.Meta.WorkloadSupportedTypes!.Training = false;

        template.Spec.SpecificEnv!.NodePools.Should().NotContain("changed");
        template.Meta.WorkloadSupportedTypes!.Training.Should().BeTrue();
    }
}
