extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

/// <summary>Microsoft.CodeAnalysis.Testing for RAI9001 (<see cref="DiscardedResultAnalyzer"/>), over the real library assembly.</summary>
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
}
