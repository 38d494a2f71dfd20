using BenchmarkDotNet.Running;
using RunAi.TemplateDsl.Analyzers.Benchmarks;

// generate DIR COUNT LIBRARY ANALYZER... : writes the template set as a project (used by scripts/analyzer-share.sh).
// Otherwise: BenchmarkDotNet, e.g. `dotnet run -c Release --project tests/RunAi.TemplateDsl.Analyzers.Benchmarks -- --job short`.
if (args.Length >= 4 && args[0] == "generate")
{
    TemplateSetGenerator.WriteProject(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3], args.Skip(4));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(AnalyzerBenchmarks).Assembly).Run(args);
return 0;
