using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Client credentials at POST /api/v1/token: caching, refresh before expiry, one refresh after a 401, one shared refresh.</summary>
public sealed class TokenTests
{
    private const string Secret = "s3cret-client-secret";

    private static RunAiClient CredentialsClient(RunAiEmulator emulator, Action<RunAiClientOptions>? configure = null) =>
        NewClient(emulator, o =>
        {
            o.BearerToken = null;
            o.ClientId = "ci-bot";
            o.ClientSecret = Secret;
            configure?.Invoke(o);
        });

    private static Task<RunAiEmulator> StartAsync(Action<RunAiEmulatorOptions>? configure = null) =>
        StartEmulatorAsync(o =>
        {
            o.ClientId = "ci-bot";
            o.ClientSecret = Secret;
            configure?.Invoke(o);
        });

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
    public async Task Wrong_client_credentials_are_a_typed_refusal_that_names_the_client_and_not_the_secret()
    {
        await using var emulator = await StartAsync();
        using var client = CredentialsClient(emulator, o => o.ClientSecret = "wrong-secret-value");

        var list = () => client.Templates.ListAsync();

        // The token spec lists 400 for a refused request; the emulator has answered 401. Either is a refusal.
        var error = (await list.Should().ThrowAsync<RunAiCredentialsRejectedException>()).Which;
        error.StatusCode.Should().BeOneOf(400, 401);
        error.RequestPath.Should().Be("api/v1/token");
        error.ClientId.Should().Be("ci-bot");
        error.IsTransient.Should().BeFalse();
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
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TokenLifetime = TimeSpan.FromSeconds(60);
        });
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

        emulator.Statistics.TokensIssued.Should().Be(2, "51 s in, within the margin, the token is replaced before use");
        emulator.Statistics.Unauthorized.Should().Be(0, "the server never saw an expired token");
    }

    [Fact]
    public async Task An_expired_token_is_a_401_then_one_refresh_then_success()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TokenLifetime = TimeSpan.FromSeconds(60);
        });

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

        var list = () => client.Templates.ListAsync();

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
}
