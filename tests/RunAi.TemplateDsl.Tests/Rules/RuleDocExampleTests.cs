using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RunAi.TemplateDsl.Rules;
using static RunAi.TemplateDsl.Tests.Support.CSharpSource;

namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>
/// The examples of every rule page (docs/rules) are what users copy: its "Bad" code, compiled against the library and
/// run, breaks exactly the rule with exactly the lines the page shows (id, severity, path, message), and its "Good" code
/// breaks no rule of error severity and not the page's rule. A message, path or API change that the pages do not follow
/// fails here.
/// </summary>
public sealed partial class RuleDocExampleTests
{
    public static TheoryData<string> RuleIds() => new(RuleCatalog.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_bad_example_breaks_the_rule_as_the_page_shows(string id)
    {
        var page = Page.Read(id);

        var violations = Run(page.BadCode, page.BadJson).Select(v => v.ToString()).ToList();

        violations.Should().Contain(page.BadOutput, $"the 'Bad' example of docs/rules/{id}.md, run, reports what its page shows");
        violations.Should().OnlyContain(v => page.BadOutput.Contains(v) || !v.StartsWith(id + " ", StringComparison.Ordinal), "the page shows every finding of its own rule");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_good_example_breaks_no_rule_of_error_severity(string id)
    {
        var page = Page.Read(id);

        // The template the example ends with: a base it derives from may be incomplete on purpose (never built itself).
        var violations = Run(page.GoodCode, json: null, lastOnly: true);

        violations.Should().NotContain(v => v.RuleId == id || v.Severity == RuleSeverity.Error, $"the 'Good' example of docs/rules/{id}.md is the fix");
    }

    /// <summary>
    /// Compiles an example as the body of a method, runs it, and returns the violations of what it made (or only of its
    /// last local, <paramref name="lastOnly"/>): every local that is a builder (<c>Validate()</c>) or a request or template (<c>TemplateValidator.Validate</c>), and those of a
    /// <see cref="TemplateValidationException"/> it throws (<c>Build()</c>, <c>ThrowIfInvalid</c>). <c>File.ReadAllText</c>
    /// in an example reads the page's JSON.
    /// </summary>
    private static List<RuleViolation> Run(string code, string? json, bool lastOnly = false)
    {
        var locals = CSharpSyntaxTree.ParseText(code).GetRoot()
            .DescendantNodes().OfType<LocalDeclarationStatementSyntax>()
            .Where(l => l.Parent is GlobalStatementSyntax)
            .SelectMany(l => l.Declaration.Variables.Select(v => v.Identifier.Text))
            .ToList();
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using RunAi.TemplateDsl;

            public static class Example
            {
                private const string Json = {{SymbolDisplay.FormatLiteral(json ?? "", quote: true)}};

                public static List<object?> Locals { get; } = new();

                public static void Run()
                {
            {{code}}
                    Locals.AddRange(new object?[] { {{string.Join(", ", locals)}} });
                }

                private static class File
                {
                    public static string ReadAllText(string path) => Json;
                }
            }
            """;
        var example = Compile(source).GetType("Example")!;
        var violations = new List<RuleViolation>();
        try
        {
            example.GetMethod("Run")!.Invoke(null, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is TemplateValidationException invalid)
        {
            violations.AddRange(invalid.Violations);
            return violations;
        }

        var made = (List<object?>)example.GetProperty("Locals")!.GetValue(null)!;
        foreach (var local in lastOnly ? made.TakeLast(1) : made)
        {
            violations.AddRange(local switch
            {
                TemplateBuilder builder => builder.Validate(),
                WorkloadTemplateCreationRequest request => TemplateValidator.Validate(request),
                WorkloadTemplateUpdateRequest update => TemplateValidator.Validate(update),
                WorkloadTemplate template => TemplateValidator.Validate(template),
                _ => [],
            });
        }

        return violations;
    }

    /// <summary>A rule page's examples: the code and JSON under "Bad", the lines it shows, and the code under "Good".</summary>
    private sealed partial record Page(string BadCode, string? BadJson, IReadOnlyList<string> BadOutput, string GoodCode)
    {
        public static Page Read(string id)
        {
            var text = System.IO.File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "rules", id + ".md")).ReplaceLineEndings("\n");
            var bad = Section(text, "Bad");
            var good = Section(text, "Good");
            var badJson = Blocks(bad, "json").FirstOrDefault();
            var badCode = Blocks(bad, "csharp").Single();

            // JSON is the example's input only when its code reads a file; otherwise it shows the wire form.
            return new Page(
                badCode,
                badCode.Contains("File.ReadAllText(", StringComparison.Ordinal) ? badJson : null,
                [.. Blocks(bad, "text").Single().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                Blocks(good, "csharp").Single());
        }

        private static string Section(string text, string title)
        {
            var start = text.IndexOf("\n## " + title + "\n", StringComparison.Ordinal);
            start.Should().BePositive($"the page has a '## {title}' section");
            var end = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
            return end < 0 ? text[start..] : text[start..end];
        }

        private static IEnumerable<string> Blocks(string section, string language) =>
            BlockPattern().Matches(section).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value);

        [GeneratedRegex("```(\\w+)\\n(.*?)```", RegexOptions.Singleline)]
        private static partial Regex BlockPattern();
    }
}
