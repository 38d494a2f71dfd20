namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>RAI2001–RAI2006: distributed training and the workload kinds a template declares.</summary>
public sealed class DistributedRuleTests
{
    private const string Env = "spec.specificEnv.";

    private static readonly TemplateBuilder T = Valid.Template;

    // ------------------------------------------------------------------------------------------------ RAI2001

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RAI2001_a_distributed_template_without_a_worker_fails_Build_at_numWorkers(int workers)
    {
        var violation = RuleAssert.OnlyError(T.Distributed(DistributedFramework.PyTorch, workers), "RAI2001", "spec.distributed.numWorkers");

        violation.Message.Should().EndWith("numWorkers is " + workers + ": pass workers: 1 or more to Distributed(framework, workers: n).");
    }

    [Fact]
    public void RAI2001_a_template_made_distributed_by_WithoutMaster_alone_has_no_workers()
    {
        var violation = RuleAssert.OnlyError(T.WithoutMaster(), "RAI2001", "spec.distributed.numWorkers");

        violation.Message.Should().Be("A distributed template needs at least one worker; numWorkers is not set: call Distributed(framework, workers: n).");
    }

    /// <summary>The user never called Distributed(..): the message names the call that declares the workers.</summary>
    [Fact]
    public void RAI2001_a_template_made_distributed_by_WithMaster_alone_is_told_to_call_Distributed()
    {
        var violation = RuleAssert.OnlyError(T.WithMaster(m => m.WithCommand("python master.py")), "RAI2001", "spec.distributed.numWorkers");

        violation.Message.Should().EndWith("call Distributed(framework, workers: n).");
    }

    /// <summary>The DSL always writes spec.distributed with the supported types; only a hand-built request can lack it.</summary>
    [Fact]
    public void RAI2001_supported_types_saying_distributed_without_spec_distributed_is_reported()
    {
        var request = Valid.Request(T);
        request.Meta.WorkloadSupportedTypes = new WorkloadSupportedTypes { Distributed = true };

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle();
        RuleAssert.Single(violations, "RAI2001", RuleSeverity.Error, "spec.distributed").Message.Should().Contain("Distributed(framework, workers: n)");
    }

    [Fact]
    public void RAI2001_near_miss_one_worker_is_enough()
    {
        RuleAssert.Passes(T.Distributed(DistributedFramework.PyTorch, workers: 1), "RAI2001");
    }

    // ------------------------------------------------------------------------------------------------ RAI2002

    [Fact]
    public void RAI2002_JAX_as_the_supported_framework_fails_Build_at_workloadSupportedTypes_distFramework()
    {
        var violation = RuleAssert.OnlyError(T.Distributed(DistributedFramework.Jax, workers: 2), "RAI2002", "meta.workloadSupportedTypes.distFramework");

        violation.Message.Should().Contain("MPI, PyTorch, TF and XGBoost");
    }

    public static TheoryData<string> SupportedFrameworks => new() { "MPI", "PyTorch", "TF", "XGBoost" };

    [Theory]
    [MemberData(nameof(SupportedFrameworks))]
    public void RAI2002_near_miss_every_other_framework_passes(string framework)
    {
        RuleAssert.Passes(T.Distributed(new DistributedFramework(framework), workers: 2), "RAI2002");
    }

    // ------------------------------------------------------------------------------------------------ RAI2003

    [Fact]
    public void RAI2003_master_settings_with_noMaster_fail_Build_at_spec_distributed_master()
    {
        var violation = RuleAssert.OnlyError(
            Valid.Distributed.WithoutMaster().WithMaster(m => m.WithCommand("python master.py")),
            "RAI2003",
            "spec.distributed.master");

        violation.Message.Should().Contain("noMaster");
    }

    [Fact]
    public void RAI2003_master_assets_alone_also_conflict_with_noMaster()
    {
        RuleAssert.OnlyError(Valid.Distributed.WithMaster(m => m.WithEnvironment(Valid.EnvironmentId).WithCompute(Valid.ComputeId)).WithoutMaster(), "RAI2003", "spec.distributed.master");
    }

    [Fact]
    public void RAI2003_near_miss_a_master_without_noMaster_or_noMaster_without_a_master_passes()
    {
        RuleAssert.Passes(Valid.Distributed.WithMaster(m => m.WithCommand("python master.py")), "RAI2003");
        RuleAssert.Passes(Valid.Distributed.WithoutMaster(), "RAI2003");
        RuleAssert.Passes(Valid.Distributed.WithoutMaster(false).WithMaster(m => m.WithCommand("python master.py")), "RAI2003");
    }

    // ------------------------------------------------------------------------------------------------ RAI2004

