extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using analyzers::RunAi.TemplateDsl.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

/// <summary>Microsoft.CodeAnalysis.Testing for the code fixes, over the real library assembly.</summary>
internal static class VerifyFix
{
    /// <summary>Checks a fix turns the markup's diagnostics into <paramref name="fixedSource"/>, one by one and with Fix All.</summary>
    public static async Task CodeFixAsync(string source, string fixedSource, string equivalenceKey, int iterations = 1)
    {
        var test = new CSharpCodeFixTest<TemplateRuleAnalyzer, TemplateRuleCodeFixProvider, DefaultVerifier>
        {
            TestCode = Verify.Usings + source,
            FixedCode = Verify.Usings + fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            NumberOfIncrementalIterations = iterations,
            NumberOfFixAllIterations = 1,
            ReferenceAssemblies = Verify.LocalFramework,
        };
        Verify.Configure(test.TestState);
        await test.RunAsync();
    }

    /// <summary>Checks Fix All over a document fixes every diagnostic in one pass.</summary>
    public static async Task FixAllAsync(string source, string fixedSource, string equivalenceKey)
    {
        var test = new CSharpCodeFixTest<TemplateRuleAnalyzer, TemplateRuleCodeFixProvider, DefaultVerifier>
        {
            TestCode = Verify.Usings + source,
            FixedCode = Verify.Usings + fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            NumberOfIncrementalIterations = Iterations(source),
            NumberOfFixAllIterations = 1,
            ReferenceAssemblies = Verify.LocalFramework,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck,
        };
        Verify.Configure(test.TestState);
        await test.RunAsync();
    }

    private static int Iterations(string source) => source.Split("{|RAI", StringSplitOptions.None).Length - 1;

    /// <summary>The equivalence keys of every fix offered for the analyzer's diagnostics in <paramref name="source"/> (no markup).</summary>
    public static async Task<IReadOnlyList<string?>> OfferedKeysAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        var document = TestCompiler.Document(workspace, Verify.Usings + source);
        var compilation = await document.Project.GetCompilationAsync() ?? throw new InvalidOperationException("No compilation.");
        var provider = new TemplateRuleCodeFixProvider();
        var offered = new List<CodeAction>();
        foreach (var diagnostic in await TestCompiler.AnalyzeAsync(compilation))
        {
            if (provider.FixableDiagnosticIds.Contains(diagnostic.Id))
            {
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => offered.Add(action), CancellationToken.None));
            }
        }

        return offered.Select(a => a.EquivalenceKey).ToList();
    }
}
