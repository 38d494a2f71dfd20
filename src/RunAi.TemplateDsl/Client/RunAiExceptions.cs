using System.Globalization;
using System.Text;

namespace RunAi.TemplateDsl.Client;

/// <summary>Base of every exception the <see cref="RunAiClient"/> throws. Messages never contain a token or a secret.</summary>
public abstract class RunAiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="method">The HTTP method of the call.</param>
    /// <param name="path">The path of the call, relative to the base URL, without the query.</param>
    /// <param name="innerException">The cause, if any.</param>
    private protected RunAiException(string message, string method, string path, Exception? innerException)
        : base(message, innerException)
    {
        Method = method;
        RequestPath = path;
    }

    /// <summary>The HTTP method of the call, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The path of the call, e.g. <c>api/v1/asset/workload-template</c>, without the query.</summary>
    public string RequestPath { get; }

    /// <summary>Whether trying the same call again later may succeed (429, 502, 503, 504, no answer).</summary>
    public abstract bool IsTransient { get; }

    /// <summary>
    /// Whether the server may have carried the call out even though it failed: the request was sent and no answer came
    /// (the connection dropped or the timeout elapsed), a gateway answered 502/504 for a server it could not hear back
    /// from, or the server failed while handling it (500 and the other 5xx but 501, 503 and 505: a 500 may come after
    /// the write was committed). False when the request never left (no connection could be made) or the server's own
    /// answer says it did not act (429, 501, 503, 505, every 4xx): sending the call again is then not a repeat. True as
    /// well when an earlier attempt of the same call, which the client retried, may have been carried out: a dropped
    /// answer, then a 503 on the retry.
    /// </summary>
    public virtual bool MayHaveBeenProcessed => EarlierAttemptMayHaveBeenProcessed;

    /// <summary>Whether an earlier attempt of the call (before the client's retry that ended in this failure) may have been carried out.</summary>
    internal bool EarlierAttemptMayHaveBeenProcessed { get; private set; }

    /// <summary>
    /// A copy of this failure that says an earlier attempt may have been carried out. A copy, not this object: a token
    /// exchange's failure is one object thrown to every call that waited on the exchange, and must not speak for one.
    /// </summary>
    internal static RunAiException WithEarlierAttemptProcessed(RunAiException failure)
    {
        var copy = (RunAiException)failure.MemberwiseClone();
        copy.EarlierAttemptMayHaveBeenProcessed = true;
        return copy;
    }
}

/// <summary>The API answered with an error status. The subclasses name the status; <see cref="Error"/> is the spec's <c>Error</c> body.</summary>
public abstract class RunAiApiException : RunAiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="error">The error body, when the answer had one that parsed.</param>
    /// <param name="method">The HTTP method of the call.</param>
    /// <param name="path">The path of the call, without the query.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, if it sent one.</param>
    /// <param name="message">A message to use instead of the generated one.</param>
    private protected RunAiApiException(int statusCode, ApiError? error, string method, string path, TimeSpan? retryAfter = null, string? message = null)
        : base(message ?? Describe(statusCode, error, method, path), method, path, null)
    {
        StatusCode = statusCode;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>The spec's <c>Error {code, message, details}</c> body, or null when the answer had none (e.g. from a proxy).</summary>
    public ApiError? Error { get; }

    /// <summary>The delay the server asked for with <c>Retry-After</c>, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc />
    public override bool IsTransient => StatusCode is 429 or 502 or 503 or 504;

    /// <inheritdoc />
    /// <remarks>
    /// Every 5xx but 501 (the server does not do the method), 503 (it is not serving) and 505 (it does not speak the
    /// version): a 500 may come after the write was committed, a gateway's 502/504 after the server acted. Only 502, 503
    /// and 504 are retried (<see cref="IsTransient"/>); a create that failed so is looked up, not sent again.
    /// </remarks>
    public override bool MayHaveBeenProcessed => StatusCode is >= 500 and <= 599 and not (501 or 503 or 505) || base.MayHaveBeenProcessed;

    /// <summary>Builds the standard message: method, path, status and the server's message and details.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="error">The error body, if any.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <returns>The message.</returns>
    private protected static string Describe(int statusCode, ApiError? error, string method, string path)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {path} failed with {statusCode}{(ReasonPhrase(statusCode) is { } phrase ? " " + phrase : string.Empty)}");
        if (error is not null)
        {
            text.Append(": ").Append(error.Message);
            if (!string.IsNullOrEmpty(error.Details))
            {
                text.Append(" (").Append(error.Details).Append(')');
            }
        }

        // An error message of its own may end the sentence already.
        return (text[^1] == '.' ? text : text.Append('.')).ToString();
    }

    /// <summary>The status's reason phrase as HTTP writes it ("Not Found", "Service Unavailable"); null for a status .NET does not name.</summary>
    internal static string? ReasonPhrase(int statusCode)
    {
        if (!Enum.IsDefined(typeof(System.Net.HttpStatusCode), statusCode))
        {
            return null;
        }

        // The enum's name with a space at each new word: NotFound → Not Found, OK stays OK.
        var name = ((System.Net.HttpStatusCode)statusCode).ToString();
        var phrase = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                phrase.Append(' ');
            }

            phrase.Append(name[i]);
        }

        return phrase.ToString();
    }
}

