using System.Globalization;
using System.Net;
using System.Text;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// Settings of a <see cref="RunAiClient"/>: where the API is, how to authenticate, and how hard to try.
/// <see cref="ToString"/> never shows the token or the client secret.
/// </summary>
public sealed class RunAiClientOptions
{
    /// <summary>The base URL of the Run:ai control plane, e.g. <c>https://acme.run.ai</c>. Required.</summary>
    /// <remarks><c>http://</c> is refused unless the host is a loopback address or <see cref="AllowInsecureHttp"/> is set.</remarks>
    public string? BaseUrl { get; set; }

    /// <summary>A static bearer token. Set either this or <see cref="ClientId"/> with <see cref="ClientSecret"/>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>The client id (of a service account or access key) exchanged at <c>POST /api/v1/token</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret that goes with <see cref="ClientId"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Allows <c>http://</c> to a host that is not a loopback address. Off by default: the token would travel in clear text.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// The time one HTTP request may take before it counts as failed and is retried (see <see cref="MaxRetryAttempts"/>):
    /// reads, updates and deletes as they are, a create only after looking up whether the timed-out attempt made the
    /// template. Also bounds the token exchange. Default 30 seconds.
    /// </summary>
    /// <remarks>At most <see cref="MaxRequestTimeout"/>, or <see cref="Timeout.InfiniteTimeSpan"/> for none.</remarks>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <see cref="RequestTimeout"/> other than <see cref="Timeout.InfiniteTimeSpan"/>: 4,294,967,294 ms
    /// (about 49.7 days), the longest a .NET timer (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>) can wait.
    /// </summary>
    public static TimeSpan MaxRequestTimeout { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// The longest <see cref="RetryBaseDelay"/>, <see cref="RetryMaxDelay"/> and <see cref="MaxRetryAfter"/>: one day, the
    /// longest delay the retry strategy (Polly) takes. A service that asks for a longer wait is not waited for that long.
    /// </summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromDays(1);

    /// <summary>How often a failed call is tried again (429, 502, 503, 504, connection failures, timeouts). 0 turns retries off. Default 4.</summary>
    /// <remarks>0 to 100: <see cref="Validate"/> (and so the client's constructor) refuses any other value with an <see cref="ArgumentException"/>.</remarks>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first retry delay; each further one doubles it, with jitter. Default 500 ms; at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed retry delay. Default 30 seconds; at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether retry delays are randomized (decorrelated jitter) so that many clients do not retry in step. Default on.</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>The longest <c>Retry-After</c> the client waits for; a longer one is cut to this. Default 60 seconds; at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long before its expiry an access token from client credentials is replaced. Default 60 seconds; for a token
    /// that lives less than twice as long, half its lifetime. The replacement runs in the background: calls go on with
    /// the token that is still valid, and a refresh that fails is logged and tried again a few seconds later. Only a
    /// call that finds no valid token waits for the exchange (and fails with it).
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock that decides when an access token expires. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>A copy of these options.</summary>
    /// <returns>A new object with the same values.</returns>
    public RunAiClientOptions Clone() => (RunAiClientOptions)MemberwiseClone();

    /// <summary>Checks that the options can work: an absolute https URL (or http to loopback, or allowed), one way to authenticate, sane numbers.</summary>
    /// <exception cref="ArgumentException">What is wrong; the message never contains a secret.</exception>
    public void Validate()
    {
        _ = ValidatedBaseUri();
        var hasToken = !string.IsNullOrWhiteSpace(BearerToken);
        var hasId = !string.IsNullOrWhiteSpace(ClientId);
        var hasSecret = !string.IsNullOrWhiteSpace(ClientSecret);
        if (hasToken && (hasId || hasSecret))
        {
            throw new ArgumentException("Set either BearerToken or ClientId with ClientSecret, not both.", nameof(BearerToken));
        }

        if (!hasToken && !(hasId && hasSecret))
        {
            if (hasId || hasSecret)
            {
                var missing = hasId ? nameof(ClientSecret) : nameof(ClientId);
                throw new ArgumentException($"{(hasId ? nameof(ClientId) : nameof(ClientSecret))} is set but {missing} is not: client credentials need both (or set BearerToken instead).", missing);
            }

            throw new ArgumentException("No credentials: set BearerToken, or ClientId and ClientSecret.", nameof(BearerToken));
        }

        if (hasToken && !IsHeaderToken(BearerToken!))
        {
            // It goes into the Authorization header, which carries visible ASCII only (RFC 6750's token characters are a
            // subset): a line break, a space or a non-ASCII letter would fail every call, after all its retries.
            throw new ArgumentException("BearerToken contains a character an HTTP header cannot carry (a line break, a space, a non-ASCII letter); a token is one word of visible ASCII.", nameof(BearerToken));
        }

        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("RequestTimeout must be positive (or Timeout.InfiniteTimeSpan).", nameof(RequestTimeout));
        }

        if (RequestTimeout > MaxRequestTimeout)
        {
            // Longer would pass here and then fail every call inside the HTTP stack, whose timer cannot wait that long.
            throw new ArgumentException(
                $"RequestTimeout must be at most {MaxRequestTimeout} (RunAiClientOptions.MaxRequestTimeout, about 49.7 days); it is {RequestTimeout}. Use Timeout.InfiniteTimeSpan for no timeout.",
                nameof(RequestTimeout));
        }

        if (MaxRetryAttempts is < 0 or > 100)
        {
            throw new ArgumentException("MaxRetryAttempts must be between 0 and 100.", nameof(MaxRetryAttempts));
        }

        foreach (var (name, delay) in new[] { (nameof(RetryBaseDelay), RetryBaseDelay), (nameof(RetryMaxDelay), RetryMaxDelay), (nameof(MaxRetryAfter), MaxRetryAfter), (nameof(TokenRefreshMargin), TokenRefreshMargin) })
        {
            if (delay < TimeSpan.Zero)
            {
                throw new ArgumentException($"{name} must not be negative; it is {delay}.", name);
            }
        }

        foreach (var (name, delay) in new[] { (nameof(RetryBaseDelay), RetryBaseDelay), (nameof(RetryMaxDelay), RetryMaxDelay), (nameof(MaxRetryAfter), MaxRetryAfter) })
        {
            if (delay > MaxDelay)
            {
                // Longer would pass here and then fail: the retry strategy refuses it when the client is made, a timer when it waits.
                throw new ArgumentException($"{name} must be at most {MaxDelay} (RunAiClientOptions.MaxDelay); it is {delay}.", name);
            }
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException("TimeProvider must not be null.", nameof(TimeProvider));
        }
    }

