using Flurl.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// The client of the Run:ai control plane's Workload Template API, over Flurl.Http.
/// </summary>
/// <example>
/// <code>
/// using var client = new RunAiClient(new RunAiClientOptions
/// {
///     BaseUrl = "https://acme.run.ai",
///     ClientId = Environment.GetEnvironmentVariable("RUNAI_CLIENT_ID"),
///     ClientSecret = Environment.GetEnvironmentVariable("RUNAI_CLIENT_SECRET"),
/// });
/// WorkloadTemplate created = await client.Templates.CreateAsync(request, cancellationToken);
/// </code>
/// </example>
public sealed class RunAiClient : IDisposable
{
    private readonly ApiTransport _transport;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Where the API is and how to authenticate; copied, so later changes have no effect.</param>
    /// <param name="flurlClient">
    /// The Flurl client to send with, e.g. <c>new FlurlClient(httpClientFactory.CreateClient(…))</c>; its base URL is
    /// not used (<see cref="RunAiClientOptions.BaseUrl"/> is). The caller keeps ownership. When null, the client makes
    /// and owns one. The first <see cref="RunAiClient"/> made on a Flurl client adds one AfterCall and one OnError
    /// handler at the head of its <see cref="IEventHandlerContainer.EventHandlers"/> (they take the bearer token off
    /// each call before any other handler sees it) and they stay for the Flurl client's lifetime; later clients on the
    /// same Flurl client, and <see cref="Dispose"/>, leave the list as it is. Flurl reads that list without a lock, so
    /// make the first client before the Flurl client carries calls on other threads (as for any handler you add).
    /// Its HttpClient's handler should not follow redirects (<see cref="SocketsHttpHandler.AllowAutoRedirect"/> false, as
    /// in the handler this client makes): the API has none, and the client refuses a redirected token exchange
    /// (<see cref="RunAiRedirectException"/>) rather than send the client secret elsewhere. Keep retrying handlers
    /// (e.g. a standard resilience handler added to every HttpClient) off it: they would send a create again, which this
    /// client never does blindly.
    /// </param>
    /// <param name="logger">Receives retries, token refreshes and create look-ups; never a token or a secret.</param>
    /// <exception cref="ArgumentException">The options are invalid, e.g. an <c>http://</c> URL to a host that is not loopback.</exception>
    public RunAiClient(RunAiClientOptions options, IFlurlClient? flurlClient = null, ILogger? logger = null)
        : this(options, flurlClient, logger, ownsFlurl: flurlClient is null)
    {
    }

    /// <summary>A client that owns <paramref name="flurlClient"/> when <paramref name="ownsFlurl"/> (disposes it with itself).</summary>
    internal RunAiClient(RunAiClientOptions options, IFlurlClient? flurlClient, ILogger? logger, bool ownsFlurl)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Copied first, then checked: the copy is what the client uses, whatever another thread does to the options.
        var copy = options.Clone();
        copy.Validate();
        _transport = new ApiTransport(copy, flurlClient ?? new FlurlClient(CreateHttpClient()), ownsFlurl, logger ?? NullLogger.Instance);
        Templates = new TemplatesApi(_transport, logger ?? NullLogger.Instance);
    }

    /// <summary>The workload template operations.</summary>
    public ITemplatesApi Templates { get; }

    /// <summary>The base URL of the API, with a trailing slash.</summary>
    public Uri BaseUrl => _transport.BaseUri;

    /// <summary>
    /// Releases the HTTP client this object made (not an injected one) and stops a pending token exchange. Calling it
    /// again does nothing. Every call started afterwards throws <see cref="ObjectDisposedException"/>, without a request.
    /// </summary>
    public void Dispose() => _transport.Dispose();

    /// <summary>Describes the client without its token or secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"RunAiClient {{ BaseUrl = {BaseUrl}, Auth = {_transport.AuthDescription} }}";

    /// <summary>
    /// The <see cref="HttpClient"/> the client uses when none is injected: pooled connections recycled every few
    /// minutes (so DNS changes are seen), no automatic redirects, no client-wide timeout (each request has its own), no
    /// automatic decompression (the list asks for a compressed answer itself; a single template is too small to gain).
    /// </summary>
    internal static HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

    internal static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
    };
}
