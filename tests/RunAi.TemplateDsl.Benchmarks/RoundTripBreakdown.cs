using System.Diagnostics;
using System.Net.Http.Headers;
using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// Where the time of one sequential create goes (<c>--breakdown</c>): for the raw HttpClient with the JSON work, the time
/// before the POST (serialize), the round trip (the POST until its answer is read), and after it (parse the answer), each
/// the median of 20 rounds of 1,000 creates after 20 rounds of warm-up, beside the raw baseline and the client. It shows
/// how much of the client's share at concurrency 1 is its own work and how much a longer round trip.
/// </summary>
internal static class RoundTripBreakdown
{
    private const string Path = "api/v1/asset/workload-template";

    public static async Task RunAsync()
    {
        using var emulator = EmulatorProcess.Start();
        using var raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(emulator.Url.TrimEnd('/') + "/") };
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorProcess.Token);
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = emulator.Url, BearerToken = EmulatorProcess.Token });
        var results = new Dictionary<string, List<(double Before, double RoundTrip, double After, double Total)>>();
        var batch = 0;
        for (var round = 0; round < 40; round++)
        {
            foreach (var variant in new[] { "raw", "raw+json", "client" })
            {
                batch++;
                var requests = Enumerable.Range(0, CreateBenchmarks.Requests).Select(i => Sample.Request($"split-{batch}-{i}")).ToArray();
                var bodies = requests.Select(TemplateJson.SerializeToUtf8Bytes).ToArray();
                double before = 0, roundTrip = 0, after = 0;
                var all = Stopwatch.StartNew();
                for (var i = 0; i < requests.Length; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    if (variant == "client")
                    {
                        await client.Templates.CreateAsync(requests[i]);
                        roundTrip += Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                        continue;
                    }

                    using var content = new ByteArrayContent(variant == "raw" ? bodies[i] : TemplateJson.SerializeToUtf8Bytes(requests[i]));
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    var t1 = Stopwatch.GetTimestamp();
                    using var response = await raw.PostAsync(Path, content);
                    var t2 = Stopwatch.GetTimestamp();
                    if (variant == "raw+json")
                    {
                        TemplateJson.Deserialize<WorkloadTemplate>(await response.Content.ReadAsByteArrayAsync());
                    }

                    before += Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds;
                    roundTrip += Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds;
                    after += Stopwatch.GetElapsedTime(t2).TotalMicroseconds;
                }

                if (round >= 20)
                {
                    var n = (double)requests.Length;
                    (results.TryGetValue(variant, out var list) ? list : results[variant] = []).Add((before / n, roundTrip / n, after / n, all.Elapsed.TotalMicroseconds / n));
                }
            }
        }

        foreach (var (variant, list) in results)
        {
            Console.WriteLine($"{variant,-8}: before the POST {Median(list, r => r.Before),6:N1} us, round trip {Median(list, r => r.RoundTrip),6:N1} us, after it {Median(list, r => r.After),6:N1} us, per create {Median(list, r => r.Total),6:N1} us");
        }
    }

    private static double Median<T>(List<T> values, Func<T, double> of)
    {
        var sorted = values.Select(of).OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
