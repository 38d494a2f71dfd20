using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Flurl.Http;
using Microsoft.Extensions.Logging;

namespace RunAi.TemplateDsl.Client;

/// <summary>Where the bearer token of a call comes from.</summary>
internal interface IAccessTokenSource : IDisposable
{
    /// <summary>Whether a rejected token can be replaced by a new one (client credentials) or not (a static token).</summary>
    bool CanRefresh { get; }

    /// <summary>The token to send now: the cached one, or a new one if it is missing or about to expire.</summary>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>The server rejected <paramref name="token"/>: forget it, so the next <see cref="GetTokenAsync"/> fetches a new one.</summary>
    void Invalidate(string token);
}

/// <summary>A bearer token given in the options; it cannot be refreshed.</summary>
internal sealed class StaticTokenSource(string token) : IAccessTokenSource
{
    public bool CanRefresh => false;

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(token);

    public void Invalidate(string token)
    {
    }

    public void Dispose()
    {
    }

    public override string ToString() => "static bearer token ***";
}

/// <summary>
/// Client credentials exchanged at <c>POST /api/v1/token</c>. The token is cached; from
/// <see cref="RunAiClientOptions.TokenRefreshMargin"/> before it expires it is replaced in the background while callers
/// keep using it, so a slow or failed refresh fails no call as long as the token is valid. Callers wait for an exchange
/// only when there is no token or it has expired. Concurrent callers share one exchange.
/// </summary>
internal sealed partial class ClientCredentialsTokenSource : IAccessTokenSource
{
    internal const string TokenPath = "api/v1/token";

    /// <summary>The longest token lifetime taken from <c>expiresIn</c> (a year, in seconds); a longer one is cut to it.</summary>
    private const long MaxLifetimeSeconds = 365L * 24 * 3600;

    /// <summary>After a failed early refresh, how long the valid token is used before the next refresh is tried.</summary>
    internal static readonly TimeSpan RefreshRetryDelay = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    // Let go on Dispose, as the transport lets go of it: null once disposed.
    private IFlurlClient? _flurl;
    private readonly Uri _tokenUrl;
    private readonly RunAiClientOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private CachedToken? _current;
    private Task<CachedToken>? _pending;
    private DateTimeOffset _noRefreshBefore = DateTimeOffset.MinValue;
    private int _disposed;

    public ClientCredentialsTokenSource(IFlurlClient flurl, Uri baseUri, RunAiClientOptions options, ILogger logger)
    {
        _flurl = flurl;
        _tokenUrl = new Uri(baseUri, TokenPath);
        _options = options;
        _logger = logger;
    }

    public bool CanRefresh => true;

    /// <summary>How many token exchanges this source started (for diagnostics and tests).</summary>
    public int Exchanges { get; private set; }

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<CachedToken> pending;
        lock (_gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            if (_current is { } current && !current.IsExpired(now))
            {
                // Due for a refresh: one exchange starts in the background, and this caller (like every other until it
                // completes, or fails) goes on with the token that is still valid.
                if (current.IsDue(now) && _pending is null && now >= _noRefreshBefore)
                {
                    StartExchange(background: true);
                }

                return current.Value;
            }

            pending = _pending ?? StartExchange(background: false);
        }

