using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RunAi.TemplateDsl.Emulator.Http;
using RunAi.TemplateDsl.Emulator.Storage;

namespace RunAi.TemplateDsl.Emulator;

/// <summary>
/// A local server of the Run:ai Workload Template API on 127.0.0.1: the five operations with the spec's status codes
/// and <c>Error</c> bodies, the token endpoint, bearer checks, SQLite storage and fault injection.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions());
/// using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = emulator.BaseUrl, BearerToken = emulator.Token });
/// </code>
/// </example>
public sealed class RunAiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TemplateStore _store;
    private readonly TokenService _tokens;
    private readonly FaultInjection _faults;
    private int _disposed;

    private RunAiEmulator(WebApplication app, TemplateStore store, TokenService tokens, FaultInjection faults, EmulatorStatistics statistics, Uri baseUri, RunAiEmulatorOptions options, int assetCount)
    {
        _app = app;
        _store = store;
        _tokens = tokens;
        _faults = faults;
        Statistics = statistics;
        BaseUri = baseUri;
        Token = options.Token ?? RunAiEmulatorOptions.DefaultToken;
        ClientId = options.ClientId ?? RunAiEmulatorOptions.DefaultClientId;
        StorageDescription = store.Description;
        AssetCount = assetCount;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:54321</c> (no trailing slash).</summary>
    public string BaseUrl => BaseUri.GetLeftPart(UriPartial.Authority);

    /// <summary>The base URL as a URI with a trailing slash.</summary>
    public Uri BaseUri { get; }

    /// <summary>The TCP port the emulator listens on.</summary>
    public int Port => BaseUri.Port;

    /// <summary>The static bearer token the emulator accepts (<see cref="RunAiEmulatorOptions.DefaultToken"/> unless set).</summary>
    public string Token { get; }

    /// <summary>The client id the token endpoint accepts.</summary>
    public string ClientId { get; }

    /// <summary>Where the templates are stored: a file path, or in memory.</summary>
    public string StorageDescription { get; }

    /// <summary>How many assets the asset table holds.</summary>
    public int AssetCount { get; }

    /// <summary>Live counters of requests, injected faults, tokens and writes.</summary>
    public EmulatorStatistics Statistics { get; }

    /// <summary>The faults injected from now on.</summary>
    /// <exception cref="ArgumentNullException">The value set is null.</exception>
    /// <exception cref="ArgumentException">
    /// The faults set are invalid: a rate outside 0–1, <see cref="EmulatorFaults.UnavailableRate"/> and
    /// <see cref="EmulatorFaults.DropAfterProcessingRate"/> adding up to more than 1, or a negative delay or count.
    /// </exception>
    public EmulatorFaults Faults
    {
        get => _faults.Faults;
        set => _faults.Faults = value;
    }

    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    /// <param name="options">How to run; null runs in memory on a free port with the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">
    /// The options are invalid: <see cref="RunAiEmulatorOptions.Port"/> outside 0–65535, <see cref="RunAiEmulatorOptions.Faults"/>
    /// invalid (as the <see cref="Faults"/> setter refuses them), a project id listed twice in
    /// <see cref="RunAiEmulatorOptions.Projects"/>, or a token or client credential that is empty or begins or ends with
    /// white space.
    /// </exception>
    /// <exception cref="IOException">A fixed <see cref="RunAiEmulatorOptions.Port"/> is taken (another process listens on it).</exception>
    public static async Task<RunAiEmulator> StartAsync(RunAiEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunAiEmulatorOptions();
        ArgumentNullException.ThrowIfNull(options.Faults, "options.Faults");
        options.Faults.Validate();
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException("Port must be 0–65535.", nameof(options));
        }

        foreach (var (name, value) in new[] { (nameof(options.Token), options.Token), (nameof(options.ReadOnlyToken), options.ReadOnlyToken), (nameof(options.ClientId), options.ClientId), (nameof(options.ClientSecret), options.ClientSecret) })
        {
            if (value is not null && RunAiEmulatorOptions.IsUnusableSecret(value))
            {
                throw new ArgumentException($"{name} must not be empty or begin or end with white space; leave it unset for the default.", nameof(options));
            }
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(RunAiEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));

        if (!options.StopOnProcessSignals)
        {
            // A host that handles Ctrl+C and SIGTERM itself (the command host): ASP.NET Core's console lifetime would take
            // them for itself and, since that host does not wait on this application's shutdown, swallow them.
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        }

        // Like the control plane's ingress: an answer is compressed (br or gzip) when the request asks for it.
        builder.Services.AddResponseCompression();

        var store = await TemplateStore.OpenAsync(options.DatabasePath, cancellationToken).ConfigureAwait(false);
        WebApplication? built = null;
        try
        {
            var statistics = new EmulatorStatistics();
            var tokens = new TokenService(options);
            var assets = new AssetTable(options.Assets, options.StrictAssets);
            var faults = new FaultInjection(options.Faults, statistics);
            var app = built = builder.Build();
            app.Use(new UnhandledExceptions(statistics).InvokeAsync);
            app.UseResponseCompression();
            new TemplateEndpoints(options, store, tokens, assets, statistics).Map(app, faults);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new RunAiEmulator(app, store, tokens, faults, statistics, new Uri(address.TrimEnd('/') + "/"), options, assets.Count);
        }
        catch
        {
            // E.g. the port is taken: the web host is built, and a caller that tries another port must not leak it.
            if (built is not null)
            {
                await built.DisposeAsync().ConfigureAwait(false);
            }

            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens an asset or project file; a folder is said to be one (the system says "access denied").</summary>
    private static FileStream OpenTable(string path) =>
        Directory.Exists(path) ? throw new InvalidDataException($"{path}: it is a folder; give the path of the JSON file.") : File.OpenRead(path);

    /// <summary>What a reader's exception says, without the .NET type it was reading into (<c>List`1[…EmulatorAsset]</c>).</summary>
    private static string JsonProblem(JsonException e) =>
        e.Message.Contains("could not be converted to", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"the value at {e.Path ?? "$"} (line {e.LineNumber + 1}) has the wrong type")
            : e.Message;

    /// <summary>Reads an asset table file: a JSON array of <c>{"id", "name", "kind", "toolTypes"}</c> objects.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The assets.</returns>
    /// <exception cref="InvalidDataException">The file is not such an array.</exception>
    public static async Task<IReadOnlyList<EmulatorAsset>> LoadAssetsAsync(string path, CancellationToken cancellationToken = default)
    {
        List<EmulatorAsset> assets;
        var stream = OpenTable(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                assets = await JsonSerializer.DeserializeAsync(stream, EmulatorJsonContext.Default.ListEmulatorAsset, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{path}: expected a JSON array of assets, found null.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: not a JSON array of {{\"id\", \"name\", \"kind\"}} assets: {JsonProblem(e)}", e);
            }
        }

        // As for projects: each item once, with its id and name (ids compare as the API's UUIDs do, in any case).
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var result = new List<EmulatorAsset>(assets.Count);
        for (var i = 0; i < assets.Count; i++)
        {
            // The reader lets a null item (or a null id, a required member) through.
            if (assets[i] is not { } asset)
            {
                throw new InvalidDataException($"{path}: [{i}]: an asset cannot be null.");
            }

            if (string.IsNullOrWhiteSpace(asset.Id) || string.IsNullOrWhiteSpace(asset.Name))
            {
                throw new InvalidDataException($"{path}: [{i}].{(string.IsNullOrWhiteSpace(asset.Id) ? "id" : "name")}: an asset needs its id and name.");
            }

            if (!seen.TryAdd(asset.Id, i))
            {
                throw new InvalidDataException($"{path}: [{i}].id: asset '{asset.Id}' is already listed at [{seen[asset.Id]}]; an asset id is listed once.");
            }

            // A kind or tool type the API does not have (a miscased "Environment", say) would make the asset one no
            // template's reference ever resolves to: its name would silently be a generated one.
            if (asset.Kind is { IsKnown: false } kind)
            {
                throw new InvalidDataException($"{path}: [{i}].kind: '{kind.Value}' is not an asset kind; use one of {string.Join(", ", AssetKind.KnownValues.Select(k => k.Value))}.");
            }

            for (var t = 0; t < (asset.ToolTypes?.Count ?? 0); t++)
            {
                if (asset.ToolTypes![t] is not { IsKnown: true })
                {
                    throw new InvalidDataException($"{path}: [{i}].toolTypes[{t}]: {(asset.ToolTypes[t] is { } tool ? "'" + tool.Value + "'" : "null")} is not a tool type; use one of {string.Join(", ", ToolType.KnownValues.Select(k => k.Value))}.");
                }
            }

            result.Add(asset);
        }

        return result;
    }

    /// <summary>
    /// Reads a project table file: a JSON array of <c>{"id", "name", "departmentId", "clusterId"}</c> objects (comments
    /// and trailing commas allowed), for <see cref="RunAiEmulatorOptions.Projects"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The projects.</returns>
    /// <exception cref="InvalidDataException">The file is not such an array, has a null item, repeats a project id, or has a cluster id that is not a UUID.</exception>
    public static async Task<IReadOnlyList<EmulatorProject>> LoadProjectsAsync(string path, CancellationToken cancellationToken = default)
    {
        List<EmulatorProject?> projects;
        var stream = OpenTable(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                projects = await JsonSerializer.DeserializeAsync(stream, EmulatorJsonContext.Default.ListEmulatorProject, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{path}: expected a JSON array of projects, found null.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: not a JSON array of {{\"id\", \"name\", \"departmentId\", \"clusterId\"}} projects: {JsonProblem(e)}", e);
            }
        }

        var seen = new Dictionary<int, int>();
        var result = new List<EmulatorProject>(projects.Count);
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i] ?? throw new InvalidDataException($"{path}: [{i}]: a project cannot be null.");
            if (!seen.TryAdd(project.Id, i))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: [{i}].id: project {project.Id} is already listed at [{seen[project.Id]}]; a project id is listed once."));
            }

            if (project.ClusterId is { } clusterId && !Guid.TryParse(clusterId, out _))
            {
                throw new InvalidDataException($"{path}: [{i}].clusterId: '{clusterId}' is not a UUID.");
            }

            result.Add(project);
        }

        return result;
    }

    /// <summary>Forgets every token the token endpoint issued: the next request with one is answered 401.</summary>
    public void RevokeIssuedTokens() => _tokens.RevokeIssued();

    /// <summary>The access tokens issued and not revoked (for tests that check a client never shows them).</summary>
    internal IReadOnlyCollection<string> IssuedTokens => _tokens.Issued;

    /// <summary>Every stored template, read from storage directly (no HTTP, no faults), in creation order.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The templates.</returns>
    public async Task<IReadOnlyList<WorkloadTemplate>> GetTemplatesAsync(CancellationToken cancellationToken = default) =>
        await _store.ListAsync(new TemplateQuery(), cancellationToken).ConfigureAwait(false);

    /// <summary>Waits until the emulator stops (Ctrl+C, SIGTERM, or <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Stops the emulator.</param>
    /// <returns>A task that completes when the emulator has stopped.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server and closes the database.</summary>
    /// <returns>A task that completes when both are done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The source-generated JSON context of the emulator's own files (the asset and project tables).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(List<EmulatorAsset>))]
[JsonSerializable(typeof(List<EmulatorProject?>))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;

/// <summary>A host lifetime that leaves the process's signals alone (see <see cref="RunAiEmulatorOptions.StopOnProcessSignals"/>).</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
