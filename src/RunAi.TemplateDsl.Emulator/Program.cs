using System.CommandLine;
using RunAi.TemplateDsl.Emulator;

// dotnet run --project src/RunAi.TemplateDsl.Emulator -- --port 8080 [--db PATH] [--token T] [--client-id ID --client-secret S] [--assets FILE] [--strict-assets] [--projects FILE]
var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8080 };
var db = new Option<FileInfo?>("--db") { Description = "SQLite database file; templates survive a restart. Without it they are kept in memory." };
var token = new Option<string?>("--token") { Description = $"The bearer token to accept. Without it the emulator accepts '{RunAiEmulatorOptions.DefaultToken}'." };
var readOnlyToken = new Option<string?>("--read-only-token") { Description = "A bearer token that may read but not write (writes get 403)." };
var clientId = new Option<string?>("--client-id") { Description = $"The client id the token endpoint accepts (default '{RunAiEmulatorOptions.DefaultClientId}')." };
var clientSecret = new Option<string?>("--client-secret") { Description = $"The client secret the token endpoint accepts (default '{RunAiEmulatorOptions.DefaultClientSecret}')." };
var tokenLifetime = new Option<int>("--token-lifetime") { Description = "Lifetime of issued access tokens, in seconds.", DefaultValueFactory = _ => 3600 };
var assets = new Option<FileInfo?>("--assets") { Description = "A JSON file with the asset table: [{\"id\": \"…\", \"name\": \"…\", \"kind\": \"environment\"}, …]." };
var projects = new Option<FileInfo?>("--projects")
{
    Description = "A JSON file with the known projects: [{\"id\": 42, \"name\": \"…\", \"departmentId\": \"…\", \"clusterId\": \"…\"}, …]. "
        + "Gives meta.projectName, and lets ?projectId= list the department and cluster templates above a project.",
};
var strictAssets = new Option<bool>("--strict-assets") { Description = "Answer 400 for asset ids not in the asset table (otherwise they get a generated name)." };
var failRate = new Option<double>("--fail-rate") { Description = "Fault injection: share of template requests answered 503, 0–1." };
var retryAfterShare = new Option<double>("--retry-after-share") { Description = "Fault injection: share of those 503 answers with Retry-After, 0–1." };
var dropRate = new Option<double>("--drop-rate") { Description = "Fault injection: share of template requests whose connection is dropped after processing, 0–1." };
var latency = new Option<int>("--latency-ms") { Description = "Fault injection: latency added to every template request, in milliseconds." };

var root = new RootCommand("A local emulator of the NVIDIA Run:ai Workload Template API, on 127.0.0.1.")
{
    port, db, token, readOnlyToken, clientId, clientSecret, tokenLifetime, assets, strictAssets, projects, failRate, retryAfterShare, dropRate, latency,
};
// Out-of-range values are the user's mistake: one line that names the option, exit code 1 (not a stack trace).
InRange(port, 0, 65535);
InRange(tokenLifetime, 1, int.MaxValue);
InRange(failRate, 0, 1);
InRange(retryAfterShare, 0, 1);
InRange(dropRate, 0, 1);
InRange(latency, 0, int.MaxValue);
NotBlank(token);
NotBlank(readOnlyToken);
NotBlank(clientId);
NotBlank(clientSecret);
root.Validators.Add(result =>
{
    if ((result.GetValue(clientId) is null) != (result.GetValue(clientSecret) is null))
    {
        result.AddError("--client-id and --client-secret go together.");
    }

    // Only when both are rates (InRange reports the others; a value that does not parse cannot be read here).
    if (Rate(result.GetResult(failRate)) is { } fail && Rate(result.GetResult(dropRate)) is { } drop && fail + drop > 1)
    {
        result.AddError("--fail-rate and --drop-rate add up to more than 1.");
    }
});

