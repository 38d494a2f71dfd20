using Microsoft.Extensions.DependencyInjection;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>services.AddRunAiTemplates(options): the client over IHttpClientFactory.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddRunAiTemplates_registers_a_singleton_client_that_sends_through_the_http_client_factory()
    {
        await using var emulator = await StartEmulatorAsync();
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddRunAiTemplates(o =>
        {
            o.BaseUrl = emulator.BaseUrl;
            o.BearerToken = emulator.Token;
        }).AddHttpMessageHandler(() => counter);
        await using var provider = services.BuildServiceProvider();

        var templates = provider.GetRequiredService<ITemplatesApi>();
        var created = await templates.CreateAsync(Request("from-di"));
        (await templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(created.Meta.Id);

        provider.GetRequiredService<RunAiClient>().Should().BeSameAs(provider.GetRequiredService<RunAiClient>());
        provider.GetRequiredService<RunAiClient>().Templates.Should().BeSameAs(templates);
        counter.Count.Should().Be(2, "both calls went through the factory's handler pipeline");
    }

    /// <summary>
    /// The singleton client kept the factory's HttpClient, whose handler kept the factory's cleanup timer rescheduling, and
    /// the timer kept the factory and the disposed provider: about 30 KB for good per provider built and disposed (a host
    /// per test, a container per tenant or job). Found by the resource-leak review. Takes the factory's cleanup interval
    /// (10 s) after the handler's lifetime (1 s here).
    /// </summary>
    [Fact]
    public async Task A_disposed_service_provider_is_collected_after_its_client_has_sent()
    {
        await using var emulator = await StartEmulatorAsync();
        var provider = await UsedAndDisposedAsync(emulator);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (provider.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(250);
        }

        provider.IsAlive.Should().BeFalse("nothing of the library keeps a disposed provider alive");

        static async Task<WeakReference> UsedAndDisposedAsync(RunAiEmulator emulator)
        {
            var services = new ServiceCollection();
            services.AddRunAiTemplates(o =>
            {
                o.BaseUrl = emulator.BaseUrl;
                o.BearerToken = emulator.Token;
            }).SetHandlerLifetime(TimeSpan.FromSeconds(1));
            var provider = services.BuildServiceProvider();
            (await provider.GetRequiredService<ITemplatesApi>().ListAsync()).Should().BeEmpty();
            var client = provider.GetRequiredService<RunAiClient>();
            await provider.DisposeAsync();
            var call = () => client.Templates.ListAsync();
            await call.Should().ThrowAsync<ObjectDisposedException>("the provider disposed its client");
            return new WeakReference(provider);
        }
    }

    [Fact]
    public async Task A_retrying_handler_app_wide_defaults_add_to_every_client_is_taken_off_the_clients_own()
    {
        // .NET Aspire's service defaults add the standard resilience handler to every HttpClient. It sent a create whose
        // answer was lost again below the client: the template was made, and the client, which saw only the 409 of the
        // second POST, said that someone else's template had that name (and that nothing had been processed).
        await using var emulator = await StartEmulatorAsync();
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddRunAiTemplates(o =>
        {
            o.BaseUrl = emulator.BaseUrl;
            o.BearerToken = emulator.Token;
        });
        await using var provider = services.BuildServiceProvider();
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var created = await provider.GetRequiredService<ITemplatesApi>().CreateAsync(Request("lost-answer"));

        (await emulator.GetTemplatesAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(created.Meta.Id);
        emulator.Statistics.Conflicts.Should().Be(0, "the client looked its template up instead of a handler sending the create again");
    }

    /// <summary>
    /// A second tenant could not be registered (a second call is refused), and a client built by hand over another named
    /// HttpClient kept the retrying handlers of app-wide defaults. Found by the hosted-app review.
    /// </summary>
    [Fact]
    public async Task Two_tenants_are_registered_under_names_beside_the_default_each_without_retrying_handlers()
    {
        await using var production = await StartEmulatorAsync();
        await using var staging = await StartEmulatorAsync();
        await using var local = await StartEmulatorAsync();
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddRunAiTemplates("production", o => { o.BaseUrl = production.BaseUrl; o.BearerToken = production.Token; });
        services.AddRunAiTemplates(o => { o.BaseUrl = local.BaseUrl; o.BearerToken = local.Token; });
        services.AddRunAiTemplates("staging", new RunAiClientOptions { BaseUrl = staging.BaseUrl, BearerToken = staging.Token });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<ITemplatesApi>("production").CreateAsync(Request("in-production"));
        staging.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };
        await provider.GetRequiredKeyedService<ITemplatesApi>("staging").CreateAsync(Request("in-staging"));
        await provider.GetRequiredService<ITemplatesApi>().CreateAsync(Request("locally"));

        (await production.GetTemplatesAsync()).Select(t => t.Meta.Name).Should().Equal("in-production");
        (await staging.GetTemplatesAsync()).Select(t => t.Meta.Name).Should().Equal("in-staging");
        (await local.GetTemplatesAsync()).Select(t => t.Meta.Name).Should().Equal("locally");
        staging.Statistics.Conflicts.Should().Be(0, "the lost answer was looked up by the client, not sent again by a resilience handler");
        provider.GetRequiredKeyedService<RunAiClient>("staging").Templates.Should().BeSameAs(provider.GetRequiredKeyedService<ITemplatesApi>("staging"));
        provider.GetRequiredKeyedService<RunAiClient>("staging").Should().NotBeSameAs(provider.GetRequiredKeyedService<RunAiClient>("production"));

        var again = () => services.AddRunAiTemplates("staging", o => { o.BaseUrl = staging.BaseUrl; o.BearerToken = staging.Token; });
        again.Should().Throw<InvalidOperationException>().WithMessage("*under the name 'staging'*");
        var blank = () => services.AddRunAiTemplates(" ", o => { o.BaseUrl = staging.BaseUrl; o.BearerToken = staging.Token; });
        blank.Should().Throw<ArgumentException>();
    }

    /// <summary>What the README says for options from configuration: bind them, then register.</summary>
    [Fact]
    public async Task Options_bound_from_configuration_register_a_working_client()
    {
        await using var emulator = await StartEmulatorAsync();
        var configuration = Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), new Dictionary<string, string?>
        {
            ["RunAi:BaseUrl"] = emulator.BaseUrl,
            ["RunAi:BearerToken"] = emulator.Token,
            ["RunAi:RequestTimeout"] = "00:00:10",
            ["RunAi:MaxRetryAttempts"] = "2",
        }).Build();
        var services = new ServiceCollection();

        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<RunAiClientOptions>(configuration.GetSection("RunAi"))!;
        services.AddRunAiTemplates(options);
        await using var provider = services.BuildServiceProvider();

        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(10));
        options.MaxRetryAttempts.Should().Be(2);
        (await provider.GetRequiredService<ITemplatesApi>().ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public void AddRunAiTemplates_validates_the_options_at_registration()
    {
        var services = new ServiceCollection();

        var add = () => services.AddRunAiTemplates(new RunAiClientOptions { BaseUrl = "http://tenant.example", BearerToken = "t" });

        add.Should().Throw<ArgumentException>();
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
