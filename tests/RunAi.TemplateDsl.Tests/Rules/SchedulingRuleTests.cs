namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>RAI3001–RAI3010: node affinity, priority, tolerations and node pools.</summary>
public sealed class SchedulingRuleTests
{
    private const string Env = "spec.specificEnv.";
    private const string Expression0 = Env + "nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0]";

    private static readonly TemplateBuilder T = Valid.Template;

    private static TemplateBuilder Affinity(Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder> term) => T.WithNodeAffinity(n => n.Term(term));

    // ------------------------------------------------------------------------------------------------ RAI3001

    [Theory]
    [InlineData("In")]
    [InlineData("NotIn")]
    public void RAI3001_In_or_NotIn_without_values_fails_Build_at_values(string op)
    {
        var violation = RuleAssert.OnlyError(Affinity(t => t.Match("topology.kubernetes.io/zone", new MatchOperator(op))), "RAI3001", Expression0 + ".values");

        violation.Message.Should().StartWith("Operator '" + op + "' needs at least one value");
    }

    [Fact]
    public void RAI3001_the_In_shortcut_without_values_is_caught_too_in_the_expression_that_has_it()
    {
        RuleAssert.OnlyError(
            T.WithNodeAffinity(n => n.Term(t => t.Exists("gpu")).Term(t => t.Exists("gpu").In("zone"))),
            "RAI3001",
            Env + "nodeAffinityRequired.nodeSelectorTerms[1].matchExpressions[1].values");
    }

    [Fact]
    public void RAI3001_near_miss_In_and_NotIn_with_one_value_pass()
    {
        RuleAssert.Passes(Affinity(t => t.In("zone", "a").NotIn("pool", "spot")), "RAI3001");
    }

    // ------------------------------------------------------------------------------------------------ RAI3002

    [Theory]
    [InlineData("Exists", new[] { "true" }, "remove the 1 value.")]
    [InlineData("DoesNotExist", new[] { "a", "b" }, "remove the 2 values.")]
    public void RAI3002_Exists_or_DoesNotExist_with_values_fails_Build_at_values(string op, string[] values, string fix)
    {
        var violation = RuleAssert.OnlyError(Affinity(t => t.Match("nvidia.com/gpu", new MatchOperator(op), values)), "RAI3002", Expression0 + ".values");

        violation.Message.Should().Be("Operator '" + op + "' takes no values; " + fix);
    }

    [Fact]
    public void RAI3002_near_miss_Exists_and_DoesNotExist_without_values_pass()
    {
        RuleAssert.Passes(Affinity(t => t.Exists("nvidia.com/gpu").DoesNotExist("spot").Match("k", MatchOperator.Exists)), "RAI3002");
    }

    // ------------------------------------------------------------------------------------------------ RAI3003

    [Theory]
    [InlineData("Gt", new string[0], "none is given")]
    [InlineData("Lt", new[] { "4", "8" }, "2 are given")]
    public void RAI3003_Gt_or_Lt_without_exactly_one_value_fails_Build_at_values(string op, string[] values, string given)
    {
        var violation = RuleAssert.OnlyError(Affinity(t => t.Match("nvidia.com/gpu.count", new MatchOperator(op), values)), "RAI3003", Expression0 + ".values");

        violation.Message.Should().Contain("takes exactly one value; " + given);
    }

    [Fact]
    public void RAI3003_near_miss_the_typed_shortcuts_and_Match_with_one_value_pass()
    {
        RuleAssert.Passes(Affinity(t => t.Gt("nvidia.com/gpu.count", 4).Lt("nvidia.com/gpu.count", 9).Match("cores", MatchOperator.Gt, "16")), "RAI3003");
    }

    // ------------------------------------------------------------------------------------------------ RAI3004

    [Theory]
    [InlineData("four")]
    [InlineData("4.5")]
    [InlineData("")]
    [InlineData(" 4")]
    public void RAI3004_a_Gt_or_Lt_value_that_is_not_an_integer_fails_Build_at_the_value(string value)
    {
        var violation = RuleAssert.OnlyError(Affinity(t => t.Match("nvidia.com/gpu.count", MatchOperator.Gt, value)), "RAI3004", Expression0 + ".values[0]");

        violation.Message.Should().Be("The 'Gt' value must be an integer; '" + value + "' is not.");
    }

    [Theory]
    [InlineData("4")]
    [InlineData("-3")]
    [InlineData("0")]
    public void RAI3004_near_miss_integer_values_pass(string value)
    {
        RuleAssert.Passes(Affinity(t => t.Match("nvidia.com/gpu.count", MatchOperator.Lt, value)), "RAI3004");
    }

    // ------------------------------------------------------------------------------------------------ RAI3005

    [Fact]
    public void RAI3005_an_empty_node_selector_term_is_a_warning_at_the_term()
    {
        var violation = RuleAssert.OnlyNotice(
            T.WithNodeAffinity(n => n.Term(t => t.Exists("gpu")).Term(t => t)),
            "RAI3005",
            RuleSeverity.Warning,
            Env + "nodeAffinityRequired.nodeSelectorTerms[1]");

        violation.Message.Should().Contain("matches no nodes");
    }

    [Fact]
    public void RAI3005_a_hand_built_term_with_an_empty_expression_list_is_warned_too()
    {
        var request = Valid.Request(Affinity(t => t.Exists("gpu")));
        request.Spec.SpecificEnv!.NodeAffinityRequired!.NodeSelectorTerms![0].MatchExpressions = [];

        RuleAssert.Single(TemplateValidator.Validate(request), "RAI3005", RuleSeverity.Warning, Env + "nodeAffinityRequired.nodeSelectorTerms[0]");
    }

