using RunAi.TemplateDsl.Rules;
using static RunAi.TemplateDsl.Tests.Support.CSharpSource;

namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>Every rule has its page (the analyzer's help link points there), with the catalog's id, title and severity.</summary>
public sealed class RuleDocsTests
{
    public static TheoryData<string> RuleIds() => new(RuleCatalog.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_has_a_page_with_its_id_title_and_severity(string id)
    {
        var rule = RuleCatalog.All.Single(r => r.Id == id);
        var page = Path.Combine(RepositoryRoot(), "docs", "rules", id + ".md");

        File.Exists(page).Should().BeTrue($"{rule.DocPath} is the help link of {id}");
        var lines = File.ReadAllLines(page);
        lines[0].Should().StartWith($"# {id}: ");
        Normalize(lines[0][$"# {id}: ".Length..]).Should().Be(Normalize(rule.Title));
        lines.Should().Contain(l => l.Contains($"**Severity:** {rule.Severity} · **Category:** {rule.Category}", StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "rules", "README.md")).Should().Contain($"({id}.md)");
    }

    private static string Normalize(string title) => title.Replace("`", string.Empty, StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Trim();
}
