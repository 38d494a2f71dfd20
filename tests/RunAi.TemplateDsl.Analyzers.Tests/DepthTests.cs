using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// Generated code can continue one chain through a local over thousands of statements. The analyzer must stay linear
/// (it answered from rescans of the block: 2,000 statements took 40 s) and must not exhaust the thread's stack (each
/// statement it follows is a level of recursion): past its limits it is silent, never a crash or an AD0001.
/// </summary>
public sealed class DepthTests
{
    private const string Bad = """.WithNodeAffinity(n => n.Term(t => t.Match("k", MatchOperator.Gt, "1", "2")))""";

    [Fact]
    public async Task A_chain_continued_through_a_local_over_a_thousand_statements_is_still_judged()
    {
        (await TestCompiler.AnalyzeAsync(Source(1000, Bad))).Select(d => d.Id).Should().Equal("RAI3003");
    }

    [Fact]
    public async Task A_chain_continued_over_fifteen_thousand_statements_ends_in_silence_not_in_a_stack_overflow()
    {
        var diagnostics = await TestCompiler.AnalyzeAsync(Source(15000, Bad));

        diagnostics.Where(d => d.Id != "RAI3003").Should().BeEmpty("no AD0001, whether or not the evaluation reaches the start");
    }

    private static string Source(int statements, string start) => $$"""
        using System.Collections.Generic;
        using RunAi.TemplateDsl;

        public static class Generated
        {
            public static IReadOnlyList<RuleViolation> Run()
            {
                var b = Template.Named("deep").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d"){{start}};
        {{string.Concat(Enumerable.Repeat("        b = b.WithDescription(\"d\");\n", statements))}}
                return b.Validate();
            }
        }
        """;
}
