using System.Globalization;
using Flurl.Http;
using Microsoft.Extensions.Logging.Abstractions;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>
/// Behaviours of the client that a manual mutation test found unpinned: each test fails on the regression its comment
/// names and passes on the code as it is.
/// </summary>
public sealed class ClientMutationTests
{
    private const string Secret = "mutation-s3cret";

    // Guards against: a Retry-After given as an HTTP date read as the time since that date (always 0: no wait at all).
    [Fact]
    public async Task A_Retry_After_given_as_a_date_is_the_time_until_that_date()
    {
        var until = DateTimeOffset.UtcNow.AddHours(1);
        await using var server = await StubServer.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = until.ToString("R", CultureInfo.InvariantCulture);
            return StubServer.JsonAsync(context, 503, """{"code":503,"message":"maintenance"}""");
        });
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = server.BaseUrl, BearerToken = "t", MaxRetryAttempts = 0 });

        var list = () => client.Templates.ListAsync();

        var error = (await list.Should().ThrowAsync<RunAiServiceUnavailableException>()).Which;
        error.RetryAfter.Should().NotBeNull();
        error.RetryAfter!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(50), "the date is an hour away").And.BeLessThanOrEqualTo(TimeSpan.FromHours(1));
    }

    // Guards against: Invalidate forgetting whatever token is cached, so that a late 401 for an old token throws away the
    // token that already replaced it (one more exchange per straggler).
    [Fact]
    public async Task Invalidating_a_token_that_was_already_replaced_keeps_the_new_one()
    {
        await using var emulator = await StartCredentialsEmulatorAsync(Secret);
        var options = CredentialsOptions(emulator, Secret);
        using var flurl = new FlurlClient(new HttpClient());
        using var tokens = new ClientCredentialsTokenSource(flurl, options.ValidatedBaseUri(), options, NullLogger.Instance);

        var first = await tokens.GetTokenAsync(CancellationToken.None);
        tokens.Invalidate(first);
        var second = await tokens.GetTokenAsync(CancellationToken.None);

        // A call that sent the first token is answered 401 only now, after the refresh.
        tokens.Invalidate(first);

        second.Should().NotBe(first);
        (await tokens.GetTokenAsync(CancellationToken.None)).Should().Be(second, "the token the late 401 names is no longer the cached one");
        tokens.Exchanges.Should().Be(2);
        emulator.Statistics.TokensIssued.Should().Be(2);
    }

    // Guards against: the pause after a failed early refresh being ignored, so that every call while the token is still
    // valid starts another exchange against a failing token endpoint.
    [Fact]
    public async Task After_a_failed_early_refresh_calls_keep_the_valid_token_without_asking_again_at_once()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var issued = 0;
        await using var server = await StubServer.StartAsync(context => Interlocked.Increment(ref issued) == 1
            ? StubServer.JsonAsync(context, 200, """{"accessToken":"valid-for-a-minute","expiresIn":60}""")
            : StubServer.JsonAsync(context, 503, """{"code":503,"message":"identity service down"}"""));
        var options = StubCredentials(server.BaseUrl, Secret, o =>
        {
            o.TimeProvider = clock;
            o.TokenRefreshMargin = TimeSpan.FromSeconds(10);
        });
        var logger = new CapturingLogger();
        using var flurl = new FlurlClient(new HttpClient());
        using var tokens = new ClientCredentialsTokenSource(flurl, options.ValidatedBaseUri(), options, logger);
        var token = await tokens.GetTokenAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(51));
        (await tokens.GetTokenAsync(CancellationToken.None)).Should().Be(token, "51 s into a 60 s token it is still valid; the refresh runs in the background");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!logger.Lines.Any(l => l.Contains("Refreshing the access token failed", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        logger.Lines.Should().Contain(l => l.Contains("Refreshing the access token failed", StringComparison.Ordinal));
        for (var i = 0; i < 3; i++)
        {
            (await tokens.GetTokenAsync(CancellationToken.None)).Should().Be(token);
        }

        tokens.Exchanges.Should().Be(2, "the first exchange and the failed refresh; the next refresh waits for RefreshRetryDelay");
        clock.Advance(ClientCredentialsTokenSource.RefreshRetryDelay);
        await tokens.GetTokenAsync(CancellationToken.None);
        tokens.Exchanges.Should().Be(3, "after the pause a refresh is tried again");
    }

    // Guards against: an expiry check of "now > expiresAt", which sends a token at the very instant it expires (a 401).
    [Fact]
    public async Task A_token_is_not_sent_at_the_instant_it_expires()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartCredentialsEmulatorAsync(Secret, o =>
        {
            o.TimeProvider = clock;
            o.TokenLifetime = TimeSpan.FromSeconds(60);
        });
        using var client = new RunAiClient(CredentialsOptions(emulator, Secret, o =>
        {
            o.TimeProvider = clock;
            o.TokenRefreshMargin = TimeSpan.FromSeconds(10);
        }));
        await client.Templates.ListAsync();

        clock.Advance(TimeSpan.FromSeconds(60));

        (await client.Templates.ListAsync()).Should().BeEmpty();
        emulator.Statistics.TokensIssued.Should().Be(2);
        emulator.Statistics.Unauthorized.Should().Be(0, "at 60 s a 60 s token has expired: the client waits for a new one instead of sending it");
    }

    // Guards against: an expiresIn of 0 (no lifetime given) taken as a lifetime of 0 s, which exchanges the client
    // credentials again before every call.
    [Fact]
    public async Task A_token_answer_with_expiresIn_0_is_kept_until_the_server_rejects_it()
    {
        var issued = 0;
        await using var server = await StubServer.StartAsync(context => context.Request.Path == TokenPath
            ? StubServer.JsonAsync(context, 200, $$"""{"accessToken":"t{{Interlocked.Increment(ref issued)}}","expiresIn":0}""")
            : StubServer.JsonAsync(context, 200, EmptyList));
        using var client = new RunAiClient(StubCredentials(server.BaseUrl, Secret));

        for (var i = 0; i < 3; i++)
        {
            (await client.Templates.ListAsync()).Should().BeEmpty();
        }

        server.Requests.Count(r => r == "POST " + TokenPath).Should().Be(1);
    }

    // Guards against: the look-up after a lost create answer taking the first template of that name, whatever its scope:
    // a tenant template of the same name made the client's own system template a 409.
    [Fact]
    public async Task A_lost_system_create_is_found_although_a_tenant_template_has_the_same_name()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        var tenant = await client.Templates.CreateAsync(Request("shared-name", scope: Scope.Tenant));
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var created = await client.Templates.CreateAsync(Request("shared-name", scope: Scope.System, projectId: null));

        created.Meta.Scope.Should().Be(Scope.System);
        created.Meta.Id.Should().NotBe(tenant.Meta.Id);
        var stored = await emulator.GetTemplatesAsync();
        stored.Should().HaveCount(2);
        stored.Single(t => t.Meta.Scope == Scope.System).Meta.Id.Should().Be(created.Meta.Id);
        emulator.Statistics.InjectedDrops.Should().Be(1);
    }

    // Guards against: an item id put into the path unescaped, where '?' or '#' cut it short and the call addressed the
    // template whose id is the part before them (a delete of another template).
    [Theory]
    [InlineData("?force=true")]
    [InlineData("#old")]
    [InlineData("/")]
    public async Task An_id_with_url_delimiters_addresses_no_other_template(string suffix)
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        var kept = await client.Templates.CreateAsync(Request("kept"));
        var id = kept.Meta.Id + suffix;

        var get = () => client.Templates.GetAsync(id);
        var delete = () => client.Templates.DeleteAsync(id);

        await get.Should().ThrowAsync<RunAiNotFoundException>();
        await delete.Should().ThrowAsync<RunAiNotFoundException>();
        (await emulator.GetTemplatesAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(kept.Meta.Id);
    }

    // Guards against: a failed token exchange counted as an attempt of the call that may have been carried out, which
    // reports a create that was refused with 503 every time as one that may have happened.
    [Fact]
    public async Task A_failed_token_exchange_does_not_make_a_refused_create_look_possibly_done()
    {
        var exchanges = 0;
        await using var server = await StubServer.StartAsync(context => context.Request.Path == TokenPath
            ? Interlocked.Increment(ref exchanges) == 1
                ? StubServer.JsonAsync(context, 502, """{"code":502,"message":"bad gateway"}""")
                : StubServer.JsonAsync(context, 200, """{"accessToken":"t","expiresIn":3600}""")
            : StubServer.JsonAsync(context, 503, """{"code":503,"message":"busy"}"""));
        using var client = new RunAiClient(StubCredentials(server.BaseUrl, Secret, o => o.MaxRetryAttempts = 2));

        var create = () => client.Templates.CreateAsync(Request("never-made"));

        var error = (await create.Should().ThrowAsync<RunAiServiceUnavailableException>()).Which;
        error.MayHaveBeenProcessed.Should().BeFalse("the 502 was the token endpoint's, and every create was answered 503");
        server.Requests.Count(r => r == "POST /" + TemplatesApi.CollectionPath).Should().Be(2);
    }
}
