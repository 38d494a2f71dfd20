using System.Collections.Concurrent;
using System.Text;
using Flurl.Http;
using Flurl.Http.Testing;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>http:// refusal, and no token or secret in anything the client emits.</summary>
public sealed class SecurityTests
{
    [Theory]
    [InlineData("http://tenant.example.com")]
    [InlineData("http://10.1.2.3:8080")]
    [InlineData("http://127.0.0.1.example.com")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    [InlineData("https://user:pw@tenant.example.com")]
    public void Insecure_or_invalid_base_urls_are_refused(string url)
    {
        var create = () => new RunAiClient(new RunAiClientOptions { BaseUrl = url, BearerToken = "t" });

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("BaseUrl");
    }

    [Theory]
    [InlineData("https://acme.run.ai/api/v1", "https://acme.run.ai/api/v1")]
    [InlineData("http://127.0.0.1:8080/API/v1/", "http://127.0.0.1:8080/API/v1/")]
    [InlineData("https://acme.example.com/runai/api/v1/", "https://acme.example.com/runai/api/v1/")]
    public void A_base_url_that_ends_in_the_APIs_own_path_is_refused_saying_what_to_remove(string url, string shown)
    {
        // The client adds api/v1/… itself: every call went to …/api/v1/api/v1/… and the tenant answered 404.
        var create = () => new RunAiClient(new RunAiClientOptions { BaseUrl = url, BearerToken = "t" });

        create.Should().Throw<ArgumentException>().Which.Message.Should().StartWith($"BaseUrl is the control plane's address, e.g. https://acme.run.ai; the client adds api/v1/… to it. Remove 'api/v1' from '{shown}'.");
    }

    [Fact]
    public void A_base_url_that_is_no_url_is_refused_showing_it_only_when_it_has_a_scheme()
    {
        var create = () => new RunAiClient(new RunAiClientOptions { BaseUrl = "htps//acme.run.ai", BearerToken = "t" });
        create.Should().Throw<ArgumentException>().Which.Message.Should().StartWith("BaseUrl must be an absolute http(s) URL, e.g. https://acme.run.ai; it is 17 characters without a scheme, not shown; a host name needs https:// before it.");
        var scheme = () => new RunAiClient(new RunAiClientOptions { BaseUrl = "https://", BearerToken = "t" });
        scheme.Should().Throw<ArgumentException>().Which.Message.Should().Contain("it is 'https://'.");

        // A secret put in the wrong variable is not repeated in the message (it goes to a CI log): a client secret, or an
        // access token, which as a JWT has dots as a host name has.
        var secret = () => new RunAiClient(new RunAiClientOptions { BaseUrl = "s3cr3t-client-secret-VALUE", BearerToken = "t" });
        secret.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("s3cr3t").And.Contain("26 characters without a scheme, not shown;");
        const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.SIGNATUREsecret";
        var token = () => new RunAiClient(new RunAiClientOptions { BaseUrl = Jwt, BearerToken = "t" });
        token.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("SIGNATURE").And.NotContain("eyJ");
    }

    [Theory]
    [InlineData("https://tenant.example.com")]
    [InlineData("https://tenant.example.com/runai/")]
    [InlineData("https://tenant.example.com/api/v10")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://127.3.4.5")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]:8080")]
    public void Https_and_loopback_http_are_accepted(string url)
    {
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = url, BearerToken = "t" });

        client.BaseUrl.AbsoluteUri.Should().EndWith("/");
    }

    [Fact]
    public void Http_to_another_host_needs_an_explicit_opt_in()
    {
        var refused = () => new RunAiClient(new RunAiClientOptions { BaseUrl = "http://runai.internal", BearerToken = "t" });
        refused.Should().Throw<ArgumentException>().WithMessage("*clear text*");

        using var allowed = new RunAiClient(new RunAiClientOptions { BaseUrl = "http://runai.internal", BearerToken = "t", AllowInsecureHttp = true });
        allowed.BaseUrl.Host.Should().Be("runai.internal");
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("t", "id", "secret")]
    [InlineData(null, "id", null)]
    public void Exactly_one_way_to_authenticate_is_required(string? token, string? clientId, string? secret)
    {
        var options = new RunAiClientOptions { BaseUrl = "https://x.example", BearerToken = token, ClientId = clientId, ClientSecret = secret };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().Which.Message.Should().NotContain("secret\"");
    }

