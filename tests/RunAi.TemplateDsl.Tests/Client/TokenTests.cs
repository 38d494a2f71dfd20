using Flurl.Http;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Client credentials at POST /api/v1/token: caching, refresh before expiry, one refresh after a 401, one shared refresh.</summary>
public sealed class TokenTests
{
    private const string Secret = "s3cret-client-secret";

    private static RunAiClient CredentialsClient(RunAiEmulator emulator, Action<RunAiClientOptions>? configure = null) =>
        new(CredentialsOptions(emulator, Secret, configure));

    private static ManualTimeProvider NewClock() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>An emulator on <paramref name="clock"/> that issues tokens for 60 s.</summary>
    private static Task<RunAiEmulator> StartWith60SecondTokensAsync(ManualTimeProvider clock) => StartAsync(o =>
    {
        o.TimeProvider = clock;
        o.TokenLifetime = TimeSpan.FromSeconds(60);
    });

    /// <summary>Client credentials on <paramref name="clock"/>, refreshing 10 s before the token expires.</summary>
    private static RunAiClientOptions RefreshingOptions(RunAiEmulator emulator, ManualTimeProvider clock) => CredentialsOptions(emulator, Secret, o =>
    {
        o.TimeProvider = clock;
        o.TokenRefreshMargin = TimeSpan.FromSeconds(10);
    });

    private static Task<RunAiEmulator> StartAsync(Action<RunAiEmulatorOptions>? configure = null) => StartCredentialsEmulatorAsync(Secret, configure);

    [Fact]
    public async Task Client_credentials_are_exchanged_once_and_the_token_is_reused()
    {
        await using var emulator = await StartAsync();
        using var client = CredentialsClient(emulator);

        var created = await client.Templates.CreateAsync(Request("by-bot"));
        await client.Templates.GetAsync(created.Meta.Id);
        await client.Templates.ListAsync();

        created.Meta.CreatedBy.Should().Be("ci-bot", "the emulator records the client the token was issued to");
        emulator.Statistics.TokensIssued.Should().Be(1);
        emulator.Statistics.Unauthorized.Should().Be(0);
    }

