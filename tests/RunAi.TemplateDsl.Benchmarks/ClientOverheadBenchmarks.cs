using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Flurl.Http;
using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// What the client itself costs per create, without a network or a server: every variant sends through the same
/// in-memory handler that answers 202 with a stored template. Separates Flurl's share from ours.
/// </summary>
[MemoryDiagnoser]
public class ClientOverheadBenchmarks
{
    private const string BaseUrl = "http://127.0.0.1:9/";

    // As the emulator and the API write them: to the 100 ns, so with a fraction.
    private static readonly DateTimeOffset Stamp = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(1_234_567);
    private static readonly byte[] Answer = TemplateJson.SerializeToUtf8Bytes(new WorkloadTemplate
    {
        Meta = new AssetMeta
        {
            Name = "bench",
            Scope = Scope.Project,
            ProjectId = 42,
            Id = "6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
            Kind = AssetKind.WorkloadTemplate,
            CreatedBy = "bench",
            CreatedAt = Stamp,
            UpdatedBy = "bench",
            UpdatedAt = Stamp,
        },
        Spec = new SpecificRunInfoFields { Assets = new AssetsRef { Environment = new EnvironmentAssetRef { Id = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", Name = "env" } } },
    });

    private readonly WorkloadTemplateCreationRequest _request = Sample.Request("bench");
    private byte[] _body = [];
    private HttpClient _raw = null!;
    private FlurlClient _flurl = null!;
    private RunAiClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = TemplateJson.SerializeToUtf8Bytes(_request);
        _raw = new HttpClient(new Stub()) { BaseAddress = new Uri(BaseUrl) };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        _flurl = new FlurlClient(new HttpClient(new Stub()) { BaseAddress = new Uri(BaseUrl) });
        _client = new RunAiClient(new RunAiClientOptions { BaseUrl = BaseUrl, BearerToken = "t" }, new FlurlClient(new HttpClient(new Stub())));
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient, pre-serialized")]
    public async Task<int> Raw()
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _raw.PostAsync("api/v1/asset/workload-template", content);
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "raw HttpClient + serialize + read the answer")]
    public async Task<WorkloadTemplate> RawWithJson()
    {
        using var content = new ByteArrayContent(TemplateJson.SerializeToUtf8Bytes(_request));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _raw.PostAsync("api/v1/asset/workload-template", content);
        return TemplateJson.Deserialize<WorkloadTemplate>(await response.Content.ReadAsByteArrayAsync());
    }

    [Benchmark(Description = "plain Flurl + serialize + read the answer")]
    public async Task<WorkloadTemplate> PlainFlurl()
    {
        using var content = new ByteArrayContent(TemplateJson.SerializeToUtf8Bytes(_request));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _flurl.Request("api/v1/asset/workload-template").WithHeader("Authorization", "Bearer t")
            .SendAsync(HttpMethod.Post, content, HttpCompletionOption.ResponseContentRead);
        return TemplateJson.Deserialize<WorkloadTemplate>(await response.ResponseMessage.Content.ReadAsByteArrayAsync());
    }

    [Benchmark(Description = "  of which: reading the 202 body")]
    public WorkloadTemplate ReadAnswer() => TemplateJson.Deserialize<WorkloadTemplate>(Answer);

    [Benchmark(Description = "RunAiClient.Templates.CreateAsync")]
    public Task<WorkloadTemplate> Client() => _client.Templates.CreateAsync(_request);

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _flurl.Dispose();
        _raw.Dispose();
    }

    private sealed class Stub : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent(Answer) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } });
    }
}
