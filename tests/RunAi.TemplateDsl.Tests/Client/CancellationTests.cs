using System.Diagnostics;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Cancellation stops a call promptly; the per-request timeout bounds one request.</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancellation_stops_a_call_waiting_for_a_slow_server_promptly()
    {
        // Waits far apart (a 30 s answer, a 100 ms cancellation, a 10 s bound), so that a loaded CI machine, whose first
        // call may spend seconds in the JIT, cannot make a prompt cancellation look slow.
        await using var emulator = await StartEmulatorAsync(o => o.Faults = new EmulatorFaults { Latency = TimeSpan.FromSeconds(30) });
        using var client = NewClient(emulator);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        var list = () => client.Templates.ListAsync(cancellationToken: cts.Token);

        await list.Should().ThrowAsync<OperationCanceledException>();
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "far less than the 30 s latency");
    }

    [Fact]
    public async Task Cancellation_stops_a_wait_between_retries_promptly()
    {
        await using var emulator = await StartEmulatorAsync(o => o.Faults = new EmulatorFaults { UnavailableRate = 1 });
        using var client = NewClient(emulator, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromSeconds(60);
            o.RetryMaxDelay = TimeSpan.FromSeconds(60);
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var watch = Stopwatch.StartNew();

        var create = () => client.Templates.CreateAsync(Request("never"), cts.Token);

        await create.Should().ThrowAsync<OperationCanceledException>();
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "far less than the 60 s backoff");
    }

    /// <summary>A call cancelled before it starts throws at once (a wait for a shared exchange: <c>TokenTests</c>).</summary>
    [Fact]
    public async Task An_already_cancelled_call_throws_and_spoils_nothing_for_the_next()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator, o =>
        {
            o.BearerToken = null;
            o.ClientId = RunAiEmulatorOptions.DefaultClientId;
            o.ClientSecret = RunAiEmulatorOptions.DefaultClientSecret;
        });
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var list = () => client.Templates.ListAsync(cancellationToken: cts.Token);

        await list.Should().ThrowAsync<OperationCanceledException>();
        (await client.Templates.ListAsync()).Should().BeEmpty("one caller's cancellation does not spoil the shared exchange");
    }

    [Fact]
    public async Task A_request_slower_than_the_timeout_is_a_transport_timeout()
    {
        await using var emulator = await StartEmulatorAsync(o => o.Faults = new EmulatorFaults { Latency = TimeSpan.FromSeconds(30) });
        using var client = NewClient(emulator, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetryAttempts = 1;
        });
        var watch = Stopwatch.StartNew();

        var get = () => client.Templates.GetAsync(Guid.NewGuid().ToString());

        var error = (await get.Should().ThrowAsync<RunAiTransportException>()).Which;
        error.IsTimeout.Should().BeTrue();
        error.Message.Should().Contain("timed out");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "two tries of 200 ms, not the 30 s latency");
    }

    public static TheoryData<TimeSpan> TooLongTimeouts => new()
    {
        TimeSpan.FromMilliseconds(uint.MaxValue),
        TimeSpan.FromDays(50),
        TimeSpan.MaxValue,
    };

    [Theory]
    [MemberData(nameof(TooLongTimeouts))]
    public void A_RequestTimeout_longer_than_a_timer_can_wait_is_refused_by_name(TimeSpan timeout)
    {
        var options = new RunAiClientOptions { BaseUrl = "https://tenant.example", BearerToken = "t", RequestTimeout = timeout };

        var create = () => new RunAiClient(options);

        create.Should().Throw<ArgumentException>().Which.Should().Match<ArgumentException>(e =>
            e.ParamName == nameof(RunAiClientOptions.RequestTimeout) && e.Message.Contains("RequestTimeout must be at most", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_longest_RequestTimeout_works_for_calls_and_the_token_exchange(bool clientCredentials)
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator, o =>
        {
            o.RequestTimeout = RunAiClientOptions.MaxRequestTimeout;
            if (clientCredentials)
            {
                o.BearerToken = null;
                o.ClientId = RunAiEmulatorOptions.DefaultClientId;
                o.ClientSecret = RunAiEmulatorOptions.DefaultClientSecret;
            }
        });

        (await client.Templates.ListAsync()).Should().BeEmpty();
        RunAiClientOptions.MaxRequestTimeout.Should().BeGreaterThan(TimeSpan.FromDays(49));
    }
}