/// <summary>400: the API rejected the request as invalid; <see cref="RunAiApiException.Error"/> says why.</summary>
public sealed class RunAiBadRequestException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    public RunAiBadRequestException(ApiError? error, string method, string path)
        : base(400, error, method, path)
    {
    }
}

/// <summary>
/// 401: the bearer token is missing, expired or invalid. (Client credentials refused by the token endpoint are a
/// <see cref="RunAiCredentialsRejectedException"/>.)
/// </summary>
public sealed class RunAiUnauthorizedException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    public RunAiUnauthorizedException(ApiError? error, string method, string path)
        : base(401, error, method, path)
    {
    }
}

/// <summary>
/// The token endpoint (<c>POST /api/v1/token</c>) refused the client credentials: it answered 400, the failure its
/// spec lists, or 401. Not transient: the same credentials are refused again. The message names the client id, never
/// the secret.
/// </summary>
public sealed class RunAiCredentialsRejectedException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The status the token endpoint answered, 400 or 401.</param>
    /// <param name="error">The error body, if any.</param>
    /// <param name="clientId">The client id whose credentials were refused.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path of the token endpoint.</param>
    public RunAiCredentialsRejectedException(int statusCode, ApiError? error, string? clientId, string method, string path)
        : base(statusCode, error, method, path, null, $"The token endpoint refused the client credentials of client '{clientId}': {Describe(statusCode, error, method, path)}")
    {
        ClientId = clientId;
    }

    /// <summary>The client id whose credentials were refused.</summary>
    public string? ClientId { get; }
}

/// <summary>403: the caller is authenticated but may not do this.</summary>
public sealed class RunAiForbiddenException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    public RunAiForbiddenException(ApiError? error, string method, string path)
        : base(403, error, method, path)
    {
    }
}

/// <summary>404: no template with this id.</summary>
public sealed class RunAiNotFoundException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    public RunAiNotFoundException(ApiError? error, string method, string path)
        : base(404, error, method, path)
    {
    }
}

/// <summary>409: the request conflicts with the server's state (e.g. an update renames a template onto a taken name).</summary>
public class RunAiConflictException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    public RunAiConflictException(ApiError? error, string method, string path)
        : base(409, error, method, path)
    {
    }

    /// <summary>Creates the exception with a message of the subclass's.</summary>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <param name="message">The message.</param>
    private protected RunAiConflictException(ApiError? error, string method, string path, string message)
        : base(409, error, method, path, null, message)
    {
    }
}

/// <summary>
/// 409 on create: a template with this name already exists in this scope. Also thrown, with a message that says so, when
/// the client did not see a 409: an earlier attempt of the create got no answer, and the template the client then
/// found at that scope and name is not the one it sends.
/// </summary>
public sealed class TemplateAlreadyExistsException : RunAiConflictException
{
    /// <summary>Creates the exception for a 409 answer.</summary>
    /// <param name="name">The template name.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="scopeId">The project, department or cluster id; null for the tenant and system scopes.</param>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scope"/> is null.</exception>
    public TemplateAlreadyExistsException(string name, Scope scope, string? scopeId, ApiError? error, string method, string path)
        : this(name, scope, scopeId, error, method, path, answered409: true)
    {
    }

    /// <summary>Creates the exception; <paramref name="answered409"/> false for a template found by a look-up, without a 409.</summary>
    internal TemplateAlreadyExistsException(string name, Scope scope, string? scopeId, ApiError? error, string method, string path, bool answered409)
        : base(error, method, path, Explain(name, scope, scopeId, error, answered409))
    {
        Name = name;
        Scope = scope;
        ScopeId = scopeId;
    }

    /// <summary>The name that is taken.</summary>
    public string Name { get; }

    /// <summary>The scope in which it is taken.</summary>
    public Scope Scope { get; }

    /// <summary>The project, department or cluster id of the scope; null for the tenant and system scopes.</summary>
    public string? ScopeId { get; }

    /// <summary>
    /// Whether this create certainly made nothing: its first POST was refused, and no earlier attempt failed in a way
    /// that could have made the template.
    /// </summary>
    internal bool CreatedNothing { get; init; }

    private static string Explain(string name, Scope scope, string? scopeId, ApiError? error, bool answered409)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var where = scopeId is null ? $"the {scope.Value} scope" : $"{scope.Value} {scopeId}";
        if (!answered409)
        {
            return $"A workload template named '{name}' already exists in {where}: an earlier attempt of this create got no answer, and the template found there by looking it up is not the one this create sends, so it is not taken as its result.";
        }

