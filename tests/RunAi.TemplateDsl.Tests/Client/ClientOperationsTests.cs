using System.Text.Json;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>The five operations, client against the emulator over real HTTP on 127.0.0.1.</summary>
public sealed class ClientOperationsTests : EmulatorTestBase
{
    [Fact]
    public async Task Create_answers_202_with_the_stored_template_ids_read_only_meta_and_asset_names()
    {
        var request = Request("pytorch-ddp", description: "PyTorch DDP");

        var created = await Client.Templates.CreateAsync(request);

        Guid.TryParse(created.Meta.Id, out _).Should().BeTrue();
        created.Meta.Kind.Should().Be(AssetKind.WorkloadTemplate);
        created.Meta.Name.Should().Be("pytorch-ddp");
        created.Meta.Description.Should().Be("PyTorch DDP");
        created.Meta.Scope.Should().Be(Scope.Project);
        created.Meta.ProjectId.Should().Be(42);
        created.Meta.ProjectName.Should().Be("project-42");
        created.Meta.CreatedBy.Should().Be("emulator-user");
        created.Meta.UpdatedBy.Should().Be("emulator-user");
        created.Meta.CreatedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        created.Meta.UpdatedAt.Should().Be(created.Meta.CreatedAt);
        created.Meta.UpdateCount.Should().Be(0);
        created.Spec.Assets.Environment.Should().BeEquivalentTo(new { Id = EnvironmentId, Name = "pytorch-env" });
        created.Spec.Assets.Environment.ToolTypes.Should().Equal(ToolType.JupyterNotebook);
        created.Spec.Assets.Compute.Should().BeEquivalentTo(new { Id = ComputeId, Name = "one-gpu" });
        created.Spec.Assets.Datasources.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Id = PvcId, Name = "datasets", Kind = AssetKind.Pvc });
        created.Spec.Assets.Datasources![0].Overrides!.ContainerPath.Should().Be("/data");
        created.Spec.SpecificEnv!.Command.Should().Be("python train.py");
        Emulator.Statistics.Created.Should().Be(1);
    }

    [Fact]
    public async Task A_request_that_would_write_a_member_twice_is_refused_before_anything_is_sent()
    {
        var request = Request("written-twice");
        request.Meta.AdditionalProperties = new Dictionary<string, JsonElement> { ["description"] = JsonSerializer.SerializeToElement("hidden") };
        var update = Update(Request("written-twice"), "changed");
        update.Spec.AdditionalProperties = new Dictionary<string, JsonElement> { ["assets"] = JsonSerializer.SerializeToElement(new { }) };

        await FluentActions.Awaiting(() => Client.Templates.CreateAsync(request)).Should().ThrowAsync<InvalidOperationException>().WithMessage("*'description'*");
        await FluentActions.Awaiting(() => Client.Templates.UpdateAsync(Guid.NewGuid().ToString(), update)).Should().ThrowAsync<InvalidOperationException>().WithMessage("*'assets'*");

        Emulator.Statistics.Requests.Should().Be(0, "the body is written before the call");
    }

    [Fact]
    public async Task Get_answers_200_with_the_template_as_created()
    {
        var created = await Client.Templates.CreateAsync(Request("get-me"));

        var read = await Client.Templates.GetAsync(created.Meta.Id);

        TemplateJson.Serialize(read).Should().Be(TemplateJson.Serialize(created));
    }

    [Fact]
    public async Task Update_answers_202_and_changes_name_description_and_spec_only()
    {
        var request = Request("before", description: "v1");
        var created = await Client.Templates.CreateAsync(request);
        var update = Update(request, "v2", name: "after");
        update.Spec.SpecificEnv!.Command = "python train.py --resume";
        update.Spec.Assets.Compute = null;

        // Members outside the update schema are ignored: the scope and project of a template cannot change by PUT.
        update.Meta.AdditionalProperties = new Dictionary<string, JsonElement>
        {
            ["scope"] = JsonSerializer.SerializeToElement("tenant"),
            ["projectId"] = JsonSerializer.SerializeToElement(7),
        };
        var updated = await Client.Templates.UpdateAsync(created.Meta.Id, update);

        updated.Meta.Id.Should().Be(created.Meta.Id);
        updated.Meta.Name.Should().Be("after");
        updated.Meta.Description.Should().Be("v2");
        updated.Meta.Scope.Should().Be(Scope.Project);
        updated.Meta.ProjectId.Should().Be(42);
        updated.Meta.CreatedAt.Should().Be(created.Meta.CreatedAt);
        updated.Meta.UpdatedAt.Should().BeOnOrAfter(created.Meta.UpdatedAt);
        updated.Meta.UpdateCount.Should().Be(1);
        updated.Spec.SpecificEnv!.Command.Should().Be("python train.py --resume");
        updated.Spec.Assets.Compute.Should().BeNull();
        (await Client.Templates.GetAsync(created.Meta.Id)).Meta.Name.Should().Be("after");
    }

    [Fact]
    public async Task Delete_answers_202_with_the_spec_HttpResponse_and_the_template_is_gone()
    {
        var created = await Client.Templates.CreateAsync(Request("short-lived"));

        var answer = await Client.Templates.DeleteAsync(created.Meta.Id);

        answer.Code.Should().Be(202);
        answer.Message.Should().Contain(created.Meta.Id);
        var get = () => Client.Templates.GetAsync(created.Meta.Id);
        (await get.Should().ThrowAsync<RunAiNotFoundException>()).Which.StatusCode.Should().Be(404);
        (await Client.Templates.ListAsync(new TemplateFilter { Name = "short-lived" })).Should().BeEmpty();
    }

    [Fact]
    public async Task List_without_a_filter_returns_every_template_in_creation_order()
    {
        await Client.Templates.CreateAsync(Request("one"));
        await Client.Templates.CreateAsync(Request("two", Scope.Tenant));
        await Client.Templates.CreateAsync(Request("three", Scope.Department, departmentId: "7"));

        var all = await Client.Templates.ListAsync();

        all.Select(t => t.Meta.Name).Should().Equal("one", "two", "three");
    }

    [Fact]
    public async Task The_same_name_is_allowed_in_different_scopes()
    {
        await Client.Templates.CreateAsync(Request("shared", projectId: 1));
        await Client.Templates.CreateAsync(Request("shared", projectId: 2));
        await Client.Templates.CreateAsync(Request("shared", Scope.Tenant));

        (await Client.Templates.ListAsync(new TemplateFilter { Name = "shared" })).Should().HaveCount(3);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    public async Task An_id_of_only_dots_is_refused_before_any_request(string id)
    {
        // In a URL path "." and ".." are dot segments: ".." would turn DELETE .../workload-template/.. into DELETE /api/v1/asset/.
        var created = await Client.Templates.CreateAsync(Request("kept"));
        var requests = Emulator.Statistics.Requests;
        Func<Task>[] calls =
        [
            () => Client.Templates.GetAsync(id),
            () => Client.Templates.UpdateAsync(id, Update(Request("kept"), "d")),
            () => Client.Templates.DeleteAsync(id),
        ];

        foreach (var call in calls)
        {
            var error = (await call.Should().ThrowAsync<ArgumentException>()).Which;
            error.ParamName.Should().Be("id");
            error.Message.Should().Contain($"'{id}'");
        }

        Emulator.Statistics.Requests.Should().Be(requests);
        (await Client.Templates.GetAsync(created.Meta.Id)).Meta.Name.Should().Be("kept");
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("a..b")]
    public async Task An_id_with_dots_and_more_is_sent_as_it_is(string id)
    {
        var get = () => Client.Templates.GetAsync(id);

        (await get.Should().ThrowAsync<RunAiNotFoundException>()).Which.RequestPath.Should().Be("api/v1/asset/workload-template/" + id);
    }
}
