using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// The names under which <see cref="RunAiClient"/> reports traces and metrics, for OpenTelemetry's
/// <c>AddSource(RunAiTelemetry.ActivitySourceName)</c> and <c>AddMeter(RunAiTelemetry.MeterName)</c>. Nothing is recorded
/// while nobody listens.
/// </summary>
/// <remarks>
/// <para>
/// Traces: one span per call of <see cref="ITemplatesApi"/> (<c>create workload-template</c>, <c>list workload-template</c>, …),
/// around all its attempts, so that HttpClient's span of each attempt is its child: a retried create is one span with
/// several HTTP spans under it. Its tags: <c>runai.operation</c>, <c>runai.template.name</c> (create) or
/// <c>runai.template.id</c> (get, update, delete), <c>runai.attempts</c>, and on failure <c>error.type</c> (the HTTP status,
/// <c>timeout</c>, <c>no answer</c> or the exception's type) with the span's status set to error.
/// </para>
/// <para>
/// Metrics: <c>runai.client.operation.duration</c> (histogram, seconds, per call with its retries; tags
/// <c>runai.operation</c> and, on failure, <c>error.type</c>), <c>runai.client.retries</c> (counter; tags
/// <c>runai.operation</c> and <c>error.type</c>, what the retried attempt failed with) and
/// <c>runai.client.token.exchanges</c> (counter of client-credentials exchanges; tag <c>error.type</c> on failure).
/// No tag carries a token, a secret or a server's message.
/// </para>
/// </remarks>
public static class RunAiTelemetry
{
    /// <summary>The name of the client's <see cref="ActivitySource"/>.</summary>
    public const string ActivitySourceName = "RunAi.TemplateDsl";

    /// <summary>The name of the client's <see cref="Meter"/>.</summary>
    public const string MeterName = "RunAi.TemplateDsl";

    private static readonly string? Version = typeof(RunAiTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(ActivitySourceName, Version);

    private static readonly Meter Meter = new(MeterName, Version);

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "runai.client.operation.duration", "s", "How long a call of the template API took, with its retries.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "runai.client.retries", "{retry}", "Attempts sent again after a transient failure.");

    internal static readonly Counter<long> TokenExchanges = Meter.CreateCounter<long>(
        "runai.client.token.exchanges", "{exchange}", "Client-credentials exchanges at the token endpoint.");

    /// <summary>The operation a method and path are, as the tags name it: create, list, get, update or delete.</summary>
    internal static string OperationOf(string? method, string? path) => (method, path) switch
    {
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("DELETE", _) => "delete",
        ("GET", TemplatesApi.CollectionPath) => "list",
        _ => "get",
    };

    /// <summary>What a failure was, for <c>error.type</c>: the status, <c>timeout</c>, <c>no answer</c>, or the exception's type.</summary>
    internal static string ErrorType(Exception failure) => failure switch
    {
        RunAiApiException api => api.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RunAiTransportException { IsTimeout: true } => "timeout",
        RunAiTransportException => "no answer",
        OperationCanceledException => "cancelled",
        _ => failure.GetType().Name,
    };
}
