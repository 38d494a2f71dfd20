using System.Diagnostics;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// A cross-check of the BenchmarkDotNet numbers (<c>--quick</c>) that is robust to a machine whose speed drifts from
/// second to second: the variants (raw, raw with the JSON work, plain Flurl with the JSON work, the client) take turns in small batches (50 creates at
/// concurrency 1, 400 at 8; the order reversed every other round), 100 rounds of warm-up then 400 measured, so that each
/// variant's 20,000 measured creates at concurrency 1 are spread over the same stretch of time as the others'. Reports
/// the requests per second over all measured batches, this process's CPU time per request (the client's own cost; the
/// emulator runs in another process), the bytes allocated per request, and two ratios to raw: of the total times, and
/// the median of the per-round ratios (each from batches run back to back, so a drift between rounds cancels out).
/// Batches of 1,000 taking turns (the earlier form) gave c=1 client ratios from 1.25 to 1.37 on one idle machine.
/// </summary>
internal static class QuickCheck
{
    // As in CreateBenchmarks: the first rounds measure the JIT tiering the client's path up, not the client.
    private const int WarmupRounds = 100;
    private const int MeasuredRounds = 400;

    public static async Task RunAsync()
    {
        var bench = new CreateBenchmarks();
        foreach (var concurrency in new[] { 1, 8 })
        {
            bench.Concurrency = concurrency;
            bench.Batch = concurrency == 1 ? 50 : 400;
            bench.Setup();
            (string Name, Func<Task> Run)[] variants = [("raw", bench.RawHttpClient), ("raw+json", bench.RawHttpClientWithJson), ("flurl", bench.PlainFlurlWithJson), ("client", bench.RunAiClientCreate)];
            var totals = variants.ToDictionary(v => v.Name, _ => (Seconds: 0.0, CpuUs: 0.0, Bytes: 0.0));
            var ratios = variants.ToDictionary(v => v.Name, _ => new List<double>());
            for (var round = 0; round < WarmupRounds + MeasuredRounds; round++)
            {
                var seconds = new Dictionary<string, double>();
                foreach (var (name, run) in round % 2 == 0 ? variants : variants.Reverse())
                {
                    bench.NewNames();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var allocated = GC.GetTotalAllocatedBytes(precise: true);
                    var watch = Stopwatch.StartNew();
                    await run();
                    watch.Stop();
                    if (round >= WarmupRounds)
                    {
                        var (s, c, b) = totals[name];
                        totals[name] = (s + watch.Elapsed.TotalSeconds, c + (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds, b + (GC.GetTotalAllocatedBytes(precise: true) - allocated));
                        seconds[name] = watch.Elapsed.TotalSeconds;
                    }
                }

                foreach (var (name, time) in seconds)
                {
                    ratios[name].Add(time / seconds["raw"]);
                }
            }

            bench.Cleanup();
            var requests = (double)bench.Batch * MeasuredRounds;
            foreach (var (name, (seconds, cpuUs, bytes)) in totals)
            {
                Console.WriteLine($"concurrency {concurrency} {name,-8}: {requests / seconds,8:N0} req/s, client CPU {cpuUs / requests,6:N1} us/req, allocated {bytes / requests / 1024,6:N2} KB/req, time vs raw {seconds / totals["raw"].Seconds:N3}x (median of rounds {Median(ratios[name]):N3}x)");
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
