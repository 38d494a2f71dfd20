namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>How violations reach the user: all of them at once, and on update requests without the scope rules.</summary>
public sealed class ReportingTests
{
    private const string Env = "spec.specificEnv.";

    [Fact]
    public void Build_reports_every_violation_of_every_rule_not_only_the_first()
    {
        var template = Template.Named(" ")
            .InScope(Scope.Project)
            .WithEnvironment("pytorch-env")
            .WithNodeAffinity(n => n
                .Term(t => t.Match("gpus", MatchOperator.Gt, "4", "8"))
                .Term(t => t.In("zone")))
            .WithNodePools("a100", "a100")
            .WithPriorityClass(PriorityClasses.High)
            .WithSupplementalGroups("wheel");

        var exception = template.Invoking(t => t.Build()).Should().Throw<TemplateValidationException>().Which;

        exception.Violations.Select(v => (v.RuleId, v.Severity, v.Path)).Should().BeEquivalentTo(
        [
            ("RAI0001", RuleSeverity.Error, "meta.name"),
            ("RAI1001", RuleSeverity.Error, "meta.projectId"),
            ("RAI0006", RuleSeverity.Error, "spec.assets.environment"),
            ("RAI3003", RuleSeverity.Error, Env + "nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values"),
            ("RAI3001", RuleSeverity.Error, Env + "nodeAffinityRequired.nodeSelectorTerms[1].matchExpressions[0].values"),
            ("RAI6004", RuleSeverity.Error, Env + "supplementalGroups"),
            ("RAI3010", RuleSeverity.Warning, Env + "nodePools[1]"),
            ("RAI3007", RuleSeverity.Info, Env + "priorityClass"),
        ]);
        exception.Violations.Should().Equal(template.Validate());
    }

    [Fact]
    public void The_exception_message_counts_and_lists_every_violation_errors_first()
    {
        var template = Valid.Template
            .WithNodePools("a100", "a100")
            .WithSupplementalGroups("wheel")
            .AddToleration("gpu", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: "yes");

        var exception = template.Invoking(t => t.Build()).Should().Throw<TemplateValidationException>().Which;
        var lines = exception.Message.Split(Environment.NewLine);

        lines[0].Should().Be("Template 'rule-test' is invalid: 2 errors, 1 warning or info.");
        lines.Skip(1).Select(l => l.Trim()).Should().Equal(
            "RAI3008 error at " + Env + "tolerations[0].value: " + exception.Violations.Single(v => v.RuleId == "RAI3008").Message,
            "RAI6004 error at " + Env + "supplementalGroups: " + exception.Violations.Single(v => v.RuleId == "RAI6004").Message,
            "RAI3010 warning at " + Env + "nodePools[1]: " + exception.Violations.Single(v => v.RuleId == "RAI3010").Message);
    }

    [Fact]
    public void Each_item_of_a_list_breaking_the_same_rule_is_reported_at_its_own_path()
    {
        var template = Valid.Template
            .AddToleration("a", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: "1")
            .TolerateAny("b", TolerationEffect.NoSchedule)
            .AddToleration("c", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: "3");

        template.Invoking(t => t.Build()).Should().Throw<TemplateValidationException>().Which.Violations
            .Select(v => (v.RuleId, v.Path))
            .Should().Equal(("RAI3008", Env + "tolerations[0].value"), ("RAI3008", Env + "tolerations[2].value"));
    }

    [Fact]
    public void Validate_returns_warnings_and_infos_without_throwing_and_Build_returns_the_request()
    {
        var template = Valid.Template.InScope(Scope.System).WithPriorityClass(PriorityClasses.Low);

        template.Validate().Select(v => (v.RuleId, v.Severity)).Should().BeEquivalentTo(
            [("RAI1002", RuleSeverity.Warning), ("RAI3007", RuleSeverity.Info)]);
        template.Build().Meta.Scope.Should().Be(Scope.System);
    }

    [Fact]
    public void Validate_on_an_update_request_skips_the_scope_rules()
    {
        var project = Valid.Template.InScope(Scope.Project);
        var system = Valid.Template.InScope(Scope.System);
        var unscoped = Template.Named("unscoped").WithEnvironment(Valid.EnvironmentId);

        project.Validate().Select(v => v.RuleId).Should().Equal("RAI1001");
        system.Validate().Select(v => v.RuleId).Should().Equal("RAI1002");
        unscoped.Validate().Select(v => (v.RuleId, v.Path)).Should().Equal(("RAI0001", "meta.scope"));

        TemplateValidator.Validate(project.BuildUpdate()).Should().BeEmpty();
        TemplateValidator.Validate(system.BuildUpdate()).Should().BeEmpty();
        TemplateValidator.Validate(unscoped.BuildUpdate()).Should().BeEmpty();
    }

    [Fact]
    public void Validate_on_a_hand_built_update_request_still_applies_the_other_rules()
    {
        var update = new WorkloadTemplateUpdateRequest
        {
            Meta = new AssetUpdateRequest { Name = " ", Description = "" },
            Spec = new SpecificRunCreationFields
            {
                Assets = new AssetsIds { Environment = Valid.EnvironmentId },
                SpecificEnv = new SpecificRunParams { NodePools = ["a100", "a100"], SupplementalGroups = "wheel" },
            },
        };

        TemplateValidator.Validate(update).Select(v => (v.RuleId, v.Severity, v.Path)).Should().BeEquivalentTo(
        [
            ("RAI0001", RuleSeverity.Error, "meta.name"),
            ("RAI0002", RuleSeverity.Error, "meta.description"),
            ("RAI3010", RuleSeverity.Warning, Env + "nodePools[1]"),
            ("RAI6004", RuleSeverity.Error, Env + "supplementalGroups"),
        ]);
        update.Invoking(u => TemplateValidator.ThrowIfInvalid(u)).Should().Throw<TemplateValidationException>()
            .Which.TemplateName.Should().Be(" ");
    }

    [Fact]
    public void ThrowIfInvalid_of_null_throws_ArgumentNullException_like_Validate()
    {
        FluentActions.Invoking(() => TemplateValidator.ThrowIfInvalid((WorkloadTemplateCreationRequest)null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("request");
        FluentActions.Invoking(() => TemplateValidator.ThrowIfInvalid((WorkloadTemplateUpdateRequest)null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("request");
    }

    [Fact]
    public void BuildUpdate_throws_for_a_non_scope_error_like_Build()
    {
        var template = Valid.Template.WithNodeAffinity(n => n.Term(t => t.Match("gpus", MatchOperator.Lt)));

        template.Invoking(t => t.BuildUpdate()).Should().Throw<TemplateValidationException>().Which.Violations
            .Should().ContainSingle(v => v.RuleId == "RAI3003" && v.Path == Env + "nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values");
    }
}