    [Fact]
    public async Task Wrong_client_credentials_are_the_token_endpoints_400_a_typed_refusal_that_names_the_client_and_not_the_secret()
    {
        await using var emulator = await StartAsync();
        using var client = CredentialsClient(emulator, o => o.ClientSecret = "wrong-secret-value");

        var list = () => client.Templates.ListAsync();

        var error = (await list.Should().ThrowAsync<RunAiCredentialsRejectedException>()).Which;
        error.StatusCode.Should().Be(400, "the token endpoint's spec answers 400 for refused credentials");
        error.RequestPath.Should().Be("api/v1/token");
        error.ClientId.Should().Be("ci-bot");
        error.IsTransient.Should().BeFalse();
        error.Error!.Message.Should().Be("Invalid client credentials.");
        error.Message.Should().Contain("refused the client credentials of client 'ci-bot'");
        error.ToString().Should().NotContain("wrong-secret-value");
        emulator.Statistics.Requests.Should().Be(0, "no template request is sent without a token");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    public async Task A_token_endpoint_that_answers_400_or_401_refused_the_credentials_and_is_asked_once(int status)
    {
        await using var server = await StubServer.StartAsync(context =>
            StubServer.JsonAsync(context, status, $$"""{"code":{{status}},"message":"Bad request","details":"invalid client credentials"}"""));
        using var client = new RunAiClient(new RunAiClientOptions
        {
            BaseUrl = server.BaseUrl,
            ClientId = "ci-bot",
            ClientSecret = Secret,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        var create = () => client.Templates.CreateAsync(Request("never-sent"));

        var error = (await create.Should().ThrowAsync<RunAiCredentialsRejectedException>()).Which;
        error.StatusCode.Should().Be(status);
        error.Error!.Details.Should().Be("invalid client credentials");
        error.Message.Should().Contain("refused the client credentials of client 'ci-bot'").And.Contain($"{status}").And.NotContain(Secret);
        server.Requests.Should().Equal(["POST /api/v1/token"], "a refusal is not retried, and no template request goes out without a token");
    }

    [Fact]
    public async Task A_refusal_whose_message_repeats_the_secret_does_not_show_it()
    {
        await using var server = await StubServer.StartAsync(context =>
            StubServer.JsonAsync(context, 400, $$"""{"code":400,"message":"bad secret {{Secret}}","details":"got {{Secret}}"}"""));
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = server.BaseUrl, ClientId = "ci-bot", ClientSecret = Secret });

        var list = () => client.Templates.ListAsync();

        var error = (await list.Should().ThrowAsync<RunAiCredentialsRejectedException>()).Which;
        error.ToString().Should().NotContain(Secret).And.Contain("ci-bot");
        (error.Error!.Message + error.Error.Details).Should().NotContain(Secret);
    }

    [Fact]
    public async Task A_token_is_refreshed_before_it_expires()
    {
        var clock = NewClock();
        await using var emulator = await StartWith60SecondTokensAsync(clock);
        using var client = CredentialsClient(emulator, o =>
        {
            o.TimeProvider = clock;
            o.TokenRefreshMargin = TimeSpan.FromSeconds(10);
        });

        await client.Templates.ListAsync();
        clock.Advance(TimeSpan.FromSeconds(49));
        await client.Templates.ListAsync();
        emulator.Statistics.TokensIssued.Should().Be(1, "49 s into a 60 s token with a 10 s margin it is still good");

        clock.Advance(TimeSpan.FromSeconds(2));
        await client.Templates.ListAsync();
        await Eventually(() => emulator.Statistics.TokensIssued == 2, "51 s in, within the margin, the token is replaced (in the background)");
        await client.Templates.ListAsync();

        emulator.Statistics.TokensIssued.Should().Be(2);
        emulator.Statistics.Unauthorized.Should().Be(0, "the server never saw an expired token");
    }

    [Fact]
    public async Task An_early_refresh_that_fails_does_not_fail_calls_while_the_token_is_still_valid()
    {
        var clock = NewClock();
        await using var emulator = await StartWith60SecondTokensAsync(clock);

        // The identity service after a secret rotation this client has not caught up with: it refuses the exchange.
        await using var rotated = await StartAsync(o => o.ClientSecret = "rotated-secret");
        var detour = new TokenDetour();
        using var flurl = new FlurlClient(new HttpClient(detour));
        var logger = new CapturingLogger();
        using var client = new RunAiClient(RefreshingOptions(emulator, clock), flurl, logger);
        await client.Templates.ListAsync();
        detour.Target = rotated.BaseUri;

        clock.Advance(TimeSpan.FromSeconds(51));
        for (var i = 0; i < 5; i++)
        {
            (await client.Templates.ListAsync()).Should().BeEmpty("51 s into a 60 s token, the cached token still works");
        }

        // Counted from the client's side: the emulator's refusal is a 401 today, the spec's 400 tomorrow.
        int FailedRefreshes() => logger.Lines.Count(l => l.Contains("Refreshing the access token failed (RunAiCredentialsRejectedException", StringComparison.Ordinal));
        await Eventually(() => FailedRefreshes() == 1, "the refused refresh is logged");
        detour.TokenRequests.Should().Be(2, "the first exchange and one refresh: the failed refresh is not tried again on every call");
        rotated.Statistics.TokensIssued.Should().Be(0);
        emulator.Statistics.TokensIssued.Should().Be(1);
        emulator.Statistics.Unauthorized.Should().Be(0);

        clock.Advance(TimeSpan.FromSeconds(6));
        (await client.Templates.ListAsync()).Should().BeEmpty("57 s in, still valid; a new refresh is tried in the background");
        await Eventually(() => FailedRefreshes() == 2, "a failed refresh is tried again after a pause");
        detour.TokenRequests.Should().Be(3);

        clock.Advance(TimeSpan.FromSeconds(4));
        var list = () => client.Templates.ListAsync();
        await list.Should().ThrowAsync<RunAiCredentialsRejectedException>("61 s in the token has expired: the call waits for the exchange, which fails");
        string.Join("\n", logger.Lines).Should().NotContain(Secret);
    }

    [Fact]
    public async Task A_slow_early_refresh_does_not_hold_up_calls_and_concurrent_callers_share_it()
    {
        var clock = NewClock();
        await using var emulator = await StartWith60SecondTokensAsync(clock);
        var detour = new TokenDetour();
        using var flurl = new FlurlClient(new HttpClient(detour));
        using var client = new RunAiClient(RefreshingOptions(emulator, clock), flurl);
        await client.Templates.ListAsync();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        detour.Hold = hold.Task;

        clock.Advance(TimeSpan.FromSeconds(55));
        var calls = Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Templates.ListAsync()));
        var finished = await Task.WhenAny(calls, Task.Delay(TimeSpan.FromSeconds(5)));

