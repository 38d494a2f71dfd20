using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules;

/// <summary>
/// Per rule: the analyzer reports the bad template of <see cref="RuleCases"/> exactly where the markup says, and
/// nothing for its near miss. Rules covered: RAI0001 RAI0002 RAI0003 RAI0004 RAI0005 RAI0006 RAI1001 RAI1002 RAI1003
/// RAI1004 RAI1005 RAI2001 RAI2002 RAI2003 RAI2004 RAI2005 RAI2006 RAI3001 RAI3002 RAI3003 RAI3004 RAI3005 RAI3006
/// RAI3007 RAI3008 RAI3009 RAI3010 RAI4001 RAI4002 RAI4003 RAI4004 RAI4005 RAI4006 RAI4007 RAI4008 RAI5001 RAI5002
/// RAI5003 RAI5004 RAI6001 RAI6002 RAI6003 RAI6004.
/// </summary>
public sealed class RuleDiagnosticTests
{
    [Theory]
    [MemberData(nameof(RuleCases.Ids), MemberType = typeof(RuleCases))]
    public async Task Reports_the_bad_template_at_the_marked_place(string id)
    {
        var test = RuleCases.For(id);
        test.Bad.Should().Contain("{|" + id + ":", "each case marks where its rule is reported");
        await Verify.AnalyzerAsync(RuleCase.WrapRun(test.Bad));
    }

    [Theory]
    [MemberData(nameof(RuleCases.Ids), MemberType = typeof(RuleCases))]
    public async Task Is_silent_on_the_near_miss(string id) =>
        await Verify.AnalyzerAsync(RuleCase.WrapRun(RuleCases.For(id).NearMiss));

    [Fact]
    public void Every_rule_of_the_catalog_has_a_case() =>
        RuleCases.All.Select(c => c.Id).Should().Equal(CatalogIds.All);
}
