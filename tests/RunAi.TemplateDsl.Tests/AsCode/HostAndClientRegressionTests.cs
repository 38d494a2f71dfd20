using System.Collections.Concurrent;
using System.Diagnostics;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RunAi.TemplateDsl.Tests.Client;
using Spectre.Console;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// Regressions a review of the host's and client's edges found: the emulator's signals and option errors, the host under
/// a blocked synchronization context and with the application's console, credential refusals during apply, tokens no
/// header can carry, a shared token failure after retries, the export's literal limit, validate's summary.
/// </summary>
public sealed class HostAndClientRegressionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("runai-regression-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // ------------------------------------------------------------------ emulator: Program.cs validators

    [Theory]
    [InlineData("--fail-rate")]
    [InlineData("--drop-rate")]
    public async Task Standalone_emulator_option_that_does_not_parse_is_a_one_line_error_not_an_unhandled_exception(string option)
    {
        // The new root validator reads --fail-rate and --drop-rate with GetValue, which throws for a token that does not
        // parse (InRange and --concurrency take care not to). Before today: S.CL's own "Cannot parse argument" line, exit 1.
        var (exit, _, errors) = await RunAi.TemplateDsl.Tests.Emulator.EmulatorCli.RunAsync("--port", "0", option, "abc");

        errors.Should().NotContain("Unhandled exception").And.NotContain("   at ", "a typo in an option is a usage error");
        exit.Should().Be(1);
    }

    [Fact]
    public async Task Standalone_emulator_fail_rate_out_of_range_says_so_not_that_two_rates_add_up()
    {
        // --fail-rate 2 alone: no --drop-rate given, yet the only message is about the two adding up.
        var (exit, _, errors) = await RunAi.TemplateDsl.Tests.Emulator.EmulatorCli.RunAsync("--port", "0", "--fail-rate", "2");

        exit.Should().Be(1);
        errors.Should().Contain("--fail-rate must be 0–1", "the option's own bound is what is wrong:\n" + errors);
    }

    // ------------------------------------------------------------------ host: Task.Yield in RunGuardedAsync

    [Fact]
    public void RunAsync_waited_on_a_single_threaded_synchronization_context_completes()
    {
        // A WinForms/WPF/legacy ASP.NET caller that blocks on the host (sync over async). Every await on the path used
        // ConfigureAwait(false) before today; RunGuardedAsync's new `await Task.Yield()` posts the command to the caller's
        // context, which is blocked waiting for it: a deadlock.
        var completed = false;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new BlockedContext());
            completed = TemplatesHost.RunAsync(["validate"], HostTemplates.Set, Console(new StringWriter()), _ => null, _directory, CancellationToken.None)
                .Wait(TimeSpan.FromSeconds(15));
        });
        thread.Start();
        thread.Join(TimeSpan.FromSeconds(30)).Should().BeTrue();

        completed.Should().BeTrue("validate touches no network; it must not wait for the blocked caller's context");
    }

    // ------------------------------------------------------------------ host: NO_COLOR / Settings

    [Fact]
    public async Task RunAsync_writes_to_the_console_the_application_configured_in_AnsiConsole_Console()
    {
        // Before today the public RunAsync wrote through AnsiConsole.Console, so an application (or its test) that set it
        // (a recorder, a TestConsole, a console of a given width) saw the host's output there. Now it makes its own
        // console on Console.Out, whether or not NO_COLOR is set.
        var captured = new StringWriter();
        var previous = AnsiConsole.Console;
        try
        {
            AnsiConsole.Console = Console(captured).Console;
            var exit = await TemplatesHost.RunAsync(["validate"], HostTemplates.Set);
            exit.Should().Be(TemplatesHost.Success);
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        captured.ToString().Should().Contain("2 of 2 templates valid", "the host writes its messages to AnsiConsole.Console, as it did");
    }

    // ------------------------------------------------------------------ host: validate's set-level check

    [Fact]
    public async Task Validate_does_not_say_every_template_is_valid_and_then_fail()
    {
        var set = TemplateSet.Empty.Add("notebook", HostTemplates.Notebook()).Add("notebook-copy", HostTemplates.Notebook("l40s"));

        var validate = await HostRun.RunAsync(_directory, set, null, "validate");

        validate.Exit.Should().Be(TemplatesHost.Error);
        validate.Output.Should().NotContain("2 of 2 templates valid", "the summary of a failing validate must not say all is well:\n" + validate.Output);
        validate.Errors.Should().Contain("a name can be used once per scope", "an error goes to stderr, as plan, apply and print write this very error:\n" + validate.Output);
    }

    // ------------------------------------------------------------------ client: EarlierAttemptMayHaveBeenProcessed

    [Fact]
    public async Task A_token_exchange_failure_shared_by_two_calls_is_not_marked_processed_for_the_call_that_never_reached_the_server()
    {
        // Call A (PUT /dropped): its answer is lost (may have been carried out); call B (PUT /busy): 503, not done. Both
        // retry while the token has expired: concurrent callers share ONE exchange, whose 503 is one exception object
        // thrown to both. A's RunAsync sets EarlierAttemptMayHaveBeenProcessed on it, so B's failure now says B may have
        // been carried out, although B never got past a 503 and a failed token exchange.
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var tokenCalls = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondExchange = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busySeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busyAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StubServer.StartAsync(async context =>
        {
            var path = context.Request.Path.Value!;
            if (path.EndsWith(TokenPath, StringComparison.Ordinal))
            {
                if (Interlocked.Increment(ref tokenCalls) == 1)
                {
                    await StubServer.JsonAsync(context, 200, """{"accessToken":"t1","expiresIn":3600}""");
                    return;
                }

                secondExchange.TrySetResult();
                await release.Task;
                await StubServer.JsonAsync(context, 503, """{"code":503,"message":"token service busy"}""");
                return;
            }

            if (path.EndsWith("/dropped", StringComparison.Ordinal))
            {
                clock.Advance(TimeSpan.FromHours(2));
                context.Abort();
                return;
            }

            if (path.EndsWith("/busy", StringComparison.Ordinal))
            {
                // Answered once A's retry has started the second exchange (the token has expired by then): B's retry
                // cannot be sent with the old token, however late /dropped arrives.
                busySeen.TrySetResult();
                await secondExchange.Task;
                await StubServer.JsonAsync(context, 503, """{"code":503,"message":"busy"}""");
                busyAnswered.TrySetResult();
                return;
            }

            await StubServer.JsonAsync(context, 404, """{"code":404,"message":"no"}""");
        });
        using var client = new RunAiClient(new RunAiClientOptions
        {
            BaseUrl = server.BaseUrl,
            ClientId = "id",
            ClientSecret = "secret",
            TimeProvider = clock,
            MaxRetryAttempts = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(300),
            RetryJitter = false,
        });
        var update = Update(Request("n"), "d");

        // The first token, cached.
        await client.Invoking(c => c.Templates.GetAsync("warm-up")).Should().ThrowAsync<RunAiNotFoundException>();

        var b = Capture(client.Templates.UpdateAsync("busy", update));
        await busySeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var a = Capture(client.Templates.UpdateAsync("dropped", update));
        await secondExchange.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await busyAnswered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(2000); // B's retry waits its 300 ms, then joins the pending exchange (no signal marks the join)
        release.TrySetResult();
        var failureA = await a;
        var failureB = await b;

        tokenCalls.Should().Be(2, "both retries shared the second exchange");
        failureA.MayHaveBeenProcessed.Should().BeTrue("A's first PUT may have been carried out");
        failureB.MayHaveBeenProcessed.Should().BeFalse(
            "B's PUT was answered 503 and its retry never left (the token exchange failed); shared with A's failure: {0}", ReferenceEquals(failureA, failureB));

        static async Task<RunAiException> Capture(Task call)
        {
            try
            {
                await call;
            }
            catch (RunAiException e)
            {
                return e;
            }

            throw new InvalidOperationException("the call succeeded");
        }
    }

    // ------------------------------------------------------------------ emulator: EmbeddedLifetime

    [Fact]
    public async Task An_application_that_hosts_the_emulator_still_stops_gracefully_on_SIGTERM_and_Ctrl_C()
    {
        // RunAiEmulator.WaitForShutdownAsync is documented "Waits until the emulator stops (Ctrl+C, SIGTERM, or
        // cancellationToken)". With EmbeddedLifetime nobody handles the signals any more: the application is killed
        // (exit 143 / 130) without its `await using` disposing the emulator. Before today: "stopped", exit 0.
        var app = Directory.CreateDirectory(Path.Combine(_directory, "userapp")).FullName;
        var emulatorProject = Path.Combine(Support.CSharpSource.RepositoryRoot(), "src", "RunAi.TemplateDsl.Emulator", "RunAi.TemplateDsl.Emulator.csproj");
        await File.WriteAllTextAsync(Path.Combine(app, "UserApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><ProjectReference Include="{emulatorProject}" /></ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using RunAi.TemplateDsl.Emulator;
            await using (var emulator = await RunAiEmulator.StartAsync())
            {
                Console.WriteLine("listening " + emulator.BaseUrl);
                await emulator.WaitForShutdownAsync();
            }
            Console.WriteLine("stopped gracefully");
            """);
        var build = new ProcessStartInfo("dotnet") { WorkingDirectory = app, RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { "build", "-nologo", "-o", "out" } };
        var built = await SampleHostProcess.RunToEndAsync(build, TimeSpan.FromMinutes(5));
        built.Exit.Should().Be(0, built.Output);

        foreach (var signal in new[] { 15, 2 })
        {
            var start = new ProcessStartInfo("env") { WorkingDirectory = app, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--default-signal=INT,TERM", "dotnet", Path.Combine(app, "out", "UserApp.dll") })
            {
                start.ArgumentList.Add(arg);
            }

            var (exit, output, errors) = await SampleHostProcess.SignalAfterLineAsync(start, "listening", TimeSpan.FromMilliseconds(200), signal);

            output.Should().Contain("stopped gracefully", "signal {0}: WaitForShutdownAsync returns on Ctrl+C and SIGTERM, as documented (exit {1}, stderr '{2}')", signal, exit, errors);
            exit.Should().Be(0);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(15)]
    public async Task The_standalone_emulator_stops_gracefully_on_Ctrl_C_and_SIGTERM(int signal)
    {
        // Program.cs now relies on "its own cancellation", but it calls InvokeAsync() without a configuration whose
        // ProcessTerminationTimeout would turn the signal into that cancellation: the runtime ends the process at once
        // (exit 130/143), `await using running` never disposes the emulator, and the SQLite database is left open
        // (its -wal and -shm files stay). Before today: exit 0, database closed.
        var database = Path.Combine(_directory, "templates.db");
        var emulator = Path.Combine(Path.GetDirectoryName(SampleHostProcess.Path)!, "RunAi.TemplateDsl.Emulator.dll");
        var start = new ProcessStartInfo("env") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--default-signal=INT,TERM", "dotnet", emulator, "--port", "0", "--db", database })
        {
            start.ArgumentList.Add(arg);
        }

        var (exit, output, errors) = await SampleHostProcess.SignalAfterLineAsync(start, "Press Ctrl+C", TimeSpan.FromMilliseconds(200), signal);

        exit.Should().Be(0, "Ctrl+C is how the emulator is documented to stop ('Press Ctrl+C to stop.'):\n" + output + errors);
        File.Exists(database + "-wal").Should().BeFalse("the emulator is disposed, which closes its database");
    }

    // ------------------------------------------------------------------ host: 401/403 hints

    [Fact]
    public async Task Apply_with_a_token_that_may_only_read_says_which_variable_to_check()
    {
        // The most common 403: a read-only token. plan passes (reads are allowed), apply's writes are refused one by one;
        // those failures are reported per change, never through RunGuardedAsync, so the new hint never shows, and the
        // host even advises to "run apply again to retry the failed ones".
        await using var emulator = await RunAiEmulator.StartAsync(EmulatorOptions(o => o.ReadOnlyToken = "read-only"));
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = emulator.BaseUrl, ["RUNAI_TOKEN"] = "read-only" };

        var apply = await HostRun.RunAsync(_directory, HostTemplates.Set, environment, "apply");

        apply.Exit.Should().Be(TemplatesHost.Error);
        apply.Output.Should().Contain("403");
        apply.Output.Should().Contain("RUNAI_TOKEN", "a 403 says which variables to check, as the plan's 403 does:\n" + apply.Output);
    }

    // ------------------------------------------------------------------ client options: BearerToken

    [Theory]
    [InlineData("abc\u00A0def")] // a non-breaking space pasted with the token
    [InlineData("abc\u200Bdef")] // a zero-width space
    [InlineData("t\u00f6ken")]
    public void A_bearer_token_no_HTTP_header_can_carry_is_refused_by_the_options_as_a_control_character_is(string token)
    {
        // Today's check refuses control characters only. Any other non-ASCII character fails every call the same way
        // ("Request headers must contain only ASCII characters"), but as a transport failure: retried 4 times with backoff,
        // reported as "no answer" (and as "may have been processed"), and in the host without naming RUNAI_TOKEN.
        var options = new RunAiClientOptions { BaseUrl = "https://acme.run.ai", BearerToken = token };

        var create = () => new RunAiClient(options);

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(RunAiClientOptions.BearerToken));
    }

    [Fact]
    public async Task A_token_with_a_non_ASCII_character_is_an_error_naming_RUNAI_TOKEN_not_five_attempts_without_an_answer()
    {
        await using var emulator = await StartEmulatorAsync();
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = emulator.BaseUrl, ["RUNAI_TOKEN"] = emulator.Token + "\u00A0" + "x" };

        var plan = await HostRun.RunAsync(_directory, HostTemplates.Set, environment, "plan");

        plan.Exit.Should().Be(TemplatesHost.Error);
        plan.Errors.Should().NotContain("retry 1", "a token that cannot be sent is not a transient failure:\n" + plan.Errors);
        plan.Errors.Should().Contain("RUNAI_TOKEN", plan.Errors);
    }

    // ------------------------------------------------------------------ export: the 16 MB literal check

    [Fact]
    public void Export_does_not_refuse_a_source_that_compiles_the_limit_is_on_where_a_literal_starts_not_on_the_total()
    {
        // The user-string heap is addressed with 24 bits: a literal must START below 16 MB (System.Reflection.Metadata
        // throws, and Roslyn reports CS8103, only for an offset >= 2^24). One template with an 8.5 M-character command
        // takes 17 MB of heap and compiles; ToCSharp refuses it, saying "it could not compile".
        var big = new string('x', 8_500_000);
        var template = Stored("big", "\"specificEnv\":{\"command\":\"" + big + "\"}");
        var placeholder = Stored("big", "\"specificEnv\":{\"command\":\"PLACEHOLDER\"}");
        var source = TemplateExport.ToCSharp([placeholder]).Source.Replace("PLACEHOLDER", big, StringComparison.Ordinal);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(TemplateBuilder).Assembly.Location));
        var compilation = CSharpCompilation.Create("Big", [CSharpSyntaxTree.ParseText(source)], references.DistinctBy(r => Path.GetFileName(r.Display)), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using (var image = new MemoryStream())
        {
            var emitted = compilation.Emit(image);
            emitted.Success.Should().BeTrue("the exported source of this template compiles: " + string.Join(" | ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        var export = () => TemplateExport.ToCSharp([template]);

        export.Should().NotThrow("the same source compiles (above)");
    }

    // ------------------------------------------------------------------ helpers

    private static WorkloadTemplate Stored(string name, string spec) => TemplateJson.Deserialize<WorkloadTemplate>(
        "{\"meta\":{\"id\":\"" + Guid.NewGuid() + "\",\"name\":" + System.Text.Json.JsonSerializer.Serialize(name) + ",\"scope\":\"tenant\",\"kind\":\"workload-template\","
        + "\"createdBy\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedBy\":\"x\",\"updatedAt\":\"2026-01-01T00:00:00Z\"},"
        + "\"spec\":{\"assets\":{\"environment\":{\"id\":\"" + EnvironmentId + "\",\"name\":\"env\"}}" + (spec.Length > 0 ? "," + spec : "") + "}}");

    private static TemplatesHost.HostConsole Console(StringWriter writer)
    {
        var console = HostRun.PlainConsole(writer);
        return new TemplatesHost.HostConsole(console, console, writer);
    }

    /// <summary>The context of a UI thread that is blocked: what is posted to it never runs while the caller waits.</summary>
    private sealed class BlockedContext : SynchronizationContext
    {
        public ConcurrentQueue<(SendOrPostCallback, object?)> Posted { get; } = new();

        public override void Post(SendOrPostCallback d, object? state) => Posted.Enqueue((d, state));

        public override SynchronizationContext CreateCopy() => this;
    }
}
