using System.Runtime.CompilerServices;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// The analyzer keeps per-thread scratch state between evaluations (the analyzer runs on every keystroke); in an IDE
/// that state must not keep an old compilation alive.
/// </summary>
public sealed class LifetimeTests
{
    [Fact]
    public async Task After_the_analysis_the_analyzer_keeps_no_reference_to_the_compilation()
    {
        var (compilation, tree) = await AnalyzeAndForgetAsync();

        for (var i = 0; i < 10 && (compilation.IsAlive || tree.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        compilation.IsAlive.Should().BeFalse("no thread's evaluator may hold the model or the locals of a finished compilation");
        tree.IsAlive.Should().BeFalse("nor the syntax its facts and violations came from");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference Compilation, WeakReference Tree)> AnalyzeAndForgetAsync()
    {
        // Every thread of the pool evaluates at least one chain (and one reports), so every evaluator has been used.
        var sources = Enumerable.Range(0, 64).Select(i => $$"""
            using RunAi.TemplateDsl;

            public static class Templates{{i}}
            {
                public static WorkloadTemplateCreationRequest Gpu()
                {
                    // A chain split over a local: the evaluator follows the block's statements.
                    var b = Template.Named("gpu-{{i}}").InTenant();
                    b = b.WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d");
                    return b.WithNodeAffinity(n => n.Term(t => t.Match("k", MatchOperator.Gt, "1", "2"))).Build();
                }
            }
            """).ToArray();
        var compilation = TestCompiler.Compile(sources);
        var diagnostics = await TestCompiler.AnalyzeAsync(compilation);
        diagnostics.Should().HaveCount(64).And.OnlyContain(d => d.Id == "RAI3003");
        return (new WeakReference(compilation), new WeakReference(compilation.SyntaxTrees.First()));
    }
}
