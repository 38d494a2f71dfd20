extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

/// <summary>Microsoft.CodeAnalysis.Testing over the real library assembly; sources get <c>using RunAi.TemplateDsl;</c>.</summary>
internal static class Verify
{
    /// <summary>The usings every test source starts with.</summary>
    public const string Usings = "using System;\nusing System.Collections.Generic;\nusing RunAi.TemplateDsl;\n\n";

    /// <summary>The local .NET reference pack, so tests need no download.</summary>
    public static readonly ReferenceAssemblies LocalFramework = new("net10.0");

    /// <summary>Checks the analyzer reports exactly the markup's diagnostics (<c>{|RAI3003:…|}</c>); none for plain code.</summary>
    public static async Task AnalyzerAsync(string source, bool addUsings = true)
    {
        var test = new CSharpAnalyzerTest<TemplateRuleAnalyzer, DefaultVerifier> { TestCode = addUsings ? Usings + source : source };
        Configure(test.TestState);
        test.ReferenceAssemblies = LocalFramework;
        await test.RunAsync();
    }

    internal static void Configure(SolutionState state) => state.AdditionalReferences.AddRange(TestCompiler.References);
}
