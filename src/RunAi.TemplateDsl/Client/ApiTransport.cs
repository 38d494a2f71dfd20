using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// Sends one API call through Flurl: bearer token, per-request timeout, status mapping to typed exceptions, one
/// token refresh after a 401, and (for calls that are safe to repeat) Polly retries.
/// </summary>
internal sealed partial class ApiTransport : IDisposable
{
    private static readonly ISerializer Serializer = new DefaultJsonSerializer(TemplateJson.Options);

    // Added unparsed: the handler writes it as is, and nothing on our path reads it back.
    private const string JsonContentType = "application/json; charset=utf-8";

    // Let go on Dispose (see Dispose): null once disposed.
    private IFlurlClient? _flurl;
    private readonly bool _ownsFlurl;
    private readonly IAccessTokenSource _tokens;
    private readonly RunAiClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeSpan? _timeout;
    private readonly string _baseUrl;

    /// <summary>Retries transient failures (429, 502, 503, 504, no answer) with exponential backoff, jitter and Retry-After; null without retries.</summary>
    private readonly ResiliencePipeline? _retry;
    private TokenScrubber.Bearer? _bearer;
    private int _disposed;

    // Cancelled by Dispose: ends a call that waits out a backoff or a Retry-After (see RunAsync).
    private readonly CancellationTokenSource _lifetime = new();

    public ApiTransport(RunAiClientOptions options, IFlurlClient flurl, bool ownsFlurl, ILogger logger)
    {
        _options = options;
        _flurl = flurl;
        _ownsFlurl = ownsFlurl;
        _logger = logger;
        BaseUri = options.ValidatedBaseUri();
        _baseUrl = BaseUri.AbsoluteUri;
        _timeout = options.RequestTimeout == Timeout.InfiniteTimeSpan ? null : options.RequestTimeout;
        if (ownsFlurl)
        {
            Configure(flurl.Settings, _timeout);
        }
        _tokens = string.IsNullOrWhiteSpace(options.BearerToken)
            ? new ClientCredentialsTokenSource(flurl, BaseUri, options, logger)
            : new StaticTokenSource(options.BearerToken);
        _retry = BuildRetryPipeline(options, logger);
        TokenScrubber.EnsureInstalled(flurl);
    }

    /// <summary>The base URL with a trailing slash.</summary>
    public Uri BaseUri { get; }


    /// <summary>
    /// Runs <paramref name="attempt"/> with retries (see <see cref="_retry"/>). The first attempt runs outside the
    /// pipeline, so that a call that succeeds, as nearly all do, pays for no retry machinery; its transient failure is
    /// handed to the pipeline as the outcome of the pipeline's own first attempt, so the backoff, Retry-After, the
    /// attempt count and the retry log are exactly as if the pipeline had run it.
    /// </summary>
    /// <exception cref="RunAiException">A typed failure, after the retries.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed (not retried).</exception>
    /// <param name="operation">What the call is, for traces and metrics (see <see cref="RunAiTelemetry"/>): create, list, get, update or delete.</param>
    /// <param name="template">The tag that names the template (<c>runai.template.name</c> or <c>.id</c>), or a default one for none.</param>
    /// <param name="attempt">One attempt.</param>
    /// <param name="state">The attempt's state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<T> RunAsync<T, TState>(string operation, KeyValuePair<string, object?> template, Func<TState, CancellationToken, Task<T>> attempt, TState state, CancellationToken cancellationToken)
    {
        // A call cancelled before it starts sends nothing, not even a token exchange (which would send the client secret).
        // Both failures come as the returned task, as from an async method.
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromException<T>(new ObjectDisposedException(typeof(RunAiClient).FullName));
        }

