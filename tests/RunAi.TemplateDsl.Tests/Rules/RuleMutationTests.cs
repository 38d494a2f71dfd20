namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>
/// Behaviour pinned by manual mutation testing of the rule catalog: each test fails on a plausible regression of
/// TemplateRules/WireFacts that every other test let through, and names it in a comment.
/// </summary>
public sealed class RuleMutationTests
{
    private const string Env = "spec.specificEnv.";

    private static WorkloadTemplateCreationRequest WithEnv(Action<SpecificRunParams> edit)
    {
        var request = Valid.Request(Valid.Template);
        request.Spec.SpecificEnv = new SpecificRunParams();
        edit(request.Spec.SpecificEnv);
        return request;
    }

    private static IEnumerable<(string RuleId, RuleSeverity Severity, string Path)> Found(WorkloadTemplateCreationRequest request) =>
        TemplateValidator.Validate(request).Select(v => (v.RuleId, v.Severity, v.Path));

    // ------------------------------------------------------------------------------------------------ tolerations

    [Fact]
    public void RAI0001_a_toleration_with_exclude_false_still_needs_key_operator_and_effect()
    {
        // Guards against: `exclude.IsNotTrue` weakened to `exclude.IsAbsent`, so an explicit exclude=false skips the checks.
        var request = WithEnv(e => e.Tolerations = [new Toleration { Exclude = false }]);

        Found(request).Should().BeEquivalentTo(new[]
        {
            ("RAI0001", RuleSeverity.Error, Env + "tolerations[0].key"),
            ("RAI0001", RuleSeverity.Error, Env + "tolerations[0].operator"),
            ("RAI0001", RuleSeverity.Error, Env + "tolerations[0].effect"),
        });
    }

    [Fact]
    public void RAI3009_toleration_seconds_without_any_effect_are_reported_at_seconds()
    {
        // Guards against: `effect.IsKnown` narrowed to `effect.IsPresent`, so seconds with no effect at all slip through.
        var request = WithEnv(e => e.Tolerations = [new Toleration { Key = "gpu", Operator = TolerationOperator.Exists, Seconds = 30 }]);

        var violations = TemplateValidator.Validate(request);

        Found(request).Should().BeEquivalentTo(new[]
        {
            ("RAI0001", RuleSeverity.Error, Env + "tolerations[0].effect"),
            ("RAI3009", RuleSeverity.Error, Env + "tolerations[0].seconds"),
        });
        violations.Single(v => v.RuleId == "RAI3009").Message.Should().Contain("no effect is set");
    }

    // ------------------------------------------------------------------------------------------------ workload kinds

    [Fact]
    public void RAI2006_near_miss_an_inference_template_that_carries_spec_distributed_is_not_inference_only()
    {
        // Guards against: `distributed.IsAbsent` dropped from IsInferenceOnly, so spec.distributed alone no longer
        // keeps a template from being judged inference-only.
        var request = Valid.Request(Valid.Inference.WithBackoffLimit(3));
        request.Meta.WorkloadSupportedTypes!.Distributed.Should().NotBe(true, "the near miss relies on spec.distributed alone");
        Found(request).Should().Equal(("RAI2006", RuleSeverity.Warning, Env + "backoffLimit"));

        request.Spec.Distributed = new InfoDistributed { NumWorkers = 2 };

        var violations = TemplateValidator.Validate(request);
        RuleAssert.NotReported(violations, "RAI2006");
        violations.Should().BeEmpty();
    }

    // ------------------------------------------------------------------------------------------------ distributed

    [Fact]
    public void RAI2004_frameworks_that_differ_only_in_letter_case_do_not_agree()
    {
        // Guards against: the framework comparison made case-insensitive; wire values are exact ('pytorch' is not 'PyTorch').
        var request = Valid.Request(Valid.Distributed);
        request.Spec.Distributed!.DistFramework = new DistributedFramework("pytorch");

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle("got: {0}", string.Join(" | ", violations));
        RuleAssert.Single(violations, "RAI2004", RuleSeverity.Error, "meta.workloadSupportedTypes.distFramework").Message
            .Should().Be("workloadSupportedTypes.distFramework 'PyTorch' does not agree with spec.distributed.distFramework 'pytorch'.");
    }
}
