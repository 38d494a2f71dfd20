using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Emulator;

/// <summary>
/// How the emulator keeps templates (found by a review; each case failed before its fix): two emulators on one database
/// file write one after the other, a database it cannot use (not SQLite, a folder, a newer schema) is refused at start in
/// one line naming --db and is closed again, and an asset file with a null item, a null id or a repeated id is refused.
/// </summary>
public sealed class StorageEdgeCaseTests : IDisposable
{
    private const string Collection = "api/v1/asset/workload-template";
    private readonly string _directory = Directory.CreateTempSubdirectory("runai-storage-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Two emulators (processes, or instances in one process) on one file: an update is one transaction from its read to
    /// its write, so the other emulator's write waits for it and then sees its result. Before, each store's lock was its
    /// own and the other's write could fall between the read and the write, and be overwritten.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_stores_on_one_database_file_write_one_after_the_other(bool otherDeletes)
    {
        var path = Path.Combine(_directory, "shared.db");
        string id;
        await using (var seed = await StartEmulatorAsync(o => o.DatabasePath = path))
        {
            using var client = NewClient(seed);
            id = (await client.Templates.CreateAsync(Request("shared"))).Meta.Id;
        }

        await using var a = await RunAi.TemplateDsl.Emulator.Storage.TemplateStore.OpenAsync(path, CancellationToken.None);
        await using var b = await RunAi.TemplateDsl.Emulator.Storage.TemplateStore.OpenAsync(path, CancellationToken.None);
        Task<RunAi.TemplateDsl.Emulator.Storage.WriteOutcome>? fromB = null;

        var (outcomeA, _) = await a.UpdateAsync(
            id,
            existing =>
            {
                // The other emulator's write starts while this one is between its read and its write: it must wait.
                fromB = otherDeletes
                    ? Task.Run(() => b.DeleteAsync(id, CancellationToken.None))
                    : Task.Run(async () => (await b.UpdateAsync(id, other => { other.Meta.Description = "from B"; other.Meta.UpdateCount++; return other; }, CancellationToken.None)).Outcome);
                Thread.Sleep(300);
                fromB.IsCompleted.Should().BeFalse("the other emulator's write waits for this update's transaction");
                existing.Meta.Name = "renamed-by-a";
                existing.Meta.UpdateCount++;
                return existing;
            },
            CancellationToken.None);

        outcomeA.Should().Be(RunAi.TemplateDsl.Emulator.Storage.WriteOutcome.Done);
        (await fromB!).Should().Be(RunAi.TemplateDsl.Emulator.Storage.WriteOutcome.Done);
        var stored = await a.GetAsync(id, CancellationToken.None);
        if (otherDeletes)
        {
            stored.Should().BeNull("the delete came after the update");
        }
        else
        {
            stored!.Meta.Name.Should().Be("renamed-by-a", "B's update read A's result");
            stored.Meta.Description.Should().Be("from B");
            stored.Meta.UpdateCount.Should().Be(2);
        }
    }

    [Fact]
    public async Task Two_emulators_on_one_database_file_do_not_lose_concurrent_updates_over_http()
    {
        var path = Path.Combine(_directory, "shared-http.db");
        await using var a = await StartEmulatorAsync(o => o.DatabasePath = path);
        await using var b = await StartEmulatorAsync(o => o.DatabasePath = path);
        using var httpA = Http(a);
        using var httpB = Http(b);
        var request = Request("shared");
        using var created = await Post(httpA, TemplateJson.Serialize(request));
        var id = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync()).Meta.Id;

        // Stress: the race is narrow (about 1 in 600 updates on a 2-core machine), so several rounds.
        var accepted = 0;
        for (var round = 0; round < 5; round++)
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 400).Select(async i =>
            {
                var http = i % 2 == 0 ? httpA : httpB;
                using var response = await http.PutAsync($"{Collection}/{id}", Json(TemplateJson.Serialize(Update(request, $"r{round}-{i}"))));
                return response.StatusCode;
            }));
            accepted += statuses.Count(s => s == HttpStatusCode.Accepted);
            var stored = (await a.GetTemplatesAsync()).Should().ContainSingle().Which;
            stored.Meta.UpdateCount.Should().Be(accepted, "every accepted update counts once; none is overwritten by the other emulator's stale read");
        }
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_version_is_refused_at_start()
    {
        var path = Path.Combine(_directory, "future.db");
        await (await StartEmulatorAsync(o => o.DatabasePath = path)).DisposeAsync();

        // What a later emulator might write: schema version 2 with a column this version does not fill.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE workload_templates ADD COLUMN owner TEXT CHECK (owner IS NOT NULL); PRAGMA user_version = 2;";
            await command.ExecuteNonQueryAsync();
        }

        var start = async () =>
        {
            await using var second = await StartEmulatorAsync(o => o.DatabasePath = path);
            using var client = NewClient(second);
            await client.Templates.CreateAsync(Request("new"));
        };

        // It used to start, and answer every create 409 "already exists" (the CHECK failure is SQLITE_CONSTRAINT too).
        (await start.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("version", "a database of an unknown, newer schema is refused with a message that says so");
    }

    /// <summary>
    /// Another application's database given as <c>--db</c>: it was adopted (our table created in it, the file switched to
    /// WAL); with a user_version of its own, refused as "written by a newer emulator" after the switch to WAL.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task Another_applications_database_is_refused_and_left_as_it_was(int userVersion)
    {
        var path = Path.Combine(_directory, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TABLE users (id INTEGER); INSERT INTO users VALUES (1); PRAGMA user_version = {userVersion};";
            await command.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(path);

        var start = () => StartEmulatorAsync(o => o.DatabasePath = path);

        (await start.Should().ThrowAsync<RunAi.TemplateDsl.Emulator.EmulatorDatabaseException>()).Which.Message.Should()
            .Contain(path).And.Contain("database of another application (tables users)").And.Contain("left as it is");
        (await File.ReadAllBytesAsync(path)).Should().Equal(before, "nothing was written to it");
        File.Exists(path + "-wal").Should().BeFalse();
    }

    /// <summary>A newer emulator's table may lack a column of ours: the newer schema is what is said, not a stranger's table.</summary>
    [Fact]
    public async Task A_newer_emulators_table_with_other_columns_is_refused_as_newer()
    {
        var path = Path.Combine(_directory, "newer-columns.db");
        await (await StartEmulatorAsync(o => o.DatabasePath = path)).DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE workload_templates RENAME COLUMN dist_framework TO framework; PRAGMA user_version = 2;";
            await command.ExecuteNonQueryAsync();
        }

        var start = () => StartEmulatorAsync(o => o.DatabasePath = path);

        (await start.Should().ThrowAsync<RunAi.TemplateDsl.Emulator.EmulatorDatabaseException>()).Which.Message.Should()
            .Contain("schema version 2, newer than this emulator's 1");
    }

    [Fact]
    public async Task A_table_of_our_name_that_this_emulator_did_not_make_is_refused()
    {
        var path = Path.Combine(_directory, "lookalike.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE workload_templates (id TEXT, foo TEXT);";
            await command.ExecuteNonQueryAsync();
        }

        var start = () => StartEmulatorAsync(o => o.DatabasePath = path);

        // It said "SQLite Error 1: 'no such column: seq'".
        (await start.Should().ThrowAsync<RunAi.TemplateDsl.Emulator.EmulatorDatabaseException>()).Which.Message.Should()
            .Contain("its table workload_templates was not made by this emulator (it has no column seq)");
    }

    /// <summary>
    /// SQLite opens a write-protected file read-only without a word: the emulator started, and every create was a 500
    /// "attempt to write a readonly database". Root writes through file modes, so for root the file is made immutable.
    /// </summary>
    [Fact]
    public async Task A_database_that_can_be_read_but_not_written_is_refused_at_start()
    {
        var path = Path.Combine(_directory, "read-only.db");
        await (await StartEmulatorAsync(o => o.DatabasePath = path)).DisposeAsync();
        var root = Environment.UserName == "root";
        if (root)
        {
            (await Chattr("+i", path)).Should().Be(0, "the test makes the file immutable (read-only even for root)");
        }
        else if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        try
        {
            var start = () => StartEmulatorAsync(o => o.DatabasePath = path);

            (await start.Should().ThrowAsync<RunAi.TemplateDsl.Emulator.EmulatorDatabaseException>()).Which.Message.Should()
                .Contain(path).And.Contain("can be read but not written");
        }
        finally
        {
            if (root)
            {
                await Chattr("-i", path);
            }
        }

        static async Task<int> Chattr(string change, string file)
        {
            using var chattr = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [change, file]) { RedirectStandardError = true })!;
            await chattr.WaitForExitAsync();
            return chattr.ExitCode;
        }
    }

    [Theory]
    [InlineData("not-sqlite")]
    [InlineData("directory")]
    [InlineData("parent-is-a-file")]
    public async Task The_standalone_emulator_refuses_a_db_path_it_cannot_use_in_one_line_that_names_the_option(string kind)
    {
        var path = Path.Combine(_directory, "bad.db");
        if (kind == "parent-is-a-file")
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, "plain"), "x");
            path = Path.Combine(_directory, "plain", "bad.db");
        }
        else if (kind == "directory")
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            await File.WriteAllTextAsync(path, "this is a text file, not a SQLite database, and it is long enough to have a header");
        }

        var (exitCode, output, errors) = await EmulatorCli.RunAsync("--port", "0", "--db", path);

        exitCode.Should().Be(1);
        var message = errors.Trim();
        message.Should().StartWith("--db ").And.Contain(path).And.NotContain("   at ", "a bad database path is the user's mistake, not a crash");
        message.Split('\n').Should().ContainSingle();
        output.Should().NotContain("listening");
    }

    [Fact]
    public async Task A_start_that_fails_on_a_file_that_is_not_SQLite_does_not_keep_the_file_open()
    {
        var path = Path.Combine(_directory, "text.db");
        await File.WriteAllTextAsync(path, "this is a text file, not a SQLite database, and it is long enough to have a header");

        var start = () => StartEmulatorAsync(o => o.DatabasePath = path);
        await start.Should().ThrowAsync<Exception>();

        // Linux: the file descriptors of this process. A leaked connection holds the file (on Windows: locked, undeletable).
        var open = Directory.GetFiles("/proc/self/fd").Select(fd => { try { return new FileInfo(fd).LinkTarget; } catch (IOException) { return null; } }).ToList();
        open.Where(target => target == path).Should().BeEmpty("the connection opened before the failure is closed");
    }

    [Theory]
    [InlineData("""[null]""", "[0]")]
    [InlineData("""[{ "id": null, "name": "a" }]""", "[0].id")]
    [InlineData("""[{ "id": "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "name": "a" }, { "id": "7A3B9C1D-2E4F-4A6B-8C0D-1E2F3A4B5C6D", "name": "b" }]""", "[1].id")]
    // A kind or tool type the API does not have loaded, and the asset's name was never used: its references got a generated one.
    [InlineData("""[{ "id": "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "name": "my-env", "kind": "Environment" }]""", "[0].kind: 'Environment' is not an asset kind")]
    [InlineData("""[{ "id": "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "name": "my-env", "kind": "environment", "toolTypes": ["jupyter-notebook", "nope"] }]""", "[0].toolTypes[1]: 'nope' is not a tool type")]
    public async Task A_broken_asset_file_is_refused_with_its_path_and_the_item(string content, string item)
    {
        var file = Path.Combine(_directory, "assets.json");
        await File.WriteAllTextAsync(file, content);

        // [null] and a null id used to load, and StartAsync then failed with NullReferenceException / ArgumentNullException
        // (a stack trace from the standalone emulator); a repeated id loaded and the last one silently won.
        var load = async () =>
        {
            var options = new RunAiEmulatorOptions();
            foreach (var asset in await RunAiEmulator.LoadAssetsAsync(file))
            {
                options.Assets.Add(asset);
            }

            await using var emulator = await RunAiEmulator.StartAsync(options);
        };

        (await load.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().StartWith(file + ": ").And.Contain(item);
    }

    [Fact]
    public async Task The_standalone_emulator_refuses_an_asset_file_with_a_null_item_in_one_line()
    {
        var file = Path.Combine(_directory, "null-assets.json");
        await File.WriteAllTextAsync(file, "[null]");

        var (exitCode, output, errors) = await EmulatorCli.RunAsync("--port", "0", "--assets", file);

        exitCode.Should().Be(1);
        var message = errors.Trim();
        message.Should().StartWith("--assets: ").And.Contain(file).And.NotContain("   at ");
        message.Split('\n').Should().ContainSingle();
    }

    private static HttpClient Http(RunAiEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseUri };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", emulator.Token);
        return http;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> Post(HttpClient http, string body) => http.PostAsync(Collection, Json(body));
}