        // Without a listener (nearly always, outside a traced app) a call pays for no telemetry, not even a frame.
        return RunAiTelemetry.Source.HasListeners() || RunAiTelemetry.Duration.Enabled
            ? RunObservedAsync(operation, template, attempt, state, cancellationToken)
            : RunWithRetriesAsync(operation, attempt, state, null, cancellationToken);
    }

    /// <summary><see cref="RunWithRetriesAsync"/> inside a span of its own, recording its duration.</summary>
    private async Task<T> RunObservedAsync<T, TState>(string operation, KeyValuePair<string, object?> template, Func<TState, CancellationToken, Task<T>> attempt, TState state, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var attempts = new AttemptCount();
        using var activity = RunAiTelemetry.Source.StartActivity(SpanName(operation));
        activity?.SetTag("runai.operation", operation);
        if (template.Value is not null)
        {
            activity?.SetTag(template.Key, template.Value);
        }

        string? error = null;
        try
        {
            return await RunWithRetriesAsync(operation, attempt, state, attempts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = RunAiTelemetry.ErrorType(e);
            activity?.SetTag("error.type", error);
            activity?.SetStatus(ActivityStatusCode.Error, error);
            throw;
        }
        finally
        {
            activity?.SetTag("runai.attempts", attempts.Value);
            var tags = new TagList { { "runai.operation", operation } };
            if (error is not null)
            {
                tags.Add("error.type", error);
            }

            RunAiTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static string SpanName(string operation) => operation switch
    {
        "create" => "create workload-template",
        "list" => "list workload-template",
        "get" => "get workload-template",
        "update" => "update workload-template",
        _ => "delete workload-template",
    };

    /// <summary>How many attempts a call took (counted only when observed).</summary>
    private sealed class AttemptCount
    {
        public int Value = 1;
    }

    private async Task<T> RunWithRetriesAsync<T, TState>(string operation, Func<TState, CancellationToken, Task<T>> attempt, TState state, AttemptCount? attempts, CancellationToken cancellationToken)
    {
        RunAiException first;
        try
        {
            return await attempt(state, cancellationToken).ConfigureAwait(false);
        }
        catch (RunAiException e) when (_retry is not null && IsRetried(e))
        {
            first = e;
        }

        // Only reached through the filter above, so the pipeline exists.
        var retrying = new Retrying<T, TState>(attempt, state, first, attempts);

        // Linked to the client's lifetime only here, where a call may wait for up to MaxRetryAfter: Dispose ends the wait
        // (a first attempt, above, is ended by the HttpClient's own disposal). The context names the operation for the
        // retry counter (see BuildRetryPipeline).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var context = ResilienceContextPool.Shared.Get(operation, linked.Token);
        try
        {
            return await _retry!.ExecuteAsync(static (context, retry) => retry.NextAsync(context.CancellationToken), context, retrying).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(RunAiClient));
        }
        catch (RunAiException last) when (retrying.MayHaveBeenProcessed && !last.MayHaveBeenProcessed)
        {
            // The last attempt's answer says "not done" (a 503), but an earlier one may have done it: the failure says so,
            // so that nobody reports a write whose answer was lost as one that changed nothing.
            throw RunAiException.WithEarlierAttemptProcessed(last);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public string AuthDescription => _tokens.ToString() ?? string.Empty;

    /// <summary>Sends a call once (with one token refresh after a 401) and reads a <typeparamref name="T"/> from a 2xx answer.</summary>
    /// <exception cref="RunAiException">A typed failure.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed, e.g. between two retries.</exception>
    public async Task<T> SendOnceAsync<T>(HttpMethod method, string path, byte[]? body, Action<IFlurlRequest>? query, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var refreshed = false;
        while (true)
        {
            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            var request = LiveFlurl.Request(_baseUrl + path);
            if (!_ownsFlurl)
            {
                // An injected client keeps its own settings; ours apply to our requests only.
                Configure(request.Settings, _timeout);
            }

            query?.Invoke(request);

            // The token goes on the HttpRequestMessage in the last BeforeCall handler (the request's own run after the
            // client's) and is taken off by the first AfterCall/OnError handler (see TokenScrubber): no handler of a
            // user's Flurl client and no call record sees it; FlurlRequest.Headers never holds it.
            request.EventHandlers.Add((FlurlEventType.BeforeCall, BearerFor(token)));

            // The body is the model's exact wire JSON, written once per call with the source-generated type info as UTF-8.
            using var content = body is null ? null : new ByteArrayContent(body);
            content?.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
            using var response = await SendOrDisposedAsync(request, method, content, path, cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            if (status is >= 200 and <= 299)
            {
                try
                {
                    // The answer is already buffered (ResponseContentRead): parse it synchronously from its bytes.
                    return TemplateJson.Deserialize<T>(await ReadBodyAsync(response.ResponseMessage, cancellationToken).ConfigureAwait(false));
                }
                catch (HttpRequestException e)
                {
                    throw new RunAiTransportException(false, method.Method, path, e);
                }
                catch (Exception e) when (e is TemplateJsonException or InvalidDataException or IOException)
                {
                    // The body was read in full before the status was looked at (ResponseContentRead), so these are about
                    // what it says (an encoding not asked for, a corrupt compressed body), not the connection: the answer
                    // came, and the same answer would come again. The call was done; its answer is not the model's. Typed,
                    // and not transient: a create is not sent twice.
                    throw new RunAiUnreadableResponseException(status, typeof(T).Name, method.Method, path, e);
                }
            }

            if (status == 401 && !refreshed && _tokens.CanRefresh)
            {
                refreshed = true;
                _tokens.Invalidate(token);
                continue;
            }

            throw await ToExceptionAsync(response.ResponseMessage, method.Method, path, token, "the access token", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="SendAsync"/>, except that a call the client's disposal ended (disposing the HttpClient cancels what it
    /// is sending, which Flurl reports as its timeout) fails as <see cref="ObjectDisposedException"/>: nothing timed out.
    /// </summary>
    private async Task<IFlurlResponse> SendOrDisposedAsync(IFlurlRequest request, HttpMethod method, HttpContent? content, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(request, method, content, path, cancellationToken).ConfigureAwait(false);
        }
        catch (RunAiTransportException) when (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(RunAiClient));
        }
    }

    /// <summary>
    /// Sends a Flurl request for its buffered answer, whatever its status. A failure without an answer is a
    /// <see cref="RunAiTransportException"/> (a timeout says so); the caller's cancellation stays a cancellation.
    /// </summary>
    internal static async Task<IFlurlResponse> SendAsync(IFlurlRequest request, HttpMethod method, HttpContent? content, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await request.SendAsync(method, content, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (FlurlHttpTimeoutException e)
        {
            throw new RunAiTransportException(true, method.Method, path, e);
        }
        catch (FlurlHttpException e) when (e.Call?.Response is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new RunAiTransportException(false, method.Method, path, e);
        }
    }

    /// <summary>
    /// Reads an error answer into the typed exception for its status. The answer's message goes into the exception's:
    /// where it repeats <paramref name="secret"/> (what the call sent: a token, a client secret), that is shown as <c>***</c>.
    /// </summary>
    public static async Task<RunAiApiException> ToExceptionAsync(HttpResponseMessage response, string method, string path, string? secret, string secretName, CancellationToken cancellationToken)
    {
        var error = Redact(await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false), secret, secretName);
        var retryAfter = RetryAfterOf(response);
        return (int)response.StatusCode switch
        {
            400 => new RunAiBadRequestException(error, method, path),
            401 => new RunAiUnauthorizedException(error, method, path),
            403 => new RunAiForbiddenException(error, method, path),
            404 => new RunAiNotFoundException(error, method, path),
            409 => new RunAiConflictException(error, method, path),
            503 => new RunAiServiceUnavailableException(error, method, path, retryAfter),
            var other => new RunAiUnexpectedStatusException(other, error, method, path, retryAfter),
        };
    }

    /// <summary>
    /// The error body with every occurrence of <paramref name="secret"/> shown as <c>***</c> (with
    /// <paramref name="secretName"/> said once in the message), or the body as it is when nothing in it repeats the secret.
    /// Members the model does not know (<see cref="WireObject.AdditionalProperties"/>) are kept, redacted the same way: a
    /// server that echoes the request, or the token, in a member of its own must not hand the secret to whoever reads the
    /// exception's <see cref="RunAiApiException.Error"/>.
    /// </summary>
    internal static ApiError? Redact(ApiError? error, string? secret, string secretName)
    {
        if (error is null || string.IsNullOrEmpty(secret))
        {
            return error;
        }

        var pattern = SecretPattern(secret);
        var shown = Redact(error, text => pattern.IsMatch(text), text => pattern.Replace(text, "***"));
        return ReferenceEquals(shown, error)
            ? error
            : new ApiError
            {
                Code = shown.Code,
                Message = shown.Message + " (" + secretName + " the server repeated is shown as ***)",
                Details = shown.Details,
                AdditionalProperties = shown.AdditionalProperties,
            };
    }

    /// <summary>
    /// The secret as a server's answer may repeat it: as it is, or with any of its characters escaped as a JSON writer
    /// escapes them inside a text that quotes the request it could not read (<c>\u002B</c> or <c>\u002b</c> for '+',
    /// which System.Text.Json escapes and Go's writer does not; <c>\/</c>, <c>\"</c>, <c>\\</c>), each character either way.
    /// </summary>
    private static System.Text.RegularExpressions.Regex SecretPattern(string secret)
    {
        var pattern = new System.Text.StringBuilder(secret.Length * 24);
        foreach (var c in secret)
        {
            pattern.Append("(?:").Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()))
                .Append(@"|\\u(?i:").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)).Append(')');
            if (c is '"' or '\\' or '/')
            {
                pattern.Append(@"|\\").Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
            }

            pattern.Append(')');
        }

        return new System.Text.RegularExpressions.Regex(pattern.ToString(), System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    /// <summary>The error body with the secret shown as <c>***</c> wherever <paramref name="has"/> finds it; the same instance when it is nowhere.</summary>
    private static ApiError Redact(ApiError error, Func<string, bool> has, Func<string, string> hide)
    {
        var redacted = (error.Message is { } message && has(message)) || (error.Details is { } details && has(details));
        var members = error.AdditionalProperties;
        if (members is { Count: > 0 } && members.Any(m => has(m.Key) || Repeats(m.Value, has)))
        {
            redacted = true;
            var shown = new Dictionary<string, JsonElement>(members.Count, StringComparer.Ordinal);
            foreach (var (name, value) in members)
            {
                // Two names that differ only in the secret become one; the later is kept (nothing here may throw).
                shown[hide(name)] = Redacted(value, has, hide);
            }

            members = shown;
        }

        return !redacted
            ? error
            : new ApiError
            {
                Code = error.Code,
                Message = error.Message is null ? null! : hide(error.Message),
                Details = error.Details is null ? null : hide(error.Details),
                AdditionalProperties = members,
            };
    }

    /// <summary>Whether a JSON value holds the secret (<paramref name="has"/>) in a text, a member name or a number, as the value reads once unescaped.</summary>
    private static bool Repeats(JsonElement value, Func<string, bool> has) => value.ValueKind switch
    {
        JsonValueKind.String => has(value.GetString()!),
        JsonValueKind.Number => has(value.GetRawText()),
        JsonValueKind.Object => value.EnumerateObject().Any(p => has(p.Name) || Repeats(p.Value, has)),
        JsonValueKind.Array => value.EnumerateArray().Any(item => Repeats(item, has)),
        _ => false,
    };

    /// <summary><paramref name="value"/> with the secret shown as <c>***</c> wherever <see cref="Repeats"/> finds it; a number that holds it becomes the text <c>***</c>.</summary>
    private static JsonElement Redacted(JsonElement value, Func<string, bool> has, Func<string, string> hide)
    {
        if (!Repeats(value, has))
        {
            return value;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();

        void Write(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    writer.WriteStringValue(hide(element.GetString()!));
                    break;
                case JsonValueKind.Number when has(element.GetRawText()):
                    writer.WriteStringValue("***");
                    break;
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        writer.WritePropertyName(hide(property.Name));
                        Write(writer, property.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }

    /// <summary>The spec's <c>Error</c> body of an error answer, or null when it has none that parses (e.g. from a proxy).</summary>
    public static async Task<ApiError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            return bytes.Length > 0 ? TemplateJson.Deserialize<ApiError>(bytes) : null;
        }
        catch (Exception e) when (e is TemplateJsonException or IOException or HttpRequestException or InvalidDataException)
        {
            // An answer without the spec's Error body: the status alone must do.
            return null;
        }
    }

    /// <summary>Stops the token source and releases an owned Flurl client; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _lifetime.Cancel();
        _tokens.Dispose();

        // Let go of the HTTP stack, owned or not: a disposed client that stays referenced (a singleton of a disposed
        // service provider) must not keep an IHttpClientFactory handler alive, which keeps the factory's cleanup timer,
        // the factory and the whole provider alive with it, for good. Calls in flight keep the reference they read.
        var flurl = Interlocked.Exchange(ref _flurl, null);
        if (_ownsFlurl)
        {
            flurl?.Dispose();
        }
    }

    /// <summary>The Flurl client; <see cref="ObjectDisposedException"/> once disposed.</summary>
    private IFlurlClient LiveFlurl => Volatile.Read(ref _flurl) ?? throw new ObjectDisposedException(nameof(RunAiClient));

    /// <summary>A call after <see cref="Dispose"/> fails at once, as what it is, rather than as a transport failure that is retried.</summary>
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, typeof(RunAiClient));

    /// <summary>The body of an answer, decoded if it was sent compressed.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        // NonValidated looks without parsing; ContentEncoding would make (and keep) a parsed collection on every answer.
        // (A UTF-8 byte order mark is left: TemplateJson skips it.)
        return content.Headers.NonValidated.Contains("Content-Encoding") && content.Headers.ContentEncoding.Count > 0
            ? Decompress(bytes, content.Headers.ContentEncoding)
            : bytes;
    }

    /// <summary>
    /// Decodes an answer sent with a Content-Encoding: gzip or br, which <see cref="AcceptCompressed"/> asks for, or
    /// deflate. Our own HTTP client does not decompress by itself, so that calls with small answers (a template) do not
    /// pay for it; only the list asks for a compressed answer, whose size grows with the tenant.
    /// </summary>
    /// <exception cref="InvalidDataException">An encoding the client did not ask for, or a corrupt compressed body.</exception>
    internal static byte[] Decompress(byte[] bytes, ICollection<string> encodings)
    {
        if (encodings.Count != 1)
        {
            throw new InvalidDataException($"The answer is encoded as '{string.Join(", ", encodings)}'; the client asks for one of gzip, br.");
        }

        var encoded = new MemoryStream(bytes, writable: false);
        using Stream decoder = encodings.First().Trim().ToLowerInvariant() switch
        {
            "gzip" or "x-gzip" => new System.IO.Compression.GZipStream(encoded, System.IO.Compression.CompressionMode.Decompress),
            "br" => new System.IO.Compression.BrotliStream(encoded, System.IO.Compression.CompressionMode.Decompress),
            "deflate" => new System.IO.Compression.ZLibStream(encoded, System.IO.Compression.CompressionMode.Decompress),
            "identity" => encoded,
            var other => throw new InvalidDataException($"The answer is encoded as '{other}'; the client asks for one of gzip, br."),
        };
        // JSON compresses about 4:1; the first guess is capped, the stream grows past it. A body past 2 GB fails the copy
        // with an IOException (a transport failure), as HttpClient's own buffer would.
        var decoded = new MemoryStream((int)Math.Min(bytes.Length * 4L, 16 << 20));
        decoder.CopyTo(decoded);
        return decoded.ToArray();
    }

    /// <summary>Asks for a compressed answer (see <see cref="Decompress"/>).</summary>
    internal static void AcceptCompressed(IFlurlRequest request) => request.WithHeader("Accept-Encoding", "gzip, br");

    /// <summary>The BeforeCall handler that puts <paramref name="token"/> on a call: made once per token, not per call.</summary>
    private TokenScrubber.Bearer BearerFor(string token)
    {
        var bearer = _bearer;
        if (bearer is null || !bearer.Attaches(token))
        {
            // A race makes one more handler at worst; each is complete on its own.
            _bearer = bearer = new TokenScrubber.Bearer(token);
        }

        return bearer;
    }

    /// <summary>
    /// Every status is an answer the client maps itself; no redirects (the API has none, and a redirect could carry the
    /// token elsewhere); the per-request timeout; the model's JSON options for anything Flurl serializes.
    /// </summary>
    private static void Configure(Flurl.Http.Configuration.FlurlHttpSettings settings, TimeSpan? timeout)
    {
        settings.AllowedHttpStatusRange = "*";
        settings.Redirects.Enabled = false;
        settings.Timeout = timeout;
        settings.JsonSerializer = Serializer;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage message)
    {
        var header = message.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>The retry pipeline, or null when <see cref="RunAiClientOptions.MaxRetryAttempts"/> is 0.</summary>
    private static ResiliencePipeline? BuildRetryPipeline(RunAiClientOptions options, ILogger logger)
    {
        if (options.MaxRetryAttempts == 0)
        {
            return null;
        }

        var maxRetryAfter = options.MaxRetryAfter;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RunAiException>(IsRetried),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.RetryJitter,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                // Retry-After, when the server sent it, replaces the computed backoff (cut to MaxRetryAfter).
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is RunAiApiException { RetryAfter: { } retryAfter }
                        ? (retryAfter > maxRetryAfter ? maxRetryAfter : retryAfter)
                        : null),
                OnRetry = args =>
                {
                    var failure = args.Outcome.Exception as RunAiException;
                    var error = Describe(failure);
                    Log.Retrying(logger, failure?.Method, failure?.RequestPath, error, args.AttemptNumber + 1, Math.Round(args.RetryDelay.TotalSeconds, 2));
                    RunAiTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("runai.operation", args.Context.OperationKey), new KeyValuePair<string, object?>("error.type", error));
                    return default;
                },
            })
            .Build();
    }

    /// <summary>What the pipeline retries; <see cref="RunAsync"/> hands exactly these over to it.</summary>
    private static bool IsRetried(RunAiException failure) => failure.IsTransient;

    private static string Describe(RunAiException? failure) => failure is null ? "failure" : RunAiTelemetry.ErrorType(failure);

    /// <summary>
    /// The attempts after a first one that failed: the pipeline's first attempt answers with that failure. Remembers
    /// whether any failed attempt may have been carried out by the server (a token exchange's failure does not count: it
    /// changes nothing).
    /// </summary>
    private sealed class Retrying<T, TState>(Func<TState, CancellationToken, Task<T>> attempt, TState state, RunAiException first, AttemptCount? attempts)
    {
        private RunAiException? _first = first;

        public bool MayHaveBeenProcessed { get; private set; } = Processed(first);

        public ValueTask<T> NextAsync(CancellationToken cancellationToken)
        {
            if (_first is { } failure)
            {
                _first = null;
                return ValueTask.FromException<T>(failure);
            }

            return new ValueTask<T>(AttemptAsync(cancellationToken));
        }

        private async Task<T> AttemptAsync(CancellationToken cancellationToken)
        {
            if (attempts is not null)
            {
                attempts.Value++;
            }

            try
            {
                return await attempt(state, cancellationToken).ConfigureAwait(false);
            }
            catch (RunAiException e)
            {
                MayHaveBeenProcessed |= Processed(e);
                throw;
            }
        }

        private static bool Processed(RunAiException failure) =>
            failure.MayHaveBeenProcessed && !string.Equals(failure.RequestPath, ClientCredentialsTokenSource.TokenPath, StringComparison.Ordinal);
    }

    private static partial class Log
    {
        // The delay in seconds, rounded to the hundredth: "retry 1 in 0.41 s", not a TimeSpan's "00:00:00.4082665".
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Method} {Path} failed ({Failure}); retry {Attempt} in {DelaySeconds} s")]
        public static partial void Retrying(ILogger logger, string? method, string? path, string failure, int attempt, double delaySeconds);
    }
}
