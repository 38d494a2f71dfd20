using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>An emulator seeded with templates across scopes and workload types, shared by the filter tests.</summary>
public sealed class ListFilterFixture : IAsyncLifetime
{
    public const string ClusterB = "99999999-8888-4777-8666-555555555555";

    public RunAiEmulator Emulator { get; private set; } = null!;

    public RunAiClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await StartEmulatorAsync(o =>
        {
            o.Projects.Add(new EmulatorProject { Id = 42, Name = "vision", DepartmentId = "7", ClusterId = ClusterA });
            o.Projects.Add(new EmulatorProject { Id = 43, Name = "nlp", DepartmentId = "8", ClusterId = ClusterB });
        });
        Client = NewClient(Emulator);
        var templates = Client.Templates;
        await templates.CreateAsync(Request("p42-workspace", projectId: 42, supports: new WorkloadSupportedTypes { Workspace = true }));
        await templates.CreateAsync(Request("p42-ddp", projectId: 42, supports: new WorkloadSupportedTypes { Training = true, Distributed = true, DistFramework = DistributedFramework.PyTorch }));
        await templates.CreateAsync(Request("p43-train", projectId: 43, supports: new WorkloadSupportedTypes { Training = true }));
        await templates.CreateAsync(Request("p43-tf", projectId: 43, supports: new WorkloadSupportedTypes { Training = true, Distributed = true, DistFramework = DistributedFramework.TF }));
        await templates.CreateAsync(Request("d7", Scope.Department, departmentId: "7"));
        await templates.CreateAsync(Request("d8", Scope.Department, departmentId: "8"));
        await templates.CreateAsync(Request("cA", Scope.Cluster, clusterId: ClusterA));
        await templates.CreateAsync(Request("cB", Scope.Cluster, clusterId: ClusterB, supports: new WorkloadSupportedTypes { Workspace = true }));
        await templates.CreateAsync(Request("tenant-wide", Scope.Tenant, supports: new WorkloadSupportedTypes { Workspace = true, Training = true }));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>Each of the nine list filters, alone and combined with the scope filter.</summary>
public sealed class ListFilterTests(ListFilterFixture fixture) : IClassFixture<ListFilterFixture>
{
    public static TheoryData<string, TemplateFilter, string[]> Cases => new()
    {
        { "name", new TemplateFilter { Name = "d7" }, ["d7"] },
        { "name, none", new TemplateFilter { Name = "nope" }, [] },
        { "scope", new TemplateFilter { Scope = Scope.Department }, ["d7", "d8"] },
        { "scope tenant", new TemplateFilter { Scope = Scope.Tenant }, ["tenant-wide"] },
        { "projectId with scope project", new TemplateFilter { Scope = Scope.Project, ProjectId = 42 }, ["p42-workspace", "p42-ddp"] },
        { "projectId alone: the project and the scopes above it", new TemplateFilter { ProjectId = 42 }, ["p42-workspace", "p42-ddp", "d7", "cA", "tenant-wide"] },
        { "projectId of an unknown project", new TemplateFilter { ProjectId = 1000 }, ["tenant-wide"] },
        { "departmentId with scope department", new TemplateFilter { Scope = Scope.Department, DepartmentId = "8" }, ["d8"] },
        { "departmentId alone", new TemplateFilter { DepartmentId = "8" }, ["d8", "cB", "tenant-wide"] },
        { "clusterId with scope cluster", new TemplateFilter { Scope = Scope.Cluster, ClusterId = ClusterA }, ["cA"] },
        { "clusterId alone", new TemplateFilter { ClusterId = ClusterA }, ["cA", "tenant-wide"] },
        { "distributedFramework", new TemplateFilter { DistributedFramework = DistributedFramework.TF }, ["p43-tf"] },
        { "isDistributed true", new TemplateFilter { IsDistributed = true }, ["p42-ddp", "p43-tf"] },
        { "isDistributed false", new TemplateFilter { IsDistributed = false, Scope = Scope.Project }, ["p42-workspace", "p43-train"] },
        { "isTraining", new TemplateFilter { IsTraining = true }, ["p42-ddp", "p43-train", "p43-tf", "tenant-wide"] },
        { "isWorkspace", new TemplateFilter { IsWorkspace = true }, ["p42-workspace", "cB", "tenant-wide"] },
        { "isWorkspace false in project 43", new TemplateFilter { IsWorkspace = false, Scope = Scope.Project, ProjectId = 43 }, ["p43-train", "p43-tf"] },
        { "combined", new TemplateFilter { ProjectId = 43, IsTraining = true, IsDistributed = false }, ["p43-train", "tenant-wide"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Filter_selects_exactly_the_expected_templates(string because, TemplateFilter filter, string[] expected)
    {
        var found = await fixture.Client.Templates.ListAsync(filter);

        found.Select(t => t.Meta.Name).Should().Equal(expected, because);
    }

    [Fact]
    public void The_filter_sends_all_nine_query_parameters_with_the_api_spellings()
    {
        var filter = new TemplateFilter
        {
            Name = "n", Scope = Scope.Project, ProjectId = 1, DepartmentId = "2", ClusterId = ClusterA,
            DistributedFramework = DistributedFramework.Mpi, IsDistributed = true, IsTraining = false, IsWorkspace = true,
        };

        filter.ToQuery().Should().Equal(
            new KeyValuePair<string, string>("name", "n"),
            new KeyValuePair<string, string>("scope", "project"),
            new KeyValuePair<string, string>("projectId", "1"),
            new KeyValuePair<string, string>("departmentId", "2"),
            new KeyValuePair<string, string>("clusterId", ClusterA),
            new KeyValuePair<string, string>("distributedFramework", "MPI"),
            new KeyValuePair<string, string>("isDistributed", "true"),
            new KeyValuePair<string, string>("isTraining", "false"),
            new KeyValuePair<string, string>("isWorkspace", "true"));
    }

    [Fact]
    public async Task An_invalid_filter_value_is_a_typed_400()
    {
        var list = () => fixture.Client.Templates.ListAsync(new TemplateFilter { ClusterId = "not-a-uuid" });

        (await list.Should().ThrowAsync<RunAiBadRequestException>()).Which.Error!.Details.Should().Contain("clusterId");
    }
}
