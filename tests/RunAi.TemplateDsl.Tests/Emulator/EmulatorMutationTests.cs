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
