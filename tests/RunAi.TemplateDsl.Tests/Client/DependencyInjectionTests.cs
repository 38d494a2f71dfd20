using Microsoft.Extensions.DependencyInjection;
using RunAi.TemplateDsl.Client;
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
