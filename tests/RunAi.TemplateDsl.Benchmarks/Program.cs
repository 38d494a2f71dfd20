using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// Runs the benchmarks; arguments go to BenchmarkDotNet. <c>--short</c> uses 5 warm-up and 15 measured iterations;
/// <c>--quick</c> runs <see cref="QuickCheck"/> instead, <c>--breakdown</c> <see cref="RoundTripBreakdown"/>. The create benchmarks start their own emulator
/// (<see cref="EmulatorProcess"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--breakdown"))
        {
            await RoundTripBreakdown.RunAsync();
            return 0;
        }

        if (args.Contains("--quick"))
        {
            await QuickCheck.RunAsync();
            return 0;
        }

        var job = args.Contains("--short")
            ? Job.Default.WithWarmupCount(5).WithIterationCount(15).WithLaunchCount(1)
            : Job.Default;
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddColumn(new RequestsPerSecondColumn())
            .WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--short").ToArray(), config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

/// <summary>Requests per second: the inverse of the mean time per operation (one operation is one create).</summary>
internal sealed class RequestsPerSecondColumn : IColumn
{
    public string Id => nameof(RequestsPerSecondColumn);

    public string ColumnName => "Req/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Creates per second (1 s / mean time per create)";

    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (1e9 / mean.Value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