        var server = error is null ? string.Empty : $" Server: {error.Message}";
        return $"A workload template named '{name}' already exists in {where} (409 Conflict).{server}";
    }
}

/// <summary>503: the service is unavailable; <see cref="RunAiApiException.RetryAfter"/> tells when to try again, if the server said.</summary>
public sealed class RunAiServiceUnavailableException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>.</param>
    public RunAiServiceUnavailableException(ApiError? error, string method, string path, TimeSpan? retryAfter)
        : base(503, error, method, path, retryAfter)
    {
    }
}

/// <summary>Any other error status (e.g. 429, 500, 502, 504), or a success status the client did not expect.</summary>
public sealed class RunAiUnexpectedStatusException : RunAiApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="error">The error body.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>.</param>
    public RunAiUnexpectedStatusException(int statusCode, ApiError? error, string method, string path, TimeSpan? retryAfter)
        : base(statusCode, error, method, path, retryAfter)
    {
    }
}

/// <summary>
/// The token endpoint's answer redirected the exchange to another address, and the <see cref="HttpClient"/> given to the
/// <see cref="RunAiClient"/> followed it. The client sends its credentials to <c>{BaseUrl}api/v1/token</c> only: the
/// body was not sent again, and an answer from elsewhere is not used. Not transient. Give the client an HttpClient whose
/// handler does not follow redirects (<see cref="SocketsHttpHandler.AllowAutoRedirect"/> false), as its own and the one
/// <c>AddRunAiTemplates</c> registers do.
/// </summary>
public sealed class RunAiRedirectException : RunAiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path that was redirected.</param>
    /// <param name="location">Where the redirect led (scheme, host and path).</param>
    /// <param name="innerException">The handler's failure to send the body again, if it tried.</param>
    public RunAiRedirectException(string method, string path, Uri location, Exception? innerException)
        : base($"{method} {path} was redirected to {location}, and the HttpClient followed the redirect: the client sends its credentials only to the address it was given, so the exchange was stopped. Use an HttpClient whose handler does not follow redirects (AllowAutoRedirect = false).", method, path, innerException)
    {
        Location = location;
    }

    /// <summary>Where the redirect led: its scheme, host and path (a query is left out).</summary>
    public Uri Location { get; }

    /// <inheritdoc />
    public override bool IsTransient => false;
}

/// <summary>
/// The server accepted the call (a 2xx status) but its answer could not be read as the model: the body is not the
/// spec's (e.g. a proxy's page, or another API version), or it is compressed in a way the client cannot decode. The call was carried out, so it is not transient: sending it
/// again could, for a create, make a second template. <see cref="Exception.InnerException"/> says what did not fit.
/// </summary>
public sealed class RunAiUnreadableResponseException : RunAiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The 2xx status of the answer.</param>
    /// <param name="expected">The model the answer should have been, e.g. <c>WorkloadTemplate</c>.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <param name="innerException">Why the body could not be read.</param>
    public RunAiUnreadableResponseException(int statusCode, string expected, string method, string path, Exception? innerException)
        : base($"{method} {path}: the server accepted the call ({statusCode}) but its answer could not be read as a {expected}: {innerException?.Message ?? "the body does not fit the model"}", method, path, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The 2xx status of the answer.</summary>
    public int StatusCode { get; }

    /// <inheritdoc />
    public override bool IsTransient => false;

    /// <inheritdoc />
    /// <remarks>Always true: a 2xx status says the server carried the call out.</remarks>
    public override bool MayHaveBeenProcessed => true;
}

/// <summary>No answer: the connection failed or was dropped, or the per-request timeout elapsed.</summary>
public sealed class RunAiTransportException : RunAiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="isTimeout">Whether the per-request timeout elapsed.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <param name="innerException">The transport's exception.</param>
    public RunAiTransportException(bool isTimeout, string method, string path, Exception? innerException)
        : base(isTimeout
            ? $"{method} {path} timed out before the server answered."
            : $"{method} {path} failed without an answer: {innerException?.GetBaseException().Message ?? "the connection failed"}", method, path, innerException)
    {
        IsTimeout = isTimeout;
    }

    /// <summary>Whether the per-request timeout elapsed (otherwise the connection failed or was dropped).</summary>
    public bool IsTimeout { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;

    /// <inheritdoc />
    /// <remarks>
    /// False only when the transport says the request never reached a server: the name did not resolve, or no
    /// connection (TCP, TLS, proxy tunnel) could be made. A timeout or a connection lost after sending may hide a
    /// processed request.
    /// </remarks>
    public override bool MayHaveBeenProcessed => IsTimeout || !NeverSent(InnerException) || base.MayHaveBeenProcessed;

    private static bool NeverSent(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
            {
                return true;
            }
        }

        return false;
    }
}