    [Fact]
    public async Task Neither_the_client_secret_nor_any_access_token_appears_in_anything_the_client_emits()
    {
        var secret = "client-secret-" + Guid.NewGuid().ToString("N");
        await using var emulator = await StartEmulatorAsync(o =>
        {
            o.ClientId = "redaction-bot";
            o.ClientSecret = secret;
        });
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        var emitted = new ConcurrentQueue<string>();
        var calls = new ConcurrentQueue<FlurlCall>();
        var logger = new CapturingLogger();

        // A user's Flurl client with handlers of its own that record every call as it happens.
        using var flurl = new FlurlClient(new HttpClient());
        flurl.BeforeCall(call => { calls.Enqueue(call); emitted.Enqueue(Describe(call)); });
        flurl.OnError(call => emitted.Enqueue(Describe(call)));
        flurl.AfterCall(call => emitted.Enqueue(Describe(call)));
        var options = Options(emulator, o =>
        {
            o.BearerToken = null;
            o.ClientId = "redaction-bot";
            o.ClientSecret = secret;
            o.MaxRetryAttempts = 1;
        });
        using var client = new RunAiClient(options, flurl, logger);

        async Task Expect<T>(Func<Task> call)
            where T : Exception
        {
            var error = (await call.Should().ThrowAsync<T>()).Which;
            emitted.Enqueue(error.Message);
            emitted.Enqueue(error.ToString());
            seenTokens.UnionWith(emulator.IssuedTokens);
        }

        var created = await client.Templates.CreateAsync(Request("redacted"));
        seenTokens.UnionWith(emulator.IssuedTokens);
        await client.Templates.UpdateAsync(created.Meta.Id, Update(Request("redacted"), "d2"));
        await Expect<RunAiNotFoundException>(() => client.Templates.GetAsync(Guid.NewGuid().ToString()));
        await Expect<TemplateAlreadyExistsException>(() => client.Templates.CreateAsync(Request("redacted")));
        var invalid = Request("invalid");
        invalid.Meta.ProjectId = null;
        await Expect<RunAiBadRequestException>(() => client.Templates.CreateAsync(invalid));
        emulator.RevokeIssuedTokens();
        await client.Templates.ListAsync();
        seenTokens.UnionWith(emulator.IssuedTokens);
        emulator.Faults = new EmulatorFaults { UnavailableRate = 1, RetryAfterShare = 1, RetryAfter = TimeSpan.Zero };
        await Expect<RunAiServiceUnavailableException>(() => client.Templates.DeleteAsync(created.Meta.Id));
        emulator.Faults = new EmulatorFaults { DropAfterProcessingRate = 1 };
        await Expect<RunAiTransportException>(() => client.Templates.GetAsync(created.Meta.Id));
        emulator.Faults = EmulatorFaults.None;
        using (var wrongSecret = new RunAiClient(Options(emulator, o => { o.BearerToken = null; o.ClientId = "redaction-bot"; o.ClientSecret = secret + "-wrong"; }), flurl, logger))
        {
            await Expect<RunAiCredentialsRejectedException>(() => wrongSecret.Templates.ListAsync());
            emitted.Enqueue(wrongSecret.ToString());
        }

        emitted.Enqueue(client.ToString());
        emitted.Enqueue(options.ToString());
        foreach (var call in calls)
        {
            emitted.Enqueue(Describe(call)); // the call records as they are kept after the calls
        }

        seenTokens.Should().HaveCount(2, "the client was issued a token, and a second one after the revocation");
        emulator.Statistics.Created.Should().Be(1, "the token did reach the server");
        var everything = string.Join("\n", emitted) + "\n" + string.Join("\n", logger.Lines);
        everything.Should().Contain("redacted").And.Contain("redaction-bot", "the test sees what the client emits");
        everything.Should().NotContain(secret);
        foreach (var token in seenTokens)
        {
            everything.Should().NotContain(token);
        }
    }

