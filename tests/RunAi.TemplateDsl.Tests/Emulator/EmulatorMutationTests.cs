using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Emulator;

/// <summary>
/// Behaviours of the emulator that a manual mutation test found unpinned: each test fails on the regression its comment
/// names and passes on the code as it is.
/// </summary>
public sealed class EmulatorMutationTests
{
    private const string Collection = "api/v1/asset/workload-template";

    private static HttpClient Http(RunAiEmulator emulator, string token)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // Guards against: a distributed spec making a template distributed for the list filters when its supported types
    // say distributed: false (isDistributed=true and distributedFramework found it, isDistributed=false did not).
    [Fact]
    public async Task The_distributed_filters_follow_what_the_template_says_it_supports()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        var request = Request("not-distributed", supports: new WorkloadSupportedTypes { Distributed = false, Training = true });
        request.Spec.Distributed = new InfoDistributed { NumWorkers = 2, DistFramework = DistributedFramework.TF };
        await client.Templates.CreateAsync(request);
        var unsaid = Request("distributed-by-its-spec", supports: new WorkloadSupportedTypes { Training = true });
        unsaid.Spec.Distributed = new InfoDistributed { NumWorkers = 2, DistFramework = DistributedFramework.TF };
        await client.Templates.CreateAsync(unsaid);

