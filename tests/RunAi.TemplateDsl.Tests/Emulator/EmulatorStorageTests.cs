using System.Diagnostics;
using System.Globalization;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Emulator;

/// <summary>SQLite storage across restarts, the asset table file, and the standalone command line.</summary>
public sealed class EmulatorStorageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("runai-emulator-tests-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A database file still held by a process that is going away; the temp folder is cleaned later.
        }
    }

    [Fact]
    public async Task Templates_survive_a_restart_with_a_database_file()
    {
        var path = Path.Combine(_directory, "state", "templates.db");
        WorkloadTemplate created;
        WorkloadTemplate updated;
        await using (var first = await StartEmulatorAsync(o => o.DatabasePath = path))
        {
            using var client = NewClient(first);
            created = await client.Templates.CreateAsync(Request("persistent", description: "v1"));
            updated = await client.Templates.UpdateAsync(created.Meta.Id, Update(Request("persistent"), "v2"));
            await client.Templates.CreateAsync(Request("second", Scope.Tenant));
        }

        await using var second = await StartEmulatorAsync(o => o.DatabasePath = path);
        using var again = NewClient(second);

        var read = await again.Templates.GetAsync(created.Meta.Id);
        TemplateJson.Serialize(read).Should().Be(TemplateJson.Serialize(updated));
        (await again.Templates.ListAsync()).Select(t => t.Meta.Name).Should().Equal("persistent", "second");
        var duplicate = () => again.Templates.CreateAsync(Request("persistent"));
        await duplicate.Should().ThrowAsync<TemplateAlreadyExistsException>("uniqueness holds across the restart");
    }

    [Fact]
    public async Task A_failure_no_endpoint_handles_is_a_500_with_an_Error_body()
    {
        // A stored document that no longer reads (written by hand here) makes the read throw inside the endpoint.
        var path = Path.Combine(_directory, "corrupt.db");
        await using (var first = await StartEmulatorAsync(o => o.DatabasePath = path))
        {
            using var client = NewClient(first);
            await client.Templates.CreateAsync(Request("intact"));
        }

        const string brokenId = "0b0b0b0b-0000-4000-8000-000000000000";
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO workload_templates (id, name, scope, scope_id, is_distributed, is_training, is_workspace, document)
                VALUES ($id, 'broken', 'tenant', '', 0, 0, 0, '{"meta": not json')
                """;
            insert.Parameters.AddWithValue("$id", brokenId);
            await insert.ExecuteNonQueryAsync();
        }

        await using var second = await StartEmulatorAsync(o => o.DatabasePath = path);
        using var http = new HttpClient { BaseAddress = second.BaseUri };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", second.Token);

        using var response = await http.GetAsync($"api/v1/asset/workload-template/{brokenId}");

        ((int)response.StatusCode).Should().Be(500);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var error = TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync());
        error.Code.Should().Be(500);
        error.Details.Should().Contain("GET /api/v1/asset/workload-template/" + brokenId).And.Contain(nameof(TemplateJsonException));
        using var list = await http.GetAsync("api/v1/asset/workload-template?scope=project");
        ((int)list.StatusCode).Should().Be(200, "the emulator serves on after the failure");
    }

    [Fact]
    public async Task A_database_keyed_by_cluster_ids_as_sent_is_migrated_at_open()
    {
        const string upper = "CCCCCCCC-DDDD-4EEE-8FFF-000000000000";
        const string lower = "cccccccc-dddd-4eee-8fff-000000000000";
        var path = Path.Combine(_directory, "old.db");
        WorkloadTemplate old, pair;
        await using (var first = await StartEmulatorAsync(o => o.DatabasePath = path))
        {
            using var client = NewClient(first);
            old = await client.Templates.CreateAsync(Request("old", Scope.Cluster, clusterId: upper));
            pair = await client.Templates.CreateAsync(Request("pair", Scope.Cluster, clusterId: upper));
        }

        // What the emulator wrote before cluster ids were canonical: the columns as sent, schema version 0. Plus a
        // pair that key allowed: "pair" again in the same cluster, spelt in lower case.
        const string twinId = "7e7e7e7e-0000-4000-8000-000000000000";
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE workload_templates SET scope_id = upper(scope_id), cluster_id = upper(cluster_id);
                INSERT INTO workload_templates (id, name, scope, scope_id, project_id, department_id, cluster_id, is_distributed, is_training, is_workspace, dist_framework, document)
                    SELECT $twin, name, scope, lower(scope_id), project_id, department_id, lower(cluster_id), is_distributed, is_training, is_workspace, dist_framework,
                           replace(replace(document, id, $twin), cluster_id, lower(cluster_id))
                    FROM workload_templates WHERE name = 'pair';
                PRAGMA user_version = 0;
                """;
            command.Parameters.AddWithValue("$twin", twinId);
            await command.ExecuteNonQueryAsync();
        }

        await using var second = await StartEmulatorAsync(o => o.DatabasePath = path);
        using var again = NewClient(second);

        string[] all = [old.Meta.Id, pair.Meta.Id, twinId];
        (await again.Templates.ListAsync(new TemplateFilter { ClusterId = lower })).Select(t => t.Meta.Id).Should().Equal(all);
        (await again.Templates.ListAsync(new TemplateFilter { ClusterId = upper, Scope = Scope.Cluster })).Select(t => t.Meta.Id).Should().Equal(all);
        (await again.Templates.GetAsync(old.Meta.Id)).Meta.ClusterId.Should().Be(upper, "the stored meta keeps the spelling sent");
        foreach (var name in new[] { "old", "pair" })
        {
            var duplicate = () => again.Templates.CreateAsync(Request(name, Scope.Cluster, clusterId: lower));
            await duplicate.Should().ThrowAsync<TemplateAlreadyExistsException>(name);
        }
    }

    [Fact]
    public async Task An_in_memory_emulator_starts_empty()
    {
        await using (var first = await StartEmulatorAsync())
        {
            using var client = NewClient(first);
            await client.Templates.CreateAsync(Request("ephemeral"));
        }

        await using var second = await StartEmulatorAsync();
        (await second.GetTemplatesAsync()).Should().BeEmpty();
        second.StorageDescription.Should().StartWith("in memory");
    }

    [Fact]
    public async Task The_asset_table_is_read_from_a_file_and_unknown_ids_get_generated_names()
    {
        var file = Path.Combine(_directory, "assets.json");
        await File.WriteAllTextAsync(file, $$"""
            [
              // comments and trailing commas are fine
              { "id": "{{EnvironmentId}}", "name": "jupyter-lab", "kind": "environment", "toolTypes": ["jupyter-notebook", "tensorboard"] },
            ]
            """);
        var assets = await RunAiEmulator.LoadAssetsAsync(file);
        var options = new RunAiEmulatorOptions();
        foreach (var asset in assets)
        {
            options.Assets.Add(asset);
        }

        await using var emulator = await RunAiEmulator.StartAsync(options);
        using var client = NewClient(emulator);
        var created = await client.Templates.CreateAsync(Request("named"));

        created.Spec.Assets.Environment.Name.Should().Be("jupyter-lab");
        created.Spec.Assets.Environment.ToolTypes.Should().Equal(ToolType.JupyterNotebook, ToolType.TensorBoard);
        created.Spec.Assets.Compute!.Name.Should().Be("compute-5c1d2e3f");
        created.Spec.Assets.Datasources![0].Name.Should().Be("pvc-9e2f3a4b");
    }

    [Fact]
    public async Task The_project_table_is_read_from_a_file_and_places_projects_under_their_department_and_cluster()
    {
        // A cluster id with letters, spelt in upper case in the file and in lower case by the template: one cluster.
        const string cluster = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
        var file = Path.Combine(_directory, "projects.json");
        await File.WriteAllTextAsync(file, $$"""
            [
              // comments and trailing commas are fine
              { "id": 42, "name": "vision", "departmentId": "7", "clusterId": "{{cluster.ToUpperInvariant()}}" },
              { "id": 43, "name": "nlp", "departmentId": "8" },
            ]
            """);
        var projects = await RunAiEmulator.LoadProjectsAsync(file);
        projects.Select(p => (p.Id, p.Name, p.DepartmentId)).Should().Equal((42, "vision", "7"), (43, "nlp", "8"));
        var options = new RunAiEmulatorOptions();
        foreach (var project in projects)
        {
            options.Projects.Add(project);
        }

        await using var emulator = await RunAiEmulator.StartAsync(options);
        using var client = NewClient(emulator);
        var mine = await client.Templates.CreateAsync(Request("mine", projectId: 42));
        await client.Templates.CreateAsync(Request("department-7", Scope.Department, departmentId: "7"));
        await client.Templates.CreateAsync(Request("department-8", Scope.Department, departmentId: "8"));
        await client.Templates.CreateAsync(Request("cluster-a", Scope.Cluster, clusterId: cluster));

        mine.Meta.ProjectName.Should().Be("vision");
        (await client.Templates.ListAsync(new TemplateFilter { ProjectId = 42 })).Select(t => t.Meta.Name).Should().Equal("mine", "department-7", "cluster-a");
    }

    [Theory]
    [InlineData("""[{ "id": 1, "name": "a" }, null]""", "[1]: a project cannot be null")]
    [InlineData("""[{ "id": 1, "name": "a" }, { "id": 1, "name": "b" }]""", "[1].id: project 1 is already listed at [0]")]
    [InlineData("""[{ "id": 1, "name": "a", "clusterId": "cluster-one" }]""", "[0].clusterId: 'cluster-one' is not a UUID")]
    [InlineData("""[{ "id": 1 }]""", "missing required properties including: 'name'")]
    [InlineData("""{ "id": 1, "name": "a" }""", "not a JSON array")]
    public async Task A_broken_project_file_is_reported_with_its_path_and_what_is_wrong(string content, string expected)
    {
        var file = Path.Combine(_directory, "broken-projects.json");
        await File.WriteAllTextAsync(file, content);

        var load = () => RunAiEmulator.LoadProjectsAsync(file);

        (await load.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().StartWith(file + ": ").And.Contain(expected);
    }

    /// <summary>The message is the same in every culture: fa-IR wrote -5 as a left-to-right mark and U+2212.</summary>
    [Fact]
    public async Task A_negative_project_id_is_written_invariantly_in_the_message()
    {
        var file = Path.Combine(_directory, "negative-projects.json");
        await File.WriteAllTextAsync(file, """[{ "id": -5, "name": "a" }, { "id": -5, "name": "b" }]""");
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fa-IR");
        try
        {
            var load = () => RunAiEmulator.LoadProjectsAsync(file);

            (await load.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("[1].id: project -5 is already listed at [0]");
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>The reader's message named the .NET type it read into (System.Collections.Generic.List`1[…EmulatorAsset]); a folder was "access denied".</summary>
    [Theory]
    [InlineData("assets", """{ "id": "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "name": "a" }""", "the value at $ (line 1) has the wrong type")]
    [InlineData("projects", """[{ "id": "one", "name": "a" }]""", "the value at $[0].id (line 1) has the wrong type")]
    [InlineData("assets", null, "it is a folder; give the path of the JSON file")]
    [InlineData("projects", null, "it is a folder; give the path of the JSON file")]
    public async Task A_table_file_of_the_wrong_shape_or_a_folder_is_said_in_the_files_terms(string table, string? content, string expected)
    {
        var file = Path.Combine(_directory, table + "-table");
        if (content is null)
        {
            Directory.CreateDirectory(file);
        }
        else
        {
            await File.WriteAllTextAsync(file, content);
        }

        Func<Task> load = table == "assets" ? () => RunAiEmulator.LoadAssetsAsync(file) : () => RunAiEmulator.LoadProjectsAsync(file);

        (await load.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().StartWith(file + ": ").And.Contain(expected).And.NotContain("System.");
    }

    [Fact]
    public async Task A_broken_asset_file_is_reported_with_its_path()
    {
        var file = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(file, """{ "id": "not an array" }""");

        var load = () => RunAiEmulator.LoadAssetsAsync(file);

        (await load.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain(file);
    }

    [Theory]
    [InlineData("--projects", """[{"id": 42, "name": "vision", "clusterId": "c1"}]""", ": [0].clusterId: 'c1' is not a UUID.")]
    [InlineData("--assets", """{ "id": "not an array" }""", ": not a JSON array of")]
    [InlineData("--assets", null, "Could not find file")]
    public async Task The_standalone_emulator_refuses_a_bad_table_file_in_one_line_that_names_the_option(string option, string? content, string problem)
    {
        var file = Path.Combine(_directory, "table.json");
        if (content is not null)
        {
            await File.WriteAllTextAsync(file, content);
        }

        using var process = EmulatorCli.Start("--port", "0", option, file);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        process.ExitCode.Should().Be(1);
        var message = (await errors).Trim();
        message.Should().StartWith(option + ": ").And.Contain(file).And.Contain(problem).And.NotContain("   at ", "a bad file is no crash");
        message.Split('\n').Should().ContainSingle();
        (await output).Should().NotContain("listening", "the emulator does not start without its table");
    }

    [Fact]
    public async Task The_standalone_emulator_prints_its_address_and_serves_with_the_given_token()
    {
        using var process = EmulatorCli.Start("--port", "0", "--token", "cli-token", "--db", Path.Combine(_directory, "cli.db"));
        try
        {
            var (baseUrl, banner) = await ReadBannerAsync(process);

            banner.Should().Contain(l => l.Contains("accepting the token given with --token", StringComparison.Ordinal));
            banner.Should().NotContain(l => l.Contains("cli-token", StringComparison.Ordinal), "the token given is not printed");
            using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = baseUrl, BearerToken = "cli-token" });
            (await client.Templates.CreateAsync(Request("from-cli"))).Meta.Name.Should().Be("from-cli");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task The_standalone_emulator_reads_projects_from_the_file_given_with_projects()
    {
        using (var help = EmulatorCli.Start("--help"))
        {
            var text = await help.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await help.WaitForExitAsync();
            text.Should().Contain("--projects");
        }

        var file = Path.Combine(_directory, "cli-projects.json");
        await File.WriteAllTextAsync(file, """[{ "id": 42, "name": "vision", "departmentId": "7" }]""");
        using var process = EmulatorCli.Start("--port", "0", "--projects", file);
        try
        {
            var (baseUrl, banner) = await ReadBannerAsync(process);

            banner.Should().Contain(l => l.Contains("projects:     1 known", StringComparison.Ordinal));
            using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = baseUrl, BearerToken = RunAiEmulatorOptions.DefaultToken });
            (await client.Templates.CreateAsync(Request("mine", projectId: 42))).Meta.ProjectName.Should().Be("vision");
            await client.Templates.CreateAsync(Request("department-7", Scope.Department, departmentId: "7"));
            await client.Templates.CreateAsync(Request("department-8", Scope.Department, departmentId: "8"));

            (await client.Templates.ListAsync(new TemplateFilter { ProjectId = 42 })).Select(t => t.Meta.Name).Should().Equal("mine", "department-7");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Reads the banner up to "Press Ctrl+C": the base URL of its first line and the lines after it.</summary>
    private static async Task<(string BaseUrl, List<string> Banner)> ReadBannerAsync(Process process)
    {
        var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        firstLine.Should().StartWith("Run:ai template API emulator listening on http://127.0.0.1:");
        var banner = new List<string>();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10))) is not null && !line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
            banner.Add(line);
        }

        return (firstLine!.Split(' ')[^1], banner);
    }
}