    [Fact]
    public async Task A_static_token_is_absent_from_Flurl_call_records_and_HttpTest_call_logs()
    {
        var token = "static-token-" + Guid.NewGuid().ToString("N");
        await using var emulator = await StartEmulatorAsync(o => o.Token = token);
        var records = new ConcurrentQueue<FlurlCall>();
        using var flurl = new FlurlClient(new HttpClient());
        flurl.AfterCall(records.Enqueue);
        using var client = NewClient(emulator, flurl: flurl);

        await client.Templates.ListAsync();
        await ((Func<Task>)(() => client.Templates.GetAsync("missing"))).Should().ThrowAsync<RunAiNotFoundException>();
        using (var test = new HttpTest())
        {
            test.RespondWith(EmptyList);
            await client.Templates.ListAsync();
            test.CallLog.Should().ContainSingle();
            Describe(test.CallLog[0]).Should().NotContain(token);
        }

        records.Should().HaveCount(3);
        string.Join("\n", records.Select(Describe)).Should().NotContain(token).And.Contain("workload-template");
        client.ToString().Should().NotContain(token).And.Contain("***");
    }

    [Fact]
    public async Task The_token_exchange_is_invisible_to_the_event_handlers_of_an_injected_Flurl_client()
    {
        var secret = "client-secret-" + Guid.NewGuid().ToString("N");
        await using var emulator = await StartEmulatorAsync(o =>
        {
            o.ClientId = "exchange-bot";
            o.ClientSecret = secret;
        });
        var seen = new ConcurrentQueue<string>();

        // A user's Flurl client whose handlers read everything a call shows them: URL, headers, both bodies.
        using var flurl = new FlurlClient(new HttpClient());
        var snooper = new Snooper(seen);
        flurl.EventHandlers.Add((FlurlEventType.BeforeCall, snooper));
        flurl.EventHandlers.Add((FlurlEventType.AfterCall, snooper));
        flurl.EventHandlers.Add((FlurlEventType.OnError, snooper));
        using var client = new RunAiClient(Options(emulator, o =>
        {
            o.BearerToken = null;
            o.ClientId = "exchange-bot";
            o.ClientSecret = secret;
        }), flurl);

        var created = await client.Templates.CreateAsync(Request("snooped"));
        emulator.RevokeIssuedTokens();
        await client.Templates.GetAsync(created.Meta.Id);
        var tokens = emulator.IssuedTokens;

        emulator.Statistics.TokensIssued.Should().Be(2, "one exchange at the start and one after the revocation");
        var everything = string.Join("\n", seen);
        everything.Should().Contain("workload-template").And.Contain("snooped", "the handlers saw the template calls and their bodies");
        everything.Should().NotContain("api/v1/token", "the exchange does not go through the user's Flurl client's events");
        everything.Should().NotContain(secret);
        tokens.Should().NotBeEmpty();
        foreach (var token in tokens)
        {
            everything.Should().NotContain(token);
        }
    }

    [Fact]
    public async Task No_public_property_or_field_reachable_from_call_records_or_exceptions_holds_the_token()
    {
        // What a structured logger does with an object: walk its public members. Flurl keeps our BeforeCall handler in
        // each call's Request.EventHandlers, and FlurlHttpException.Call leads to the same records.
        var token = "static-token-" + Guid.NewGuid().ToString("N");
        await using var emulator = await StartEmulatorAsync(o => o.Token = token);
        var records = new ConcurrentQueue<FlurlCall>();
        using var flurl = new FlurlClient(new HttpClient());
        flurl.AfterCall(records.Enqueue);
        flurl.OnError(records.Enqueue);
        using var client = NewClient(emulator, o => o.MaxRetryAttempts = 0, flurl: flurl);

        await client.Templates.ListAsync();
        await ((Func<Task>)(() => client.Templates.GetAsync("missing"))).Should().ThrowAsync<RunAiNotFoundException>();
        emulator.Faults = new EmulatorFaults { DropAfterProcessingRate = 1 };
        var dropped = (await ((Func<Task>)(() => client.Templates.ListAsync())).Should().ThrowAsync<RunAiTransportException>()).Which;
        emulator.Faults = EmulatorFaults.None;

        dropped.InnerException.Should().BeAssignableTo<FlurlHttpException>().Which.Call.Should().NotBeNull();
        records.Should().NotBeEmpty();
        var roots = records.Cast<object>().Append(dropped).ToList();
        var (visited, holders) = PublicMembersHolding(token, roots);

        visited.Should().BeGreaterThan(100, "the walk went deep enough to reach the handlers of each request");
        holders.Should().BeEmpty();
    }