    [Fact]
    public void RAI3005_near_miss_a_term_with_one_expression_passes()
    {
        RuleAssert.Passes(Affinity(t => t.Exists("gpu")), "RAI3005");
    }

    // ------------------------------------------------------------------------------------------------ RAI3006

    [Theory]
    [InlineData("hihg", " (did you mean 'high'?).")]
    [InlineData("HIGH", " (did you mean 'high'?).")]
    [InlineData("medium_low", " (did you mean 'medium-low'?).")]
    [InlineData("mediun_hgih", " (did you mean 'medium-high'?).")]
    [InlineData("critical-priority", ".")]
    public void RAI3006_an_unknown_priority_class_fails_Build_and_suggests_the_nearest(string priorityClass, string ending)
    {
        var violation = RuleAssert.OnlyError(
            T.WithPriorityClass(priorityClass).WithPreemptibility(Preemptibility.Preemptible),
            "RAI3006",
            Env + "priorityClass");

        violation.Message.Should().Be(
            "priorityClass must be one of very-low, low, medium-low, medium, medium-high, high, very-high; '" + priorityClass + "' is not" + ending);
    }

    public static TheoryData<string> PriorityClassValues => new()
    {
        PriorityClasses.VeryLow, PriorityClasses.Low, PriorityClasses.MediumLow, PriorityClasses.Medium,
        PriorityClasses.MediumHigh, PriorityClasses.High, PriorityClasses.VeryHigh,
    };

    [Theory]
    [MemberData(nameof(PriorityClassValues))]
    public void RAI3006_near_miss_every_listed_priority_class_passes(string priorityClass)
    {
        RuleAssert.Passes(T.WithPriorityClass(priorityClass).WithPreemptibility(Preemptibility.NonPreemptible), "RAI3006");
    }

    // ------------------------------------------------------------------------------------------------ RAI3007

    [Fact]
    public void RAI3007_a_priority_class_without_preemptibility_is_an_info_and_Build_still_succeeds()
    {
        var violation = RuleAssert.OnlyNotice(T.WithPriorityClass(PriorityClasses.High), "RAI3007", RuleSeverity.Info, Env + "priorityClass");

        violation.Message.Should().Contain("WithPreemptibility(..)");
    }

    [Fact]
    public void RAI3007_near_miss_a_priority_class_with_preemptibility_passes()
    {
        RuleAssert.Passes(T.WithPriorityClass(PriorityClasses.High).WithPreemptibility(Preemptibility.NonPreemptible), "RAI3007");
        RuleAssert.Passes(T.WithPreemptibility(Preemptibility.Preemptible), "RAI3007");
    }

    // ------------------------------------------------------------------------------------------------ RAI3008

    [Fact]
    public void RAI3008_a_toleration_with_Exists_and_a_value_fails_Build_at_the_value()
    {
        var violation = RuleAssert.OnlyError(
            T.TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule).AddToleration("dedicated", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: "ml"),
            "RAI3008",
            Env + "tolerations[1].value");

        violation.Message.Should().Contain("operator 'Equal'");
    }

    [Fact]
    public void RAI3008_near_miss_Exists_without_a_value_and_Equal_with_a_value_pass()
    {
        RuleAssert.Passes(T.TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule).Tolerate("dedicated", "ml", TolerationEffect.NoSchedule), "RAI3008");
    }

    [Fact]
    public void RAI3008_near_miss_Exists_with_an_empty_value_passes_as_Kubernetes_takes_it_for_no_value()
    {
        RuleAssert.Passes(T.AddToleration("nvidia.com/gpu", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: string.Empty), "RAI3008");
    }

    [Fact]
    public void RAI3008_a_white_space_value_is_not_empty_and_fails_Build()
    {
        // Kubernetes rejects any value of non-zero length with Exists, white space included.
        RuleAssert.OnlyError(T.AddToleration("nvidia.com/gpu", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: " "), "RAI3008", Env + "tolerations[0].value");
    }

    // ------------------------------------------------------------------------------------------------ RAI3009

    [Theory]
    [InlineData("NoSchedule")]
    [InlineData("PreferNoSchedule")]
    [InlineData("Any")]
    public void RAI3009_toleration_seconds_with_an_effect_other_than_NoExecute_fail_Build_at_seconds(string effect)
    {
        var violation = RuleAssert.OnlyError(
            T.AddToleration("node.kubernetes.io/unreachable", TolerationOperator.Exists, new TolerationEffect(effect), seconds: 300),
            "RAI3009",
            Env + "tolerations[0].seconds");

        violation.Message.Should().Be("Toleration seconds are valid only with effect 'NoExecute'; the effect is '" + effect + "'.");
    }

    [Fact]
    public void RAI3009_near_miss_seconds_with_NoExecute_pass()
    {
        RuleAssert.Passes(T.AddToleration("node.kubernetes.io/unreachable", TolerationOperator.Exists, TolerationEffect.NoExecute, seconds: 300), "RAI3009");
    }

    // ------------------------------------------------------------------------------------------------ RAI3010

    [Fact]
    public void RAI3010_a_node_pool_listed_twice_is_a_warning_at_the_repetition()
    {
        var violation = RuleAssert.OnlyNotice(T.WithNodePools("a100", "h100", "a100"), "RAI3010", RuleSeverity.Warning, Env + "nodePools[2]");

        violation.Message.Should().Contain("also at nodePools[0]");
    }

    [Fact]
    public void RAI3010_near_miss_distinct_node_pools_pass()
    {
        RuleAssert.Passes(T.WithNodePools("a100", "h100", "A100"), "RAI3010");
    }
}
