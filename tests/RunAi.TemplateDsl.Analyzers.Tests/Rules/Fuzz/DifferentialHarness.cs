using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules.Fuzz;

/// <summary>How a generated chain is judged.</summary>
internal enum CaseKind
{
    /// <summary><c>V(i)() =&gt; chain.Validate()</c>, all constant: the analyzer's diagnostics equal the run time's violations.</summary>
    Built,

    /// <summary><c>B(i)() =&gt; chain</c>, not built: later calls could still change it, so the analyzer reports a subset.</summary>
    Unbuilt,

    /// <summary><c>N(i)(text, number, big, flag) =&gt; chain.Validate()</c> with non-constant arguments: the analyzer reports a subset.</summary>
    NonConstant,
}

/// <summary>A generated chain and how it is judged; <see cref="Arguments"/> are the values of <c>(text, number, big, flag)</c> for <see cref="CaseKind.NonConstant"/>.</summary>
internal sealed record FuzzCase(string Id, CaseKind Kind, DslChain Chain, object[]? Arguments = null)
{
    public string Method => Kind switch
    {
        CaseKind.Built => "public static IReadOnlyList<RuleViolation> " + Id + "()" + Chain.RenderBody(".Validate()"),
        CaseKind.Unbuilt => "public static TemplateBuilder " + Id + "()" + Chain.RenderBody(string.Empty),
        _ => "public static IReadOnlyList<RuleViolation> " + Id + "(string text, int number, long big, bool flag)" + Chain.RenderBody(".Validate()"),
    };

    public string Call => Kind == CaseKind.NonConstant
        ? Id + "(" + string.Join(", ", Arguments!.Select(DescribeArgument)) + ")"
        : Id + "()";

    private static string DescribeArgument(object a) => a switch
    {
        string text => DslChainGenerator.Lit(text),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => a.ToString() ?? "null",
    };
}

/// <summary>What the two front ends said about one chain, as <c>"ID severity: message"</c> lines.</summary>
internal sealed record Outcome(FuzzCase Case, IReadOnlyList<string> Analyzer, IReadOnlyList<string> Runtime, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, string? Error)
{
    /// <summary>Exactly equal for a built constant chain; a subset otherwise. Never an error (a throw, AD0001, Build() disagreeing with Validate()).</summary>
    public bool Agrees => Error is null && Extra.Count == 0 && (Case.Kind != CaseKind.Built || Missing.Count == 0);

    /// <summary>The shape of a disagreement, kept while shrinking: which rule ids are missing (-) or extra (+), or the error's kind.</summary>
    public string Signature => Error is not null
        ? "error:" + Error.Split(':')[0]
        : string.Join(" ", Missing.Where(_ => Case.Kind == CaseKind.Built).Select(m => "-" + m.Split(' ')[0]).Concat(Extra.Select(e => "+" + e.Split(' ')[0])).Distinct().Order(StringComparer.Ordinal));

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("  ").Append(Case.Kind).Append(' ').AppendLine(Case.Call);
        text.Append("    source:   ").AppendLine(Case.Method);
        Lines(text, "analyzer", Analyzer);
        Lines(text, "run time", Runtime);
        if (Missing.Count > 0 && Case.Kind == CaseKind.Built)
        {
            Lines(text, "missing (run time only)", Missing);
        }

        Lines(text, "extra (analyzer only)", Extra);
        if (Error is not null)
        {
            text.Append("    error:    ").AppendLine(Error);
        }

        return text.ToString();

        static void Lines(StringBuilder to, string title, IReadOnlyList<string> lines)
        {
            to.Append("    ").Append(title).Append(':');
            if (lines.Count == 0)
            {
                to.AppendLine(" (none)");
                return;
            }

            to.AppendLine();
            foreach (var line in lines)
            {
                to.Append("      ").AppendLine(line);
            }
        }
    }
}

/// <summary>
/// Puts many generated chains in one compilation, runs the real analyzer on it once (compiled against the real
/// library), then emits and loads it and runs every chain's <c>Validate()</c>: the differential comparison of the two
/// front ends of the rule catalog. Violations are compared as <c>(id, severity, message)</c>, the analyzer's
/// diagnostics being those inside the chain's method (one line each). Paths are not compared: a diagnostic has none.
/// </summary>
internal static class DifferentialHarness
{
    public const string ClassName = "Fuzz";

