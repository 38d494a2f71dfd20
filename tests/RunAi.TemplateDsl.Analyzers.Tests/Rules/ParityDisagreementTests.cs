using System.Text;
using RunAi.TemplateDsl.Analyzers.Tests.Rules.Fuzz;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules;

/// <summary>
/// The disagreements between the analyzer and the run time that <see cref="RandomizedParityTests"/> found, each shrunk
/// to a smallest chain and kept here as a regression test of the promise it broke (all fixed since). Seeds that found
/// them (generator as committed, RAI_PARITY_FUZZ_SEED=n): char constants nearly every seed (1, 2, 3, ...; a nullable
/// parameter 17); the master's assets 11, 107; an unknown master 3, 12; the configuration lambdas 1, 4; the cited index
/// 7, 107; the RAI6001 count 7, 8, 110 (non-constant, but for the char constants and the master's assets).
/// </summary>
public sealed class ParityDisagreementTests
{
    /// <summary>
    /// A char constant passed to a numeric parameter (<c>MaxReplicas('\0')</c>, <c>Distributed(f, '\0')</c>) is an int at
    /// run time, but the analyzer stripped the implicit char→int conversion and read the char as a text, so the number
    /// rules (RAI0004, RAI2001, RAI4002, RAI4003, RAI4007) stayed silent; also through a nullable parameter
    /// (<c>AddToleration(.., seconds: '\0')</c>), whose conversion is not a constant.
    /// </summary>
    [Fact]
    public Task A_char_constant_passed_to_a_numeric_parameter_is_its_code() => AgreeAsync(
        CaseKind.Built,
        null,
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, '\\0')",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).WithAutoscaling(a => a.MaxReplicas('\\0'))",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).WithAutoscaling(a => a.MinReplicas(3).MaxReplicas('\\u0001'))",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.PreferNoSchedule, \"\", '\\u0000')");

    /// <summary>
    /// The master's assets exist at run time only when one of them is set (<c>AssetsState.ToRefs</c> returns null when
    /// every asset is empty). The analyzer created <c>assets.environment</c> for <c>WithCompute(null!)</c> (which the DSL
    /// now refuses with ArgumentNullException, as it does the master's <c>WithEnvironment(null!)</c>), and kept it after <c>WithToolTypes()</c> / <c>WithWorkloadVolumes()</c>
    /// replace a non-empty list with none, so it reported
    /// RAI0001 ('id' is mandatory), and RAI2003 with <c>WithoutMaster()</c>, on a master that has no settings.
    /// Invented diagnostics on constant chains.
    /// </summary>
    [Fact]
    public Task Master_assets_set_back_to_none_need_no_environment() => AgreeAsync(
        CaseKind.Built,
        null,
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 1).WithMaster(m => m.WithToolTypes(ToolType.TensorBoard).WithToolTypes())",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 1).WithMaster(m => m.WithWorkloadVolumes(\"v\").WithWorkloadVolumes())",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 1).WithoutMaster().WithMaster(m => m.WithToolTypes(ToolType.TensorBoard).WithToolTypes())");

    /// <summary>
    /// A configuration lambda that is not a single chain on its parameter (<c>a =&gt; a.X() ?? a</c>,
    /// <c>a =&gt; flag ? a.X() : a</c>) is unknown to the template's chain, as documented; but the chain inside it is then
    /// judged on its own, as a builder of unknown history, and its diagnostics stand although the value never reaches
    /// <c>Validate()</c> (a later call replaces it, or the branch is not taken). Invented diagnostics (the analyzer's
    /// output is not a subset of the run time's).
    /// </summary>
    [Fact]
    public Task The_inner_chain_of_a_lambda_that_is_not_a_single_chain_is_not_judged_on_its_own() => AgreeAsync(
        CaseKind.NonConstant,
        ["t", 0, 0L, false],
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).WithAutoscaling(a => a.MinReplicas(-1) ?? a).WithAutoscaling(a => a)",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).WithAutoscaling(a => flag ? a.MinReplicas(-1) : a)",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).WithNodeAffinity(n => n.Term(t => t) ?? n).WithNodeAffinity(n => n)");

    /// <summary>
    /// With an unknown item before them, the analyzer cites the first KNOWN earlier duplicate ("also at nodePools[1]")
    /// where the run time cites the first one ("also at nodePools[0]"; the unknown item has the same value): the same
    /// rule on the same item, in other words. Applies to every "also at X[j]" message (RAI1005, RAI3010, RAI5004,
    /// RAI6002, RAI6003). A message the run time never reports.
    /// </summary>
    [Fact]
    public Task A_duplicate_after_an_unknown_item_cites_an_earlier_item() => AgreeAsync(
        CaseKind.NonConstant,
        ["a100", 0, 0L, false],
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).WithNodePools(text, \"a100\", \"a100\")",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).AddLabel(text, \"v\").AddLabel(\"a100\", \"v\").AddLabel(\"a100\", \"v\")");

    /// <summary>
    /// RAI6001 counts the sources it knows ("2 are set") where the run time counts them all ("3 are set"): the rule
    /// computes whether a source is unknown (TemplateRules.CheckEnvironmentVariables, <c>unknown</c>) and never uses it.
    /// The analyzer states a wrong number (RAI3003 says "n or more" in the same situation).
    /// </summary>
    [Fact]
    public Task RAI6001_says_or_more_when_a_source_is_not_known() => AgreeAsync(
        CaseKind.NonConstant,
        ["x", 0, 0L, false],
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = \"A\", Value = text, Credential = new EnvironmentVariableCredential { AssetId = Env, Key = \"k\" }, ConfigMap = new EnvironmentVariableConfigMap { Name = \"cm\", Key = \"k\" } })");

    /// <summary>
    /// A master configured by a lambda that is not a single chain (<c>WithMaster(m =&gt; m ?? m)</c>) is an object of
    /// unknown members; with <c>WithoutMaster()</c> the analyzer took it for master settings (RAI2003), where the run
    /// time's master is empty.
    /// </summary>
    [Fact]
    public Task An_unknown_master_is_not_taken_for_master_settings() => AgreeAsync(
        CaseKind.NonConstant,
        ["t", 0, 0L, false],
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 1).WithoutMaster().WithMaster(m => m ?? m)");

    /// <summary>RAI6001 of a variable without a name, one of whose sources is not known: "An environment variable …; 2 or more are set".</summary>
    [Fact]
    public Task RAI6001_of_a_nameless_variable_with_an_unknown_source_is_a_partial_rendering() => AgreeAsync(
        CaseKind.NonConstant,
        ["t", 0, 0L, false],
        "Template.Named(\"t\").InTenant().WithEnvironment(Env).AddEnvironmentVariable(new EnvironmentVariableOfAsset { Value = Environment.GetEnvironmentVariable(\"RAI_PARITY_FUZZ_UNSET\") ?? \"\", ConfigMap = new EnvironmentVariableConfigMap { Name = text }, PodFieldRef = new EnvironmentVariablePodFieldReference { Path = \"p\" } })");

    /// <summary>
    /// <c>RemoveLabel(text)</c> may drop any label: the analyzer keeps each as an unknown item in its place, and counted
    /// them for RAI0005 ("1001 items") where the run time, having dropped one, had 1000. Found by the diff review.
    /// </summary>
    [Fact]
    public Task A_list_a_removal_may_have_shortened_is_not_counted_over_its_limit() => AgreeAsync(
        CaseKind.NonConstant,
        ["l0", 0, 0L, false],
        "Template.Named(\"t\").InTenant().WithEnvironment(Env)" + string.Concat(Enumerable.Range(0, 1001).Select(i => ".AddLabel(\"l" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\", \"v\")")) + ".RemoveLabel(text)",
        "Template.Named(\"t\").InTenant().WithEnvironment(Env)" + string.Concat(Enumerable.Range(0, 1002).Select(i => ".AddLabel(\"l" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\", \"v\")")) + ".RemoveLabel(text)");

    private static async Task AgreeAsync(CaseKind kind, object[]? arguments, params string[] chains)
    {
        var cases = chains.Select((chain, i) => new FuzzCase(Prefix(kind) + "k" + i, kind, new DslChain(chain, []), arguments)).ToList();
        var outcomes = await DifferentialHarness.RunAsync(cases);
        var failing = outcomes.Where(o => !o.Agrees).ToList();
        if (failing.Count > 0)
        {
            var report = new StringBuilder();
            report.Append(failing.Count).Append(" of ").Append(cases.Count).AppendLine(" chains disagree:");
            foreach (var outcome in failing)
            {
                report.AppendLine().Append(outcome.Describe());
            }

            Assert.Fail(report.ToString());
        }
    }

    private static string Prefix(CaseKind kind) => kind switch
    {
        CaseKind.Built => "V",
        CaseKind.Unbuilt => "B",
        _ => "N",
    };
}
