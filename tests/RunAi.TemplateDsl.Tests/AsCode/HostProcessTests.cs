using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Emulator;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// The command host as a process of its own (the sample's), stopped by a signal in the middle of an apply, as Ctrl+C at
/// a terminal or a cancelled CI job does: the changes in flight are cancelled, the output says what was and was not
/// done, the exit code is 1, the lock is released, and the state records every template the target has.
/// </summary>
public sealed class HostProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("runai-host-process-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(2)] // SIGINT
    [InlineData(15)] // SIGTERM
    public async Task A_signal_during_apply_cancels_it_says_what_was_done_and_leaves_the_state_consistent(int signal)
    {
        // Every template operation takes a second: the list, then each create, one at a time.
        await using var emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions { Faults = new EmulatorFaults { Latency = TimeSpan.FromSeconds(1) } });
        var statePath = Path.Combine(_directory, "state.json");
        var start = SampleHostProcess.StartInfo(
            _directory,
            new Dictionary<string, string> { ["RUNAI_BASE_URL"] = emulator.BaseUrl, ["RUNAI_TOKEN"] = emulator.Token },
            "apply", "--concurrency", "1", "--state", statePath);

        // Once the plan is printed, the first create is in flight 300 ms later.
        var (exit, text, stderr) = await SampleHostProcess.SignalAfterLineAsync(start, "Plan:", TimeSpan.FromMilliseconds(300), signal);

        exit.Should().Be(1, $"a cancelled apply is not a success\n{text}\n{stderr}");
        text.Should().Contain("cancelled").And.MatchRegex(@"Applied \d of 3 changes", "the summary says what was done");
        stderr.Should().NotContain("   at ", "a cancellation is no crash");
        StateFile.LockIsFree(statePath).Should().BeTrue("the lock goes with the run");

        // Every template the cancelled apply made is this project's in the state: recorded, or a pending create.
        using var state = await TemplateSetState.LoadAsync(statePath, new Uri(emulator.BaseUrl.TrimEnd('/') + "/").AbsoluteUri);
        foreach (var template in await emulator.GetTemplatesAsync())
        {
            var key = TemplateKey.Of(template.Meta);
            (state.Records(template.Meta.Id) || state.PendingCreates.Any(c => c.Key.Equals(key))).Should().BeTrue($"{key} was made by the apply and must be in its state");
        }
    }

    [Fact]
    public async Task With_file_locking_turned_off_a_lock_file_left_behind_refuses_the_run_and_says_to_delete_it()
    {
        await using var emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions());
        var statePath = Path.Combine(_directory, "state.json");
        await File.WriteAllTextAsync(statePath + ".lock.owner", "process 4242 on ci-runner-7, since 2026-11-27 09:00:00Z");

        var (refused, _, refusal) = await PlanAsync(emulator, statePath);

        refused.Should().Be(1, refusal);
        refusal.Should().Contain("held by process 4242 on ci-runner-7").And.Contain("DOTNET_SYSTEM_IO_DISABLEFILELOCKING").And.Contain($"delete '{statePath}.lock.owner'");
        File.Delete(statePath + ".lock.owner");

        var (planned, output, errors) = await PlanAsync(emulator, statePath);

        planned.Should().Be(2, $"the sample set has changes to make\n{output}\n{errors}");
        File.Exists(statePath + ".lock.owner").Should().BeFalse("the lock file goes with the run that made it");
    }

    /// <summary>
    /// <c>export &gt; Templates.cs</c> under a Latin-1 or ASCII locale: the source is UTF-8 all the same. It followed the
    /// locale, and 日本 was written as ?? (another template's name), with exit code 0.
    /// </summary>
    [Theory]
    [InlineData("en_US.ISO-8859-1")]
    [InlineData("C.ANSI_X3.4-1968")]
    public async Task Export_writes_UTF8_whatever_the_locale(string locale)
    {
        await using var emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions());
        using (var client = new RunAi.TemplateDsl.Client.RunAiClient(new RunAi.TemplateDsl.Client.RunAiClientOptions { BaseUrl = emulator.BaseUrl, BearerToken = emulator.Token }))
        {
            await client.Templates.CreateAsync(Template.Named("日本-straße").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d").AddLabel("owner", "İsmail Ünal").Build());
        }

        var environment = new Dictionary<string, string>
        {
            ["RUNAI_BASE_URL"] = emulator.BaseUrl,
            ["RUNAI_TOKEN"] = emulator.Token,
            ["LANG"] = locale,
            ["LC_ALL"] = locale,
        };

        var (exit, source, errors) = await SampleHostProcess.RunAsync(_directory, environment, "export");

        exit.Should().Be(0, errors);
        source.Should().Contain("Template.Named(\"日本-straße\")").And.Contain("\"İsmail Ünal\"");
    }

    private Task<(int Exit, string Output, string Errors)> PlanAsync(RunAiEmulator emulator, string statePath) =>
        SampleHostProcess.RunAsync(
            _directory,
            new Dictionary<string, string>
            {
                ["RUNAI_BASE_URL"] = emulator.BaseUrl,
                ["RUNAI_TOKEN"] = emulator.Token,
                ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1",
            },
            "plan", "--state", statePath);
}
