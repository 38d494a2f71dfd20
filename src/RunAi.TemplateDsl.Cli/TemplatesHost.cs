using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using Spectre.Console;

namespace RunAi.TemplateDsl.Cli;

/// <summary>
/// The command host of a templates-as-code project: its <c>Main</c> hands over its arguments and its
/// <see cref="TemplateSet"/>, and gets <c>plan</c>, <c>apply</c>, <c>validate</c>, <c>print</c> and <c>export</c>.
/// </summary>
/// <remarks>
/// <para>The target is configured by environment variables: <c>RUNAI_BASE_URL</c>, with <c>RUNAI_TOKEN</c> or
/// <c>RUNAI_CLIENT_ID</c> and <c>RUNAI_CLIENT_SECRET</c>. With no URL the host starts the embedded emulator, whose templates
/// and state are kept under <c>.runai-emulator/</c> in the current directory.</para>
/// <para>Exit codes follow <c>terraform plan -detailed-exitcode</c>: 0 no changes (or applied), 2 changes planned, 1 error.</para>
/// </remarks>
/// <example>
/// <code>
/// // Program.cs of a templates-as-code project
/// return await TemplatesHost.RunAsync(args, TemplateSet.Of(Templates.All));
/// </code>
/// </example>
public static class TemplatesHost
{
    /// <summary>Exit code: nothing to change, or everything applied.</summary>
    public const int Success = 0;

    /// <summary>Exit code: an error (invalid templates, an unreachable target, a failed change, a plan with conflicts, a cancelled run).</summary>
    public const int Error = 1;

    /// <summary>Exit code of <c>plan</c>: the plan has changes.</summary>
    public const int ChangesPlanned = 2;

    /// <summary>The directory, under the current one, where the embedded emulator keeps its templates and the state.</summary>
    public const string EmulatorDirectory = ".runai-emulator";

    /// <summary>The state file for a tenant, under the current directory, when <c>--state</c> is not given.</summary>
    public const string DefaultStatePath = ".runai/state.json";

    /// <summary>
    /// How long a command may take, after Ctrl+C, SIGINT or SIGTERM, to cancel what is in flight, record what completed
    /// and print its summary before the process is ended anyway.
    /// </summary>
    public static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(30);

    // Redirected output is a log or a file: one message is one line, whatever its length (grep finds all of it).
    private const int LogWidth = 10_000;

    /// <summary>Runs the command the arguments name.</summary>
    /// <param name="args">The program's arguments, e.g. <c>plan --prune</c>.</param>
    /// <param name="set">The templates the project manages.</param>
    /// <param name="cancellationToken">
    /// Stops the command. Ctrl+C, SIGINT and SIGTERM stop it too: changes in flight are cancelled, the output says what
    /// was and was not done, and the state records every completed change (see <see cref="CancellationGrace"/>).
    /// </param>
    /// <returns>The exit code: <see cref="Success"/>, <see cref="ChangesPlanned"/> or <see cref="Error"/>.</returns>
    public static Task<int> RunAsync(string[] args, TemplateSet set, CancellationToken cancellationToken = default)
    {
        // NO_COLOR (no-color.org) asks for plain text: Spectre.Console drops the colours but keeps bold and other escapes
        // (and its CI detection turns them on for a runner's log even when redirected to a file), so a console of our own
        // without escapes. Otherwise the application's AnsiConsole.Console, as it has configured it.
        var plain = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = plain ? AnsiConsole.Create(Settings(Console.Out, plain)) : AnsiConsole.Console;
        if (!IsSizedTerminal(Console.IsOutputRedirected, () => Console.WindowWidth))
        {
            // A CI log, not a terminal: no wrapping at 80 columns in the middle of an id.
            console.Profile.Width = LogWidth;
        }

        // Warnings and errors on stderr, so that `export > Templates.cs` and `print` keep only the data on stdout.
        var errors = AnsiConsole.Create(Settings(Console.Error, plain));
        if (!IsSizedTerminal(Console.IsErrorRedirected, () => Console.WindowWidth))
        {
            errors.Profile.Width = LogWidth;
        }
        return RunWithDataAsync(args, set, console, errors, cancellationToken);
    }