    /// <summary>The DSL writes workloadSupportedTypes and spec.distributed from the same call, so they always agree.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void RAI2004_a_supported_framework_without_distributed_true_is_reported(bool? distributed)
    {
        var request = Valid.Request(Valid.Distributed);
        request.Meta.WorkloadSupportedTypes!.Distributed = distributed;

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle();
        RuleAssert.Single(violations, "RAI2004", RuleSeverity.Error, "meta.workloadSupportedTypes.distFramework").Message
            .Should().Contain("set distributed to true");
    }

    [Fact]
    public void RAI2004_a_supported_framework_that_disagrees_with_spec_distributed_is_reported()
    {
        var request = Valid.Request(Valid.Distributed);
        request.Spec.Distributed!.DistFramework = DistributedFramework.TF;

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle();
        RuleAssert.Single(violations, "RAI2004", RuleSeverity.Error, "meta.workloadSupportedTypes.distFramework").Message
            .Should().Be("workloadSupportedTypes.distFramework 'PyTorch' does not agree with spec.distributed.distFramework 'TF'.");
        request.Invoking(r => TemplateValidator.ThrowIfInvalid(r)).Should().Throw<TemplateValidationException>();
    }

    [Fact]
    public void RAI2004_near_miss_the_DSL_declares_the_framework_consistently()
    {
        var template = T.Distributed(DistributedFramework.XGBoost, workers: 3);

        RuleAssert.Passes(template, "RAI2004");
        var request = template.Build();
        request.Meta.WorkloadSupportedTypes!.Distributed.Should().BeTrue();
        request.Meta.WorkloadSupportedTypes.DistFramework.Should().Be(request.Spec.Distributed!.DistFramework);
    }

    // ------------------------------------------------------------------------------------------------ RAI2005

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path, string Why)> Rai2005Cases = new()
    {
        ["completions on a distributed template"] = (Valid.Distributed.WithCompletions(4), Env + "completions", "a distributed template"),
        ["parallelism on a distributed template"] = (Valid.Distributed.WithParallelism(2), Env + "parallelism", "a distributed template"),
        ["completions on an inference template"] = (Valid.Inference.WithCompletions(4), Env + "completions", "a template that does not support training"),
        ["parallelism on a workspace template"] = (T.ForWorkspace().WithParallelism(2), Env + "parallelism", "a template that does not support training"),
        ["completions on a template that declares training false"] = (T.ForWorkspace().ForTraining(false).WithCompletions(4), Env + "completions", "a template that does not support training"),
    };

    public static TheoryData<string> Rai2005Names => Cases.Names(Rai2005Cases);

    [Theory]
    [MemberData(nameof(Rai2005Names))]
    public void RAI2005_completions_or_parallelism_outside_standard_training_is_a_warning(string name)
    {
        var (template, path, why) = Rai2005Cases[name];

        RuleAssert.OnlyNotice(template, "RAI2005", RuleSeverity.Warning, path).Message.Should().EndWith("set here on " + why + ".");
    }

    [Fact]
    public void RAI2005_both_fields_are_reported_not_only_the_first()
    {
        var violations = Valid.Distributed.WithCompletions(4).WithParallelism(2).Validate();

        violations.Select(v => (v.RuleId, v.Path)).Should().BeEquivalentTo([("RAI2005", Env + "completions"), ("RAI2005", Env + "parallelism")]);
    }

    [Fact]
    public void RAI2005_near_miss_standard_training_or_undeclared_kinds_pass()
    {
        RuleAssert.Passes(T.ForTraining().WithCompletions(4).WithParallelism(2), "RAI2005");
        RuleAssert.Passes(T.ForTraining().ForInference().WithCompletions(4), "RAI2005");
        RuleAssert.Passes(T.WithCompletions(4).WithParallelism(2), "RAI2005");
    }

    // ------------------------------------------------------------------------------------------------ RAI2006

    [Fact]
    public void RAI2006_backoffLimit_on_an_inference_only_template_is_a_warning()
    {
        var violation = RuleAssert.OnlyNotice(Valid.Inference.WithBackoffLimit(3), "RAI2006", RuleSeverity.Warning, Env + "backoffLimit");

        violation.Message.Should().Contain("inference-only");
    }

    [Fact]
    public void RAI2006_near_miss_backoffLimit_on_a_template_that_also_trains_or_serves_a_workspace_passes()
    {
        RuleAssert.Passes(Valid.Inference.ForTraining().WithBackoffLimit(3), "RAI2006");
        RuleAssert.Passes(Valid.Inference.ForWorkspace().WithBackoffLimit(3), "RAI2006");
        RuleAssert.Passes(T.ForTraining().WithBackoffLimit(3), "RAI2006");
        RuleAssert.Passes(Valid.Distributed.WithBackoffLimit(3), "RAI2006");
    }
}
