using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/RunAi.TemplateDsl.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
