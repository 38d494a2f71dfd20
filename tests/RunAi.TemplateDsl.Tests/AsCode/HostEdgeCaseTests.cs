using System.Diagnostics;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// The command host at its edges, as a demanding user and operator meets them: odd paths and variables, refusals by
/// the tenant, signals at the first moments of a run, CI logs, the standalone emulator's options.
/// </summary>
public sealed class HostEdgeCaseTests() : HostTestBase("runai-host-edge-")
{
    [Fact]
    public async Task A_state_path_ending_in_a_separator_is_refused_not_made_into_a_folder_that_apply_cannot_write()
    {
        // A user who means "keep the state in this folder" writes --state states/ (the folder does not exist yet).
        var folder = Path.Combine(Folder, "states") + Path.DirectorySeparatorChar;

        var plan = await RunAsync(Set, null, "plan", "--state", folder);

        plan.Exit.Should().Be(TemplatesHost.Error, "a state path that names a folder is refused, as an existing folder is\n" + plan.Output);
        Directory.Exists(folder).Should().BeFalse("a plan must not turn the state file's path into a folder\n" + plan.Output);
    }

    [Fact]
    public async Task Apply_with_a_state_path_ending_in_a_separator_does_not_plan_then_fail_every_change_with_an_obscure_IO_error()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        var folder = Path.Combine(Folder, "states") + Path.DirectorySeparatorChar;

        var applied = await RunAsync(Set, environment, "apply", "--state", folder);

