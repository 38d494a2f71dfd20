using System.Globalization;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;

namespace RunAi.TemplateDsl.Cli;

/// <summary>Where a command applies: a tenant from the environment, or the embedded emulator; with its client and state.</summary>
internal sealed class HostTarget : IAsyncDisposable
{
    public const string EmbeddedTargetName = "embedded-emulator";

    private readonly RunAiClient _client;
    private readonly RunAiEmulator? _emulator;

    private HostTarget(string description, RunAiClient client, RunAiEmulator? emulator, TemplateSetState state)
    {
        Description = description;
        _client = client;
        _emulator = emulator;
        State = state;
    }

    public string Description { get; }

    public ITemplatesApi Api => _client.Templates;

    public TemplateSetState State { get; }

    /// <summary>Opens the target the environment names, with its state (read, and locked until disposed, unless <paramref name="withState"/> is false).</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="workingDirectory">Where the default state and the embedded emulator's folder are.</param>
    /// <param name="log">Where the client's warnings go (its retries).</param>
    /// <param name="statePath">The state file, or null for the default.</param>
    /// <param name="cancellationToken">Stops the opening.</param>
    /// <param name="withState">Whether to read and lock the state.</param>
    public static async Task<HostTarget> OpenAsync(Func<string, string?> environment, string workingDirectory, Microsoft.Extensions.Logging.ILogger log, FileInfo? statePath, CancellationToken cancellationToken, bool withState = true)
    {
        var url = TenantUrl(environment);
        if (url is null)
        {
            var directory = Path.Combine(workingDirectory, TemplatesHost.EmulatorDirectory);
            var path = StatePath(url, workingDirectory, statePath);
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // --state would not help: the emulator's own database is kept in this folder.
                throw new IOException($"The embedded emulator keeps its templates in '{directory}', which cannot be made: {e.Message} Run from a folder you can write, or set RUNAI_BASE_URL to apply to a tenant.", e);
            }

            // The state (and its lock) first: the lock also keeps a second run of this state off the embedded emulator's
            // database. (A run given another --state, or an export, which takes no lock, shares it through SQLite's own
            // locking: the emulator's writes are transactions, and its unique index on scope and name holds across processes.)
            var state = withState
                ? await TemplateSetState.LoadAsync(path, EmbeddedTargetName, cancellationToken).ConfigureAwait(false)
                : TemplateSetState.InMemory(EmbeddedTargetName);
            RunAiEmulator? emulator = null;
            try
            {
                var database = Path.Combine(directory, "templates.db");
                try
                {
                    // The host handles Ctrl+C and SIGTERM (cancelling the command, then disposing the emulator).
                    emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions { DatabasePath = database, StopOnProcessSignals = false }, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is EmulatorDatabaseException || (e is not OperationCanceledException and not IOException))
                {
                    // E.g. a database file that is not SQLite ("file is not a database"): say which file, and what deleting it costs.
                    var why = e is EmulatorDatabaseException { InnerException: { } cause } ? cause.Message : e.Message;
                    throw new InvalidOperationException($"The embedded emulator cannot open its database '{database}': {why} If the file is damaged, delete the {TemplatesHost.EmulatorDirectory}/ folder; the emulator's templates and this project's state for it go with it, and the next apply creates the templates again.", e);
                }

                var client = new RunAiClient(new RunAiClientOptions { BaseUrl = emulator.BaseUrl, BearerToken = emulator.Token }, logger: log);
                return new HostTarget($"embedded emulator at {emulator.BaseUrl} (RUNAI_BASE_URL is not set; templates kept in {TemplatesHost.EmulatorDirectory}/)", client, emulator, state);
            }
            catch
            {
                if (emulator is not null)
                {
                    await emulator.DisposeAsync().ConfigureAwait(false);
                }

                state.Dispose();
                throw;
            }
        }

