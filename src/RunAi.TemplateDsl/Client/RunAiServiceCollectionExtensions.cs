using Flurl.Http;
using Microsoft.Extensions.Logging;
using RunAi.TemplateDsl.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Run:ai template client in a service collection.</summary>
public static class RunAiServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client gets from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "RunAi.TemplateDsl";

    /// <summary>
    /// Registers <see cref="RunAiClient"/> (singleton, disposed with the service provider) and <see cref="ITemplatesApi"/>,
    /// sending through a named <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>. The client retries by itself: the retrying handlers
    /// of Microsoft.Extensions.Http.Resilience and Microsoft.Extensions.Http.Polly that app-wide defaults
    /// (<c>ConfigureHttpClientDefaults</c>) add to every client are taken off this one; do not add one to the builder
    /// this method returns (a create it sent again after a lost answer would make the template and report it as a 409).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The client options; copied and validated now.</param>
    /// <returns>
    /// The builder of the named HTTP client, to add handlers (e.g. telemetry) to it. Handlers added there see every request
    /// with its bearer token, and the token exchange with the client secret. Replacing the primary handler
    /// (<c>ConfigurePrimaryHttpMessageHandler</c>, for a proxy or a client certificate) drops the library's: give yours
    /// <c>PooledConnectionLifetime</c> (the singleton keeps one HttpClient for life, so DNS changes are seen only through
    /// new connections) and no automatic redirects (the client refuses them itself).
    /// </returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A client is registered already: by an earlier call, or a <see cref="RunAiClient"/> or <see cref="ITemplatesApi"/> the app registered itself.</exception>
    public static IHttpClientBuilder AddRunAiTemplates(this IServiceCollection services, RunAiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            // A second registration's options would be ignored without a word: the first RunAiClient is the one resolved.
            throw new InvalidOperationException("AddRunAiTemplates was called before on this service collection: the client it registered, with the options given then, would be the one resolved, not one with these. Register the client once.");
        }

        if (services.Any(d => !d.IsKeyedService && (d.ServiceType == typeof(RunAiClient) || d.ServiceType == typeof(ITemplatesApi))))
        {
            // The app's own registration would be the one resolved, and these options would be ignored without a word.
            throw new InvalidOperationException("A RunAiClient or ITemplatesApi is registered already on this service collection: it would be the one resolved, not a client with these options. Register the client once, either yourself or with AddRunAiTemplates.");
        }

        // Copied first, then checked: the copy is what the client gets, whatever another thread does to the options.
        // Marked as registered only once the options pass, so that a refused call leaves the collection as it was.
        var copy = options.Clone();
        copy.Validate();
        services.AddSingleton<Registered>();
        var builder = AddHttpClient(services, HttpClientName);
        services.AddSingleton(sp => Create(sp, copy, HttpClientName));
        services.AddSingleton(sp => sp.GetRequiredService<RunAiClient>().Templates);
        return builder;
    }

    /// <summary>
    /// Registers a <see cref="RunAiClient"/> and its <see cref="ITemplatesApi"/> as keyed services under
    /// <paramref name="name"/> (singletons, disposed with the service provider), for an app that talks to more than one
    /// tenant: resolve them with <c>[FromKeyedServices("staging")] ITemplatesApi templates</c> or
    /// <c>GetRequiredKeyedService&lt;ITemplatesApi&gt;("staging")</c>. Each sends through a named <see cref="HttpClient"/> of
    /// its own, <c>RunAi.TemplateDsl.name</c> (a dot, so that logging configuration can name its category), with the retrying handlers of app-wide defaults taken off as for
    /// <see cref="AddRunAiTemplates(IServiceCollection, RunAiClientOptions)"/>; named and unnamed registrations can be
    /// combined.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The key, e.g. <c>production</c> or <c>staging</c>; one registration per name.</param>
    /// <param name="options">The client options; copied and validated now.</param>
    /// <returns>The builder of the named HTTP client, to add handlers (e.g. telemetry) to it.</returns>
    /// <exception cref="ArgumentException">The name is blank, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A client is registered under this name already.</exception>
    public static IHttpClientBuilder AddRunAiTemplates(this IServiceCollection services, string name, RunAiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        if (services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, name) && (d.ServiceType == typeof(RunAiClient) || d.ServiceType == typeof(ITemplatesApi))))
        {
            throw new InvalidOperationException($"A RunAiClient or ITemplatesApi is registered already under the name '{name}': the first would be the one resolved, not a client with these options. Register each name once.");
        }

        var copy = options.Clone();
        copy.Validate();
        var httpClientName = HttpClientName + "." + name;
        var builder = AddHttpClient(services, httpClientName);
        services.AddKeyedSingleton(name, (sp, _) => Create(sp, copy, httpClientName));
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredKeyedService<RunAiClient>(key).Templates);
        return builder;
    }

    /// <summary>Registers the client with options set by a delegate; see <see cref="AddRunAiTemplates(IServiceCollection, string, RunAiClientOptions)"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The key.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the named HTTP client.</returns>
    public static IHttpClientBuilder AddRunAiTemplates(this IServiceCollection services, string name, Action<RunAiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RunAiClientOptions();
        configure(options);
        return services.AddRunAiTemplates(name, options);
    }

    /// <summary>The named HTTP client a registration sends through: the client's own handler, no timeout of its own, no retrying handler.</summary>
    private static IHttpClientBuilder AddHttpClient(IServiceCollection services, string httpClientName) =>
        services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(RunAiClient.CreateHandler)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => RemoveRetryingHandlers(handlers));

    /// <summary>
    /// The client of a registration. It owns the Flurl client made here, and the provider disposes the client with itself,
    /// which lets go of the factory's handler: kept, it held the factory's cleanup timer and with it the disposed provider,
    /// for good.
    /// </summary>
    private static RunAiClient Create(IServiceProvider sp, RunAiClientOptions options, string httpClientName) => new(
        options,
        new FlurlClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName)),
        sp.GetService<ILoggerFactory>()?.CreateLogger<RunAiClient>(),
        ownsFlurl: true);

    /// <summary>
    /// The message handlers that send a request again by themselves (Microsoft.Extensions.Http.Resilience's, which
    /// <c>ConfigureHttpClientDefaults(b =&gt; b.AddStandardResilienceHandler())</c> in .NET Aspire's service defaults adds to
    /// every client, and Microsoft.Extensions.Http.Polly's), by type name: the library depends on neither.
    /// </summary>
    private static readonly string[] RetryingHandlers =
    [
        "Microsoft.Extensions.Http.Resilience.ResilienceHandler",
        "Microsoft.Extensions.Http.PolicyHttpMessageHandler",
    ];

    /// <summary>
    /// Takes the retrying handlers that app-wide defaults put on every client off this one: the client retries by
    /// itself, and a create sent again below it after a lost answer makes the template and then meets it as a 409 the
    /// client takes for someone else's. Handlers added through the builder this method returns come later and are kept.
    /// </summary>
    private static void RemoveRetryingHandlers(IList<DelegatingHandler> handlers)
    {
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            if (Array.IndexOf(RetryingHandlers, handlers[i].GetType().FullName) >= 0)
            {
                handlers.RemoveAt(i);
            }
        }
    }

    /// <summary>Marks a service collection AddRunAiTemplates has registered the client in.</summary>
    private sealed class Registered;

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