    /// <summary>
    /// Runs with the data (<c>export</c>'s C# source, <c>print</c>'s JSON) written to stdout in UTF-8 whatever the
    /// locale: a source file or a JSON document is UTF-8, and <see cref="Console.Out"/> follows <c>LANG</c>, whose Latin-1
    /// or ASCII would turn <c>日本</c> into <c>??</c> in <c>export &gt; Templates.cs</c> (a different template). Messages for
    /// people keep the console's encoding.
    /// </summary>
    private static async Task<int> RunWithDataAsync(string[] args, TemplateSet set, IAnsiConsole console, IAnsiConsole errors, CancellationToken cancellationToken)
    {
        var data = Utf8Output(Console.OpenStandardOutput());
        await using (data.ConfigureAwait(false))
        {
            return await RunAsync(args, set, new HostConsole(console, errors, data), Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A UTF-8 writer (no byte order mark) over a standard stream; flushed by the commands that write data, and when disposed.</summary>
    internal static StreamWriter Utf8Output(Stream stream) => new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);

    /// <summary>
    /// Whether output goes to a terminal whose width is known, to wrap lines at. Not when it is redirected (a CI log), nor
    /// on a terminal that reports no size (<c>docker run -t</c>, <c>kubectl exec -t</c>, <c>script</c>: 0 columns), where
    /// Spectre.Console would wrap at 80 columns in the middle of an id.
    /// </summary>
    /// <param name="redirected">Whether the stream is redirected.</param>
    /// <param name="width">The terminal's width; may throw when there is no terminal.</param>
    internal static bool IsSizedTerminal(bool redirected, Func<int> width)
    {
        if (redirected)
        {
            return false;
        }

        try
        {
            return width() > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Text the host did not write (a server's message, a template's name, a value) as markup that shows it literally:
    /// its markup escaped, and the characters that would act on the terminal (an escape sequence that retitles it or
    /// hides the rest of the line, a carriage return) or hide written out as <c>\uXXXX</c>.
    /// </summary>
    internal static string Shown(string text) => Markup.Escape(VisibleText.Of(text));

    /// <summary>
    /// <see cref="Shown"/> for what must stay on its line (a name, an address, a scope, a note): its line feeds written
    /// out too, so that a template named <c>"x\n  -   delete  prod"</c> cannot print what reads as another line of a plan.
    /// </summary>
    internal static string ShownInLine(string text) => Shown(text).Replace("\n", "\\u000A", StringComparison.Ordinal);

    private static AnsiConsoleSettings Settings(TextWriter writer, bool plain) => new()
    {
        Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
        Enrichment = new ProfileEnrichment { UseDefaultEnrichers = !plain },
        Out = new AnsiConsoleOutput(writer),
    };

    /// <summary>Runs a command with its output, environment and working directory given (for tests).</summary>
    internal static async Task<int> RunAsync(string[] args, TemplateSet set, HostConsole host, Func<string, string?> environment, string workingDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(set);

        // Off the caller's synchronization context: System.CommandLine awaits the command on the context it finds, and a
        // caller that blocks on this task (sync over async on a UI thread) would wait for itself.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

        // English, as every message of the host is: System.CommandLine ships translations of its own texts (usage, parse
        // errors), and under a German or Turkish UI culture a run mixed the two languages. Set for this run's flow only.
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var console = host.Console;
        var log = new ConsoleLog(host.Errors);
        var prune = new Option<bool>("--prune") { Description = "Also delete the templates this project applied before that the set no longer has." };
        var adopt = new Option<bool>("--adopt") { Description = "Take over the templates found by scope and name that this project never applied and that differ from the set: update them to match (without it they are conflicts, left as they are)." };
        var state = new Option<FileInfo?>("--state") { Description = $"The state file (default: {DefaultStatePath} for a tenant, {EmulatorDirectory}/state.json for the embedded emulator)." };
        var concurrency = new Option<int>("--concurrency") { Description = "How many changes apply runs at once.", DefaultValueFactory = _ => 4 };
        concurrency.Validators.Add(result =>
        {
            // A value that is not a number is System.CommandLine's parse error already; reading it here would throw.
            if (result.Tokens is [var token] && int.TryParse(token.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError("--concurrency must be at least 1.");
            }
        });

        var planOut = new Option<FileInfo?>("--out") { Description = "Also save the plan to this file (JSON), for `apply --plan` to apply exactly this plan." };
        var planIn = new Option<FileInfo?>("--plan") { Description = "Apply only if a plan made now is exactly the plan `plan --out` saved in this file (with its --prune and --adopt); otherwise change nothing." };
        var plan = new Command("plan", "Shows what apply would change. Exit code 0: no changes, 2: changes, 1: error.") { prune, adopt, state, planOut };
        var apply = new Command("apply", "Makes the target match the template set, and records what it did in the state file.") { prune, adopt, state, concurrency, planIn };
        var validate = new Command("validate", "Builds every template and lists every rule violation, warnings and infos included.");
        var print = new Command("print", "Prints each template's creation request as the exact JSON sent to the API.");
        var output = new Option<FileInfo?>("--output") { Description = "The C# file to write (default, or -: the console; ./- is a file of that name)." };
        var namespaceName = new Option<string>("--namespace") { Description = "The namespace of the generated class.", DefaultValueFactory = _ => "TemplatesAsCode" };
        var className = new Option<string>("--class") { Description = "The generated static class.", DefaultValueFactory = _ => "ExportedTemplates" };
        var force = new Option<bool>("--force") { Description = "Replace the --output file if it exists (it may hold your edits: the exported source is yours once written)." };
        var addresses = new Argument<string[]>("address") { Description = "The addresses to forget, as the set had them (e.g. training).", Arity = ArgumentArity.OneOrMore };
        var forget = new Command("forget", "Stops managing templates the set no longer has: the state file forgets their addresses, and the templates stay on the target as they are (plans no longer list them as orphans; a prune never deletes them).") { addresses, state };
        var export = new Command("export", "Writes C# DSL source that rebuilds the target's templates, checked field by field; a start for templates as code on an existing tenant.") { output, namespaceName, className, force };
        var root = new RootCommand($"Templates as code for NVIDIA Run:ai: {set.Count} template{(set.Count == 1 ? "" : "s")}. Target: RUNAI_BASE_URL with RUNAI_TOKEN or RUNAI_CLIENT_ID/RUNAI_CLIENT_SECRET (and optionally {HostTarget.RequestTimeoutVariable} seconds per request, {HostTarget.MaxRetriesVariable} retries); without RUNAI_BASE_URL, the embedded emulator ({EmulatorDirectory}/). Exit codes: 0 done or nothing to change, 2 changes planned (plan), 1 error.")
        {
            plan, apply, validate, print, forget, export,
        };

        root.SetAction(result =>
        {
            // No command: say so once, with the usage (without an action of its own, an unknown command would also be
            // reported as a missing one).
            result.InvocationConfiguration.Error.WriteLine("A command is required: plan, apply, validate, print, forget or export.");
            new System.CommandLine.Help.HelpAction().Invoke(result);
            return Error;
        });
        plan.SetAction((result, ct) => RunGuardedAsync(host, environment, async () =>
        {
            // An invalid set, or a plan file that cannot be written, fails before anything is started or contacted.
            TemplatePlanner.BuildAll(set);
            var planFile = result.GetValue(planOut) is { } given ? PlanFilePath(given) : null;
            await using var target = await HostTarget.OpenAsync(environment, workingDirectory, log, result.GetValue(state), ct).ConfigureAwait(false);
            var planned = await PlanAsync(console, target, set, result.GetValue(prune), result.GetValue(adopt), ct).ConfigureAwait(false);
            if (planFile is not null)
            {
                await WriteWholeAsync(planFile, planned.Save(), $"--out '{result.GetValue(planOut)!.FullName}'", ct).ConfigureAwait(false);
                console.MarkupLine($"Saved the plan to {Shown(result.GetValue(planOut)!.FullName)}: [bold]apply --plan {Shown(result.GetValue(planOut)!.ToString())}[/] applies it only while a plan made then is the same.");
            }

            return planned.HasConflicts ? Error : planned.HasChanges || planned.ChangesState ? ChangesPlanned : Success;
        }));
        apply.SetAction((result, ct) => RunGuardedAsync(host, environment, async () =>
        {
            TemplatePlanner.BuildAll(set);
            (SavedPlanFile Plan, string Path)? saved = result.GetValue(planIn) is { } file ? await ReadPlanAsync(file, result.GetResult(prune) is { Implicit: false } || result.GetResult(adopt) is { Implicit: false }, ct).ConfigureAwait(false) : null;
            await using var target = await HostTarget.OpenAsync(environment, workingDirectory, log, result.GetValue(state), ct).ConfigureAwait(false);
            var planned = await PlanAsync(console, target, set, saved?.Plan.Prune ?? result.GetValue(prune), saved?.Plan.Adopt ?? result.GetValue(adopt), ct).ConfigureAwait(false);
            if (saved is not null)
            {
                var differences = SavedPlan.Differences(saved.Value.Plan, SavedPlan.Of(planned));
                if (differences.Count > 0)
                {
                    host.Errors.MarkupLine($"[red]error:[/] {Shown($"The plan made now is not the plan saved in '{saved.Value.Path}'; nothing was applied. Run plan again and review the new plan:")}");
                    foreach (var difference in differences)
                    {
                        host.Errors.MarkupLine("  " + Shown(difference));
                    }

                    return Error;
                }

                console.MarkupLine($"[green]The plan is the one saved in {Shown(saved.Value.Path)}.[/]");
            }

            var outcome = await ApplyAsync(console, target, planned, result.GetValue(concurrency), ct).ConfigureAwait(false);
            return outcome.Succeeded ? Success : Error;
        }));
        validate.SetAction((_, _) => RunGuardedAsync(host, environment, () => Task.FromResult(Validate(host, set))));
        forget.SetAction((result, ct) => RunGuardedAsync(host, environment, async () =>
        {
            // Refused before the state is opened: a template still in the set would be found again by the next plan.
            var given = result.GetValue(addresses)!.Distinct(StringComparer.Ordinal).ToList();
            if (given.FirstOrDefault(a => set.Find(a) is not null) is { } kept)
            {
                throw new ArgumentException($"'{kept}' is still in the template set: remove it from the code first. Forgetting it now would not stop apply from managing it: the next plan finds it again by its scope and name.");
            }

            // Only the state is opened: forgetting changes nothing on the target, so nothing is contacted or started.
            var built = TemplatePlanner.BuildAll(set);
            var (description, recorded) = await HostTarget.OpenStateAsync(environment, workingDirectory, result.GetValue(state), ct).ConfigureAwait(false);
            using (recorded)
            {
                return Forget(console, description, recorded, built, given);
            }
        }));
        print.SetAction((_, _) => RunGuardedAsync(host, environment, () => Task.FromResult(Print(host, set))));
        export.SetAction((result, ct) => RunGuardedAsync(host, environment, async () =>
        {
            // Names the source cannot use are refused before the target is opened (an export of nothing checks them).
            try
            {
                TemplateExport.ToCSharp([], result.GetValue(namespaceName)!, result.GetValue(className)!);
            }
            catch (ArgumentException e) when (e.ParamName is "namespaceName" or "className")
            {
                throw new ArgumentException(WithoutParameter(e) + (e.ParamName == "namespaceName" ? " (--namespace)" : " (--class)"));
            }

            // Refused before the target is read: an existing file may be the source a team has edited since.
            // "-" is standard output, as for most tools that write a file; a file of that name is "./-".
            var file = result.GetValue(output) is { } given && given.ToString() != "-" ? given : null;
            var replace = result.GetValue(force);
            if (file is not null && !replace && HoldsText(Written(file.FullName)))
            {
                throw OutputExists(file.FullName);
            }

            // Export reads the target only: no state is read or written.
            await using var target = await HostTarget.OpenAsync(environment, workingDirectory, log, null, ct, withState: false).ConfigureAwait(false);
            return await ExportAsync(host, target, file, replace, result.GetValue(namespaceName)!, result.GetValue(className)!, ct).ConfigureAwait(false);
        }));

        var messages = new StringWriter();
        // ProcessTerminationTimeout turns Ctrl+C, SIGINT and SIGTERM into the commands' cancellation; without it, given a
        // configuration of our own, System.CommandLine leaves the signals to the runtime, which ends the process at once.
        var invocation = new InvocationConfiguration { Output = messages, Error = messages, ProcessTerminationTimeout = CancellationGrace };
        // No response files: an argument starting with @ (a template address may) is that text, not a file to read.
        var exit = await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        if (messages.GetStringBuilder().Length > 0)
        {
            // Help, version and parse errors from System.CommandLine.
            (exit == 0 ? console : host.Errors).Write(new Text(messages.ToString()));
        }

        return exit;
    }

    private static async Task<int> RunGuardedAsync(HostConsole host, Func<string, string?> environment, Func<Task<int>> command)
    {
        // System.CommandLine turns Ctrl+C into the command's cancellation only once the action has returned its task:
        // return it at once, so that a signal during the synchronous start (the state's lock taken, the emulator
        // starting) cancels the command instead of ending the process with the lock held.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TemplateSetException or TemplateSetStateException or RunAiException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            var message = e.Message.TrimEnd();
            if (Hint(e, environment) is { } hint)
            {
                // The client's messages may end in the system's words ("… Connection refused"): a sentence of its own.
                message += (message.EndsWith('.') ? " " : ". ") + hint;
            }

            host.Errors.MarkupLine("[red]error:[/] " + Shown(message));
            return Error;
        }
        catch (OperationCanceledException)
        {
            host.Errors.MarkupLine("[yellow]cancelled[/]");
            return Error;
        }
    }

    /// <summary>Where <c>plan --out</c> writes (the final target of a symbolic link); a folder is refused before the target is opened.</summary>
    private static string PlanFilePath(FileInfo file)
    {
        if (file.ToString() == "-")
        {
            // Standard output carries the plan as text already: the document would be mixed into it.
            throw new ArgumentException("--out needs a file: the plan's text goes to standard output already (./- is a file of that name).");
        }

        var path = Written(file.FullName);
        if (Directory.Exists(path) || Path.EndsInDirectorySeparator(file.ToString()))
        {
            throw new ArgumentException($"--out '{file.FullName}' is a folder: give the path of a file (--out {Path.Combine(file.FullName, "plan.json")}).");
        }

        return path;
    }

    /// <summary>
    /// Writes <paramref name="text"/> beside <paramref name="path"/> and moves it there whole, so that an interrupted run
    /// leaves the old file or the new one, never half of one (or, <paramref name="inPlace"/>, writes it there: a new or
    /// empty file, a device, a pipe), making the folder first. Failures are said in terms of <paramref name="what"/>.
    /// </summary>
    private static async Task WriteWholeAsync(string path, string text, string what, CancellationToken cancellationToken, bool inPlace = false)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(inPlace ? path : temporary, text, cancellationToken).ConfigureAwait(false);
            if (!inPlace)
            {
                File.Move(temporary, path, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{what} cannot be written: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads the plan <c>apply --plan</c> applies; its own --prune and --adopt are the ones used.</summary>
    private static async Task<(SavedPlanFile Plan, string Path)> ReadPlanAsync(FileInfo file, bool flagsGiven, CancellationToken cancellationToken)
    {
        if (flagsGiven)
        {
            throw new ArgumentException("--plan applies the saved plan with the --prune and --adopt it was made with: leave them out.");
        }

        if (!File.Exists(file.FullName) && !Directory.Exists(file.FullName))
        {
            throw new IOException($"--plan '{file.FullName}' does not exist: give the file `plan --out` wrote.");
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--plan '{file.FullName}' cannot be read: {(Directory.Exists(file.FullName) ? "it is a folder." : e.Message)}", e);
        }

        try
        {
            return (SavedPlan.Read(text), file.FullName);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--plan '{file.FullName}': {e.Message}", e);
        }
    }

    /// <summary>For a refusal of the credentials (401, 403): which variables to check, since the host's user sets them there.</summary>
    private static string? CredentialsHint(Exception? e) => e switch
    {
        RunAiUnauthorizedException => "The tenant does not accept the credentials: check RUNAI_TOKEN (or RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET).",
        RunAiForbiddenException => "The credentials in RUNAI_TOKEN (or RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET) are accepted but may not do this: they need a role that manages workload templates in the template's scope.",
        _ => null,
    };

    /// <summary>
    /// What to check, in the variables the host's user sets: the credentials for a 401 or 403; for a tenant that gives no
    /// answer, or no answer of the API, the URL (the client's messages name the path only, and a wrong RUNAI_BASE_URL is
    /// the likely cause: a typo, a tenant's web page, another service).
    /// </summary>
    private static string? Hint(Exception? e, Func<string, string?> environment)
    {
        var url = environment("RUNAI_BASE_URL") is { Length: > 0 } set ? set.Trim() : null;
        return CredentialsHint(e) ?? e switch
        {
            _ when url is null => null,
            RunAiTransportException { IsTimeout: true } => $"RUNAI_BASE_URL is {url}: check it and that the tenant can be reached from here ({HostTarget.RequestTimeoutVariable} sets how long a request may take, {HostTarget.MaxRetriesVariable} how often it is tried again).",
            RunAiTransportException => $"No connection to RUNAI_BASE_URL {url}: check it (the tenant's address, e.g. https://acme.run.ai) and the network.",
            RunAiNotFoundException { RequestPath: TemplatesApi.CollectionPath } or RunAiUnreadableResponseException =>
                $"RUNAI_BASE_URL {url} does not answer as the Run:ai API: check that it is the tenant's address (e.g. https://acme.run.ai), not a page or another service.",
            _ => null,
        };
    }

    private static async Task<TemplatePlan> PlanAsync(IAnsiConsole console, HostTarget target, TemplateSet set, bool prune, bool adopt, CancellationToken cancellationToken)
    {
        console.MarkupLine($"Target: [bold]{Shown(target.Description)}[/]");
        // A missing state file is a first run, or a lost file (a new CI runner, a state not committed): said, not assumed.
        var noState = target.State.Path is { } statePath && !File.Exists(statePath) && target.State.Entries.Count == 0
            ? " [grey](no state file yet: nothing recorded; a template found by scope and name is adopted only when it matches the set, or with --adopt)[/]"
            : string.Empty;
        console.MarkupLine($"State:  {Shown(target.State.Path ?? "(memory)")}{noState}");
        var planned = await TemplatePlanner.PlanAsync(target.Api, set, target.State, prune, adopt, cancellationToken).ConfigureAwait(false);
        console.WriteLine();
        foreach (var change in planned.Changes)
        {
            WriteChange(console, change);
        }

        // What apply forgets changes only the state, but is a reason for exit code 2: said, not left to the state file.
        foreach (var gone in planned.Forgotten)
        {
            console.MarkupLine($"  [grey]?   forget  {ShownInLine(gone.Address)} ({ShownInLine(gone.Key.ToString())}) — gone from the target (deleted outside this project, id {Shown(gone.Id)}): apply forgets it[/]");
        }

        console.WriteLine();
        console.MarkupLine((planned.HasConflicts ? "[red]Plan with conflicts:[/] " : planned.HasChanges ? "[bold]Plan:[/] " : "[green]No changes.[/] ") + Shown(planned.ToString()));
        if (!planned.HasConflicts && planned.ChangesState)
        {
            console.MarkupLine("[grey]Apply records what this plan adopts, moves or finds gone in the state file" + (planned.HasChanges ? "." : ", though it changes nothing on the target.") + "[/]");
        }

        return planned;
    }

    private static void WriteChange(IAnsiConsole console, PlannedChange change)
    {
        var (symbol, color) = change.Action switch
        {
            PlanAction.Create => ("+", "green"),
            PlanAction.Update => ("~", "yellow"),
            PlanAction.Replace => ("-/+", "magenta"),
            PlanAction.Delete => ("-", "red"),
            PlanAction.Orphan => ("!", "grey"),
            PlanAction.Conflict => ("x", "red"),
            _ => ("=", "grey"),
        };
        var where = change.ExistingKey is { } before && !before.Equals(change.Key) ? $"{before} → {change.Key}" : change.Key.ToString();
        console.MarkupLine($"  [{color}]{symbol,-3} {change.Action.ToString().ToLowerInvariant(),-7}[/] {ShownInLine(change.Address)} [grey]({ShownInLine(where)})[/]"
            + (change.Note is null ? "" : $" [grey]— {ShownInLine(change.Note)}[/]"));
        foreach (var field in change.Fields)
        {
            var (was, becomes) = Shorten(field.Before, field.After);
            console.MarkupLine($"        {Shown(field.Path)}: [red]{Shown(was ?? "(unset)")}[/] → [green]{Shown(becomes ?? "(unset)")}[/]");
        }
    }

    /// <summary>The longest value a plan line shows whole.</summary>
    internal const int MaxShown = 120;

    private static string? Shorten(string? json) => Cut(json, 0);

    /// <summary>
    /// Both sides of a change, each cut to about <see cref="MaxShown"/> characters around where they first differ, so that
    /// the difference is on screen: two long commands that differ at their end showed the same first 117 characters.
    /// </summary>
    internal static (string? Before, string? After) Shorten(string? before, string? after)
    {
        if (before is null || after is null)
        {
            return (Cut(before, 0), Cut(after, 0));
        }

        var common = 0;
        while (common < before.Length && common < after.Length && before[common] == after[common])
        {
            common++;
        }

        // A few characters before the difference are kept for context.
        var from = common > MaxShown / 2 ? common - 20 : 0;
        return (Cut(before, from), Cut(after, from));
    }

    /// <summary>At most about <see cref="MaxShown"/> characters of a value from <paramref name="from"/>, with "..." where it is cut.</summary>
    private static string? Cut(string? json, int from)
    {
        if (json is null || (from == 0 && json.Length <= MaxShown))
        {
            return json;
        }

        // Never between the halves of a surrogate pair.
        if (from > 0 && from < json.Length && char.IsLowSurrogate(json[from]))
        {
            from--;
        }

        var length = Math.Min(json.Length - from, MaxShown - 3 - (from > 0 ? 3 : 0));
        if (length > 0 && from + length < json.Length && char.IsHighSurrogate(json[from + length - 1]))
        {
            length--;
        }

        return string.Concat(from > 0 ? "..." : "", json.AsSpan(from, Math.Max(length, 0)), from + length < json.Length ? "..." : "");
    }

    private static async Task<ApplyResult> ApplyAsync(IAnsiConsole console, HostTarget target, TemplatePlan planned, int concurrency, CancellationToken cancellationToken)
    {
        var total = planned.Changes.Count(c => c.ChangesTarget || c.Action == PlanAction.Conflict);
        if (total == 0)
        {
            // Adopted templates are still recorded.
            var recording = planned.ChangesState;
            var quiet = await TemplateApplier.ApplyAsync(target.Api, planned, target.State, concurrency, null, cancellationToken).ConfigureAwait(false);
            console.MarkupLine(recording ? "[green]Nothing to apply on the target; recorded in the state file.[/]" : "[green]Nothing to apply.[/]");
            return quiet;
        }

        console.WriteLine();
        var gate = new object();
        var finished = 0;
        var progress = new SynchronousProgress<AppliedChange>(applied =>
        {
            lock (gate)
            {
                finished++;
                // A conflict's outcome begins with "conflict": its label says only that nothing was tried.
                var label = applied.Succeeded ? "[green]ok[/]     " : applied.Change.Action == PlanAction.Conflict ? "[red]skipped[/]" : "[red]failed[/] ";
                console.MarkupLine($"  [grey][[{finished}/{total}]][/] {label} " + ShownInLine(applied.Outcome));
            }
        });
        var result = await TemplateApplier.ApplyAsync(target.Api, planned, target.State, concurrency, progress, cancellationToken).ConfigureAwait(false);
        console.WriteLine();
        console.MarkupLine((result.Succeeded ? "[green]" : "[red]") + Shown(result.ToString()) + "[/]");
        var conflicts = result.Failures.Count(f => f.Change.Action == PlanAction.Conflict);
        if (conflicts > 0)
        {
            console.MarkupLine($"[grey]{conflicts} conflict{(conflicts == 1 ? "" : "s")} need{(conflicts == 1 ? "s" : "")} a change to the code or the target (see each note); applying again will not resolve {(conflicts == 1 ? "it" : "them")}.[/]");
        }

        // A refusal of the credentials is not fixed by applying again: say what to check instead.
        var refused = result.Failures.Where(f => CredentialsHint(f.Error) is not null).ToList();
        if (refused.Count > 0)
        {
            console.MarkupLine("[grey]" + Shown(CredentialsHint(refused[0].Error)!) + "[/]");
        }

        // A change fails with an IOException or an access refusal only where the state file could not be saved (the client's
        // own failures are RunAiExceptions): what its line says was done is on the target, but may not be recorded.
        var unsaved = result.Failures.FirstOrDefault(f => f.Error is IOException or UnauthorizedAccessException);
        if (unsaved is not null)
        {
            console.MarkupLine("[grey]" + Shown(
                $"The state file could not be saved ({unsaved.Error!.Message}): a change whose line says what was done is on the target, but may not be recorded. " +
                "Make the state's folder writable (space, permissions), then plan: a template the state does not record is found by scope and name again.") + "[/]");
        }
        else if (result.Failures.Count > conflicts + refused.Count)
        {
            console.MarkupLine("[grey]The state file records every change that completed; run apply again to retry the failed ones.[/]");
        }

        return result;
    }

    private static async Task<int> ExportAsync(HostConsole host, HostTarget target, FileInfo? output, bool replace, string namespaceName, string className, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            // The source goes to stdout; which target it is from, to stderr (a file's "Wrote … from …" line says it).
            host.Errors.MarkupLine($"Target: [bold]{Shown(target.Description)}[/]");
        }

        var templates = await target.Api.ListAsync(null, cancellationToken).ConfigureAwait(false);
        ExportResult exported;
        try
        {
            exported = TemplateExport.ToCSharp(templates, namespaceName, className);
        }
        catch (ArgumentException e) when (e.ParamName == "templates")
        {
            // More text than one assembly's string literals hold: no source is written.
            throw new ArgumentException(WithoutParameter(e));
        }

        if (output is null)
        {
            // Whole or not at all: a cancellation from here on would leave part of a source file in `export > Templates.cs`.
            await host.Output.WriteAsync(exported.Source.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            await host.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await WriteOutputAsync(output, exported.Source, replace, cancellationToken).ConfigureAwait(false);
            host.Console.MarkupLine($"Wrote {exported.Templates.Count} template{(exported.Templates.Count == 1 ? "" : "s")} from {Shown(target.Description)} to {Shown(output.FullName)}.");
        }

        foreach (var template in exported.Templates)
        {
            foreach (var field in template.NotExpressed)
            {
                host.Errors.MarkupLine($"[yellow]warning:[/] {ShownInLine(template.Name)}: the DSL cannot express {ShownInLine(field.Path)} ({ShownInLine(Shorten(field.Before) ?? "(unset)")} on the target)");
            }

            foreach (var error in template.Errors)
            {
                host.Errors.MarkupLine($"[yellow]warning:[/] {ShownInLine(template.Name)}: Build() fails until fixed: {ShownInLine(error.ToString())}");
            }

            foreach (var warning in template.Warnings)
            {
                host.Errors.MarkupLine($"[yellow]warning:[/] {ShownInLine(template.Name)}: a rule warning, a build error where warnings are errors: {ShownInLine(warning.ToString())}");
            }
        }

        return Success;
    }

    /// <summary>
    /// Writes export's file, making its folder as --state does; what stops it is said in the option's terms. A symbolic
    /// link is written through, at its final target. A file that holds text is replaced only when
    /// <paramref name="replace"/> (--force) says so, also if it appeared during the export, and the new text is written
    /// beside it and moved there whole (an interrupted export leaves no half a file). What holds nothing (a new or empty
    /// file, /dev/stdout, a pipe) is written in place.
    /// </summary>
    private static async Task WriteOutputAsync(FileInfo output, string source, bool replace, CancellationToken cancellationToken)
    {
        var path = output.FullName;
        if (Directory.Exists(path) || Path.EndsInDirectorySeparator(path))
        {
            throw new ArgumentException($"--output '{path}' is a folder: give the path of a file (--output {Path.Combine(path, "ExportedTemplates.cs")}).");
        }

        var target = Written(path);
        var inPlace = !HoldsText(target);
        if (!inPlace && !replace)
        {
            throw OutputExists(path);
        }

        await WriteWholeAsync(target, source, $"--output '{path}'", cancellationToken, inPlace).ConfigureAwait(false);
    }

    /// <summary>Where writing <paramref name="path"/> writes: the final target of a symbolic link, else the path.</summary>
    private static string Written(string path) =>
        new FileInfo(path) is { LinkTarget: not null } link && link.ResolveLinkTarget(returnFinalTarget: true) is { } final ? final.FullName : path;

    /// <summary>Whether a file there holds text an export would replace (a device or a pipe holds none: its length is 0).</summary>
    private static bool HoldsText(string path) => new FileInfo(path) is { Exists: true, Length: > 0 };

    /// <summary>An export's file exists and --force was not given.</summary>
    private static ArgumentException OutputExists(string path) =>
        new($"--output '{path}' exists: it may hold edits made since it was exported, which a new export would lose. Give another path, or add --force to replace it.");

    /// <summary>An argument exception's message without the " (Parameter 'x')" that names a C# parameter, not an option.</summary>
    private static string WithoutParameter(ArgumentException e) => e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static int Validate(HostConsole host, TemplateSet set)
    {
        var console = host.Console;
        var errors = 0;
        foreach (var template in set)
        {
            var violations = template.Template.Validate();
            var failed = violations.Any(v => v.Severity == RuleSeverity.Error);
            errors += failed ? 1 : 0;
            console.MarkupLine((failed ? "[red]invalid[/] " : "[green]valid[/]   ") + ShownInLine(template.Address));
            foreach (var violation in violations)
            {
                console.MarkupLine("        " + Shown(violation.ToString()));
            }
        }

        // Valid one by one, the set may still not be applicable (two templates with one scope and name): what plan, apply
        // and print refuse, validate refuses too. Checked only when every template is valid, so that an invalid one is
        // not reported twice.
        IReadOnlyList<string> problems = [];
        if (errors == 0)
        {
            try
            {
                TemplatePlanner.BuildAll(set);
            }
            catch (TemplateSetException e)
            {
                problems = e.Problems;
            }
        }

        foreach (var problem in problems)
        {
            host.Errors.MarkupLine("[red]error:[/] " + Shown(problem));
        }

        console.MarkupLine(problems.Count > 0
            ? $"Each template is valid, but the set cannot be applied ({problems.Count} error{(problems.Count == 1 ? "" : "s")})."
            : $"{set.Count - errors} of {set.Count} templates valid.");
        return errors == 0 && problems.Count == 0 ? Success : Error;
    }

    /// <summary>
    /// <c>forget</c>: refuses an address whose template the set still builds elsewhere (moved), then has the state forget
    /// the addresses and says what stays on the target.
    /// </summary>
    private static int Forget(IAnsiConsole console, string target, TemplateSetState recorded, IReadOnlyList<BuiltTemplate> built, IReadOnlyList<string> given)
    {
        console.MarkupLine($"Target: [bold]{Shown(target)}[/]");
        var lost = recorded.PendingCreates;
        foreach (var address in given)
        {
            // A template the set still builds under another address (moved there) is not the set's to let go: the next
            // plan moves it, or finds it again by scope and name.
            var keys = lost.Where(c => c.Address == address).Select(c => c.Key).Prepend(recorded.Find(address)?.Key);
            if (keys.Select(k => built.FirstOrDefault(b => b.Key.Equals(k))).FirstOrDefault(b => b is not null) is { } wanted)
            {
                throw new ArgumentException($"'{address}' records {wanted.Key}, which the set still builds at '{wanted.Address}': the next plan moves it there. Forget only what the set no longer has.");
            }
        }

        var forgotten = recorded.Forget([.. given]);
        foreach (var address in given)
        {
            var lostKeys = string.Join(", ", lost.Where(c => c.Address == address).Select(c => c.Key.ToString()).Distinct(StringComparer.Ordinal));
            var alsoLost = lostKeys.Length == 0 ? string.Empty : $" (and the create sent for it whose answer never came: {lostKeys}; a template it made, if any, stays too)";
            console.MarkupLine(forgotten.FirstOrDefault(e => e.Address == address) is { } entry
                ? $"[green]Forgot[/] {ShownInLine(address)}: {ShownInLine(entry.Key.ToString())} ({Shown(entry.Id)}) stays on the target{Shown(alsoLost)}; this project no longer manages it."
                : $"[green]Forgot[/] {ShownInLine(address)}: the create sent for it whose answer never came ({Shown(lostKeys)}); a template it made, if any, stays on the target.");
        }

        console.MarkupLine($"State: {Shown(recorded.Path ?? "(in memory)")}");
        return Success;
    }

    private static int Print(HostConsole host, TemplateSet set)
    {
        // Raw text, not the console's: a console wraps long lines, which would break the JSON.
        foreach (var (address, request, key) in TemplatePlanner.BuildAll(set))
        {
            using var document = JsonDocument.Parse(TemplateJson.Serialize(request));
            host.Output.WriteLine($"# {address} ({key})");
            host.Output.WriteLine(JsonSerializer.Serialize(document.RootElement, PrettyJson));
        }

        host.Output.Flush();
        return Success;
    }

    private static readonly JsonSerializerOptions PrettyJson = new() { WriteIndented = true };

    /// <summary>Where a command writes: messages (stdout), warnings and errors (stderr), and data to redirect (stdout, unwrapped).</summary>
    internal sealed record HostConsole(IAnsiConsole Console, IAnsiConsole Errors, TextWriter Output);

    /// <summary>Reports on the calling thread (System.Progress would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
