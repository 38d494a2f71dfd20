using System.Globalization;
using System.Text;
using RunAi.TemplateDsl.Analyzers.Tests.Rules.Fuzz;
using Xunit.Abstractions;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules;

/// <summary>
/// The promise of one catalog, tested differentially on random templates: many generated DSL chains over the whole
/// DSL surface, valid and invalid calls mixed, are analyzed in one compilation by the real analyzer and then run.
/// With every argument constant, the analyzer's diagnostics inside a chain's method and the run time's
/// <c>Validate()</c> are the same multiset of (id, severity, message); the same chain left unbuilt, and chains with
/// some non-constant arguments, get a subset (the analyzer may stay silent about what it cannot know, never invent).
/// <para>
/// Reproducible: the seed is printed; set <c>RAI_PARITY_FUZZ_SEED</c> (and <c>RAI_PARITY_FUZZ_CHAINS</c>) to rerun or
/// to explore other seeds. A disagreement is shrunk to a smallest chain and reported with both front ends' output.
/// </para>
/// </summary>
public sealed class RandomizedParityTests
{
    // Fixed seeds, so that CI is reproducible. Seeds 1-50 at 400 chains each passed when the disagreements kept in
    // ParityDisagreementTests were fixed; a failure of another seed is a new one: shrink it (the report does) and add it there.
    private const int ConstantSeed = 25;

    private const int NonConstantSeed = 21;

    private readonly ITestOutputHelper _output;

    public RandomizedParityTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Constant_chains_get_the_same_diagnostics_from_the_analyzer_and_the_run_time()
    {
        var seed = Setting("RAI_PARITY_FUZZ_SEED", ConstantSeed);
        var count = Setting("RAI_PARITY_FUZZ_CHAINS", 200);
        var generator = new DslChainGenerator(seed, GeneratorMode.Constant);
        var cases = new List<FuzzCase>();
        for (var i = 0; i < count; i++)
        {
            var chain = generator.Next();
            cases.Add(new FuzzCase("V" + i.ToString(CultureInfo.InvariantCulture), CaseKind.Built, chain));
            cases.Add(new FuzzCase("B" + i.ToString(CultureInfo.InvariantCulture), CaseKind.Unbuilt, chain));
        }

        await CheckAsync(seed, "constant", cases);
    }

    [Fact]
    public async Task Chains_with_non_constant_arguments_get_a_subset_of_the_run_time_violations()
    {
        var seed = Setting("RAI_PARITY_FUZZ_SEED", NonConstantSeed);
        var count = Setting("RAI_PARITY_FUZZ_CHAINS", 200) / 2;
        var generator = new DslChainGenerator(seed, GeneratorMode.NonConstant);
        var cases = new List<FuzzCase>();
        for (var i = 0; i < count; i++)
        {
            var chain = generator.Next();
            cases.Add(new FuzzCase("N" + i.ToString(CultureInfo.InvariantCulture), CaseKind.NonConstant, chain, generator.Arguments()));
        }

        await CheckAsync(seed, "non-constant", cases);
    }

    private async Task CheckAsync(int seed, string what, List<FuzzCase> cases)
    {
        _output.WriteLine("Seed " + seed.ToString(CultureInfo.InvariantCulture) + ": " + cases.Count.ToString(CultureInfo.InvariantCulture) + " " + what + " cases (RAI_PARITY_FUZZ_SEED to rerun).");
        var outcomes = await DifferentialHarness.RunAsync(cases);
        var failing = outcomes.Where(o => !o.Agrees).ToList();
        _output.WriteLine(outcomes.Count(o => o.Runtime.Count > 0).ToString(CultureInfo.InvariantCulture) + " cases break at least one rule at run time; " + outcomes.Sum(o => o.Runtime.Count).ToString(CultureInfo.InvariantCulture) + " violations in all.");
        if (failing.Count == 0)
        {
            return;
        }

        var report = new StringBuilder();
        report.Append("Seed ").Append(seed.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(failing.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" of ").Append(cases.Count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(what)
            .AppendLine(" cases disagree (rerun with RAI_PARITY_FUZZ_SEED=" + seed.ToString(CultureInfo.InvariantCulture) + ").");
        var shrunk = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outcome in failing)
        {
            report.AppendLine().Append(outcome.Describe());

            // One shrink per kind of disagreement: shrinking compiles once per round.
            if (shrunk.Add(outcome.Case.Kind + " " + outcome.Signature))
            {
                var minimal = await DifferentialHarness.ShrinkAsync(outcome);
                report.AppendLine("  minimal:").Append(minimal.Describe());
            }
        }

        _output.WriteLine(report.ToString());
        Assert.Fail(report.ToString());
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