    [Fact]
    public async Task No_public_member_of_an_error_whose_body_echoes_the_token_in_members_of_its_own_holds_it()
    {
        var token = "static-token-" + Guid.NewGuid().ToString("N");
        await using var server = await StubServer.StartAsync(context => StubServer.JsonAsync(
            context,
            400,
            $$"""{"code":400,"message":"bad request","echo":{"authorization":"{{context.Request.Headers.Authorization}}"},"seen":["{{token}}"]}"""));
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = server.BaseUrl, BearerToken = token });

        var error = (await ((Func<Task>)(() => client.Templates.ListAsync())).Should().ThrowAsync<RunAiBadRequestException>()).Which;
        var (_, holders) = PublicMembersHolding(token, [error]);

        error.Error!.AdditionalProperties.Should().ContainKeys("echo", "seen");
        holders.Should().BeEmpty("a structured logger walks the exception's public members, the unknown members of its Error among them");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Flurl_client_with_an_Authorization_of_its_own_sends_ours_on_our_calls_and_never_its_own(bool clientCredentials)
    {
        // A Flurl client's default headers are copied onto each request after its BeforeCall handlers: its Authorization
        // used to replace the client's token, so every call was a 401 and the other API's token went to the Run:ai host.
        const string secret = "s3cret";
        const string others = "token-of-another-api";
        await using var emulator = await StartCredentialsEmulatorAsync(secret);
        var sent = new ConcurrentQueue<string>();
        var records = new ConcurrentQueue<FlurlCall>();
        using var flurl = new FlurlClient(new HttpClient(new AuthorizationSpy(sent))).WithOAuthBearerToken(others);
        flurl.AfterCall(records.Enqueue);
        using var client = new RunAiClient(clientCredentials ? CredentialsOptions(emulator, secret) : Options(emulator), flurl);

        var created = await client.Templates.CreateAsync(Request("own-authorization"));
        await client.Templates.GetAsync(created.Meta.Id);
        await client.Templates.ListAsync();

        IReadOnlyCollection<string> tokens = clientCredentials ? emulator.IssuedTokens : [emulator.Token];
        var token = tokens.Should().ContainSingle().Which;
        sent.Where(s => !s.StartsWith("POST " + TokenPath, StringComparison.Ordinal)).Should().HaveCount(3)
            .And.OnlyContain(s => s.EndsWith(" Bearer " + token, StringComparison.Ordinal), "each call carries the client's own token");
        sent.Should().NotContain(s => s.Contains(others, StringComparison.Ordinal));
        records.Should().HaveCount(3);
        foreach (var call in records)
        {
            call.Request.Headers.Should().NotContain(h => h.Value.Contains(token, StringComparison.Ordinal), "the scrubber takes ours off the request too");
            call.HttpRequestMessage.Headers.Authorization.Should().BeNull();
        }

        flurl.Headers.Should().Contain(h => h.Name == "Authorization" && h.Value == "Bearer " + others, "the Flurl client keeps its own header for its own calls");
    }

    /// <summary>
    /// Walks public instance properties and fields (and the items of collections) from <paramref name="roots"/>, as a
    /// structured logger would, and returns the paths of the strings that contain <paramref name="secret"/>.
    /// </summary>
    private static (int Visited, List<string> Holders) PublicMembersHolding(string secret, IEnumerable<object> roots)
    {
        var holders = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<(object Value, string Path, int Depth)>(roots.Select((r, i) => (r, $"root[{i}]", 0)));
        var visited = 0;
        while (queue.Count > 0 && visited < 50_000)
        {
            var (value, path, depth) = queue.Dequeue();
            var type = value.GetType();
            if (value is string text)
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    holders.Add(path);
                }

                continue;
            }

            if (value is System.Text.Json.JsonElement json)
            {
                // A member the model does not know (WireObject.AdditionalProperties): a logger writes it out as JSON.
                if (json.GetRawText().Contains(secret, StringComparison.Ordinal) || json.ToString().Contains(secret, StringComparison.Ordinal))
                {
                    holders.Add(path);
                }

                continue;
            }

            if (type.IsPrimitive || type.IsEnum || value is Type or System.Reflection.MemberInfo or System.Reflection.Assembly or Delegate or Task or Stream or CancellationToken or WaitHandle
                || type.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true
                || type.Namespace?.StartsWith("System.Reflection", StringComparison.Ordinal) == true
                || depth > 10 || (!type.IsValueType && !seen.Add(value)))
            {
                continue;
            }

            visited++;
            if (value is System.Collections.IEnumerable items)
            {
                var i = 0;
                try
                {
                    foreach (var item in items)
                    {
                        if (item is not null && i < 1000)
                        {
                            queue.Enqueue((item, $"{path}[{i}]", depth + 1));
                        }

                        i++;
                    }
                }
                catch (Exception)
                {
                    // A collection that cannot be enumerated now is no holder.
                }
            }

            foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
                {
                    continue;
                }

                object? member;
                try
                {
                    member = property.GetValue(value);
                }
                catch (Exception)
                {
                    continue;
                }

                if (member is not null)
                {
                    queue.Enqueue((member, $"{path}.{property.Name}", depth + 1));
                }
            }

            foreach (var field in type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            {
                if (field.GetValue(value) is { } member)
                {
                    queue.Enqueue((member, $"{path}.{field.Name}", depth + 1));
                }
            }
        }

        return (visited, holders);
    }

    private static string Describe(FlurlCall call)
    {
        var text = new StringBuilder()
            .AppendLine(call.ToString())
            .AppendLine(call.Request.Url.ToString())
            .AppendLine(string.Join("; ", call.Request.Headers.Select(h => $"{h.Name}: {h.Value}")))
            .AppendLine(call.RequestBody)
            .AppendLine(call.HttpRequestMessage?.ToString())
            .AppendLine(call.HttpRequestMessage?.Headers.ToString())
            .AppendLine(call.HttpResponseMessage?.ToString())
            .AppendLine(call.Exception?.ToString());
        return text.ToString();
    }

    /// <summary>A user's handler that reads all it can of a call: URL, headers, request and response bodies.</summary>
    /// <summary>Records, per request that leaves the Flurl client, its method, path and Authorization header.</summary>
    private sealed class AuthorizationSpy(ConcurrentQueue<string> sent) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath} {request.Headers.Authorization}");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Snooper(ConcurrentQueue<string> seen) : FlurlEventHandler
    {
        public override async Task HandleAsync(FlurlEventType eventType, FlurlCall call)
        {
            var text = new StringBuilder().Append(eventType).Append(' ').AppendLine(Describe(call));
            text.AppendLine(await ReadAsync(call.HttpRequestMessage?.Content));
            text.AppendLine(await ReadAsync(call.HttpResponseMessage?.Content));
            if (call.Response is { } response)
            {
                text.AppendLine(string.Join("; ", response.Headers.Select(h => $"{h.Name}: {h.Value}")));
                try
                {
                    text.AppendLine(await response.GetStringAsync());
                }
                catch (Exception e)
                {
                    text.AppendLine(e.Message);
                }
            }

            seen.Enqueue(text.ToString());
        }

        private static async Task<string?> ReadAsync(HttpContent? content)
        {
            try
            {
                return content is null ? null : await content.ReadAsStringAsync();
            }
            catch (Exception e)
            {
                return e.Message;
            }
        }
    }
}
