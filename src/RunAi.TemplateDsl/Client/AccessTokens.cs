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
/// Client credentials exchanged at <c>POST /api/v1/token</c>. The token is cached and replaced
/// <see cref="RunAiClientOptions.TokenRefreshMargin"/> before it expires; concurrent callers share one exchange.
/// </summary>
internal sealed partial class ClientCredentialsTokenSource : IAccessTokenSource
{
    internal const string TokenPath = "api/v1/token";

    private readonly object _gate = new();
    private readonly IFlurlClient _flurl;
    private readonly Uri _tokenUrl;
    private readonly RunAiClientOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private CachedToken? _current;
    private Task<CachedToken>? _pending;

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
            if (_current is { } current && !current.IsDue(_options.TimeProvider.GetUtcNow()))
            {
                return current.Value;
            }

            if (_pending is null)
            {
                Exchanges++;
                _pending = Task.Run(ExchangeAsync, CancellationToken.None);
            }

            pending = _pending;
        }

        // The exchange is shared: one caller's cancellation stops its wait, not the exchange of the others.
        var token = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        return token.Value;
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

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    public override string ToString() => $"client credentials (client id {_options.ClientId}, secret ***)";

    private async Task<CachedToken> ExchangeAsync()
    {
        try
        {
            var token = await RequestAsync(_lifetime.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _current = token;
                _pending = null;
            }

            return token;
        }
        catch
        {
            lock (_gate)
            {
                _pending = null;
            }

            throw;
        }
    }

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        const string method = "POST";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new TokenRequest { GrantType = TokenRequest.ClientCredentialsGrant, ClientId = _options.ClientId, ClientSecret = _options.ClientSecret },
            TokenJsonContext.Default.TokenRequest);

        // Sent with the Flurl client's HttpClient directly, not as a Flurl request: a Flurl request is shown to every
        // BeforeCall/AfterCall/OnError handler of a user's injected Flurl client, and kept in its call records, with the
        // request body (the secret) and the buffered answer (the access token). HttpClient's own handlers still run.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_options.RequestTimeout);
        }

        HttpResponseMessage response;
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl) { Content = content };
            response = await _flurl.HttpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
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
            Array.Clear(body);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                Log.TokenExchangeFailed(_logger, status);

                // The token spec lists 400 for a refused request; some servers (and older emulators) answer 401.
                if (status is 400 or 401)
                {
                    var error = WithoutSecret(await ApiTransport.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false));
                    throw new RunAiCredentialsRejectedException(status, error, _options.ClientId, method, TokenPath);
                }

                throw await ApiTransport.ToExceptionAsync(response, method, TokenPath, cancellationToken).ConfigureAwait(false);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            TokenResponse? answer;
            try
            {
                answer = await JsonSerializer.DeserializeAsync(stream, TokenJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                answer = null;
            }

            if (string.IsNullOrEmpty(answer?.AccessToken))
            {
                var status = (int)response.StatusCode;
                throw new RunAiUnexpectedStatusException(status, new ApiError { Code = status, Message = "The token endpoint answered without an accessToken." }, method, TokenPath, null);
            }

            var now = _options.TimeProvider.GetUtcNow();
            DateTimeOffset? refreshAt = null;
            if (answer.ExpiresIn is > 0 and var seconds)
            {
                var lifetime = TimeSpan.FromSeconds(seconds);
                var margin = _options.TokenRefreshMargin * 2 > lifetime ? lifetime / 2 : _options.TokenRefreshMargin;
                refreshAt = now + lifetime - margin;
            }

            Log.TokenObtained(_logger, _options.ClientId, answer.ExpiresIn);
            return new CachedToken(answer.AccessToken, refreshAt);
        }
    }

    /// <summary>The error body, or a stand-in when the server's message repeats the client secret (it goes into the exception's message).</summary>
    private ApiError? WithoutSecret(ApiError? error)
    {
        var secret = _options.ClientSecret;
        if (error is null || string.IsNullOrEmpty(secret)
            || !(error.Message.Contains(secret, StringComparison.Ordinal) || error.Details?.Contains(secret, StringComparison.Ordinal) == true))
        {
            return error;
        }

        return new ApiError { Code = error.Code, Message = "(the server's message contained the client secret and is not shown)" };
    }

    private sealed record CachedToken(string Value, DateTimeOffset? RefreshAt)
    {
        public bool IsDue(DateTimeOffset now) => RefreshAt is { } at && now >= at;

        public override string ToString() => $"access token *** (refresh at {RefreshAt})";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Obtained an access token for client {ClientId}, valid for {ExpiresIn} s")]
        public static partial void TokenObtained(ILogger logger, string? clientId, long? expiresIn);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "The server rejected the cached access token; fetching a new one")]
        public static partial void TokenRejected(ILogger logger);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "The token endpoint answered {StatusCode}")]
        public static partial void TokenExchangeFailed(ILogger logger, int statusCode);
    }
}
