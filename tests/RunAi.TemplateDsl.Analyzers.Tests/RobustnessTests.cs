using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;
using RunAi.TemplateDsl.Analyzers.Tests.Rules;
using Xunit.Abstractions;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// Code as it is being typed: the analyzer runs over prefixes of every sample and test source that uses the DSL, cut
/// after each token. It must never throw (AD0001 is never filtered out), and it must not report on code it cannot
/// judge: a prefix reports nothing the whole document does not (so nothing at all for a valid template), and what it
/// reports of a bad template (the RuleCases of RAI0001–RAI6004, e.g. RAI3003, RAI4001) only inside a statement or
/// member that parses.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    /// <summary>
    /// At most this many cuts per sample source and rule case, evenly spread (every cut for short sources), and per test
    /// source: there are a hundred of those, more with every test written, and at 160 cuts each they made this one test
    /// two minutes long.
    /// </summary>
    private const int MaxCutsPerSource = 160;

    /// <inheritdoc cref="MaxCutsPerSource"/>
    private const int MaxCutsPerTestSource = 40;

    [Fact]
    public async Task Partial_code_never_crashes_the_analyzer_nor_gets_judged()
    {
        var clock = Stopwatch.StartNew();
        var seed = TestCompiler.Compile();
        var prefixes = 0;
        var failures = new List<string>();
        foreach (var (name, text) in Sources())
        {
            // What the whole document reports (nothing for a valid template; the intended mistake for a bad one):
            // a prefix may report only those, and only where its code parses.
            var whole = await TestCompiler.AnalyzeAsync(seed.AddSyntaxTrees(CSharpSyntaxTree.ParseText(text, TestCompiler.ParseOptions, path: name)));
            var expected = whole.Where(d => d.Id != "AD0001").Select(d => (d.Id, d.Location.SourceSpan)).ToHashSet();
            if (name.StartsWith("samples", StringComparison.Ordinal) || name.EndsWith(".near-miss.cs", StringComparison.Ordinal))
            {
                // The sample template set and the near misses are valid: the analyzer must be silent on them.
                failures.AddRange(whole.Select(d => name + " (whole document): unexpected " + d));
            }

            var tokens = CSharpSyntaxTree.ParseText(text, TestCompiler.ParseOptions).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
            var max = name.StartsWith("tests", StringComparison.Ordinal) ? MaxCutsPerTestSource : MaxCutsPerSource;
            var step = Math.Max(1, (tokens.Count + max - 1) / max);
            var cuts = Enumerable.Range(0, tokens.Count).Where(i => i % step == 0 || i == tokens.Count - 1);
            foreach (var cut in cuts.Select(i => tokens[i].Span.End))
            {
                var tree = CSharpSyntaxTree.ParseText(text[..cut], TestCompiler.ParseOptions, path: name);
                var diagnostics = await TestCompiler.AnalyzeAsync(seed.AddSyntaxTrees(tree));
                prefixes++;
                foreach (var d in diagnostics)
                {
                    if (d.Id == "AD0001")
                    {
                        failures.Add(name + " cut at " + cut + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else if (!expected.Contains((d.Id, d.Location.SourceSpan)) || InCodeThatDoesNotParse(tree, d))
                    {
                        failures.Add(name + " cut at " + cut + ": unexpected " + d);
                    }
                }
            }
        }

        output.WriteLine($"{prefixes} partial documents analysed in {clock.Elapsed.TotalSeconds:F1} s");
        failures.Should().BeEmpty();
        prefixes.Should().BeGreaterThan(1000);
    }

    private static bool InCodeThatDoesNotParse(SyntaxTree tree, Diagnostic diagnostic)
    {
        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        var owner = node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax or MemberDeclarationSyntax);
        return owner is null || owner.ContainsDiagnostics;
    }

    /// <summary>Sample and test sources that use the DSL, and the bad and near-miss templates of the rule cases.</summary>
    private static IEnumerable<(string Name, string Text)> Sources()
    {
        var root = RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("Analyzers.Tests", StringComparison.Ordinal)))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            if (text.Contains("Template.Named(", StringComparison.Ordinal) || text.Contains("TemplateValidator.", StringComparison.Ordinal))
            {
                yield return (Path.GetRelativePath(root, file), text);
            }
        }

        foreach (var rule in RuleCases.All)
        {
            yield return (rule.Id + ".bad.cs", Verify.Usings + RuleCase.Wrap(RuleCase.Plain(rule.Bad)));
            yield return (rule.Id + ".near-miss.cs", Verify.Usings + RuleCase.Wrap(rule.NearMiss));
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RunAi.TemplateDsl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (RunAi.TemplateDsl.sln) was not found above " + AppContext.BaseDirectory);
    }
}