    /// <summary>The settings, with the token and the client secret shown as <c>***</c>.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("RunAiClientOptions { BaseUrl = ").Append(ShownBaseUrl()).Append(", Auth = ");
        if (!string.IsNullOrWhiteSpace(BearerToken))
        {
            text.Append("bearer token ***");
        }
        else if (!string.IsNullOrWhiteSpace(ClientId))
        {
            text.Append("client credentials (ClientId = ").Append(ClientId).Append(", ClientSecret = ").Append(string.IsNullOrEmpty(ClientSecret) ? "(none)" : "***").Append(')');
        }
        else
        {
            text.Append("(none)");
        }

        return text.Append(CultureInfo.InvariantCulture, $", RequestTimeout = {RequestTimeout}, MaxRetryAttempts = {MaxRetryAttempts}, RetryBaseDelay = {RetryBaseDelay}, RetryMaxDelay = {RetryMaxDelay}, AllowInsecureHttp = {AllowInsecureHttp} }}").ToString();
    }

    /// <summary>
    /// Whether a token can go into the Authorization header as one word: visible ASCII only (RFC 6750's token characters
    /// are a subset). A line break, a space or a non-ASCII letter would fail every call, after all its retries.
    /// </summary>
    internal static bool IsHeaderToken(string token)
    {
        foreach (var c in token)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The base URL for a message: without user info (a password may be there) or a query, which Validate refuses anyway.</summary>
    internal string ShownBaseUrl()
    {
        if (BaseUrl is null)
        {
            return "(none)";
        }

        // User info is taken out of the text before Uri reads it: Uri reads "https://admin:4711#x@host" as the host
        // "admin", port 4711. Everything after "://" up to the last '@' goes (a password may hold '?', '#' or '/').
        var text = BaseUrl;
        var start = text.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
        var at = text.LastIndexOf('@');
        var hidden = at >= start;
        var rest = hidden ? text[..start] + text[(at + 1)..] : text;
        if (Uri.TryCreate(rest, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return !hidden && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
                ? BaseUrl
                : uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + " (user info, query or fragment not shown)";
        }

        // Not an http(s) URL ("admin:s3cret@host" reads as the scheme "admin"): user info is shown as ***, and a query
        // or fragment not at all.
        text = hidden ? text[..start] + "***" + text[at..] : text;
        var cut = text.IndexOfAny(['?', '#'], hidden ? start + 3 : 0);
        return cut < 0 ? text : text[..cut] + "…";
    }

    /// <summary>
    /// The base URL for a message that says it is not a URL: quoted as <see cref="ShownBaseUrl"/> shows it when it has a
    /// scheme (<c>://</c>), else only its length. A value without one may be a secret put in the wrong variable (a JWT
    /// access token has dots, a client secret anything but <c>://</c>), and the message goes to a CI log.
    /// </summary>
    internal string DescribedBaseUrl() => BaseUrl is { } text && text.Contains("://", StringComparison.Ordinal)
        ? $"'{ShownBaseUrl()}'"
        : string.IsNullOrWhiteSpace(BaseUrl)
            ? "not set"
            : $"{BaseUrl.Length} characters without a scheme, not shown; a host name needs https:// before it";

    /// <summary>The base URL as a URI with a trailing slash, after the transport security check.</summary>
    internal Uri ValidatedBaseUri()
    {
        if (string.IsNullOrWhiteSpace(BaseUrl) || !Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"BaseUrl must be an absolute http(s) URL, e.g. https://acme.run.ai; it is {DescribedBaseUrl()}.", nameof(BaseUrl));
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"BaseUrl must use https (or http to this machine); scheme '{uri.Scheme}' is not supported.", nameof(BaseUrl));
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ArgumentException("BaseUrl must not carry user info, a query or a fragment.", nameof(BaseUrl));
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !AllowInsecureHttp && !IsLoopback(uri))
        {
            throw new ArgumentException(
                $"Refusing http:// to {uri.Host}: the access token would travel in clear text. Use https, or set AllowInsecureHttp for a trusted network.",
                nameof(BaseUrl));
        }

        if (uri.AbsolutePath.TrimEnd('/').EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase))
        {
            // The API's paths are added to it: a BaseUrl copied from an API call's address would send every call to
            // .../api/v1/api/v1/..., and a tenant answers 404 without saying why.
            throw new ArgumentException(
                $"BaseUrl is the control plane's address, e.g. https://acme.run.ai; the client adds api/v1/… to it. Remove 'api/v1' from '{ShownBaseUrl()}'.",
                nameof(BaseUrl));
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
