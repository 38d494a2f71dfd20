using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Flurl.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RunAi.TemplateDsl.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Edge cases of the client found by a review: each failed before the fix its comment describes.</summary>
public sealed class ClientEdgeCaseTests
{
    private const string Secret = "review-s3cret-value";

    private static async Task<string> BodyOf(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync();
    }

    // 1. The token exchange goes through the injected HttpClient. A handler that follows redirects (the default of
    //    new HttpClient() and of IHttpClientFactory clients) re-POSTed the client secret to whatever host a 307/308
    //    named, and the API calls then went on with that host's token. A 301/302/303 is followed with a GET (no body),
    //    whose answer is another address's as well.
    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task Token_exchange_never_sends_the_client_secret_to_the_host_a_redirect_names(int status)
    {
        var received = new ConcurrentQueue<string>();
        await using var other = await StubServer.StartAsync(async context =>
        {
            received.Enqueue(context.Request.Method + " " + await BodyOf(context));
            await StubServer.JsonAsync(context, 200, """{"accessToken":"foreign","expiresIn":3600}""");
        });
        await using var api = await StubServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = other.BaseUrl + "/collect";
            return Task.CompletedTask;
        });
        using var flurl = new FlurlClient(new HttpClient());
        using var client = new RunAiClient(StubCredentials(api.BaseUrl, Secret, o => o.MaxRetryAttempts = 0), flurl);

        var list = () => client.Templates.ListAsync();

        var error = (await list.Should().ThrowAsync<RunAiRedirectException>("a redirect is an answer the client does not follow")).Which;
        error.Location.Should().Be(new Uri(other.BaseUrl + "/collect"));
        error.IsTransient.Should().BeFalse();
        received.Should().NotContain(body => body.Contains(Secret), "the secret goes to the configured token endpoint only");
        received.Where(r => !r.StartsWith("GET ", StringComparison.Ordinal)).Should().BeEmpty("only a 301-303 reaches the other host, as a GET without the body");
        if (status != 302)
        {
            other.Requests.Should().BeEmpty("a 307 or 308 would POST the body again, which the client refuses to write");
        }
    }

    // 1b. A handler that sends the token request again to the same address (a retrying one: .NET Aspire's service
    //     defaults put one on every HttpClient) was taken for a redirect: one 503 of the token endpoint failed the call
    //     with a RunAiRedirectException naming the token address itself, not transient, so nothing retried it.
    [Fact]
    public async Task A_handler_that_sends_the_token_request_again_to_the_token_address_is_no_redirect()
    {
        var exchanges = 0;
        await using var api = await StubServer.StartAsync(context => context.Request.Path == TokenPath
            ? Interlocked.Increment(ref exchanges) == 1
                ? StubServer.JsonAsync(context, 503, """{"code":503,"message":"busy"}""")
                : StubServer.JsonAsync(context, 200, """{"accessToken":"t","expiresIn":3600}""")
            : StubServer.JsonAsync(context, 200, EmptyList));
        using var flurl = new FlurlClient(new HttpClient(new ResendOn503 { InnerHandler = new HttpClientHandler() }));
        using var client = new RunAiClient(StubCredentials(api.BaseUrl, Secret, o => o.MaxRetryAttempts = 0), flurl);

        var templates = await client.Templates.ListAsync();

        templates.Should().BeEmpty();
        exchanges.Should().Be(2, "the handler sent the exchange again, to the same address");
    }

    /// <summary>Sends a request again, once, when it is answered 503: what a retrying handler does.</summary>
    private sealed class ResendOn503 : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }

            response.Dispose();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    // 2. Validate refuses a BearerToken a header cannot carry, but a token from the token endpoint was not checked: CR/LF
    //    escaped as a raw FormatException (not a RunAiException) on every call for the token's lifetime; non-ASCII was a
    //    RunAiTransportException of the API call ("failed without an answer"), retried, and said to be maybe processed.
    [Theory]
    [InlineData("tok\r\nX-Injected: 1")]
    [InlineData("tökén")]
    public async Task An_access_token_a_header_cannot_carry_is_a_typed_failure_of_the_token_exchange(string token)
    {
        await using var api = await StubServer.StartAsync(context => context.Request.Path == TokenPath
            ? StubServer.JsonAsync(context, 200, System.Text.Json.JsonSerializer.Serialize(new { accessToken = token, expiresIn = 3600 }))
            : StubServer.JsonAsync(context, 200, EmptyList));
        using var client = new RunAiClient(StubCredentials(api.BaseUrl, Secret));

        var create = () => client.Templates.CreateAsync(ClientTestKit.Request("x"));

        var error = (await create.Should().ThrowAsync<RunAiException>()).Which;
        error.RequestPath.Should().Be("api/v1/token", "the token endpoint gave an unusable token");
        error.IsTransient.Should().BeFalse();
        error.MayHaveBeenProcessed.Should().BeFalse("no create was sent");
    }

    // 3. Dispose while a call is in flight (owned HttpClient, no retries): HttpClient.Dispose cancels the request, Flurl
    //    reads that as its timeout, and the caller was told the request "timed out" (IsTransient, MayHaveBeenProcessed).
    [Fact]
    public async Task A_call_in_flight_when_the_client_is_disposed_fails_as_disposed_not_as_a_timeout()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = await StubServer.StartAsync(async context =>
        {
            arrived.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await StubServer.JsonAsync(context, 200, EmptyList);
        });
        var client = new RunAiClient(new RunAiClientOptions { BaseUrl = api.BaseUrl, BearerToken = "t", MaxRetryAttempts = 0 });
        var list = client.Templates.ListAsync();
        await arrived.Task;

        client.Dispose();
        var call = () => list;

        await call.Should().ThrowAsync<ObjectDisposedException>("the caller disposed the client; nothing timed out");
    }

    // 3b. Dispose while the token exchange is being sent: the HttpClient, disposed with the client, threw its own
    //     ObjectDisposedException, which named System.Net.Http.HttpClient, not the RunAiClient the caller disposed.
    [Fact]
    public async Task A_token_exchange_cut_short_by_the_clients_Dispose_names_the_RunAiClient()
    {
        await using var api = await StubServer.StartAsync(context => StubServer.JsonAsync(context, 200, EmptyList));
        var disposing = new DisposeOnTokenRequest();
        using var flurl = new FlurlClient(new HttpClient(disposing));
        var client = new RunAiClient(StubCredentials(api.BaseUrl, Secret, o => o.MaxRetryAttempts = 0), flurl);
        disposing.Client = client;

        var list = () => client.Templates.ListAsync();

        (await list.Should().ThrowAsync<ObjectDisposedException>()).Which.ObjectName.Should().Be(nameof(RunAiClient));
    }

    /// <summary>Disposes the client when the token request is sent, as a Dispose racing the exchange does, and fails as a disposed HttpClient fails.</summary>
    private sealed class DisposeOnTokenRequest() : DelegatingHandler(new HttpClientHandler())
    {
        public RunAiClient? Client { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != TokenPath)
            {
                return base.SendAsync(request, cancellationToken);
            }

            Client!.Dispose();
            throw new ObjectDisposedException(typeof(HttpClient).FullName);
        }
    }

    // 4. Dispose did not end a call that waits out a backoff or Retry-After: it slept the whole wait (up to
    //    MaxRetryAfter / RetryMaxDelay, 60 s / 30 s by default) and only then learnt the client was gone.
    [Fact]
    public async Task Dispose_ends_a_call_waiting_out_a_Retry_After_promptly()
    {
        await using var api = await StubServer.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = "10";
            return StubServer.JsonAsync(context, 503, """{"code":503,"message":"later"}""");
        });
        var client = new RunAiClient(new RunAiClientOptions { BaseUrl = api.BaseUrl, BearerToken = "t", MaxRetryAttempts = 1 });
        var list = client.Templates.ListAsync();
        await Task.Delay(500);
        var watch = Stopwatch.StartNew();

        client.Dispose();
        var call = () => list;

        await call.Should().ThrowAsync<ObjectDisposedException>();
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "Dispose ends the wait instead of letting it run 10 s");
    }

    // 5. ToString showed a password of the base URL. Unescaped '#' or '?' in the password: Uri either reads "user:pass"
    //    as host:port (a digit-only password) or fails, and the fallback cut at '?'/'#' before it looked for '@'.
    [Theory]
    [InlineData("https://admin:4711#x@runai.example.com/", "4711")]
    [InlineData("https://admin:hun?ter2@runai.example.com/", "hun")]
    [InlineData("https://admin:hun#ter2@runai.example.com/", "hun")]
    public void Options_ToString_shows_no_part_of_a_password_with_a_hash_or_question_mark(string baseUrl, string passwordPart)
    {
        var options = new RunAiClientOptions { BaseUrl = baseUrl, BearerToken = "t" };

        options.ToString().Should().NotContain("admin:" + passwordPart);
    }

    // 6. 2xx and error bodies are parsed from a ReadOnlySpan, which did not skip a UTF-8 BOM (RFC 8259 8.1 lets a parser
    //    ignore it; the token exchange, read from a stream, did). A list/get from such a server was
    //    RunAiUnreadableResponseException ("not transient": a create that worked was reported as unreadable), and an error
    //    body lost its message.
    [Fact]
    public async Task Json_answers_that_start_with_a_utf8_bom_are_read()
    {
        await using var api = await StubServer.StartAsync(async context =>
        {
            var missing = context.Request.Path.Value!.EndsWith("/missing", StringComparison.Ordinal);
            context.Response.StatusCode = missing ? 404 : 200;
            context.Response.ContentType = "application/json; charset=utf-8";
            var json = missing ? """{"code":404,"message":"no such template"}""" : EmptyList;
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray());
        });
        // A token of one letter would be redacted out of the error's message wherever the letter occurs.
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = api.BaseUrl, BearerToken = "bom-token", MaxRetryAttempts = 0 });

        var list = () => client.Templates.ListAsync();
        var get = () => client.Templates.GetAsync("missing");

        (await list.Should().NotThrowAsync()).Which.Should().BeEmpty();
        (await get.Should().ThrowAsync<RunAiNotFoundException>()).Which.Error.Should().NotBeNull().And.Match<ApiError>(e => e.Message == "no such template");
    }

    // 7. AddRunAiTemplates added its "registered" marker before validating: after a refused registration, the corrected
    //    one was refused as a second registration ("was called before"), although nothing was registered.
    [Fact]
    public void AddRunAiTemplates_after_a_refused_registration_accepts_corrected_options()
    {
        var services = new ServiceCollection();
        var invalid = () => services.AddRunAiTemplates(o => { o.BaseUrl = "http://tenant.example"; o.BearerToken = "t"; });
        invalid.Should().Throw<ArgumentException>();

        var corrected = () => services.AddRunAiTemplates(o => { o.BaseUrl = "https://tenant.example"; o.BearerToken = "t"; });

        corrected.Should().NotThrow("the first call registered nothing");
    }

    // 8. A call whose token was already cancelled still started the token exchange, sending the client secret.
    [Fact]
    public async Task A_call_cancelled_before_it_starts_sends_nothing_not_even_the_token_exchange()
    {
        var exchanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = await StubServer.StartAsync(context =>
        {
            exchanged.TrySetResult();
            return context.Request.Path == TokenPath
                ? StubServer.JsonAsync(context, 200, """{"accessToken":"abc","expiresIn":3600}""")
                : StubServer.JsonAsync(context, 200, EmptyList);
        });
        using var client = new RunAiClient(StubCredentials(api.BaseUrl, Secret));

        var list = () => client.Templates.ListAsync(cancellationToken: new CancellationToken(canceled: true));

        await list.Should().ThrowAsync<OperationCanceledException>();
        (await Task.WhenAny(exchanged.Task, Task.Delay(1000))).Should().NotBeSameAs(exchanged.Task, "a cancelled call sends no request");
        api.Requests.Should().BeEmpty();
    }

    // 9. A token answer with an accessToken but an off-spec expiresIn (3600.5) was reported as having no accessToken.
    [Fact]
    public async Task A_token_answer_with_an_unreadable_expiresIn_is_not_reported_as_missing_its_accessToken()
    {
        await using var api = await StubServer.StartAsync(context => context.Request.Path == TokenPath
            ? StubServer.JsonAsync(context, 200, """{"accessToken":"abc","expiresIn":3600.5}""")
            : StubServer.JsonAsync(context, 200, EmptyList));
        using var client = new RunAiClient(StubCredentials(api.BaseUrl, Secret));

        var list = () => client.Templates.ListAsync();

        // Either the token is used (its lifetime unknown) or the failure names what is wrong; not "no accessToken".
        (await list.Should().ThrowAsync<RunAiException>()).Which.Message.Should().NotContain("without an accessToken");
    }
}
