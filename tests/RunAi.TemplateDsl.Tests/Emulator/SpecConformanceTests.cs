using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Emulator;

/// <summary>
/// The emulator's HTTP behaviour where spec/workload-template.openapi.json (or the HTTP and OpenAPI rules it is written
/// against) decides, or where the spec is silent and a real control plane plainly would. Each case failed before the
/// emulator was fixed. "Spec": the contract says so; "Judgement": the spec is silent.
/// </summary>
public sealed class SpecConformanceTests : IAsyncLifetime, IDisposable
{
    private const string Collection = "api/v1/asset/workload-template";
    private RunAiEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await StartEmulatorAsync(o => o.StrictAssets = true);
        _http = new HttpClient { BaseAddress = _emulator.BaseUri };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.Token);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _http.Dispose();

    // Spec (OpenAPI 3.0.3, Parameter Object, which the contract declares with "openapi": "3.0.3"): "name … Parameter
    // names are case sensitive." The contract names the filters exactly: #/components/parameters/AssetProjectFilter
    // "name": "projectId", IsTrainingQuery "name": "isTraining". A differently-cased name is an unknown parameter,
    // which a server ignores; the emulator used to read it as the filter (ASP.NET's IQueryCollection is case-insensitive),
    // so a client that sent "projectID" (cf. the token API's "clientID") filtered against the emulator and not in production.
    [Theory]
    [InlineData("projectID=7")]
    [InlineData("IsTraining=true")]
    [InlineData("projectid=abc")]
    public async Task Query_parameter_names_are_case_sensitive_so_a_miscased_filter_is_ignored(string query)
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("p42", projectId: 42)));
        created.StatusCode.Should().Be(HttpStatusCode.Accepted);

        using var response = await _http.GetAsync($"{Collection}?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, $"'{query}' names no parameter of list_templates");
        TemplateJson.Deserialize<WorkloadTemplateListResponse>(await response.Content.ReadAsStringAsync()).Entries
            .Should().ContainSingle(t => t.Meta.Name == "p42", "an unknown parameter does not filter");
    }

    // The same, next to the parameter spelled right: ASP.NET's IQueryCollection merged the two names, so the right one
    // was counted twice (a 400), or, with the miscased one last, not at all (every template listed).
    [Theory]
    [InlineData("name=p42&Name=zzz")]
    [InlineData("Name=zzz&name=p42")]
    [InlineData("projectId=42&ProjectId=7&scope=project")]
    [InlineData("ProjectId=7&projectId=42&scope=project")]
    [InlineData("name=p%34%32")]
    [InlineData("na%6De=p42")]
    public async Task A_miscased_parameter_next_to_the_right_one_is_ignored_and_the_right_one_filters(string query)
    {
        using (var first = await PostAsync(TemplateJson.Serialize(Request("p42", projectId: 42))))
        using (var second = await PostAsync(TemplateJson.Serialize(Request("p7", projectId: 7))))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Accepted);
            second.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        using var response = await _http.GetAsync($"{Collection}?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        TemplateJson.Deserialize<WorkloadTemplateListResponse>(await response.Content.ReadAsStringAsync()).Entries
            .Should().ContainSingle().Which.Meta.Name.Should().Be("p42");
    }

    // Judgement, anchored in the spec: create_template and update_template declare only
    // "requestBody": {"content": {"application/json": …}}. A body sent as text/plain, or with no Content-Type, is
    // outside the contract; the emulator answers 415 Unsupported Media Type (with the Error body), so a client that
    // forgets the Content-Type is told in CI (it used to parse the body anyway and answer 202).
    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task A_create_body_not_sent_as_application_json_is_refused(string? contentType)
    {
        using var content = new StringContent(TemplateJson.Serialize(Request("wrong-type")), Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using var response = await _http.PostAsync(Collection, content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Message.Should().Be("Unsupported Media Type");
        (await _emulator.GetTemplatesAsync()).Should().BeEmpty();
    }

    // Judgement (HTTP, RFC 9110 §9.1: "All general-purpose servers MUST support the methods GET and HEAD"; §9.3.2 HEAD
    // is GET without content). HEAD on the collection or on a template used to be answered 404 "No route" (MapGet does
    // not match HEAD), and with a read-only token 403 "may read templates but not change them", although HEAD is a read.
    [Fact]
    public async Task Head_is_answered_like_get()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("headed")));
        var id = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync()).Meta.Id;

        using var collection = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Collection));
        using var item = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Collection}/{id}"));

        collection.StatusCode.Should().Be(HttpStatusCode.OK);
        item.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Head_with_a_read_only_token_is_not_forbidden()
    {
        await using var emulator = await StartEmulatorAsync(o => o.ReadOnlyToken = "viewer");
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "viewer");

        using var get = await http.GetAsync(Collection);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Collection));

        get.StatusCode.Should().Be(HttpStatusCode.OK);
        head.StatusCode.Should().NotBe(HttpStatusCode.Forbidden, "HEAD changes nothing");
    }

    // Judgement. With StrictAssets ("Answer 400 for asset ids not in the asset table") the emulator knows each asset's
    // kind; it used to resolve an id whatever kind the request put it under (a compute asset as the environment, an
    // environment as the compute, a pvc as an s3 data source all answered 202). The control plane looks the id up among assets of that kind
    // (AssetsIds.environment is "environment asset", AssetIdAndKind pairs the id with its kind) and refuses it.
    [Theory]
    [InlineData("environment")]
    [InlineData("compute")]
    [InlineData("datasource")]
    public async Task Strict_assets_refuse_an_id_of_an_asset_of_another_kind(string where)
    {
        var body = TemplateJson.Serialize(Request("misplaced-" + where));
        body = where switch
        {
            "environment" => body.Replace($"\"environment\":\"{EnvironmentId}\"", $"\"environment\":\"{ComputeId}\"", StringComparison.Ordinal),
            "compute" => body.Replace($"\"compute\":\"{ComputeId}\"", $"\"compute\":\"{EnvironmentId}\"", StringComparison.Ordinal),
            _ => body.Replace("\"kind\":\"pvc\"", "\"kind\":\"s3\"", StringComparison.Ordinal),
        };

        using var response = await PostAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Code.Should().Be(400);
    }

    // Spec: a request gives the master's assets as references (InfoDistMaster.assets is AssetsRef, whose
    // EnvironmentAssetRef, AssetRef and DatasourceRef require "id" and "name"). The emulator stored them as sent, so a
    // GET answered a master environment without its required name, and --strict-assets let any master id through.
    [Fact]
    public async Task The_masters_assets_are_named_from_the_asset_table_and_strict_assets_refuse_unknown_master_ids()
    {
        var request = Template.Named("master-assets").InTenant().WithEnvironment(EnvironmentId)
            .Distributed(DistributedFramework.PyTorch, workers: 2)
            .WithMaster(m => m.WithEnvironment(EnvironmentId).WithToolTypes(ToolType.TensorBoard).WithCompute(ComputeId).AddDataSource(AssetKind.Pvc, PvcId, "/data"))
            .Build();
        var unknown = TemplateJson.Serialize(request).Replace("master-assets", "unknown-master", StringComparison.Ordinal)
            .Replace($"{{\"id\":\"{ComputeId}\"}}", "{\"id\":\"00000000-0000-4000-8000-000000000001\",\"name\":\"typed-by-hand\"}", StringComparison.Ordinal);
        unknown.Should().Contain("00000000-0000-4000-8000-000000000001", "the test replaces the master's compute id");

        using var created = await PostAsync(TemplateJson.Serialize(request));
        using var refused = await PostAsync(unknown);

        created.StatusCode.Should().Be(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var master = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync()).Spec.Distributed!.Master!.Assets!;
        master.Environment.Name.Should().Be("pytorch-env");
        master.Environment.ToolTypes.Should().Equal([ToolType.TensorBoard], "the master's tool types are its own, as sent");
        master.Compute!.Name.Should().Be("one-gpu");
        master.Datasources.Should().ContainSingle().Which.Name.Should().Be("datasets");
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = TemplateJson.Deserialize<ApiError>(await refused.Content.ReadAsStringAsync());
        error.Message.Should().Be("Unknown assets.");
        error.Details.Should().Be("spec.distributed.master.assets.compute.id: no compute asset with id '00000000-0000-4000-8000-000000000001'");
    }

    // Judgement (RFC 3986 §6.2.2.1: only scheme and host are case-insensitive; the contract's paths are
    // "/api/v1/asset/workload-template…"). ASP.NET's routes match any casing, so a client with a miscased path used to
    // pass in CI and get 404 from a real ingress.
    [Fact]
    public async Task Paths_are_case_sensitive()
    {
        using var response = await _http.GetAsync("API/V1/ASSET/WORKLOAD-TEMPLATE");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _http.PostAsync(Collection, new StringContent(json, Encoding.UTF8, "application/json"));
}
