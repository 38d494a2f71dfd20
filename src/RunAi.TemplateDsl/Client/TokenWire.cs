using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.Client;

// Internal, and compiled into two assemblies: this library's client, and the emulator's token endpoint, which links
// this file (RunAi.TemplateDsl.Emulator.csproj), so that both speak the same wire names. Each assembly has its own copy
// of these types; neither sees the other's.

/// <summary>
/// The body of <c>POST /api/v1/token</c> for the client-credentials grant (spec/token-endpoints.openapi.json:
/// <c>TokenRequest</c>). <see cref="ToString"/> hides the secret.
/// </summary>
internal sealed class TokenRequest
{
    /// <summary>The grant type used for client credentials.</summary>
    public const string ClientCredentialsGrant = "client_credentials";

    /// <summary>The grant type, <c>client_credentials</c>.</summary>
    public string? GrantType { get; set; }

    /// <summary>The client id of a service account or access key.</summary>
    [JsonPropertyName("clientID")]
    public string? ClientId { get; set; }

    /// <summary>The client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Describes the request without the secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"TokenRequest {{ GrantType = {GrantType}, ClientId = {ClientId}, ClientSecret = *** }}";
}

/// <summary>The answer of <c>POST /api/v1/token</c> (spec: <c>TokenResponse</c>). <see cref="ToString"/> hides the tokens.</summary>
internal sealed class TokenResponse
{
    /// <summary>The access token to send as <c>Authorization: Bearer</c>.</summary>
    public string? AccessToken { get; set; }

    /// <summary>An id token, if the server issues one.</summary>
    public string? IdToken { get; set; }

    /// <summary>A refresh token, if the server issues one.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>The lifetime of the access token in seconds.</summary>
    public long? ExpiresIn { get; set; }

    /// <summary>Describes the answer without the tokens.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"TokenResponse {{ AccessToken = ***, ExpiresIn = {ExpiresIn} }}");
}

/// <summary>The source-generated System.Text.Json context of the token endpoint's bodies (camelCase, nulls omitted).</summary>
/// <remarks>
/// It reads member names in any case (the Web defaults): the client takes a token answer as a server writes it. The
/// emulator reads requests with <see cref="StrictTokenJsonContext"/>.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;

/// <summary>
/// The token request as the emulator reads it: member names matched exactly, as the template bodies' are, so that
/// <c>clientId</c> (the spec's is <c>clientID</c>) fails against the emulator as it would against a tenant.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(TokenRequest))]
internal sealed partial class StrictTokenJsonContext : JsonSerializerContext;
