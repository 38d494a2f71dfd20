using Flurl.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RunAi.TemplateDsl.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Run:ai template client in a service collection.</summary>
public static class RunAiServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client gets from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "RunAi.TemplateDsl";

    /// <summary>
    /// Registers <see cref="RunAiClient"/> (singleton) and <see cref="ITemplatesApi"/>, sending through a named
    /// <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The client options; copied and validated now.</param>
    /// <returns>The builder of the named HTTP client, to add handlers (e.g. telemetry) to it.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static IHttpClientBuilder AddRunAiTemplates(this IServiceCollection services, RunAiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var copy = options.Clone();

        var builder = services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(RunAiClient.CreateHandler)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);

        services.TryAddSingleton(sp => new RunAiClient(
            copy,
            new FlurlClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)),
            sp.GetService<ILoggerFactory>()?.CreateLogger<RunAiClient>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<RunAiClient>().Templates);
        return builder;
    }

    /// <summary>Registers the client with options set by a delegate; see <see cref="AddRunAiTemplates(IServiceCollection, RunAiClientOptions)"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the named HTTP client.</returns>
    public static IHttpClientBuilder AddRunAiTemplates(this IServiceCollection services, Action<RunAiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RunAiClientOptions();
        configure(options);
        return services.AddRunAiTemplates(options);
    }
}
