extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using analyzers::RunAi.TemplateDsl.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

/// <summary>Microsoft.CodeAnalysis.Testing for RAI9001 (<see cref="DiscardedResultAnalyzer"/> and its code fix), over the real library assembly.</summary>
internal static class VerifyDiscard
{
    /// <summary>The usings of every test source: the library's and System.Text (StringBuilder).</summary>
    public const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Text;\nusing RunAi.TemplateDsl;\nusing RunAi.TemplateDsl.AsCode;\n\n";

    /// <summary>Checks the analyzer reports exactly the markup's diagnostics (<c>{|RAI9001:…|}</c>, or <paramref name="expected"/>); none for plain code.</summary>
    public static async Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<DiscardedResultAnalyzer, DefaultVerifier> { TestCode = Usings + source, ReferenceAssemblies = Verify.LocalFramework };
        Verify.Configure(test.TestState);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Checks the fix turns the markup's diagnostics into <paramref name="fixedSource"/>, one by one and with Fix All.</summary>
    public static async Task CodeFixAsync(string source, string fixedSource)
    {
        var test = new CSharpCodeFixTest<DiscardedResultAnalyzer, DiscardedResultCodeFixProvider, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
            CodeActionEquivalenceKey = DiscardedResultCodeFixProvider.Keys.AssignResult,
            NumberOfIncrementalIterations = source.Split("{|RAI9001:", StringSplitOptions.None).Length - 1,
            NumberOfFixAllIterations = 1,
            ReferenceAssemblies = Verify.LocalFramework,
        };
        Verify.Configure(test.TestState);
        await test.RunAsync();
    }

    /// <summary>The diagnostics of <paramref name="source"/> (no markup) with the titles of the fixes offered for each.</summary>
    public static async Task<IReadOnlyList<(Diagnostic Diagnostic, IReadOnlyList<string> Fixes)>> FixesAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        var document = TestCompiler.Document(workspace, Usings + source);
        var compilation = await document.Project.GetCompilationAsync() ?? throw new InvalidOperationException("No compilation.");
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        var diagnostics = await compilation.WithAnalyzers([new DiscardedResultAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var provider = new DiscardedResultCodeFixProvider();
        var result = new List<(Diagnostic, IReadOnlyList<string>)>();
        foreach (var diagnostic in diagnostics)
        {
            var offered = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => offered.Add(action), CancellationToken.None));
            result.Add((diagnostic, (IReadOnlyList<string>)offered.Select(a => a.Title).ToList()));
        }

        return result;
    }
}
