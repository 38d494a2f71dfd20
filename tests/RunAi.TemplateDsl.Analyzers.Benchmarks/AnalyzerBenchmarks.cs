extern alias analyzers;

using System.Collections.Immutable;
using analyzers::RunAi.TemplateDsl.Analyzers;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace RunAi.TemplateDsl.Analyzers.Benchmarks;

/// <summary>
/// <c>GetAnalyzerDiagnosticsAsync</c> over a generated template set (2,000 templates ≈ 40k lines, and 4× that),
/// with our analyzer and with an analyzer that registers the same operation actions but does nothing (the
/// baseline: binding and operation trees, which any operation analyzer pays for).
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private CSharpCompilation _compilation = null!;

    /// <summary>The number of templates.</summary>
    [Params(2000, 8000)]
    public int Templates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var trees = TemplateSetGenerator.Sources(Templates).Select(s => CSharpSyntaxTree.ParseText(s.Text, path: s.Name));
        _compilation = CSharpCompilation.Create("TemplateSet", trees, References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated set does not compile: " + errors[0]);
        }
    }

    [Benchmark(Baseline = true)]
    public Task<ImmutableArray<Diagnostic>> EmptyAnalyzer() => Run(new NoOpAnalyzer());

    [Benchmark]
    public async Task<ImmutableArray<Diagnostic>> TemplateRuleAnalyzer()
    {
        var diagnostics = await Run(new TemplateRuleAnalyzer());
        if (!diagnostics.IsEmpty)
        {
            throw new InvalidOperationException("The generated set is valid, yet: " + diagnostics[0]);
        }

        return diagnostics;
    }

    private Task<ImmutableArray<Diagnostic>> Run(DiagnosticAnalyzer analyzer) =>
        _compilation.WithAnalyzers([analyzer], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
}

/// <summary>Registers what <see cref="TemplateRuleAnalyzer"/> registers (per operation block: invocation and object creation actions, and a block end), and does nothing.</summary>
#pragma warning disable RS1036, RS1001, RS1025, RS1041, RS2008 // A benchmark baseline, never loaded by a compiler.
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpAnalyzer : DiagnosticAnalyzer
{
    // An analyzer without an enabled diagnostic is skipped by the driver: this one is never reported.
    private static readonly DiagnosticDescriptor Never = new("NOOP0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => start.RegisterOperationBlockStartAction(block =>
        {
            block.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.ObjectCreation);
            block.RegisterOperationBlockEndAction(_ => { });
        }));
    }
}
#pragma warning restore RS1036, RS1001, RS1025, RS1041, RS2008
