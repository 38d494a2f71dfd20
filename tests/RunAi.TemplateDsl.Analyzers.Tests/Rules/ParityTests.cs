using System.Reflection;
using Microsoft.CodeAnalysis;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules;

/// <summary>
/// The promise of one catalog: for each rule's bad template, the analyzer's diagnostics and the violations of
/// <c>Validate()</c> at run time carry the same ids and messages (as a multiset), and <c>Build()</c> (or
/// <c>TemplateValidator.ThrowIfInvalid</c>) throws with the same violations when one is an error.
/// </summary>
public sealed class ParityTests
{
    [Theory]
    [MemberData(nameof(RuleCases.Ids), MemberType = typeof(RuleCases))]
    public async Task Analyzer_and_run_time_agree_on_the_bad_template(string id)
    {
        var (analyzer, validated, thrown) = await BothFrontEndsAsync(RuleCases.For(id).Bad);

        validated.Should().Contain(v => v.StartsWith(id + " ", StringComparison.Ordinal), "the bad template breaks " + id + " at run time");
        analyzer.Should().BeEquivalentTo(validated, "the analyzer reports what Build() reports, word for word");
        if (validated.Any(v => RuleSeverityOf(v) == "error"))
        {
            thrown.Should().BeEquivalentTo(validated);
        }
    }

    [Theory]
    [MemberData(nameof(RuleCases.Ids), MemberType = typeof(RuleCases))]
    public async Task Both_front_ends_pass_the_near_miss(string id)
    {
        var (analyzer, validated, _) = await BothFrontEndsAsync(RuleCases.For(id).NearMiss);
        validated.Should().BeEmpty();
        analyzer.Should().BeEmpty();
    }

    [Fact]
    public async Task Severities_agree_with_the_run_time_for_the_whole_catalog()
    {
        // RAI3007 is an info, RAI1002 a warning, RAI3003 an error: the analyzer uses the catalog's severity.
        foreach (var id in new[] { "RAI3007", "RAI1002", "RAI3003" })
        {
            var diagnostics = await TestCompiler.AnalyzeAsync(Verify.Usings + RuleCase.WrapRun(RuleCase.Plain(RuleCases.For(id).Bad)));
            var expected = CatalogIds.Severity(id);
            diagnostics.Single(d => d.Id == id).Severity.Should().Be(expected);
        }
    }

    private static string RuleSeverityOf(string line) => line.Split(' ')[1];

    /// <summary>Analyzer diagnostics within <c>Run()</c>, run-time violations of <c>Run()</c> and of <c>Throw()</c>, as "ID severity: message".</summary>
    internal static async Task<(List<string> Analyzer, List<string> Validated, List<string> Thrown)> BothFrontEndsAsync(string marked)
    {
        var source = Verify.Usings + RuleCase.Wrap(RuleCase.Plain(marked));
        var compilation = TestCompiler.Compile(source);
        var diagnostics = await TestCompiler.AnalyzeAsync(compilation);
        diagnostics.Should().NotContain(d => d.Id == "AD0001");
        var runLine = source.Split('\n').Select((l, i) => (l, i)).Single(x => x.l.Contains("Run() =>", StringComparison.Ordinal)).i;
        var analyzer = diagnostics
            .Where(d => d.Location.GetLineSpan().StartLinePosition.Line == runLine)
            .Select(d => d.Id + " " + Word(d.Severity) + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        var type = TestCompiler.Load(compilation).GetType("Templates")!;
        var validated = ((IReadOnlyList<RuleViolation>)type.GetMethod("Run")!.Invoke(null, null)!).Select(Line).ToList();
        var thrown = new List<string>();
        try
        {
            type.GetMethod("Throw")!.Invoke(null, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is TemplateValidationException invalid)
        {
            thrown.AddRange(invalid.Violations.Select(Line));
        }

        return (analyzer, validated, thrown);
    }

    private static string Line(RuleViolation v) => v.RuleId + " " + v.Severity.ToString().ToLowerInvariant() + ": " + v.Message;

    private static string Word(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
