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
    public static async Task<HostTarget> OpenAsync(Func<string, string?> environment, string workingDirectory, FileInfo? statePath, CancellationToken cancellationToken, bool withState = true)
    {
        var url = Value(environment, "RUNAI_BASE_URL");
        if (url is null && (Value(environment, "RUNAI_TOKEN") ?? Value(environment, "RUNAI_CLIENT_ID") ?? Value(environment, "RUNAI_CLIENT_SECRET")) is not null)
        {
            // Credentials without a URL are a tenant set up wrongly, not a wish for the local emulator.
            throw new ArgumentException("RUNAI_TOKEN or RUNAI_CLIENT_ID/RUNAI_CLIENT_SECRET is set but RUNAI_BASE_URL is not: set RUNAI_BASE_URL to the tenant's URL (or unset the credentials to use the embedded emulator).");
        }

        if (url is null)
        {
            var directory = Path.Combine(workingDirectory, TemplatesHost.EmulatorDirectory);
            var path = statePath?.FullName ?? Path.Combine(directory, "state.json");

            // The state (and its lock) first: the lock also keeps a second run off the embedded emulator's database.
            var state = withState
                ? await TemplateSetState.LoadAsync(path, EmbeddedTargetName, cancellationToken).ConfigureAwait(false)
                : TemplateSetState.InMemory(EmbeddedTargetName);
            RunAiEmulator? emulator = null;
            try
            {
                Directory.CreateDirectory(directory);
                emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions { DatabasePath = Path.Combine(directory, "templates.db") }, cancellationToken).ConfigureAwait(false);
                var client = new RunAiClient(new RunAiClientOptions { BaseUrl = emulator.BaseUrl, BearerToken = emulator.Token });
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

        var options = new RunAiClientOptions
        {
            BaseUrl = url,
            BearerToken = Value(environment, "RUNAI_TOKEN"),
            ClientId = Value(environment, "RUNAI_CLIENT_ID"),
            ClientSecret = Value(environment, "RUNAI_CLIENT_SECRET"),
        };
        if (options.BearerToken is null && (options.ClientId is null || options.ClientSecret is null))
        {
            throw new ArgumentException("RUNAI_BASE_URL is set but no credentials are: set RUNAI_TOKEN, or RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET.");
        }

        var tenantClient = new RunAiClient(options);
        try
        {
            var tenantPath = statePath?.FullName ?? Path.Combine(workingDirectory, TemplatesHost.DefaultStatePath);
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
