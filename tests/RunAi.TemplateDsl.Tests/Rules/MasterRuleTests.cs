namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>Rules apply to <c>spec.distributed.master</c> (its assets and specificEnv) exactly as to the top level.</summary>
public sealed class MasterRuleTests
{
    private const string Master = "spec.distributed.master.";
    private const string MasterEnv = Master + "specificEnv.";

    private static readonly Dictionary<string, (Func<MasterBuilder, MasterBuilder> Configure, string RuleId, RuleSeverity Severity, string Path)> MasterCases = new()
    {
        ["RAI0002 empty command"] = (m => m.WithCommand(""), "RAI0002", RuleSeverity.Error, MasterEnv + "command"),
        ["RAI0006 environment id"] = (m => m.WithEnvironment("pytorch-env"), "RAI0006", RuleSeverity.Error, Master + "assets.environment.id"),
        ["RAI0006 compute id"] = (m => m.WithEnvironment(Valid.EnvironmentId).WithCompute("8-gpus"), "RAI0006", RuleSeverity.Error, Master + "assets.compute.id"),
        ["RAI1004 data source kind"] = (m => m.WithEnvironment(Valid.EnvironmentId).AddDataSource(AssetKind.Model, Valid.DataSourceId), "RAI1004", RuleSeverity.Error, Master + "assets.datasources[0].kind"),
        ["RAI1005 data source twice"] = (m => m.WithEnvironment(Valid.EnvironmentId).AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId).AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId), "RAI1005", RuleSeverity.Warning, Master + "assets.datasources[1].id"),
        ["RAI2005 completions"] = (m => m.WithCompletions(2), "RAI2005", RuleSeverity.Warning, MasterEnv + "completions"),
        ["RAI3001 In without values"] = (m => m.WithNodeAffinity(n => n.Term(t => t.In("zone"))), "RAI3001", RuleSeverity.Error, MasterEnv + "nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values"),
        ["RAI3004 Gt not an integer"] = (m => m.WithNodeAffinity(n => n.Term(t => t.Match("gpus", MatchOperator.Gt, "many"))), "RAI3004", RuleSeverity.Error, MasterEnv + "nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values[0]"),
        ["RAI3007 priority without preemptibility"] = (m => m.WithPriorityClass(PriorityClasses.High), "RAI3007", RuleSeverity.Info, MasterEnv + "priorityClass"),
        ["RAI3008 Exists with a value"] = (m => m.AddToleration("gpu", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: "yes"), "RAI3008", RuleSeverity.Error, MasterEnv + "tolerations[0].value"),
        ["RAI3010 node pool twice"] = (m => m.WithNodePools("a100", "a100"), "RAI3010", RuleSeverity.Warning, MasterEnv + "nodePools[1]"),
        ["RAI4002 max below min"] = (m => m.WithAutoscaling(a => a.MinReplicas(2).MaxReplicas(1)), "RAI4002", RuleSeverity.Error, MasterEnv + "autoScaling.maxReplicas"),
        ["RAI5004 connection twice"] = (m => m.AddConnection("ssh").AddConnection("ssh"), "RAI5004", RuleSeverity.Error, MasterEnv + "connections[1].name"),
        ["RAI6001 two sources"] = (m => m.AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = "X", Value = "1", PodFieldRef = new EnvironmentVariablePodFieldReference { Path = "metadata.name" } }), "RAI6001", RuleSeverity.Error, MasterEnv + "environmentVariables[0]"),
        ["RAI6004 supplemental groups"] = (m => m.WithSupplementalGroups("wheel"), "RAI6004", RuleSeverity.Error, MasterEnv + "supplementalGroups"),
    };

    public static TheoryData<string> MasterNames => Cases.Names(MasterCases);

    [Theory]
    [MemberData(nameof(MasterNames))]
    public void A_rule_broken_in_the_master_is_reported_under_spec_distributed_master(string name)
    {
        var (configure, ruleId, severity, path) = MasterCases[name];
        var template = Valid.Distributed.WithMaster(configure);

        if (severity == RuleSeverity.Error)
        {
            RuleAssert.OnlyError(template, ruleId, path);
        }
        else
        {
            RuleAssert.OnlyNotice(template, ruleId, severity, path);
        }
    }

    [Fact]
    public void RAI3001_the_same_mistake_at_the_top_and_in_the_master_is_reported_at_both_paths()
    {
        var template = Valid.Distributed
            .WithNodeAffinity(n => n.Term(t => t.In("zone")))
            .WithMaster(m => m.WithNodeAffinity(n => n.Term(t => t.In("zone"))));

        template.Invoking(t => t.Build()).Should().Throw<TemplateValidationException>().Which.Violations
            .Select(v => (v.RuleId, v.Severity, v.Path))
            .Should().BeEquivalentTo(
            [
                ("RAI3001", RuleSeverity.Error, "spec.specificEnv.nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values"),
                ("RAI3001", RuleSeverity.Error, MasterEnv + "nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values"),
            ]);
    }

    [Fact]
    public void RAI1003_near_miss_a_master_without_assets_of_its_own_uses_the_templates()
    {
        RuleAssert.Passes(Valid.Distributed.WithMaster(m => m.WithCommand("python master.py")), "RAI1003");
    }

    [Fact]
    public void Near_miss_a_fully_specified_valid_master_passes()
    {
        var template = Valid.Distributed.WithMaster(m => m
            .WithEnvironment(Valid.EnvironmentId)
            .WithCompute(Valid.ComputeId)
            .AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId, "/data")
            .WithCommand("python master.py")
            .WithNodeAffinity(n => n.Term(t => t.In("zone", "a").Gt("gpus", 1)))
            .WithNodePools("a100", "h100")
            .WithPriorityClass(PriorityClasses.High)
            .WithPreemptibility(Preemptibility.NonPreemptible)
            .TolerateAny("gpu", TolerationEffect.NoSchedule)
            .AddConnection("ssh")
            .AddEnvironmentVariable("ROLE", "master")
            .WithSupplementalGroups(2000));

        template.Validate().Should().BeEmpty();
        template.Invoking(t => t.Build()).Should().NotThrow();
    }
}