        // The exchange is shared: one caller's cancellation stops its wait, not the exchange of the others.
        try
        {
            var token = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            return token.Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _disposed) != 0)
        {
            // The client was disposed during the exchange: that, not a cancellation the caller never asked for.
            throw new ObjectDisposedException(nameof(RunAiClient));
        }
    }

    public void Invalidate(string token)
    {
        lock (_gate)
        {
            if (_current is { } current && string.Equals(current.Value, token, StringComparison.Ordinal))
            {
                _current = null;
                Log.TokenRejected(_logger);
            }
        }
    }

    /// <summary>Stops a pending exchange; a second call does nothing.</summary>
    public void Dispose()
    {
        // Cancelled, not disposed: an exchange starting concurrently still reads _lifetime.Token, and a source without a
        // timer holds nothing that needs releasing.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lifetime.Cancel();
            Volatile.Write(ref _flurl, null);
        }
    }

    /// <summary>The Flurl client; <see cref="ObjectDisposedException"/> once disposed.</summary>
    private IFlurlClient LiveFlurl => Volatile.Read(ref _flurl) ?? throw new ObjectDisposedException(nameof(RunAiClient));

    public override string ToString() => $"client credentials (client id {_options.ClientId}, secret ***)";

    /// <summary>Starts the one shared exchange (under <see cref="_gate"/>).</summary>
    /// <param name="background">
    /// A refresh no caller waits for: run without the caller's execution context, so that it is not a span of that
    /// caller's trace nor logged in its scopes (it belongs to no request; it only happened to come due during this one).
    /// An exchange a caller waits for stays in the caller's context: its time is that call's.
    /// </param>
    private Task<CachedToken> StartExchange(bool background)
    {
        Exchanges++;
        // Not under a Flurl HttpTest, which lives in the execution context: without it the refresh would not be faked, and
        // would send the real secret to the real server (RequestAsync).
        AsyncFlowControl? suppressed = background && !ExecutionContext.IsFlowSuppressed() && Flurl.Http.Testing.HttpTest.Current is null
            ? ExecutionContext.SuppressFlow()
            : null;
        Task<CachedToken> exchange;
        try
        {
            exchange = Task.Run(ExchangeAsync, CancellationToken.None);
        }
        finally
        {
            suppressed?.Undo();
        }

        // A background refresh may have no one waiting for it: its failure is logged (ExchangeAsync), not left unobserved.
        _ = exchange.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return _pending = exchange;
    }

    private async Task<CachedToken> ExchangeAsync()
    {
        try
        {
            var token = await RequestAsync(_lifetime.Token).ConfigureAwait(false);
            RunAiTelemetry.TokenExchanges.Add(1);
            lock (_gate)
            {
                _current = token;
                _pending = null;
                _noRefreshBefore = DateTimeOffset.MinValue;
            }

            return token;
        }
        catch (Exception e)
        {
            RunAiTelemetry.TokenExchanges.Add(1, new KeyValuePair<string, object?>("error.type", RunAiTelemetry.ErrorType(e)));
            lock (_gate)
            {
                _pending = null;
                var now = _options.TimeProvider.GetUtcNow();
                if (_current is { } current && !current.IsExpired(now) && !_lifetime.IsCancellationRequested)
                {
                    // An early refresh failed: the current token serves until it expires; the next refresh waits a little.
                    _noRefreshBefore = now + RefreshRetryDelay;
                    Log.RefreshFailed(_logger, Describe(e), current.ExpiresAt);
                }
            }

            throw;
        }
    }

    /// <summary>A failure in words without its message (a server's message is not ours to log).</summary>
    private static string Describe(Exception failure) => failure switch
    {
        RunAiApiException api => $"{api.GetType().Name}, status {api.StatusCode}",
        RunAiTransportException { IsTimeout: true } => "timeout",
        RunAiTransportException => "no answer",
        _ => failure.GetType().Name,
    };

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        const string method = "POST";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new TokenRequest { GrantType = TokenRequest.ClientCredentialsGrant, ClientId = _options.ClientId, ClientSecret = _options.ClientSecret },
            TokenJsonContext.Default.TokenRequest);

        // Sent with the Flurl client's HttpClient directly, not as a Flurl request: a Flurl request is shown to every
        // BeforeCall/AfterCall/OnError handler of a user's injected Flurl client, and kept in its call records, with the
        // request body (the secret) and the buffered answer (the access token). HttpClient's own handlers still run.
        // The one exception is a Flurl HttpTest (a user's unit test), which fakes only Flurl requests: there the exchange
        // is one, so that it is faked too, and the test's call log holds the (test's) secret.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_options.RequestTimeout);
        }

        HttpResponseMessage response;
        HttpRequestMessage? sent = null;
        SendOnceContent? once = null;
        try
        {
            if (Flurl.Http.Testing.HttpTest.Current is not null)
            {
                // Under a Flurl HttpTest (a user's unit test) the exchange goes through Flurl, which fakes it: sent to the
                // HttpClient directly, it would reach the real server with the real secret while every other call is fake.
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                response = (await ApiTransport.SendAsync(LiveFlurl.Request(_tokenUrl).AllowAnyHttpStatus(), HttpMethod.Post, content, TokenPath, timeout.Token).ConfigureAwait(false)).ResponseMessage;
            }
            else
            {
                // The body is written to one address only: an injected HttpClient whose handler follows redirects (the
                // default of new HttpClient() and of IHttpClientFactory's clients) would otherwise POST the secret again to
                // whatever address a 307 or 308 names. That write fails instead, and the redirect is reported below. A
                // handler that sends the request again to the same address (a retrying one) may.
                sent = new HttpRequestMessage(HttpMethod.Post, _tokenUrl);
                sent.Content = once = new SendOnceContent(body, sent);
                response = await LiveFlurl.HttpClient.SendAsync(sent, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) != 0)
        {
            // The RunAiClient was disposed during the exchange, and its HttpClient with it: the client is what was disposed.
            throw new ObjectDisposedException(nameof(RunAiClient));
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException && once is { WriteRefused: true })
        {
            throw new RunAiRedirectException(method, TokenPath, Shown(sent!.RequestUri!), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our timeout, or the HttpClient's own Timeout.
            throw new RunAiTransportException(true, method, TokenPath, e);
        }
        catch (HttpRequestException e)
        {
            throw new RunAiTransportException(false, method, TokenPath, e);
        }
        finally
        {
            sent?.Dispose();
            Array.Clear(body);
        }

        using (response)
        {
            if (response.RequestMessage is { } final && final.Method != HttpMethod.Post && final.RequestUri is { } target)
            {
                // A 301, 302 or 303 that the handler followed with a GET (without the body): the answer is another
                // address's, and is not used. (A handler of the user's may send the POST elsewhere on purpose; a redirect
                // is what turns it into a GET.)
                throw new RunAiRedirectException(method, TokenPath, Shown(target), null);
            }

            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                Log.TokenExchangeFailed(_logger, status);

                // The token spec lists 400 for a refused request; some servers (and older emulators) answer 401. Any
                // answer's message may repeat what was sent: the secret is taken out of every one.
                if (status is 400 or 401)
                {
                    var error = ApiTransport.Redact(await ApiTransport.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false), _options.ClientSecret, "the client secret");
                    throw new RunAiCredentialsRejectedException(status, error, _options.ClientId, method, TokenPath);
                }

                throw await ApiTransport.ToExceptionAsync(response, method, TokenPath, _options.ClientSecret, "the client secret", cancellationToken).ConfigureAwait(false);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            TokenResponse? answer;
            try
            {
                answer = await JsonSerializer.DeserializeAsync(stream, TokenJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                // The path only: a reader's message could quote the answer, and the answer holds the token.
                throw Unusable(response, $"The token endpoint's answer is not a token response (it does not fit at {e.Path ?? "$"}; the spec's is {{\"accessToken\": text, \"expiresIn\": whole seconds}})");
            }

            if (string.IsNullOrEmpty(answer?.AccessToken))
            {
                throw Unusable(response, "The token endpoint answered without an accessToken");
            }

            if (!RunAiClientOptions.IsHeaderToken(answer.AccessToken))
            {
                // Cached, it would fail every call for its lifetime, each after its retries, and as calls that may have been
                // carried out although none was sent.
                throw Unusable(response, "The token endpoint answered with an accessToken that an HTTP header cannot carry (a line break, a space or a non-ASCII letter)");
            }

            var now = _options.TimeProvider.GetUtcNow();
            DateTimeOffset? refreshAt = null, expiresAt = null;
            if (answer.ExpiresIn is > 0 and var seconds)
            {
                // A lifetime past a year is taken as a year: the dates stay representable, and the token is replaced in time.
                var lifetime = TimeSpan.FromSeconds(Math.Min(seconds, MaxLifetimeSeconds));
                var margin = _options.TokenRefreshMargin > lifetime / 2 ? lifetime / 2 : _options.TokenRefreshMargin;
                refreshAt = now + lifetime - margin;
                expiresAt = now + lifetime;
            }

            Log.TokenObtained(_logger, _options.ClientId, answer.ExpiresIn);
            return new CachedToken(answer.AccessToken, refreshAt, expiresAt);
        }
    }

    /// <summary>The answer's status, with what makes the answer unusable; not transient (the same answer would come again).</summary>
    private static RunAiUnexpectedStatusException Unusable(HttpResponseMessage response, string why)
    {
        var status = (int)response.StatusCode;
        return new RunAiUnexpectedStatusException(status, new ApiError { Code = status, Message = why }, "POST", TokenPath, null);
    }

    /// <summary>An address for a message: scheme, host and path (a query may carry anything).</summary>
    private static Uri Shown(Uri address) => new(address.GetLeftPart(UriPartial.Path));

    /// <summary>
    /// A request body, holding the client secret, that is written to one address only: the one it is first sent to (the
    /// token address, or where a handler of the user's sends it on purpose). A handler that follows a redirect changes the
    /// request's address and writes the body again, and that write fails; a handler that sends the request again to the
    /// same address (a retrying one) writes it again.
    /// </summary>
    private sealed class SendOnceContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly HttpRequestMessage _request;
        private Uri? _address;

        /// <summary>Whether something tried to write the body to another address (a handler following a 307 or 308).</summary>
        public bool WriteRefused { get; private set; }

        /// <param name="bytes">The body.</param>
        /// <param name="request">The request the body is sent with, whose address a redirect changes.</param>
        public SendOnceContent(byte[] bytes, HttpRequestMessage request)
        {
            _bytes = bytes;
            _request = request;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            var address = _request.RequestUri;
            if (Interlocked.CompareExchange(ref _address, address, null) is not { } first || first == address)
            {
                return stream.WriteAsync(_bytes, cancellationToken).AsTask();
            }

            WriteRefused = true;
            throw new InvalidOperationException("The token request is sent to one address: a redirect would send the client secret to another.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }

    /// <summary>A token, when to start replacing it, and when it stops working (both null when the server gave no lifetime).</summary>
    private sealed record CachedToken(string Value, DateTimeOffset? RefreshAt, DateTimeOffset? ExpiresAt)
    {
        public bool IsDue(DateTimeOffset now) => RefreshAt is { } at && now >= at;

        public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && now >= at;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"access token *** (refresh at {RefreshAt:O}, expires at {ExpiresAt:O})");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Obtained an access token for client {ClientId}, valid for {ExpiresIn} s")]
        public static partial void TokenObtained(ILogger logger, string? clientId, long? expiresIn);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "The server rejected the cached access token; fetching a new one")]
        public static partial void TokenRejected(ILogger logger);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "The token endpoint answered {StatusCode}")]
        public static partial void TokenExchangeFailed(ILogger logger, int statusCode);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Refreshing the access token failed ({Failure}); the current token stays in use until it expires at {ExpiresAt}")]
        public static partial void RefreshFailed(ILogger logger, string failure, DateTimeOffset? expiresAt);
    }
}
