using System.Diagnostics;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// A cross-check of the BenchmarkDotNet numbers (<c>--quick</c>) that is robust to a machine whose speed drifts from
/// minute to minute: rounds of 1,000 creates that alternate the variants (raw, raw with the JSON work, the client),
/// 20 rounds of warm-up then 20 measured. Reports the median wall-clock requests per second, this process's CPU time
/// per request (the client's own cost; the emulator runs in another process), the bytes allocated per request, and the
/// median of the per-round ratios (raw ÷ variant, each from the same round, so a drift between rounds cancels out).
/// </summary>
internal static class QuickCheck
{
    // As in CreateBenchmarks: the first rounds measure the JIT tiering the client's path up, not the client.
    private const int WarmupRounds = 20;
    private const int MeasuredRounds = 20;

    public static async Task RunAsync()
    {
        var bench = new CreateBenchmarks();
        foreach (var concurrency in new[] { 1, 8 })
        {
            bench.Concurrency = concurrency;
            bench.Setup();
            var results = new Dictionary<string, List<(double Rps, double CpuUs, double AllocBytes)>>();
            for (var round = 0; round < WarmupRounds + MeasuredRounds; round++)
            {
                foreach (var (name, run) in new (string, Func<Task>)[] { ("raw", bench.RawHttpClient), ("raw+json", bench.RawHttpClientWithJson), ("client", bench.RunAiClientCreate) })
                {
                    bench.NewNames();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var allocated = GC.GetTotalAllocatedBytes(precise: true);
                    var watch = Stopwatch.StartNew();
                    await run();
                    watch.Stop();
                    var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / CreateBenchmarks.Requests;
                    var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)CreateBenchmarks.Requests;
                    if (round >= WarmupRounds)
                    {
                        (results.TryGetValue(name, out var list) ? list : results[name] = []).Add((CreateBenchmarks.Requests / watch.Elapsed.TotalSeconds, cpuUs, bytes));
                    }
                }
            }

            bench.Cleanup();
            var raw = results["raw"];
            foreach (var (name, list) in results)
            {
                var ratio = Median(list.Select((r, i) => raw[i].Rps / r.Rps));
                Console.WriteLine($"concurrency {concurrency} {name,-8}: {Median(list.Select(r => r.Rps)),8:N0} req/s, client CPU {Median(list.Select(r => r.CpuUs)),6:N1} us/req, allocated {list.Average(r => r.AllocBytes) / 1024,6:N2} KB/req, time vs raw {ratio:N3}x");
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