        (await client.Templates.ListAsync(new TemplateFilter { IsDistributed = true })).Select(t => t.Meta.Name).Should().Equal("distributed-by-its-spec");
        (await client.Templates.ListAsync(new TemplateFilter { DistributedFramework = DistributedFramework.TF })).Select(t => t.Meta.Name).Should().Equal("distributed-by-its-spec");
        (await client.Templates.ListAsync(new TemplateFilter { IsDistributed = false })).Select(t => t.Meta.Name).Should().Equal("not-distributed");
    }

    // Guards against: a data source's members the model does not know being dropped when the emulator resolves its name.
    [Fact]
    public async Task A_data_sources_unknown_members_are_kept()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        var request = Request("with-future-source");
        request.Spec.Assets.Datasources = [new AssetIdAndKind
        {
            Id = PvcId,
            Kind = AssetKind.Pvc,
            AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["mountMode"] = System.Text.Json.JsonDocument.Parse("\"ro\"").RootElement.Clone() },
        }];

        var created = await client.Templates.CreateAsync(request);

        created.Spec.Assets.Datasources![0].AdditionalProperties.Should().ContainKey("mountMode").WhoseValue.GetString().Should().Be("ro");
        (await client.Templates.GetAsync(created.Meta.Id)).Spec.Assets.Datasources![0].AdditionalProperties.Should().ContainKey("mountMode");
    }

    // Guards against: a latency past Task.Delay's limit being accepted, and every delayed request then failing with a 500.
    [Fact]
    public async Task A_latency_longer_than_a_delay_can_wait_is_refused_at_start()
    {
        var start = () => RunAiEmulator.StartAsync(EmulatorOptions(o => o.Faults = new EmulatorFaults { Latency = TimeSpan.FromDays(60) }));

        (await start.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("Latency must be at most");
        await using var emulator = await StartEmulatorAsync(o => o.Faults = new EmulatorFaults { Latency = EmulatorFaults.MaxLatency });
        var set = () => emulator.Faults = new EmulatorFaults { Latency = EmulatorFaults.MaxLatency + TimeSpan.FromMilliseconds(1) };
        set.Should().Throw<ArgumentException>();
    }

    // Guards against: the read-only check letting a method other than POST through (a viewer could PUT or DELETE).
    [Fact]
    public async Task A_read_only_token_may_neither_update_nor_delete()
    {
        await using var emulator = await StartEmulatorAsync(o => o.ReadOnlyToken = "viewer-token");
        using var client = NewClient(emulator);
        var request = Request("guarded");
        var created = await client.Templates.CreateAsync(request);
        using var viewer = Http(emulator, "viewer-token");

        using var put = await viewer.PutAsync($"{Collection}/{created.Meta.Id}", Json(TemplateJson.Serialize(Update(request, "by a viewer"))));
        using var delete = await viewer.DeleteAsync($"{Collection}/{created.Meta.Id}");

        foreach (var response in new[] { put, delete })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Code.Should().Be(403);
        }

        var stored = (await emulator.GetTemplatesAsync()).Should().ContainSingle().Which;
        stored.Meta.Description.Should().BeNull("the viewer's update was refused");
        stored.Meta.UpdateCount.Should().Be(0);
    }

    // Guards against: a PUT that overwrites the read-only createdBy or createdAt along with updatedBy and updatedAt.
    [Fact]
    public async Task Put_keeps_createdBy_and_createdAt_and_sets_updatedBy_and_updatedAt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartEmulatorAsync(o =>
        {
            o.TimeProvider = clock;
            o.ClientId = "ci-bot";
            o.ClientSecret = "bot-secret";
        });
        using var user = NewClient(emulator);
        using var bot = NewClient(emulator, o =>
        {
            o.BearerToken = null;
            o.ClientId = "ci-bot";
            o.ClientSecret = "bot-secret";
            o.TimeProvider = clock;
        });
        var request = Request("audited");
        var created = await user.Templates.CreateAsync(request);

        clock.Advance(TimeSpan.FromMinutes(5));
        var updated = await bot.Templates.UpdateAsync(created.Meta.Id, Update(request, "by the bot"));

        updated.Meta.CreatedBy.Should().Be("emulator-user");
        updated.Meta.CreatedAt.Should().Be(created.Meta.CreatedAt);
        updated.Meta.UpdatedBy.Should().Be("ci-bot");
        updated.Meta.UpdatedAt.Should().Be(created.Meta.CreatedAt + TimeSpan.FromMinutes(5));
        (await user.Templates.GetAsync(created.Meta.Id)).Meta.CreatedAt.Should().Be(created.Meta.CreatedAt, "what is stored is what was answered");
    }

    // Guards against: the "Bearer" scheme compared case-sensitively (RFC 9110 §11.1: a scheme is case-insensitive).
    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public async Task The_bearer_scheme_is_accepted_in_any_case(string scheme)
    {
        await using var emulator = await StartEmulatorAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{scheme} {emulator.Token}").Should().BeTrue();

        using var response = await http.GetAsync(Collection);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        emulator.Statistics.Unauthorized.Should().Be(0);
    }

    // Guards against: a create that drops members of meta it does not use itself (autoDelete, private).
    [Fact]
    public async Task Create_keeps_autoDelete_and_private()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        var request = Request("kept-flags");
        request.Meta.AutoDelete = true;
        request.Meta.Private = true;

        var created = await client.Templates.CreateAsync(request);

        created.Meta.AutoDelete.Should().BeTrue();
        created.Meta.Private.Should().BeTrue();
        var stored = (await client.Templates.GetAsync(created.Meta.Id)).Meta;
        stored.AutoDelete.Should().BeTrue();
        stored.Private.Should().BeTrue();
    }

    // Guards against: the token endpoint checking the client secret but not the client id.
    [Fact]
    public async Task The_token_endpoint_refuses_the_right_secret_with_another_client_id()
    {
        await using var emulator = await StartEmulatorAsync(o =>
        {
            o.ClientId = "ci-bot";
            o.ClientSecret = "bot-secret";
        });
        using var anonymous = new HttpClient { BaseAddress = emulator.BaseUri };

        using var other = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"client_credentials","clientID":"someone-else","clientSecret":"bot-secret"}"""));
        using var right = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"client_credentials","clientID":"ci-bot","clientSecret":"bot-secret"}"""));

        other.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await other.Content.ReadAsStringAsync()).Code.Should().Be(400);
        right.StatusCode.Should().Be(HttpStatusCode.OK);
        emulator.Statistics.TokensIssued.Should().Be(1);
    }
}