        applied.Output.Should().NotContain("Could not find a part of the path", "the state path is refused up front, in the host's terms (--state)");
        applied.Errors.Should().Contain("--state");
    }

    /// <summary>System.CommandLine's own texts followed the UI culture (de: "Befehl oder Argument … nicht erkannt"), the host's did not.</summary>
    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    public async Task Usage_and_parse_errors_are_in_English_whatever_the_UI_culture_and_the_callers_culture_is_kept(string culture)
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        try
        {
            var result = await RunAsync(Set, null, "plan", "--bogus");

            result.Exit.Should().Be(TemplatesHost.Error);
            result.Errors.Should().Contain("Unrecognized command or argument '--bogus'").And.Contain("Usage:");
            System.Globalization.CultureInfo.CurrentUICulture.Name.Should().Be(culture, "the host changes the culture of its own run only");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task A_token_with_a_line_break_is_an_error_in_the_hosts_terms_not_an_unhandled_exception()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = tenant.BaseUrl, ["RUNAI_TOKEN"] = "first-half\nsecond-half" };

        var result = await RunAsync(Set, environment, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().NotContain("Unhandled exception").And.NotContain("   at ", "a bad variable is a usage error, not a crash");
        result.Errors.Should().Contain("RUNAI_TOKEN");
    }

    [Fact]
    public async Task A_state_file_whose_pending_create_is_damaged_is_refused_with_a_message_not_a_stack_trace()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using (var client = NewClient(tenant))
        {
            await client.Templates.CreateAsync(Set[1].Template.Build());
        }

        var statePath = Path.Combine(Folder, ".runai", "state.json");
        Directory.CreateDirectory(Path.GetDirectoryName(statePath)!);
        var target = new Uri(tenant.BaseUrl.TrimEnd('/') + "/").AbsoluteUri;
        await File.WriteAllTextAsync(statePath, $$"""
            {"version":1,"target":"{{target}}","templates":[],"pendingDeletes":[],
             "pendingCreates":[{"address":"training","key":{"scope":"tenant","name":"training"},"request":"{\"meta\": truncated"}]}
            """);

        var result = await RunAsync(Set, environment, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().NotContain("Unhandled exception").And.NotContain("   at ");
        result.Errors.Should().Contain(statePath, "the message names the state file, as for every other damage to it");
    }

    [Theory]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("TF_BUILD", "True")]
    public async Task With_NO_COLOR_output_redirected_to_a_file_on_a_CI_runner_has_no_ANSI_escapes(string variable, string value)
    {
        // `plan > plan.txt` on GitHub Actions or Azure Pipelines, to post the plan as a pull request comment.
        // Spectre.Console turns escapes on for a CI runner's log even when redirected; NO_COLOR turns them all off (not only
        // the colours: the Target line's bold too).
        var (exit, output, errors) = await RunProcessAsync(new Dictionary<string, string> { [variable] = value, ["NO_COLOR"] = "1" }, "plan");

        exit.Should().Be(TemplatesHost.ChangesPlanned, errors);
        output.Should().NotContain("\u001b[", "stdout is a file, not a terminal: escapes are garbage in it, and NO_COLOR is set too");
    }

    [Fact]
    public async Task A_long_error_line_is_not_wrapped_when_stderr_is_a_log()
    {
        var url = "http://runai-control-plane.internal.example.com:8080";

        var (exit, _, errors) = await RunProcessAsync(new Dictionary<string, string> { ["RUNAI_BASE_URL"] = url, ["RUNAI_TOKEN"] = "t" }, "plan");

        exit.Should().Be(TemplatesHost.Error);
        errors.Split('\n').Should().Contain(
            line => line.Contains("error: RUNAI_BASE_URL", StringComparison.Ordinal) && line.Contains("for a trusted network.", StringComparison.Ordinal),
            "one message is one line in a CI log (grep finds all of it); the host widens redirected output to 200 columns, but still wraps at 200:\n" + errors);
    }

    [Theory]
    [InlineData(401, "RUNAI_TOKEN")]
    [InlineData(403, "RUNAI_TOKEN")]
    public async Task A_token_the_tenant_refuses_is_reported_in_the_hosts_terms(int status, string variable)
    {
        await using var tenant = await StubServer.StartAsync(context => StubServer.JsonAsync(context, status, $$"""{"code":{{status}},"message":"refused"}"""));
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = tenant.BaseUrl, ["RUNAI_TOKEN"] = "expired-token" };

        var result = await RunAsync(Set, environment, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain(variable, "the user sets the token through the environment; the message says which variable to check, as the host's other environment errors do");
    }

    [Theory]
    [InlineData("--fail-rate", "2")]
    [InlineData("--latency-ms", "-5")]
    [InlineData("--port", "70000")]
    [InlineData("--token", "")]
    [InlineData("--client-secret", " ")]
    public async Task The_standalone_emulator_refuses_a_bad_option_in_one_line_not_a_stack_trace(string option, string value)
    {
        var emulator = Path.Combine(Path.GetDirectoryName(SampleHostProcess.Path)!, "RunAi.TemplateDsl.Emulator.dll");
        File.Exists(emulator).Should().BeTrue(emulator);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { emulator } };
        if (option != "--port")
        {
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add("0");
        }

        start.ArgumentList.Add(option);
        start.ArgumentList.Add(value);
        if (option == "--client-secret")
        {
            start.ArgumentList.Add("--client-id");
            start.ArgumentList.Add("ci-bot");
        }

        var (exit, output, errors) = await SampleHostProcess.RunToEndAsync(start, TimeSpan.FromSeconds(30));

        exit.Should().NotBe(0);
        errors.Should().Contain(option).And.NotContain("Unhandled exception").And.NotContain("   at ", "an option out of range is the user's mistake, reported like --assets and --projects problems are\n" + output);
    }

    [Fact]
    public async Task Validate_finds_two_templates_with_one_scope_and_name_that_plan_apply_and_print_refuse()
    {
        // Two addresses, one template on the target: "the template set cannot be applied".
        var set = TemplateSet.Empty.Add("notebook", Notebook()).Add("notebook-copy", Notebook("l40s"));
        var print = await RunAsync(set, null, "print");
        print.Exit.Should().Be(TemplatesHost.Error, "print (like plan and apply) refuses the set");

        var validate = await RunAsync(set, null, "validate");

        validate.Exit.Should().Be(TemplatesHost.Error, "a CI 'validate' step must not pass a set that every apply refuses\n" + validate.Output);
        validate.Output.Should().Contain("a name can be used once per scope");
    }

    [Fact]
    public async Task A_workingFolder_the_embedded_emulator_cannot_use_is_refused_with_advice_that_leads_somewhere()
    {
        // A working directory where .runai-emulator/ cannot be made (here its parent is a file; a read-only checkout is the
        // same). --state elsewhere would not help: the emulator's database is kept there too.
        var file = Path.Combine(Folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "");

        foreach (var args in new[] { new[] { "plan" }, ["plan", "--state", Path.Combine(Folder, "elsewhere", "state.json")] })
        {
            var result = await HostRun.RunAsync(file, Set, null, args);

            result.Exit.Should().Be(TemplatesHost.Error);
            // The test console wraps at 250 columns.
            System.Text.RegularExpressions.Regex.Replace(result.Errors, @"\s+", " ").Should().Contain(".runai-emulator").And.Contain("Run from a folder you can write, or set RUNAI_BASE_URL").And.NotContain("--state PATH");
        }
    }

    [Fact]
    public async Task Export_to_a_folder_is_refused_in_the_hosts_terms()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;

        var result = await RunAsync(Set, null, "export", "--output", folder);

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("--output", "the message names the option to fix, as --state's do:\n" + result.Errors).And.Contain("is a folder");
    }

    [Fact]
    public async Task Export_does_not_replace_an_existing_file_without_force()
    {
        // The exported source is the team's once written ("edit freely"): a second export wiped their edits.
        var output = Path.Combine(Folder, "Exported.cs");
        await File.WriteAllTextAsync(output, "// edited by hand");

        var refused = await RunAsync(Set, null, "export", "--output", output);

        refused.Exit.Should().Be(TemplatesHost.Error);
        refused.Errors.Should().Contain($"--output '{output}' exists").And.Contain("--force");
        (await File.ReadAllTextAsync(output)).Should().Be("// edited by hand");
        Directory.GetFiles(Folder, "*.tmp").Should().BeEmpty();

        var forced = await RunAsync(Set, null, "export", "--output", output, "--force");

        forced.Exit.Should().Be(TemplatesHost.Success, forced.Errors);
        (await File.ReadAllTextAsync(output)).Should().Contain("class ExportedTemplates");
        Directory.GetFiles(Folder, "*.tmp").Should().BeEmpty("the file is written beside its place and moved there");
    }

    [Fact]
    public async Task Export_writes_through_a_symbolic_link_and_to_a_device_that_holds_nothing()
    {
        // The file was replaced by moving a new one onto its name: --force turned a link into a file of its own (the
        // link's target kept the old text), and /dev/null was refused as a file that "exists".
        var real = Path.Combine(Folder, "real", "Templates.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        await File.WriteAllTextAsync(real, "// old");
        var link = Path.Combine(Folder, "Link.cs");
        File.CreateSymbolicLink(link, real);

        var refused = await RunAsync(Set, null, "export", "--output", link);
        var forced = await RunAsync(Set, null, "export", "--output", link, "--force");

        refused.Exit.Should().Be(TemplatesHost.Error, "the link's target holds text");
        forced.Exit.Should().Be(TemplatesHost.Success, forced.Errors);
        new FileInfo(link).LinkTarget.Should().Be(real, "the link stays a link");
        (await File.ReadAllTextAsync(real)).Should().Contain("class ExportedTemplates");
        Directory.GetFiles(Path.GetDirectoryName(real)!, "*.tmp").Should().BeEmpty();
        if (OperatingSystem.IsLinux())
        {
            (await RunAsync(Set, null, "export", "--output", "/dev/null")).Exit.Should().Be(TemplatesHost.Success);
        }
    }

    [Fact]
    public async Task Export_to_a_file_in_a_folder_not_made_yet_makes_the_folder_as_state_does()
    {
        var output = Path.Combine(Folder, "out", "generated", "Exported.cs");

        var result = await RunAsync(Set, null, "export", "--output", output);

        result.Exit.Should().Be(TemplatesHost.Success, result.Errors);
        File.ReadAllText(output).Should().Contain("class ExportedTemplates");
    }

    [Fact]
    public async Task A_name_with_a_line_feed_stays_on_its_plan_line()
    {
        // Printed as it was, a name can start what reads as another line of the plan: a delete of prod, here.
        var set = TemplateSet.Of(Template.Named("x\n  -   delete  prod (tenant/prod)").InTenant().WithEnvironment(ClientTestKit.EnvironmentId));

        var result = await RunAsync(set, null, "plan");

        result.Exit.Should().Be(TemplatesHost.ChangesPlanned, result.Errors);
        result.Output.Should().Contain(@"+   create  x\u000A  -   delete  prod (tenant/prod) (tenant/x\u000A  -   delete  prod (tenant/prod))")
            .And.NotContain("\n  -   delete");

        // And apply's line for the change.
        var applied = await RunAsync(set, null, "apply");
        applied.Exit.Should().Be(TemplatesHost.Success, applied.Errors);
        applied.Output.Should().Contain(@"ok      created x\u000A  -   delete  prod (tenant/prod)").And.NotContain("\n  -   delete");
    }

    [Fact]
    public async Task An_unknown_command_is_not_also_reported_as_a_missing_command()
    {
        var result = await RunAsync(Set, null, "destroy");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain("Unrecognized command or argument 'destroy'").And.NotContain("Required command was not provided", "a command was given; it is unknown\n" + result.Errors);
    }

    [Fact]
    public async Task A_servers_message_cannot_act_on_the_terminal_its_escape_sequences_are_shown_written_out()
    {
        // A broken or hostile proxy's error went to the terminal as it was: it retitled the window, hid the rest of the
        // line (ESC[8m) and wrote over it (CR), under NO_COLOR too.
        await using var tenant = await StubServer.StartAsync(context => StubServer.JsonAsync(context, 500, """{"code":500,"message":"real error\rFAKE: all good \u001b]0;pwned\u0007\u001b[8mhidden\u001b[0m [red]x[/]"}"""));
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = tenant.BaseUrl, ["RUNAI_TOKEN"] = "t" };

        var result = await RunAsync(Set, environment, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        result.Errors.Should().Contain(@"real error\u000DFAKE: all good \u001B]0;pwned\u0007\u001B[8mhidden\u001B[0m [red]x[/]")
            .And.NotContain("\u001b").And.NotContain("\a").And.NotContain("\r");
    }

    [Theory]
    [InlineData(true, 120, false)]
    [InlineData(false, 120, true)]
    [InlineData(false, 0, false)]
    [InlineData(false, -1, false)]
    public void Lines_wrap_only_on_a_terminal_that_reports_its_width(bool redirected, int width, bool wraps)
    {
        // docker run -t, kubectl exec -t and script give a terminal of 0 columns: Spectre.Console wrapped at 80, mid-id.
        TemplatesHost.IsSizedTerminal(redirected, () => width).Should().Be(wraps);
        TemplatesHost.IsSizedTerminal(false, () => throw new IOException("no terminal")).Should().BeFalse();
    }

    [Fact]
    public async Task A_tenant_that_keeps_answering_503_is_not_retried_in_silence()
    {
        await using var tenant = await StubServer.StartAsync(context => StubServer.JsonAsync(context, 503, """{"code":503,"message":"Please try again in few minutes."}"""));
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = tenant.BaseUrl, ["RUNAI_TOKEN"] = "eyJhbGciOiJSUzI1NiJ9.a-realistic-token" };

        var result = await RunAsync(Set, environment, "plan");

        result.Exit.Should().Be(TemplatesHost.Error);
        tenant.Requests.Should().HaveCountGreaterThan(1, "reads are retried");
        result.Errors.Should().MatchRegex(@"GET api/v1/asset/workload-template failed \(503\); retry 1 in [0-9]+(\.[0-9]{1,2})? s\b", "the operator sees that the host is waiting, how long and why:\n" + result.Errors);
        result.Errors.Should().NotContain("a-realistic-token");
    }

    [Fact]
    public async Task Ctrl_C_after_the_embedded_emulator_started_and_before_the_plan_cancels_the_apply()
    {
        // README, "Failures": on Ctrl+C, changes in flight are cancelled, the summary is printed and the exit code is 1.
        // The signal is sent as soon as the host prints "Target: embedded emulator at …" (the emulator is up, the plan's
        // list is about to be sent), at a few small delays, each run in a fresh folder.
        var runs = new List<string>();
        foreach (var delay in new[] { 0, 2, 5, 10 })
        {
            var folder = Directory.CreateDirectory(Path.Combine(Folder, "run-" + delay)).FullName;
            runs.Add(await SignalAfterTargetLineAsync(folder, new Dictionary<string, string>(), delay, ["apply"], null));
        }

        // Exit 1 and a word of the cancellation: a host that handled no signal at all (killed, exit 130) passed "not 0".
        runs.Should().OnlyContain(
            r => r.Contains(": exit 1,", StringComparison.Ordinal) && r.Contains("cancel", StringComparison.OrdinalIgnoreCase),
            "a Ctrl+C before the plan was printed is never swallowed, and is handled:\n" + string.Join("\n", runs));
    }

    [Fact]
    public async Task With_file_locking_off_a_Ctrl_C_just_after_the_run_starts_releases_the_lock()
    {
        // README: with file locking off the lock is state.json.lock.owner, which "a run that dies leaves"; a run stopped by
        // Ctrl+C does not die, it is cancelled (exit code 1), and its lock goes with it. Here the signal comes while the
        // plan's list is being sent (the host has printed its Target line).
        await using var emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions { Faults = new EmulatorFaults { Latency = TimeSpan.FromSeconds(1) } });
        var environment = new Dictionary<string, string>
        {
            ["RUNAI_BASE_URL"] = emulator.BaseUrl,
            ["RUNAI_TOKEN"] = emulator.Token,
            ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1",
        };
        var runs = new List<string>();
        foreach (var delay in new[] { 0, 2, 5, 10 })
        {
            var statePath = Path.Combine(Folder, $"state-{delay}.json");
            runs.Add(await SignalAfterTargetLineAsync(Folder, environment, delay, ["plan", "--state", statePath], statePath + ".lock.owner"));
        }

        runs.Should().NotContain(r => r.Contains("lock left behind: True", StringComparison.Ordinal), "the next run is refused until someone deletes the file:\n" + string.Join("\n", runs));
    }

    /// <summary>Runs the sample host, sends SIGINT <paramref name="delay"/> ms after it prints its "Target:" line, and says what happened.</summary>
    private static async Task<string> SignalAfterTargetLineAsync(string folder, Dictionary<string, string> environment, int delay, string[] args, string? lockFile)
    {
        var start = SampleHostProcess.StartInfo(folder, environment, args);
        var (exit, output, errors) = await SampleHostProcess.SignalAfterLineAsync(start, "Target:", TimeSpan.FromMilliseconds(delay), signal: 2);
        var text = output.TrimEnd();
        return $"SIGINT {delay} ms after the Target line: exit {exit}"
            + (lockFile is null ? "" : $", lock left behind: {File.Exists(lockFile)}")
            + $", last line '{text.Split('\n')[^1].Trim()}', stderr '{errors.Trim()}'";
    }

    /// <summary>Runs the sample's host as a process, stdout and stderr redirected (a CI job, a pipe).</summary>
    private Task<(int Exit, string Output, string Errors)> RunProcessAsync(Dictionary<string, string> environment, params string[] args) =>
        SampleHostProcess.RunAsync(Folder, environment, args);
}