root.SetAction(async (result, cancellationToken) =>
{
    var options = new RunAiEmulatorOptions
    {
        Port = result.GetValue(port),
        DatabasePath = result.GetValue(db)?.FullName,
        Token = result.GetValue(token),
        ReadOnlyToken = result.GetValue(readOnlyToken),
        ClientId = result.GetValue(clientId),
        ClientSecret = result.GetValue(clientSecret),
        TokenLifetime = TimeSpan.FromSeconds(result.GetValue(tokenLifetime)),
        StrictAssets = result.GetValue(strictAssets),
        Faults = new EmulatorFaults
        {
            UnavailableRate = result.GetValue(failRate),
            RetryAfterShare = result.GetValue(retryAfterShare),
            DropAfterProcessingRate = result.GetValue(dropRate),
            Latency = TimeSpan.FromMilliseconds(result.GetValue(latency)),
        },
    };
    // A file that cannot be read or is not what the option takes is the user's mistake, not a crash: one line that
    // names the option and the problem (the loaders name the file and the item), and exit code 1.
    string? option = null;
    try
    {
        if (result.GetValue(assets) is { } assetFile)
        {
            option = "--assets";
            foreach (var asset in await RunAiEmulator.LoadAssetsAsync(assetFile.FullName, cancellationToken))
            {
                options.Assets.Add(asset);
            }
        }

        if (result.GetValue(projects) is { } projectFile)
        {
            option = "--projects";
            foreach (var project in await RunAiEmulator.LoadProjectsAsync(projectFile.FullName, cancellationToken))
            {
                options.Projects.Add(project);
            }
        }
    }
    catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
    {
        await Console.Error.WriteLineAsync($"{option}: {e.Message}");
        return 1;
    }

    RunAiEmulator emulator;
    try
    {
        emulator = await RunAiEmulator.StartAsync(options, cancellationToken);
    }
    catch (EmulatorDatabaseException e)
    {
        await Console.Error.WriteLineAsync($"--db {e.Message}");
        return 1;
    }
    catch (IOException e)
    {
        // E.g. the port is taken by another program.
        await Console.Error.WriteLineAsync($"--port {options.Port}: {e.Message}");
        return 1;
    }

    await using var running = emulator;
    Console.WriteLine($"Run:ai template API emulator listening on {emulator.BaseUrl}");
    Console.WriteLine($"  storage:      {emulator.StorageDescription}");
    Console.WriteLine(options.Token is null
        ? $"  bearer token: accepting '{RunAiEmulatorOptions.DefaultToken}' (no --token given)"
        : "  bearer token: accepting the token given with --token");
    Console.WriteLine(options.ClientId is null
        ? $"  token:        POST {emulator.BaseUrl}/api/v1/token with clientID '{RunAiEmulatorOptions.DefaultClientId}' and clientSecret '{RunAiEmulatorOptions.DefaultClientSecret}' (defaults)"
        : $"  token:        POST {emulator.BaseUrl}/api/v1/token with clientID '{emulator.ClientId}' and the secret given with --client-secret");
    Console.WriteLine($"  assets:       {emulator.AssetCount} known{(options.StrictAssets ? ", unknown ids rejected" : ", unknown ids get generated names")}");
    Console.WriteLine($"  projects:     {options.Projects.Count} known{(options.Projects.Count == 0 ? " (--projects FILE names them and places them under their department and cluster)" : string.Empty)}");
    if (options.Faults.IsActive)
    {
        Console.WriteLine($"  faults:       {options.Faults}");
    }

    Console.WriteLine("Press Ctrl+C to stop.");
    await emulator.WaitForShutdownAsync(cancellationToken);
    return 0;
});

return await root.Parse(args).InvokeAsync();

// An option's value when given as a number from 0 to 1; 0 when not given; null otherwise.
static double? Rate(System.CommandLine.Parsing.OptionResult? result) => result is null || result.Tokens.Count == 0 ? 0
    : result.Tokens is [var token] && double.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1 ? value
    : null;

// An empty value (`--token "$EMU_TOKEN"` with the variable unset) is refused naming the option, as StartAsync refuses it
// naming the property (RunAiEmulatorOptions.IsUnusableSecret). The value is not shown.
static void NotBlank(Option<string?> option) => option.Validators.Add(result =>
{
    if (result.Tokens is [var token] && RunAiEmulatorOptions.IsUnusableSecret(token.Value))
    {
        result.AddError($"{option.Name} must not be empty or begin or end with white space; leave it out for the default.");
    }
});

static void InRange<T>(Option<T> option, T min, T max)
    where T : struct, IComparable<T>, IParsable<T>
{
    option.Validators.Add(result =>
    {
        // A value that does not parse is System.CommandLine's error already; reading it here would throw.
        if (result.Tokens is [var token] && T.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && (value.CompareTo(min) < 0 || value.CompareTo(max) > 0))
        {
            var bound = max is int most && most == int.MaxValue ? $"at least {min}" : $"{min}–{max}";
            result.AddError($"{option.Name} must be {bound}; it is {token.Value}.");
        }
    });
}

/// <summary>The standalone emulator. Internal: the Web SDK would make it public, and a public global <c>Program</c> in a
/// package collides with the <c>Program</c> of a project that references it and names its own (CS0436).</summary>
internal sealed partial class Program;
