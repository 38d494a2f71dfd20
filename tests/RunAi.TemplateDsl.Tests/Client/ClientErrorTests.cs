using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Flurl.Http.Testing;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Every error status becomes its typed exception with the status and the spec's Error body.</summary>
public sealed class ClientErrorTests : EmulatorTestBase
{
    protected override void Configure(RunAiEmulatorOptions options) => options.ReadOnlyToken = "viewer-token";

    [Fact]
    public async Task A_request_that_breaks_the_rules_is_a_400_listing_rule_ids_and_paths()
    {
        var request = Request("no-project");
        request.Meta.ProjectId = null;
        request.Spec.Assets.Environment = "not-a-uuid";

        var create = () => Client.Templates.CreateAsync(request);

        var error = (await create.Should().ThrowAsync<RunAiBadRequestException>()).Which;
        error.StatusCode.Should().Be(400);
        error.Error!.Code.Should().Be(400);
        error.Error.Details.Should().Contain("RAI1001 meta.projectId").And.Contain("RAI0006 spec.assets.environment");
        error.Message.Should().Contain("POST api/v1/asset/workload-template failed with 400").And.Contain("RAI1001");
        error.IsTransient.Should().BeFalse();
    }

    [Fact]
    public async Task The_emulator_judges_with_the_whole_rule_catalog_not_only_the_schema()
    {
        var request = Request("gt-two-values");
        request.Spec.SpecificEnv!.NodeAffinityRequired = new NodeAffinityRequired
        {
            NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new MatchExpression { Key = "gpu.count", Operator = MatchOperator.Gt, Values = ["1", "2"] }] }],
        };
        request.Spec.SpecificEnv.AutoScaling = new SpecificRunAutoScaling { ScaleToZeroRetentionSeconds = 60 };

        var create = () => Client.Templates.CreateAsync(request);

        var details = (await create.Should().ThrowAsync<RunAiBadRequestException>()).Which.Error!.Details;
        details.Should().Contain("RAI3003 spec.specificEnv.nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values")
            .And.Contain("RAI4001 spec.specificEnv.autoScaling.scaleToZeroRetentionSeconds");
        (await Client.Templates.ListAsync(new TemplateFilter { Name = "gt-two-values" })).Should().BeEmpty("nothing is stored");
    }

    [Fact]
    public async Task Warnings_do_not_reject_a_request()
    {
        var request = Request("warned");
        request.Spec.SpecificEnv!.NodePools = ["a100", "a100"];

        var created = await Client.Templates.CreateAsync(request);

        created.Spec.SpecificEnv!.NodePools.Should().Equal("a100", "a100");
        TemplateValidator.Validate(request).Should().ContainSingle(v => v.RuleId == "RAI3010");
    }

    [Fact]
    public async Task A_template_declared_with_the_dsl_is_created_and_updated_through_the_client()
    {
        var template = Template.Named("dsl-made").InProject(42).WithEnvironment(EnvironmentId).WithCompute(ComputeId)
            .WithNodeAffinity(n => n.Term(t => t.Gt("nvidia.com/gpu.count", 2)));

        var created = await Client.Templates.CreateAsync(template);
        var updated = await Client.Templates.UpdateAsync(created.Meta.Id, template.WithDescription("now described"));

        created.Spec.Assets.Compute!.Name.Should().Be("one-gpu");
        updated.Meta.Description.Should().Be("now described");
        updated.Meta.UpdateCount.Should().BeGreaterThan(created.Meta.UpdateCount ?? 0);
        var invalid = () => Client.Templates.CreateAsync(template.Named("bad").WithPriorityClass("urgent"));
        (await invalid.Should().ThrowAsync<TemplateValidationException>()).Which.Violations.Should().Contain(v => v.RuleId == "RAI3006");
        (await Client.Templates.ListAsync(new TemplateFilter { Name = "bad" })).Should().BeEmpty("an invalid template is refused before it is sent");
    }

    [Fact]
    public async Task A_request_missing_a_member_the_api_requires_is_refused_before_anything_is_sent()
    {
        var request = Request("nameless");
        request.Meta.Name = null!;

        var create = () => Client.Templates.CreateAsync(request);

        (await create.Should().ThrowAsync<TemplateJsonException>()).Which.Path.Should().Be("$.meta.name");
        (await Emulator.GetTemplatesAsync()).Should().BeEmpty("a body without a name was sent, and only the server refused it");
    }

    [Fact]
    public async Task A_template_that_breaks_a_rule_fails_the_task_it_returns_so_creates_started_together_are_all_observed()
    {
        var ok = Template.Named("together-ok").InProject(42).WithEnvironment(EnvironmentId);
        var bad = ok.Named("together-bad").WithPriorityClass("urgent");

        // Started together, awaited together: the invalid one is a failed task among the others, not an exception thrown
        // while the creates before it are under way unobserved.
        var creates = new[] { Client.Templates.CreateAsync(ok), Client.Templates.CreateAsync(bad), Client.Templates.UpdateAsync(Guid.NewGuid().ToString(), bad) };
        var all = () => Task.WhenAll(creates);

        await all.Should().ThrowAsync<TemplateValidationException>();
        creates[0].Status.Should().Be(TaskStatus.RanToCompletion);
        creates[1].Exception!.InnerException.Should().BeOfType<TemplateValidationException>().Which.Violations.Should().Contain(v => v.RuleId == "RAI3006");
        creates[2].Exception!.InnerException.Should().BeOfType<TemplateValidationException>();
        Action blankId = () => Client.Templates.UpdateAsync(" ", ok);
        blankId.Should().Throw<ArgumentException>("a wrong argument is still refused at the call");
    }

    [Fact]
    public async Task An_unknown_token_is_a_401()
    {
        using var client = NewClient(Emulator, o => o.BearerToken = "wrong-token");

        var list = () => client.Templates.ListAsync();

        var error = (await list.Should().ThrowAsync<RunAiUnauthorizedException>()).Which;
        error.StatusCode.Should().Be(401);
        error.Error!.Message.Should().Be("Unauthorized");
        Emulator.Statistics.Unauthorized.Should().Be(1, "a static token cannot be refreshed, so there is no second try");
    }

    [Fact]
    public async Task A_read_only_token_reads_but_a_write_is_a_403()
    {
        using var viewer = NewClient(Emulator, o => o.BearerToken = "viewer-token");

        (await viewer.Templates.ListAsync()).Should().BeEmpty();
        var create = () => viewer.Templates.CreateAsync(Request("denied"));

        var error = (await create.Should().ThrowAsync<RunAiForbiddenException>()).Which;
        error.StatusCode.Should().Be(403);
        error.Error!.Code.Should().Be(403);
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_on_get_update_and_delete()
    {
        var id = Guid.NewGuid().ToString();

        (await ((Func<Task>)(() => Client.Templates.GetAsync(id))).Should().ThrowAsync<RunAiNotFoundException>()).Which.Error!.Code.Should().Be(404);
        await ((Func<Task>)(() => Client.Templates.UpdateAsync(id, Update(Request("x"), "d")))).Should().ThrowAsync<RunAiNotFoundException>();
        await ((Func<Task>)(() => Client.Templates.DeleteAsync(id))).Should().ThrowAsync<RunAiNotFoundException>();
    }

    [Fact]
    public async Task Creating_a_taken_name_is_a_409_that_names_the_template_and_scope()
    {
        await Client.Templates.CreateAsync(Request("taken", projectId: 5));

        var again = () => Client.Templates.CreateAsync(Request("taken", projectId: 5));

        var error = (await again.Should().ThrowAsync<TemplateAlreadyExistsException>()).Which;
        error.StatusCode.Should().Be(409);
        error.Name.Should().Be("taken");
        error.Scope.Should().Be(Scope.Project);
        error.ScopeId.Should().Be("5");
        error.Message.Should().Contain("'taken'").And.Contain("project 5");
        error.Error!.Code.Should().Be(409);
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_is_a_plain_409()
    {
        await Client.Templates.CreateAsync(Request("first"));
        var second = await Client.Templates.CreateAsync(Request("second"));

        var rename = () => Client.Templates.UpdateAsync(second.Meta.Id, Update(Request("second"), "d", name: "first"));

        var error = (await rename.Should().ThrowAsync<RunAiConflictException>()).Which;
        error.Should().NotBeOfType<TemplateAlreadyExistsException>();
        error.StatusCode.Should().Be(409);
    }

    [Fact]
    public async Task A_503_is_typed_and_carries_Retry_After_once_retries_are_exhausted()
    {
        Emulator.Faults = new EmulatorFaults { UnavailableRate = 1, RetryAfterShare = 1, RetryAfter = TimeSpan.Zero };
        using var client = NewClient(Emulator, o => o.MaxRetryAttempts = 2);

        var list = () => client.Templates.ListAsync();

        var error = (await list.Should().ThrowAsync<RunAiServiceUnavailableException>()).Which;
        error.StatusCode.Should().Be(503);
        error.RetryAfter.Should().Be(TimeSpan.Zero);
        error.Error!.Message.Should().Be("Please try again in few minutes.");
        error.IsTransient.Should().BeTrue();
        Emulator.Statistics.InjectedUnavailable.Should().Be(3, "one try and two retries");
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        Emulator.Faults = new EmulatorFaults { UnavailableRate = 1, RetryAfterShare = 1, RetryAfter = TimeSpan.FromSeconds(1) };
        using var client = NewClient(Emulator, o => o.MaxRetryAttempts = 1);
        var watch = Stopwatch.StartNew();

        var list = () => client.Templates.ListAsync();

        (await list.Should().ThrowAsync<RunAiServiceUnavailableException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(950), "the retry waited for Retry-After, not the 1 ms backoff");
    }

    [Fact]
    public async Task Reads_are_retried_through_503s_until_they_succeed()
    {
        await Client.Templates.CreateAsync(Request("survivor"));
        Emulator.Faults = new EmulatorFaults { UnavailableRate = 0.5, Seed = 7 };
        using var client = NewClient(Emulator, o => o.MaxRetryAttempts = 30);

        for (var i = 0; i < 10; i++)
        {
            (await client.Templates.ListAsync()).Should().ContainSingle();
        }

        Emulator.Statistics.InjectedUnavailable.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Unknown_assets_are_a_400_with_strict_assets()
    {
        await using var strict = await StartEmulatorAsync(o => o.StrictAssets = true);
        using var client = NewClient(strict);
        var request = Request("ghost-env");
        request.Spec.Assets.Environment = Guid.NewGuid().ToString();

        var create = () => client.Templates.CreateAsync(request);

        (await create.Should().ThrowAsync<RunAiBadRequestException>()).Which.Error!.Details.Should().Contain("spec.assets.environment");
    }

    [Fact]
    public async Task A_server_that_closes_every_connection_is_a_transport_failure_after_the_retries()
    {
        // A listener that accepts and closes at once (a closed port could be reused by a parallel test's emulator).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var accepted = 0;
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stop.Token);
                Interlocked.Increment(ref accepted);
                socket.Close(0);
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = $"http://127.0.0.1:{port}", BearerToken = "t", MaxRetryAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var get = () => client.Templates.GetAsync(Guid.NewGuid().ToString());

        var error = (await get.Should().ThrowAsync<RunAiTransportException>()).Which;
        error.IsTimeout.Should().BeFalse();
        error.IsTransient.Should().BeTrue();
        error.Method.Should().Be("GET");
        accepted.Should().BeGreaterThanOrEqualTo(3, "one try and two retries");
        await stop.CancelAsync();
        listener.Stop();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Any_other_status_is_RunAiUnexpectedStatusException()
    {
        // A 500 or a 429 cannot be produced by the emulator for real, so Flurl's HttpTest stands in for the server.
        using var http = new HttpTest();
        http.RespondWith("""{"code":500,"message":"Something went wrong."}""", 500);
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = "https://tenant.example", BearerToken = "static-token", MaxRetryAttempts = 0 });

        var list = () => client.Templates.ListAsync();

        var error = (await list.Should().ThrowAsync<RunAiUnexpectedStatusException>()).Which;
        error.StatusCode.Should().Be(500);
        error.Error!.Message.Should().Be("Something went wrong.");
        error.IsTransient.Should().BeFalse();
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(507, true)]
    [InlineData(501, false)]
    [InlineData(505, false)]
    public async Task A_server_error_to_a_create_may_have_created_it_and_is_not_sent_again(int status, bool mayHaveCreated)
    {
        // A server that fails while handling a create (a 500 after the write committed) may have made the template: the
        // failure says so, so that an apply keeps its record of the create for the next plan to look for. Not retried.
        await using var server = await StubServer.StartAsync(context => StubServer.JsonAsync(context, status, $$"""{"code":{{status}},"message":"failed"}"""));
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = server.BaseUrl, BearerToken = "t", RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var error = (await ((Func<Task>)(() => client.Templates.CreateAsync(Request("failing")))).Should().ThrowAsync<RunAiUnexpectedStatusException>()).Which;

        error.StatusCode.Should().Be(status);
        error.MayHaveBeenProcessed.Should().Be(mayHaveCreated);
        error.IsTransient.Should().BeFalse();
        server.Requests.Should().Equal(["POST /api/v1/asset/workload-template"], "a create is never sent blindly again");
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_an_error_without_a_json_body_still_maps()
    {
        using var http = new HttpTest();
        http.RespondWith("slow down", 429, new { Retry_After = "0" })
            .RespondWith("<html>bad gateway</html>", 502)
            .RespondWith(EmptyList, 200);
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = "https://tenant.example", BearerToken = "t", RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        (await client.Templates.ListAsync()).Should().BeEmpty();
        http.CallLog.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_2xx_answer_that_does_not_fit_the_model_is_a_typed_failure_and_is_not_sent_again()
    {
        // A real server whose success answers are not the spec's bodies (e.g. a proxy's page, or another API version).
        await using var server = await StubServer.StartAsync(context => context.Request.Method switch
        {
            "POST" => StubServer.JsonAsync(context, 202, """{"meta":{"id":"""),
            "GET" => StubServer.JsonAsync(context, 200, """{"entries":"not a list"}"""),
            _ => StubServer.JsonAsync(context, 202, "[1, 2, 3]"),
        });
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = server.BaseUrl, BearerToken = "t", RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        var id = Guid.NewGuid().ToString();

        var create = (await ((Func<Task>)(() => client.Templates.CreateAsync(Request("accepted")))).Should().ThrowAsync<RunAiUnreadableResponseException>()).Which;
        var list = (await ((Func<Task>)(() => client.Templates.ListAsync())).Should().ThrowAsync<RunAiUnreadableResponseException>()).Which;
        var delete = (await ((Func<Task>)(() => client.Templates.DeleteAsync(id))).Should().ThrowAsync<RunAiUnreadableResponseException>()).Which;

        create.StatusCode.Should().Be(202);
        create.Method.Should().Be("POST");
        create.RequestPath.Should().Be("api/v1/asset/workload-template");
        create.Message.Should().StartWith("POST api/v1/asset/workload-template: the server accepted the call (202) but its answer could not be read as a WorkloadTemplate");
        create.InnerException.Should().BeOfType<TemplateJsonException>();
        create.IsTransient.Should().BeFalse("the create was done: sending it again would be a second create");
        create.MayHaveBeenProcessed.Should().BeTrue();
        list.StatusCode.Should().Be(200);
        list.Message.Should().Contain("GET api/v1/asset/workload-template").And.Contain("could not be read");
        delete.RequestPath.Should().Be("api/v1/asset/workload-template/" + id);
        server.Requests.Should().Equal(["POST /api/v1/asset/workload-template", "GET /api/v1/asset/workload-template", "DELETE /api/v1/asset/workload-template/" + id], "nothing is retried or looked up");
    }

    [Theory]
    [InlineData("zstd", "*encoded as 'zstd'*")]
    [InlineData("gzip", "*could not be read*")]
    public async Task A_2xx_answer_whose_body_cannot_be_decoded_is_unreadable_not_a_lost_answer_and_is_not_sent_again(string encoding, string why)
    {
        // The answer came (200/202): an encoding the client did not ask for, or a corrupt compressed body, would come the
        // same way again. It was a RunAiTransportException ("failed without an answer"), retried with backoff.
        await using var server = await StubServer.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Method == "POST" ? 202 : 200;
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = encoding;
            return context.Response.Body.WriteAsync(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3, 4 }).AsTask();
        });
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = server.BaseUrl, BearerToken = "t", RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var list = (await ((Func<Task>)(() => client.Templates.ListAsync())).Should().ThrowAsync<RunAiUnreadableResponseException>()).Which;
        var create = (await ((Func<Task>)(() => client.Templates.CreateAsync(Request("compressed")))).Should().ThrowAsync<RunAiUnreadableResponseException>()).Which;

        list.StatusCode.Should().Be(200);
        list.Message.Should().StartWith("GET api/v1/asset/workload-template: the server accepted the call (200) but its answer could not be read").And.Match(why);
        list.InnerException.Should().BeOfType<InvalidDataException>();
        list.IsTransient.Should().BeFalse();
        create.StatusCode.Should().Be(202);
        create.MayHaveBeenProcessed.Should().BeTrue();
        server.Requests.Should().Equal(["GET /api/v1/asset/workload-template", "POST /api/v1/asset/workload-template"], "the same answer would come again: nothing is retried or looked up");
    }

    [Fact]
    public void A_failure_names_its_status_with_the_reason_phrase_HTTP_writes_not_the_enums_name()
    {
        new RunAiBadRequestException(null, "POST", TemplatesApi.CollectionPath).Message.Should().Be("POST api/v1/asset/workload-template failed with 400 Bad Request.");
        new RunAiServiceUnavailableException(null, "GET", TemplatesApi.CollectionPath, null).Message.Should().Contain("failed with 503 Service Unavailable.");
        RunAiApiException.ReasonPhrase(200).Should().Be("OK");
        RunAiApiException.ReasonPhrase(599).Should().BeNull("a status .NET does not name has no phrase, not \"Unknown\"");
    }
}