        var tenantClient = CreateTenantClient(environment, url, log);
        try
        {
            var tenantPath = StatePath(url, workingDirectory, statePath);
            var tenantState = withState
                ? await TemplateSetState.LoadAsync(tenantPath, tenantClient.BaseUrl.AbsoluteUri, cancellationToken).ConfigureAwait(false)
                : TemplateSetState.InMemory(tenantClient.BaseUrl.AbsoluteUri);
            return new HostTarget(tenantClient.BaseUrl.AbsoluteUri, tenantClient, null, tenantState);
        }
        catch
        {
            tenantClient.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens only the state of the target the environment names (read, and locked until disposed): what <c>forget</c>
    /// needs. Nothing is contacted or started, and no credentials are needed: the state records the target by its URL.
    /// </summary>
    /// <returns>The target as <see cref="Description"/> says it, and its state.</returns>
    /// <exception cref="ArgumentException">The environment names no target the host can use.</exception>
    /// <exception cref="TemplateSetStateException">There is no state file: nothing was applied to the target from here.</exception>
    public static async Task<(string Description, TemplateSetState State)> OpenStateAsync(Func<string, string?> environment, string workingDirectory, FileInfo? statePath, CancellationToken cancellationToken)
    {
        var url = TenantUrl(environment);
        var target = url is null ? EmbeddedTargetName : TenantBaseUri(environment, url).AbsoluteUri;
        var description = url is null ? $"embedded emulator (RUNAI_BASE_URL is not set; templates kept in {TemplatesHost.EmulatorDirectory}/)" : target;
        var path = StatePath(url, workingDirectory, statePath);
        if (!File.Exists(path))
        {
            // Said before anything is made: loading a state that is not there would make its folder and its lock.
            throw new TemplateSetStateException($"There is no state file at '{path}': nothing was applied to {description} from here, so there is nothing to forget.");
        }

        return (description, await TemplateSetState.LoadAsync(path, target, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The state file: --state, or the default of the embedded emulator (in its folder) or of a tenant.</summary>
    private static string StatePath(string? url, string workingDirectory, FileInfo? statePath) =>
        statePath?.FullName ?? (url is null
            ? Path.Combine(workingDirectory, TemplatesHost.EmulatorDirectory, "state.json")
            : Path.Combine(workingDirectory, TemplatesHost.DefaultStatePath));

    /// <summary>RUNAI_BASE_URL, or null for the embedded emulator; credentials without it are refused.</summary>
    private static string? TenantUrl(Func<string, string?> environment)
    {
        var url = Value(environment, "RUNAI_BASE_URL");
        if (url is null && (Value(environment, "RUNAI_TOKEN") ?? Value(environment, "RUNAI_CLIENT_ID") ?? Value(environment, "RUNAI_CLIENT_SECRET")) is not null)
        {
            // Credentials without a URL are a tenant set up wrongly, not a wish for the local emulator.
            throw new ArgumentException("RUNAI_TOKEN or RUNAI_CLIENT_ID/RUNAI_CLIENT_SECRET is set but RUNAI_BASE_URL is not: set RUNAI_BASE_URL to the tenant's URL (or unset the credentials to use the embedded emulator).");
        }

        return url;
    }

    /// <summary>The tenant's URL as the client and the state spell it (a trailing slash), checked as the client checks it.</summary>
    private static Uri TenantBaseUri(Func<string, string?> environment, string url)
    {
        var options = new RunAiClientOptions { BaseUrl = url, AllowInsecureHttp = Flag(environment, InsecureHttpVariable) };
        try
        {
            return options.ValidatedBaseUri();
        }
        catch (ArgumentException e) when (e.ParamName == nameof(RunAiClientOptions.BaseUrl))
        {
            throw BaseUrlError(url, options, e);
        }
    }

    /// <summary>
    /// The client of the tenant the environment names. Mistakes in the environment are reported in its own terms (the
    /// variables to set), not the client options' property names, which a host's user cannot set.
    /// </summary>
    private static RunAiClient CreateTenantClient(Func<string, string?> environment, string url, Microsoft.Extensions.Logging.ILogger log)
    {
        var options = new RunAiClientOptions
        {
            BaseUrl = url,
            BearerToken = Value(environment, "RUNAI_TOKEN"),
            ClientId = Value(environment, "RUNAI_CLIENT_ID"),
            ClientSecret = Value(environment, "RUNAI_CLIENT_SECRET"),
            AllowInsecureHttp = Flag(environment, InsecureHttpVariable),
        };
        if (Value(environment, RequestTimeoutVariable) is { } timeout)
        {
            options.RequestTimeout = double.TryParse(timeout, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.001 and <= 3600
                ? TimeSpan.FromSeconds(seconds)
                : throw new ArgumentException($"{RequestTimeoutVariable} is '{timeout}': set it to the seconds one request may take, from 0.001 to 3600 (e.g. 10 or 2.5).");
        }

        if (Value(environment, MaxRetriesVariable) is { } retries)
        {
            options.MaxRetryAttempts = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 20
                ? count
                : throw new ArgumentException($"{MaxRetriesVariable} is '{retries}': set it to how often a failed request is tried again, 0 to 20.");
        }

        if (options.BearerToken is not null && (options.ClientId ?? options.ClientSecret) is not null)
        {
            throw new ArgumentException("RUNAI_TOKEN and RUNAI_CLIENT_ID/RUNAI_CLIENT_SECRET are both set: set RUNAI_TOKEN, or RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET, not both.");
        }

        if (options.BearerToken is null && (options.ClientId is null || options.ClientSecret is null))
        {
            throw new ArgumentException((options.ClientId ?? options.ClientSecret) is null
                ? "RUNAI_BASE_URL is set but no credentials are: set RUNAI_TOKEN, or RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET."
                : $"RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET go together: {(options.ClientId is null ? "RUNAI_CLIENT_ID" : "RUNAI_CLIENT_SECRET")} is not set.");
        }

        try
        {
            return new RunAiClient(options, logger: log);
        }
        catch (ArgumentException e) when (e.ParamName == nameof(RunAiClientOptions.BearerToken) && options.BearerToken is not null)
        {
            throw new ArgumentException("RUNAI_TOKEN contains a character an HTTP header cannot carry (a line break, a space, a non-ASCII letter): set it to the token alone.", e);
        }
        catch (ArgumentException e) when (e.ParamName == nameof(RunAiClientOptions.BaseUrl))
        {
            throw BaseUrlError(url, options, e);
        }
    }

    /// <summary>A RUNAI_BASE_URL the client refuses, said in the environment's terms.</summary>
    private static ArgumentException BaseUrlError(string url, RunAiClientOptions options, ArgumentException e)
    {
        var plainHttp = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
            && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
        return new ArgumentException(
            plainHttp
                ? $"RUNAI_BASE_URL '{url}' is http:// to another machine: the access token would travel in clear text. Use https, or set {InsecureHttpVariable}=true for a trusted network."
                // Shown as the client shows it: a password or token in the URL's user info or query would land in a CI log.
                : Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.AbsolutePath.TrimEnd('/').EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase)
                    ? $"RUNAI_BASE_URL {options.DescribedBaseUrl()} ends in api/v1: set it to the control plane's address (e.g. https://acme.run.ai); the host adds api/v1/… itself."
                    : $"RUNAI_BASE_URL is not a tenant URL (it is {options.DescribedBaseUrl()}): give an absolute https URL without user info, query or fragment, e.g. https://acme.run.ai.",
            e);
    }

    /// <summary>A yes/no variable: true, false, 1 or 0; unset is no; anything else is an error (a typo must not pass as no).</summary>
    private static bool Flag(Func<string, string?> environment, string name) => Value(environment, name) switch
    {
        null => false,
        "1" => true,
        "0" => false,
        var text when bool.TryParse(text, out var flag) => flag,
        var text => throw new ArgumentException($"{name} is '{text}': set it to true, false, 1 or 0."),
    };

    /// <summary>The seconds one request to the tenant may take (<see cref="RunAiClientOptions.RequestTimeout"/>; 30 unless set).</summary>
    internal const string RequestTimeoutVariable = "RUNAI_REQUEST_TIMEOUT";

    /// <summary>How often a failed request to the tenant is tried again (<see cref="RunAiClientOptions.MaxRetryAttempts"/>; 4 unless set).</summary>
    internal const string MaxRetriesVariable = "RUNAI_MAX_RETRIES";

    /// <summary>Allows <c>http://</c> to a tenant that is not on this machine (<see cref="RunAiClientOptions.AllowInsecureHttp"/>).</summary>
    internal const string InsecureHttpVariable = "RUNAI_ALLOW_INSECURE_HTTP";

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }

        // Last: the state's lock also keeps a second run off the embedded emulator's database until it has stopped.
        State.Dispose();
    }

    private static string? Value(Func<string, string?> environment, string name) => environment(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