    public static string Source(IReadOnlyList<FuzzCase> cases, out Dictionary<int, FuzzCase> byLine)
    {
        var text = new StringBuilder(Verify.Usings);
        text.Append("public static class ").AppendLine(ClassName).AppendLine("{");
        text.Append("    public const string Env = ").Append(DslChainGenerator.Lit(DslChainGenerator.EnvId)).AppendLine(";");
        text.Append("    public const string Ds = ").Append(DslChainGenerator.Lit(DslChainGenerator.DsId)).AppendLine(";");
        text.AppendLine("    public static readonly string[] Pool = { \"1\" };");
        var line = text.ToString().Count(c => c == '\n');
        byLine = [];
        foreach (var c in cases)
        {
            text.Append("    ").AppendLine(c.Method);
            byLine[line++] = c;
        }

        text.AppendLine("}");
        return text.ToString();
    }

    public static async Task<IReadOnlyList<Outcome>> RunAsync(IReadOnlyList<FuzzCase> cases)
    {
        var source = Source(cases, out var byLine);
        var compilation = TestCompiler.Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated source does not compile:" + Environment.NewLine
                + string.Join(Environment.NewLine, errors.Take(10).Select(e => e.ToString() + Environment.NewLine + "  in: " + (byLine.TryGetValue(e.Location.GetLineSpan().StartLinePosition.Line, out var c) ? c.Method : "?"))));
        }

        var analyzer = cases.ToDictionary(c => c.Id, _ => new List<string>());
        var stray = new List<string>();
        foreach (var d in await TestCompiler.AnalyzeAsync(compilation))
        {
            if (byLine.TryGetValue(d.Location.GetLineSpan().StartLinePosition.Line, out var c))
            {
                analyzer[c.Id].Add(d.Id + " " + Word(d.Severity) + ": " + d.GetMessage(CultureInfo.InvariantCulture));
            }
            else
            {
                stray.Add(d.ToString());
            }
        }

        if (stray.Count > 0)
        {
            throw new InvalidOperationException("Diagnostics outside the chains: " + string.Join(Environment.NewLine, stray));
        }

        var type = TestCompiler.Load(compilation).GetType(ClassName)!;
        var outcomes = new List<Outcome>(cases.Count);
        foreach (var c in cases)
        {
            outcomes.Add(Judge(c, analyzer[c.Id], type));
        }

        return outcomes;
    }

    /// <summary>
    /// Shrinks a disagreeing case to a smallest chain with the same disagreement (one call removed at a time, at any
    /// depth; each round judges every candidate in one compilation).
    /// </summary>
    public static async Task<Outcome> ShrinkAsync(Outcome failing)
    {
        var current = failing;
        for (var round = 0; round < 100; round++)
        {
            var candidates = current.Case.Chain.WithOneCallLess()
                .Select((chain, i) => current.Case with { Id = current.Case.Id[0] + "s" + i.ToString(CultureInfo.InvariantCulture), Chain = chain })
                .ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var next = (await RunAsync(candidates)).FirstOrDefault(o => !o.Agrees && o.Signature == failing.Signature);
            if (next is null)
            {
                break;
            }

            current = next;
        }

        return current;
    }

    private static Outcome Judge(FuzzCase c, List<string> analyzer, Type type)
    {
        var method = type.GetMethod(c.Id)!;
        List<string> runtime;
        string? error = null;
        try
        {
            if (c.Kind == CaseKind.Unbuilt)
            {
                var builder = (TemplateBuilder)method.Invoke(null, null)!;
                var violations = builder.Validate();
                runtime = [.. violations.Select(Line)];
                error = BuildAgrees(builder, violations);
            }
            else
            {
                runtime = [.. ((IReadOnlyList<RuleViolation>)method.Invoke(null, c.Arguments)!).Select(Line)];
            }
        }
        catch (TargetInvocationException e)
        {
            return new Outcome(c, analyzer, [], [], [], "run time threw " + e.InnerException);
        }

        if (analyzer.Any(a => a.StartsWith("AD0001 ", StringComparison.Ordinal)))
        {
            error = "the analyzer threw (AD0001)";
        }

        var missing = runtime.ToList();
        var extra = new List<string>();
        foreach (var a in analyzer)
        {
            if (!missing.Remove(a))
            {
                extra.Add(a);
            }
        }

        if (c.Kind != CaseKind.Built)
        {
            // Where a value is unknown, two messages are rendered from what is known (see TemplateRules): RAI6001 names
            // the variable only when its name is known and says "n or more" when a source is not known, RAI3003 says
            // "n or more" of a list whose count is not known, and a duplicate after an unknown item cites "an earlier item".
            // Such a diagnostic matches the violation it renders partially.
            foreach (var a in extra.ToList())
            {
                if (missing.FirstOrDefault(r => IsPartialRendering(a, r)) is { } match)
                {
                    missing.Remove(match);
                    extra.Remove(a);
                }
            }
        }

        return new Outcome(c, analyzer, runtime, missing, extra, error);
    }

    /// <summary>Whether Build() throws exactly when Validate() has an error, with the same violations.</summary>
    private static string? BuildAgrees(TemplateBuilder builder, IReadOnlyList<RuleViolation> violations)
    {
        var hasError = violations.Any(v => v.Severity == RuleSeverity.Error);
        try
        {
            builder.Build();
            return hasError ? "Build() did not throw although Validate() reports an error" : null;
        }
        catch (TemplateValidationException e)
        {
            return !hasError ? "Build() threw although Validate() reports no error"
                : !e.Violations.Select(Line).SequenceEqual(violations.Select(Line)) ? "Build() threw other violations than Validate() reports"
                : null;
        }
    }

    internal static bool IsPartialRendering(string analyzer, string runtime)
    {
        // A duplicate (RAI1005, RAI3010, RAI5004, RAI6002, RAI6003) after an item the analyzer does not know cites
        // "an earlier item of nodePools" where the run time, which knows every item, cites the first: "nodePools[0]".
        if (analyzer.Contains("an earlier item of ", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.Replace(runtime, @"\b(datasources|labels|annotations|nodePools|environmentVariables|connections)\[\d+\]", "an earlier item of $1") == analyzer)
        {
            return true;
        }

        // RAI0005: "n or more items" where an item is not known (an unknown element, one a Remove… call may have dropped):
        // the known items, a lower bound of the run time's count.
        var partialCount = System.Text.RegularExpressions.Regex.Match(analyzer, @"^RAI0005 error: '(\w+)' has (\d+) or more items; at most (\d+) are allowed\.$");
        var fullCount = System.Text.RegularExpressions.Regex.Match(runtime, @"^RAI0005 error: '(\w+)' has (\d+) items; at most (\d+) are allowed\.$");
        if (partialCount.Success && fullCount.Success)
        {
            return partialCount.Groups[1].Value == fullCount.Groups[1].Value
                   && int.Parse(partialCount.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) <= int.Parse(fullCount.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        // RAI6001: "An environment variable" where the name is not known, and "k or more are set" where a source is not.
        var partialSources = System.Text.RegularExpressions.Regex.Match(analyzer, @"^RAI6001 error: (An environment variable|The environment variable '.*') takes one source: (.*); (\d+)( or more)? are set\.$");
        var fullSources = System.Text.RegularExpressions.Regex.Match(runtime, @"^RAI6001 error: (An environment variable|The environment variable '.*') takes one source: (.*); (\d+) are set\.$");
        if (partialSources.Success && fullSources.Success)
        {
            var named = partialSources.Groups[1].Value == "An environment variable" || partialSources.Groups[1].Value == fullSources.Groups[1].Value;
            var known = int.Parse(partialSources.Groups[3].Value, CultureInfo.InvariantCulture);
            var all = int.Parse(fullSources.Groups[3].Value, CultureInfo.InvariantCulture);
            return named && partialSources.Groups[2].Value == fullSources.Groups[2].Value
                   && (partialSources.Groups[4].Success ? known <= all : known == all);
        }

        var partial = System.Text.RegularExpressions.Regex.Match(analyzer, @"^RAI3003 error: Operator '(\w+)' takes exactly one value; (\d+) or more are given\.");
        var full = System.Text.RegularExpressions.Regex.Match(runtime, @"^RAI3003 error: Operator '(\w+)' takes exactly one value; (\d+) are given\.");
        return partial.Success && full.Success && partial.Groups[1].Value == full.Groups[1].Value
               && int.Parse(partial.Groups[2].Value, CultureInfo.InvariantCulture) <= int.Parse(full.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    private static string Line(RuleViolation v) => v.RuleId + " " + v.Severity.ToString().ToLowerInvariant() + ": " + v.Message;

    private static string Word(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