        finished.Should().BeSameAs(calls, "20 calls within the margin use the cached token while the refresh hangs");
        await calls;

        // The refresh starts on the thread pool: it may reach the detour after the calls are done.
        await Eventually(() => detour.TokenRequests >= 2, "the refresh reaches the identity service");
        detour.TokenRequests.Should().Be(2, "the first exchange and one shared refresh");
        emulator.Statistics.TokensIssued.Should().Be(1, "the refresh is still held");

        hold.SetResult();
        await Eventually(() => emulator.Statistics.TokensIssued == 2, "the refresh completes in the background");
        await client.Templates.ListAsync();
        detour.TokenRequests.Should().Be(2);
        emulator.Statistics.Unauthorized.Should().Be(0);
    }

    [Fact]
    public async Task An_expired_token_is_a_401_then_one_refresh_then_success()
    {
        var clock = NewClock();
        await using var emulator = await StartWith60SecondTokensAsync(clock);

        // The client's clock lags the server's, so it sends the token the server has already expired.
        using var client = CredentialsClient(emulator, o => o.TokenRefreshMargin = TimeSpan.Zero);
        await client.Templates.ListAsync();
        clock.Advance(TimeSpan.FromSeconds(61));

        (await client.Templates.ListAsync()).Should().BeEmpty();

        emulator.Statistics.Unauthorized.Should().Be(1);
        emulator.Statistics.TokensIssued.Should().Be(2);
    }

    [Fact]
    public async Task A_revoked_token_is_refreshed_once_and_the_call_succeeds()
    {
        await using var emulator = await StartAsync();
        using var client = CredentialsClient(emulator);
        await client.Templates.ListAsync();
        emulator.RevokeIssuedTokens();

        var created = await client.Templates.CreateAsync(Request("after-revoke"));

        created.Meta.Name.Should().Be("after-revoke");
        emulator.Statistics.Unauthorized.Should().Be(1);
        emulator.Statistics.TokensIssued.Should().Be(2);
        emulator.Statistics.Created.Should().Be(1);
    }

    [Fact]
    public async Task A_second_401_after_the_refresh_is_not_retried_again()
    {
        // Tokens that expire at once: every template request is a 401, even right after a refresh.
        await using var emulator = await StartAsync(o => o.TokenLifetime = TimeSpan.Zero);
        using var client = CredentialsClient(emulator);

        // Bounded, so that a client that refreshes without end fails this test by its assertion, not by the hang timeout.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var list = () => client.Templates.ListAsync(cancellationToken: bound.Token);

        await list.Should().ThrowAsync<RunAiUnauthorizedException>();
        emulator.Statistics.Unauthorized.Should().Be(2, "the first try and exactly one retry with a fresh token");
        emulator.Statistics.TokensIssued.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_exchange_and_one_refresh()
    {
        await using var emulator = await StartAsync();
        using var client = CredentialsClient(emulator);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Templates.ListAsync()));
        emulator.Statistics.TokensIssued.Should().Be(1, "20 concurrent first calls wait for one exchange");

        emulator.RevokeIssuedTokens();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Templates.ListAsync()));

        emulator.Statistics.TokensIssued.Should().Be(2, "20 concurrent 401s with the same token lead to one refresh");
        emulator.Statistics.Unauthorized.Should().BeInRange(1, 20);
    }

    [Fact]
    public async Task A_static_token_never_calls_the_token_endpoint()
    {
        await using var emulator = await StartAsync();
        using var client = NewClient(emulator);

        await client.Templates.ListAsync();

        emulator.Statistics.TokensIssued.Should().Be(0);
    }

    /// <summary>
    /// A caller waiting for a token exchange that another started, or that it started itself, stops waiting when cancelled;
    /// the exchange goes on for the callers still waiting, and is not started again. The test that claimed this used a
    /// token cancelled before the call, which threw before any wait, so it passed whatever the wait did.
    /// </summary>
    [Fact]
    public async Task Cancellation_stops_a_callers_wait_for_the_shared_token_exchange_and_not_the_exchange()
    {
        await using var emulator = await StartAsync();
        var detour = new TokenDetour();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        detour.Hold = hold.Task;
        using var flurl = new FlurlClient(new HttpClient(detour));
        using var client = new RunAiClient(CredentialsOptions(emulator, Secret), flurl);
        using var cancel = new CancellationTokenSource();

        var first = client.Templates.ListAsync(cancellationToken: cancel.Token);
        await Eventually(() => detour.TokenRequests == 1, "the first call starts the exchange, which is held");
        var second = client.Templates.ListAsync();
        await cancel.CancelAsync();

        var waiting = () => first.WaitAsync(TimeSpan.FromSeconds(30));
        await waiting.Should().ThrowAsync<OperationCanceledException>("the cancelled caller stops waiting (a hang would be a TimeoutException)");
        second.IsCompleted.Should().BeFalse("the other caller still waits for the held exchange");

        hold.SetResult();
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeEmpty();
        detour.TokenRequests.Should().Be(1, "one exchange, not spoilt by the cancellation, shared by the caller that stayed");
        emulator.Statistics.TokensIssued.Should().Be(1);
    }

    /// <summary>Stands for what a request's execution context carries: its trace's current Activity, its logging scopes.</summary>
    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>
    /// A refresh no caller waits for ran in the context of the request during which it came due: a span of that user's
    /// trace, logged in its scopes. The first exchange, which its caller waits for, stays in the caller's context.
    /// </summary>
    [Fact]
    public async Task A_background_refresh_does_not_run_in_the_context_of_the_call_it_came_due_in()
    {
        var clock = NewClock();
        await using var emulator = await StartWith60SecondTokensAsync(clock);
        var detour = new TokenDetour();
        using var flurl = new FlurlClient(new HttpClient(detour));
        using var client = new RunAiClient(RefreshingOptions(emulator, clock), flurl);

        Ambient.Value = "request-1";
        await client.Templates.ListAsync();
        Ambient.Value = "request-2";
        clock.Advance(TimeSpan.FromSeconds(55));
        await client.Templates.ListAsync();
        Ambient.Value = null;
        await Eventually(() => detour.TokenRequests == 2, "the refresh reaches the identity service");

        detour.AmbientAtExchange.Should().Equal(["request-1", "(none)"], "the first exchange is request-1's wait; the refresh is no request's");
    }

    /// <summary>Waits up to 5 seconds for <paramref name="condition"/>, for work the client does in the background.</summary>
    private static async Task Eventually(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue(because);
    }

    /// <summary>
    /// The handler of an injected HttpClient that counts token requests and, when told to, holds them (a slow identity
    /// service) or sends them to another server (one that refuses the credentials). Template calls pass untouched.
    /// </summary>
    private sealed class TokenDetour() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _tokenRequests;

        public Uri? Target { get; set; }

        public Task? Hold { get; set; }

        public int TokenRequests => Volatile.Read(ref _tokenRequests);

        /// <summary>The caller's <see cref="Ambient"/> value each token request was sent with (its execution context).</summary>
        public System.Collections.Concurrent.ConcurrentQueue<string> AmbientAtExchange { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == TokenPath)
            {
                Interlocked.Increment(ref _tokenRequests);
                AmbientAtExchange.Enqueue(Ambient.Value ?? "(none)");
                if (Hold is { } hold)
                {
                    await hold.WaitAsync(cancellationToken);
                }

                if (Target is { } target)
                {
                    request.RequestUri = new Uri(target, request.RequestUri.PathAndQuery);
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
