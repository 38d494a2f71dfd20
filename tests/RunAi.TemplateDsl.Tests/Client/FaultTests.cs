using System.Collections.Concurrent;
using System.Diagnostics;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using Xunit.Abstractions;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Retries and the at-most-once create against an emulator that answers 503 and drops connections after processing.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_503s_and_dropped_connections_200_templates_created_updated_and_deleted_concurrently_end_in_exactly_the_expected_state()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Faults = new EmulatorFaults
        {
            UnavailableRate = 0.30,
            RetryAfterShare = 0.5,
            RetryAfter = TimeSpan.Zero,
            DropAfterProcessingRate = 0.10,
            Seed = 20261126,
        };
        var logger = new CapturingLogger();
        using var client = NewClient(emulator, o =>
        {
            o.MaxRetryAttempts = 25;
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(5);
        }, logger: logger);
        var ids = new string[200];
        var adopted = 0;
        var watch = Stopwatch.StartNew();

        // Each template is created, updated, and every fourth one deleted; 200 such chains run at once, 16 at a time.
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var request = Request($"fault-{i:D3}", projectId: 1 + (i % 5));
            var created = await client.Templates.CreateAsync(request, ct);
            created.Meta.Name.Should().Be(request.Meta.Name);
            ids[i] = created.Meta.Id;
            var updated = await client.Templates.UpdateAsync(created.Meta.Id, Update(request, $"v2 of {i}"), ct);
            updated.Meta.Description.Should().Be($"v2 of {i}");
            if (i % 4 == 0)
            {
                (await client.Templates.DeleteAsync(created.Meta.Id, ct)).Code.Should().Be(202);
            }
        });
        watch.Stop();
        adopted = logger.Lines.Count(l => l.Contains("was created by an earlier attempt", StringComparison.Ordinal));
        var faults = emulator.Statistics;
        emulator.Faults = EmulatorFaults.None;

        var stored = await emulator.GetTemplatesAsync();
        var expected = Enumerable.Range(0, 200).Where(i => i % 4 != 0).ToList();
        stored.Should().HaveCount(150, "nothing lost, nothing duplicated");
        stored.Select(t => t.Meta.Name).Should().OnlyHaveUniqueItems();
        stored.Select(t => t.Meta.Name).Should().BeEquivalentTo(expected.Select(i => $"fault-{i:D3}"));
        foreach (var i in expected)
        {
            var template = stored.Single(t => t.Meta.Name == $"fault-{i:D3}");
            template.Meta.Id.Should().Be(ids[i], "the create returned the one template that exists");
            template.Meta.Description.Should().Be($"v2 of {i}");
            template.Meta.ProjectId.Should().Be(1 + (i % 5));
            template.Meta.UpdateCount.Should().BeGreaterThanOrEqualTo(1, "a PUT whose answer was lost may have been applied twice, to the same state");
        }

        (await client.Templates.ListAsync()).Select(t => t.Meta.Id).Should().BeEquivalentTo(stored.Select(t => t.Meta.Id));
        faults.InjectedUnavailable.Should().BeGreaterThan(0);
        faults.InjectedDrops.Should().BeGreaterThan(0);
        faults.Created.Should().Be(200, "each create happened exactly once on the server");
        faults.Deleted.Should().Be(50);
        output.WriteLine($"{watch.ElapsedMilliseconds} ms; emulator: {faults}; client log: {logger.Lines.Count(l => l.Contains("retry", StringComparison.Ordinal))} retries, {adopted} creates found after a lost answer");
    }

    [Fact]
    public async Task Fifty_concurrent_creates_of_one_name_give_one_template_and_49_typed_409s()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            try
            {
                return (Template: await client.Templates.CreateAsync(Request("contested", projectId: 9)), Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Template: (WorkloadTemplate?)null, Error: e);
            }
        }));

        outcomes.Count(o => o.Template is not null).Should().Be(1);
        outcomes.Where(o => o.Error is not null).Select(o => o.Error).Should().HaveCount(49)
            .And.AllSatisfy(e => e.Should().BeOfType<TemplateAlreadyExistsException>().Which.Should().Match<TemplateAlreadyExistsException>(x => x.Name == "contested" && x.Scope == Scope.Project && x.ScopeId == "9"));
        (await emulator.GetTemplatesAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_found_and_not_sent_again()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var watch = Stopwatch.StartNew();
        var created = await client.Templates.CreateAsync(Request("lost-answer"));
        output.WriteLine($"{watch.ElapsedMilliseconds} ms: {emulator.Statistics}");

        var stored = (await emulator.GetTemplatesAsync()).Should().ContainSingle().Subject;
        created.Meta.Id.Should().Be(stored.Meta.Id);
        emulator.Statistics.Created.Should().Be(1);
        emulator.Statistics.InjectedDrops.Should().Be(1);
        emulator.Statistics.Conflicts.Should().Be(0, "the client looked the template up instead of sending the create again");
    }

    [Fact]
    public async Task After_an_ambiguous_failure_a_template_of_that_name_that_differs_is_a_409()
    {
        // Deterministic: someone else's template of that name exists, and the answer to the client's create is lost
        // after the server processed it (its effect unknown), so the retry looks the name up, finds a template that is
        // not what it sent, and stops.
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        using var other = NewClient(emulator);
        var request = Request("raced");
        var theirs = Request("raced", description: "someone else's");
        theirs.Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = EnvironmentId } };
        await other.Templates.CreateAsync(theirs);
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var create = () => client.Templates.CreateAsync(request);

        var error = (await create.Should().ThrowAsync<TemplateAlreadyExistsException>()).Which;
        error.Name.Should().Be("raced");
        error.Message.Should().NotContain("409", "the client saw no 409: the answer was dropped, and the look-up found the template")
            .And.Contain("already exists in project 42").And.Contain("got no answer");
        emulator.Statistics.InjectedDrops.Should().Be(1);
        (await emulator.GetTemplatesAsync()).Should().ContainSingle().Which.Meta.Description.Should().Be("someone else's");
    }

    [Fact]
    public async Task A_409_after_a_503_is_recognised_as_its_own_create_when_the_server_spells_the_cluster_id_otherwise()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10));
        const string Lower = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

        // What a server that keeps cluster ids in lower case holds after this create's first attempt, answered 503 by a
        // gateway that had forwarded it; the retry's POST is then a 409, and the look-up finds the lower-case spelling.
        var made = await client.Templates.CreateAsync(Request("gpu", Scope.Cluster, clusterId: Lower));
        emulator.Faults = new EmulatorFaults { FirstRequestsUnavailable = 1 };

        var created = await client.Templates.CreateAsync(Request("gpu", Scope.Cluster, clusterId: Lower.ToUpperInvariant()));

        created.Meta.Id.Should().Be(made.Meta.Id, "two spellings of one cluster id are one scope");
        (await emulator.GetTemplatesAsync()).Should().ContainSingle();
        emulator.Statistics.InjectedUnavailable.Should().Be(1);
    }

    [Fact]
    public async Task A_503_says_the_create_was_not_done_so_the_retry_sends_it_again_without_looking_first()
    {
        await using var emulator = await StartEmulatorAsync();
        var logger = new CapturingLogger();
        using var client = NewClient(emulator, logger: logger);
        emulator.Faults = new EmulatorFaults { FirstRequestsUnavailable = 1 };

        var created = await client.Templates.CreateAsync(Request("refused-once"));

        created.Meta.Name.Should().Be("refused-once");
        emulator.Statistics.InjectedUnavailable.Should().Be(1);
        emulator.Statistics.Created.Should().Be(1);
        logger.Lines.Should().NotContain(l => l.Contains("will be looked up", StringComparison.Ordinal), "a 503 is an answer: the server did not create the template");
    }

    [Fact]
    public async Task A_409_after_a_503_from_a_gateway_that_forwarded_the_create_is_the_clients_own_template()
    {
        // The emulator's injected 503s come before processing; a gateway that forwarded the create and then answered 503
        // is staged in the injected HttpClient: the create reaches the emulator for real, the client sees a 503.
        await using var emulator = await StartEmulatorAsync();
        using var flurl = new Flurl.Http.FlurlClient(new HttpClient(new GatewayThatAnswers503AfterForwarding(creates: 1)));
        var logger = new CapturingLogger();
        using var client = NewClient(emulator, flurl: flurl, logger: logger);

        var created = await client.Templates.CreateAsync(Request("forwarded"));

        var stored = (await emulator.GetTemplatesAsync()).Should().ContainSingle().Subject;
        created.Meta.Id.Should().Be(stored.Meta.Id);
        emulator.Statistics.Created.Should().Be(1);
        emulator.Statistics.Conflicts.Should().Be(1, "the resend met the template the first create made");
        logger.Lines.Should().Contain(l => l.Contains("was created by an earlier attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_409_after_a_503_for_a_template_that_differs_is_still_a_409()
    {
        await using var emulator = await StartEmulatorAsync();
        using var other = NewClient(emulator);
        await other.Templates.CreateAsync(Request("taken-after-503", description: "someone else's"));
        using var flurl = new Flurl.Http.FlurlClient(new HttpClient(new GatewayThatAnswers503AfterForwarding(creates: 1)));
        using var client = NewClient(emulator, flurl: flurl);

        var create = () => client.Templates.CreateAsync(Request("taken-after-503", description: "mine"));

        var error = (await create.Should().ThrowAsync<TemplateAlreadyExistsException>()).Which;
        error.Name.Should().Be("taken-after-503");
        error.Message.Should().Contain("(409 Conflict)", "the resend was answered 409");
        (await emulator.GetTemplatesAsync()).Should().ContainSingle().Which.Meta.Description.Should().Be("someone else's");
    }

    [Fact]
    public async Task A_create_with_members_the_model_does_not_know_is_still_found_after_a_lost_answer()
    {
        // The server does not echo members it does not know; their absence must not make the client disown its template.
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        var request = Request("with-extras");
        var extra = System.Text.Json.JsonDocument.Parse("""{"since":"v2.99"}""").RootElement.Clone();
        request.Meta.AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureMeta"] = extra };
        request.Spec.Assets.AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureAsset"] = extra };
        request.Spec.Assets.Datasources![0].AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureSource"] = extra };
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var created = await client.Templates.CreateAsync(request);

        (await emulator.GetTemplatesAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(created.Meta.Id);
        emulator.Statistics.Created.Should().Be(1);
        emulator.Statistics.InjectedDrops.Should().Be(1);
    }

    [Fact]
    public async Task After_a_lost_answer_a_template_that_differs_in_a_modelled_member_is_still_not_adopted()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        using var other = NewClient(emulator);
        var theirs = Request("taken", description: "theirs");
        theirs.Spec.Assets.Datasources![0].Overrides = new DataSourceOverrides { ContainerPath = "/elsewhere" };
        await other.Templates.CreateAsync(theirs);
        var mine = Request("taken", description: "theirs");
        mine.Meta.AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureMeta"] = System.Text.Json.JsonDocument.Parse("1").RootElement.Clone() };
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var create = () => client.Templates.CreateAsync(mine);

        await create.Should().ThrowAsync<TemplateAlreadyExistsException>("spec.assets.datasources[0].overrides.containerPath differs");
    }

    [Fact]
    public async Task A_system_scoped_create_whose_answer_was_lost_is_found_without_the_scope_filter_the_list_refuses()
    {
        // The list's scope filter takes tenant, cluster, department and project; 'system' there is a 400.
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var created = await client.Templates.CreateAsync(Request("system-wide", scope: Scope.System, projectId: null));

        var stored = (await emulator.GetTemplatesAsync()).Should().ContainSingle().Subject;
        created.Meta.Id.Should().Be(stored.Meta.Id);
        stored.Meta.Scope.Should().Be(Scope.System);
        emulator.Statistics.Created.Should().Be(1);
        emulator.Statistics.InjectedDrops.Should().Be(1);
    }

    [Fact]
    public async Task A_404_after_a_503_is_a_404_because_the_503_said_nothing_was_deleted()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        emulator.Faults = new EmulatorFaults { FirstRequestsUnavailable = 1 };

        var delete = () => client.Templates.DeleteAsync(Guid.NewGuid().ToString());

        await delete.Should().ThrowAsync<RunAiNotFoundException>("no attempt can have deleted a template that never existed");
        emulator.Statistics.InjectedUnavailable.Should().Be(1);
    }

    [Fact]
    public async Task A_404_after_a_gateway_timeout_counts_as_done()
    {
        // A 504 from a gateway that lost the server's answer cannot be produced by the emulator, so HttpTest stands in.
        using var http = new Flurl.Http.Testing.HttpTest();
        http.RespondWith("gateway timeout", 504).RespondWith("""{"code":404,"message":"Not found."}""", 404);
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = "https://tenant.example", BearerToken = "t", RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var answer = await client.Templates.DeleteAsync("6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b");

        answer.Code.Should().Be(202);
        answer.Message.Should().Contain("earlier attempt");
        http.CallLog.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(429, false)]
    [InlineData(502, true)]
    [InlineData(503, false)]
    [InlineData(504, true)]
    public void Which_failed_answers_may_have_been_carried_out(int status, bool mayHaveBeenProcessed)
    {
        RunAiApiException failure = status == 503
            ? new RunAiServiceUnavailableException(null, "DELETE", "p", null)
            : new RunAiUnexpectedStatusException(status, null, "DELETE", "p", null);

        failure.IsTransient.Should().BeTrue();
        failure.MayHaveBeenProcessed.Should().Be(mayHaveBeenProcessed);
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, false)]
    [InlineData(HttpRequestError.NameResolutionError, false)]
    [InlineData(HttpRequestError.SecureConnectionError, false)]
    [InlineData(HttpRequestError.ResponseEnded, true)]
    [InlineData(HttpRequestError.Unknown, true)]
    public void A_failure_without_an_answer_may_have_been_carried_out_unless_the_request_never_left(HttpRequestError error, bool mayHaveBeenProcessed)
    {
        var wrapped = new InvalidOperationException("flurl", new HttpRequestException(error, "transport"));

        new RunAiTransportException(false, "DELETE", "p", wrapped).MayHaveBeenProcessed.Should().Be(mayHaveBeenProcessed);
        new RunAiTransportException(true, "DELETE", "p", wrapped).MayHaveBeenProcessed.Should().BeTrue("a timeout may hide a request the server processed");
    }

    [Fact]
    public async Task A_404_after_a_refused_connection_is_a_404()
    {
        // A refused connection followed by a 404 from the same address cannot be staged with one emulator, so HttpTest stands in.
        using var http = new Flurl.Http.Testing.HttpTest();
        http.SimulateException(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"))
            .RespondWith("""{"code":404,"message":"Not found."}""", 404);
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = "https://tenant.example", BearerToken = "t", RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var delete = () => client.Templates.DeleteAsync("6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b");

        await delete.Should().ThrowAsync<RunAiNotFoundException>("the first attempt never reached a server");
        http.CallLog.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_counts_as_done()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        var created = await client.Templates.CreateAsync(Request("delete-me"));
        emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var answer = await client.Templates.DeleteAsync(created.Meta.Id);

        answer.Code.Should().Be(202);
        answer.Message.Should().Contain("earlier attempt");
        (await emulator.GetTemplatesAsync()).Should().BeEmpty();
        emulator.Statistics.Deleted.Should().Be(1);
    }

    [Fact]
    public async Task Without_retries_a_dropped_create_is_a_transport_failure_although_the_server_created_it()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator, o => o.MaxRetryAttempts = 0);
        emulator.Faults = new EmulatorFaults { DropAfterProcessingRate = 1 };

        var create = () => client.Templates.CreateAsync(Request("ambiguous"));

        (await create.Should().ThrowAsync<RunAiTransportException>()).Which.IsTimeout.Should().BeFalse();
        (await emulator.GetTemplatesAsync()).Should().ContainSingle("the drop comes after processing: this is why a create is never repeated blindly");
    }

    /// <summary>A gateway that forwards the first <paramref name="creates"/> creates to the server and answers each 503, dropping the server's answer.</summary>
    private sealed class GatewayThatAnswers503AfterForwarding(int creates) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _left = creates;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var answer = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Post || Interlocked.Decrement(ref _left) < 0)
            {
                return answer;
            }

            answer.Dispose();
            return new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("""{"code":503,"message":"upstream busy"}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
