using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>Who made a request, and whether they may write.</summary>
internal sealed record Caller(string User, bool CanWrite);

/// <summary>Issues access tokens for client credentials and checks bearer tokens.</summary>
internal sealed class TokenService
{
    private readonly ConcurrentDictionary<string, (string ClientId, DateTimeOffset ExpiresAt)> _issued = new(StringComparer.Ordinal);
    private readonly byte[] _token;
    private readonly byte[]? _readOnlyToken;
    private readonly byte[] _clientId;
    private readonly byte[] _clientSecret;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;

    /// <summary>How many issues apart the expired tokens are swept out (see <see cref="Issue"/>).</summary>
    internal const int SweepEvery = 256;

    private long _issues;

    public TokenService(RunAiEmulatorOptions options)
    {
        _token = Encoding.UTF8.GetBytes(options.Token ?? RunAiEmulatorOptions.DefaultToken);
        _readOnlyToken = options.ReadOnlyToken is null ? null : Encoding.UTF8.GetBytes(options.ReadOnlyToken);
        _clientId = Encoding.UTF8.GetBytes(options.ClientId ?? RunAiEmulatorOptions.DefaultClientId);
        _clientSecret = Encoding.UTF8.GetBytes(options.ClientSecret ?? RunAiEmulatorOptions.DefaultClientSecret);
        _lifetime = options.TokenLifetime;
        _clock = options.TimeProvider;
    }

    /// <summary>The caller a bearer token stands for, or null when it is missing, unknown or expired.</summary>
    public Caller? Authenticate(string? authorization)
    {
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[prefix.Length..].Trim();
        var bytes = Encoding.UTF8.GetBytes(token);
        if (CryptographicOperations.FixedTimeEquals(bytes, _token))
        {
            return new Caller("emulator-user", CanWrite: true);
        }

        if (_readOnlyToken is not null && CryptographicOperations.FixedTimeEquals(bytes, _readOnlyToken))
        {
            return new Caller("emulator-viewer", CanWrite: false);
        }

        if (_issued.TryGetValue(token, out var issued))
        {
            if (_clock.GetUtcNow() < issued.ExpiresAt)
            {
                return new Caller(issued.ClientId, CanWrite: true);
            }

            _issued.TryRemove(token, out _);
        }

        return null;
    }

    /// <summary>Issues a token for a client-credentials request, or null when the credentials are wrong.</summary>
    public TokenResponse? Issue(TokenRequest request)
    {
        if (request.ClientId is null || request.ClientSecret is null)
        {
            return null;
        }

        // Both compared in constant time, and both always compared.
        var idMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.ClientId), _clientId);
        var secretMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.ClientSecret), _clientSecret);
        if (!(idMatches & secretMatches))
        {
            return null;
        }

        var token = "emu_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = _clock.GetUtcNow();
        if (Interlocked.Increment(ref _issues) % SweepEvery == 0)
        {
            // An expired token is forgotten when it is presented; one never presented again was kept for good (an
            // emulator that runs all day, a client made per job): every so many issues, the expired ones go.
            foreach (var (expired, entry) in _issued)
            {
                if (entry.ExpiresAt <= now)
                {
                    _issued.TryRemove(expired, out _);
                }
            }
        }

        _issued[token] = (request.ClientId, now + _lifetime);
        return new TokenResponse { AccessToken = token, ExpiresIn = (long)Math.Ceiling(_lifetime.TotalSeconds) };
    }

    /// <summary>The tokens issued and not yet revoked (tests search for them in what a client emits).</summary>
    public IReadOnlyCollection<string> Issued => [.. _issued.Keys];

    /// <summary>Forgets every issued token: the next request with one is answered 401.</summary>
    public void RevokeIssued() => _issued.Clear();
}
