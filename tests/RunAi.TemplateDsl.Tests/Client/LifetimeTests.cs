using System.Collections.Concurrent;
using System.Diagnostics;
using Flurl.Http;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Dispose: idempotent, harmless to other clients on a shared Flurl client, and final.</summary>
public sealed class LifetimeTests
{
    [Fact]
    public async Task A_client_with_client_credentials_can_be_disposed_twice()
    {
        await using var emulator = await StartEmulatorAsync();
        var client = NewClient(emulator, Credentials);
        await client.Templates.ListAsync();

        client.Dispose();
        var again = () => client.Dispose();

        again.Should().NotThrow();
    }

    [Fact]
    public async Task Disposing_a_client_twice_leaves_the_token_scrubbing_of_another_client_on_a_shared_Flurl_client()
    {
        await using var emulator = await StartEmulatorAsync(o => o.Token = "shared-" + Guid.NewGuid().ToString("N"));
        var seen = new ConcurrentQueue<string>();
        using var flurl = new FlurlClient(new HttpClient());
        flurl.AfterCall(call => seen.Enqueue(call.HttpRequestMessage.Headers.Authorization?.ToString() ?? "(none)"));
        var first = NewClient(emulator, flurl: flurl);
        using var second = NewClient(emulator, flurl: flurl);

        first.Dispose();
        first.Dispose();
        await second.Templates.ListAsync();

        seen.Should().Equal(["(none)"], "the user's AfterCall handler never sees the second client's token");
    }

    public static TheoryData<bool, bool> Lifetimes => new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    [Theory]
    [MemberData(nameof(Lifetimes))]
    public async Task Every_call_after_Dispose_is_an_ObjectDisposedException_at_once_without_a_request(bool clientCredentials, bool injected)
    {
        await using var emulator = await StartEmulatorAsync();
        using var flurl = new FlurlClient(new HttpClient());
        var logger = new CapturingLogger();
        var client = NewClient(emulator, clientCredentials ? Credentials : null, injected ? flurl : null, logger);
        var created = await client.Templates.CreateAsync(Request("before-dispose"));
        var requests = emulator.Statistics.Requests;
        var tokens = emulator.Statistics.TokensIssued;
        client.Dispose();
        var watch = Stopwatch.StartNew();

        Func<Task>[] calls =
        [
            () => client.Templates.ListAsync(),
            () => client.Templates.GetAsync(created.Meta.Id),
            () => client.Templates.CreateAsync(Request("after-dispose")),
            () => client.Templates.UpdateAsync(created.Meta.Id, Update(Request("before-dispose"), "d")),
            () => client.Templates.DeleteAsync(created.Meta.Id),
        ];
        foreach (var call in calls)
        {
            (await call.Should().ThrowAsync<ObjectDisposedException>()).Which.ObjectName.Should().Contain(nameof(RunAiClient));
        }

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "nothing is retried");
        emulator.Statistics.Requests.Should().Be(requests);
        emulator.Statistics.TokensIssued.Should().Be(tokens);
        logger.Lines.Should().NotContain(l => l.Contains("retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clients_on_one_Flurl_client_add_the_token_scrubbing_handlers_once_and_Dispose_leaves_them()
    {
        await using var emulator = await StartEmulatorAsync();
        using var flurl = new FlurlClient(new HttpClient());
        flurl.AfterCall(_ => { });
        var clients = Enumerable.Range(0, 10).Select(_ => NewClient(emulator, flurl: flurl)).ToList();

        flurl.EventHandlers.Should().HaveCount(3, "the user's handler and one AfterCall/OnError pair, however many clients share the Flurl client");
        foreach (var client in clients)
        {
            client.Dispose();
        }

        flurl.EventHandlers.Should().HaveCount(3, "Dispose does not touch a list that calls in flight may be reading");
        using var last = NewClient(emulator, flurl: flurl);
        (await last.Templates.ListAsync()).Should().BeEmpty();
        flurl.EventHandlers.Should().HaveCount(3);
    }

    [Fact]
    public async Task Clients_made_and_disposed_on_a_shared_Flurl_client_do_not_disturb_calls_in_flight()
    {
        await using var emulator = await StartEmulatorAsync();
        using var flurl = new FlurlClient(new HttpClient());
        flurl.AfterCall(_ => { });
        using var busy = NewClient(emulator, flurl: flurl);
        var watch = Stopwatch.StartNew();
        var calls = 0;

        // At least a second and 50 calls (on a busy machine the calls may start late), at most 20 seconds.
        bool Done() => (watch.Elapsed > TimeSpan.FromSeconds(1) && Volatile.Read(ref calls) >= 50) || watch.Elapsed > TimeSpan.FromSeconds(20);
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!Done())
            {
                await busy.Templates.ListAsync();
                Interlocked.Increment(ref calls);
            }
        })).ToList();
        var churn = Task.Run(() =>
        {
            while (!Done())
            {
                NewClient(emulator, flurl: flurl).Dispose();
            }
        });

        var all = () => Task.WhenAll([.. callers, churn]);

        await all.Should().NotThrowAsync();
        calls.Should().BeGreaterThanOrEqualTo(50);
    }

    private static void Credentials(RunAiClientOptions options)
    {
        options.BearerToken = null;
        options.ClientId = RunAiEmulatorOptions.DefaultClientId;
        options.ClientSecret = RunAiEmulatorOptions.DefaultClientSecret;
    }
}
