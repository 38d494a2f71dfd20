using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Flurl.Http;
using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// 1,000 creates against the emulator (a separate process on 127.0.0.1, so its allocations are not counted; a fresh
/// one for each case), sequential
/// and with concurrency 8: the RunAiClient (serialize, Flurl, token, Polly, deserialize the 202 body) against a raw
/// HttpClient posting pre-serialized bytes and reading the status (the baseline), against a raw HttpClient that
/// also serializes and parses, and against plain Flurl doing the same JSON work (the floor for any client the issue
/// allows, which sends with Flurl).
/// </summary>
[MemoryDiagnoser]
// 30 warm-up rounds (30,000 creates) before measuring: with fewer, the client's path (Flurl, Polly, System.Text.Json)
// is still being tiered up by the JIT and the figures measure the JIT. Then 20 measured rounds in each of 3 processes:
// the two cores are shared with the emulator, single rounds vary by ±30%, and a whole case can run slow in all its
// rounds (a slow stretch of the machine, or of one process's JIT-compiled code: in three single-process runs of 40
// rounds the client measured 1.10x, 1.21x and 1.58x of raw), so each case pools three processes.
[WarmupCount(30)]
[IterationCount(20)]
[ProcessCount(3)]
public class CreateBenchmarks
{
    public const int Requests = 1000;
    private const string Path = "api/v1/asset/workload-template";
    private static int _batch;

    private readonly string _prefix = "bench-" + Guid.NewGuid().ToString("N")[..8];
    private EmulatorProcess _emulator = null!;
    private RunAiClient _client = null!;
    private HttpClient _raw = null!;
    private FlurlClient _flurl = null!;
    private WorkloadTemplateCreationRequest[] _requests = [];
    private byte[][] _bodies = [];

    [Params(1, 8)]
    public int Concurrency { get; set; }

    /// <summary>How many creates one invocation sends: <see cref="Requests"/> for BenchmarkDotNet; QuickCheck sends smaller batches.</summary>
    internal int Batch { get; set; } = Requests;

    [GlobalSetup]
    public void Setup()
    {
        // A fresh emulator for every case (see EmulatorProcess): each case starts from an empty store.
        _emulator = EmulatorProcess.Start();
        var baseUrl = _emulator.Url;
        _client = new RunAiClient(new RunAiClientOptions { BaseUrl = baseUrl, BearerToken = EmulatorProcess.Token });
        _raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorProcess.Token);
        _flurl = new FlurlClient(RunAiClient.CreateHttpClient());
        _flurlUrl = baseUrl.TrimEnd('/') + "/" + Path;
    }

    private string _flurlUrl = "";

    [IterationSetup]
    public void NewNames()
    {
        // Every create needs a name of its own; building the requests and bodies is not what is measured.
        var batch = Interlocked.Increment(ref _batch);
        _requests = new WorkloadTemplateCreationRequest[Batch];
        _bodies = new byte[Batch][];
        for (var i = 0; i < Batch; i++)
        {
            _requests[i] = Sample.Request($"{_prefix}-{batch}-{i}");
            _bodies[i] = TemplateJson.SerializeToUtf8Bytes(_requests[i]);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests, Description = "raw HttpClient, pre-serialized")]
    public Task RawHttpClient() => ForEachAsync(async (i, ct) =>
    {
        using var content = new ByteArrayContent(_bodies[i]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _raw.PostAsync(Path, content, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Expected 202, got {(int)response.StatusCode}.");
        }
    });

    /// <summary>
    /// What any typed client must do on top of the baseline: serialize the request and parse the 202 body. Separates the
    /// cost of the JSON work (which the baseline skips) from the cost of Flurl, Polly, the token and our own code.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Requests, Description = "raw HttpClient + serialize + parse the answer")]
    public Task RawHttpClientWithJson() => ForEachAsync(async (i, ct) =>
    {
        using var content = new ByteArrayContent(TemplateJson.SerializeToUtf8Bytes(_requests[i]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _raw.PostAsync(Path, content, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Expected 202, got {(int)response.StatusCode}.");
        }

        TemplateJson.Deserialize<WorkloadTemplate>(await response.Content.ReadAsByteArrayAsync(ct));
    });

    /// <summary>
    /// The JSON work through plain Flurl (the client's HTTP handler, no token source, no retries, no status mapping):
    /// what Flurl itself adds, on the real round trip.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Requests, Description = "plain Flurl + serialize + parse the answer")]
    public Task PlainFlurlWithJson() => ForEachAsync(async (i, ct) =>
    {
        using var content = new ByteArrayContent(TemplateJson.SerializeToUtf8Bytes(_requests[i]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _flurl.Request(_flurlUrl).WithHeader("Authorization", "Bearer " + EmulatorProcess.Token)
            .SendAsync(HttpMethod.Post, content, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode != (int)HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Expected 202, got {response.StatusCode}.");
        }

        TemplateJson.Deserialize<WorkloadTemplate>(await response.ResponseMessage.Content.ReadAsByteArrayAsync(ct));
    });

    [Benchmark(OperationsPerInvoke = Requests, Description = "RunAiClient.Templates.CreateAsync")]
    public Task RunAiClientCreate() => ForEachAsync(async (i, ct) => await _client.Templates.CreateAsync(_requests[i], ct));

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _raw.Dispose();
        _flurl.Dispose();
        _emulator.Dispose();
    }

    private Task ForEachAsync(Func<int, CancellationToken, ValueTask> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Batch), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, body);
}

/// <summary>A realistic template: environment, compute, a data source and some run parameters.</summary>
internal static class Sample
{
    public static WorkloadTemplateCreationRequest Request(string name) => new()
    {
        Meta = new AssetCreationRequest
        {
            Name = name,
            Description = "benchmark template",
            Scope = Scope.Project,
            ProjectId = 42,
            WorkloadSupportedTypes = new WorkloadSupportedTypes { Training = true },
        },
        Spec = new SpecificRunCreationFields
        {
            Assets = new AssetsIds
            {
                Environment = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d",
                Compute = "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                Datasources = [new AssetIdAndKind { Id = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", Kind = AssetKind.Pvc, Overrides = new DataSourceOverrides { ContainerPath = "/data" } }],
            },
            SpecificEnv = new SpecificRunParams { Command = "python train.py", Args = "--epochs 3", NodePools = ["default", "a100"] },
        },
    };
}
