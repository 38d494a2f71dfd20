using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl;

namespace TemplatesAsCode.Tests;

/// <summary>How a team unit-tests its template definitions: plain xunit over the DSL, no tenant needed.</summary>
public sealed class TemplateSetTests
{
    public static TheoryData<string> TemplateNames() => new(Templates.All.Select(t => t.Name!));

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Every_template_builds_without_errors_or_warnings(string name)
    {
        var template = Templates.All.Single(t => t.Name == name);

        template.Invoking(t => t.Build()).Should().NotThrow();
        template.Validate().Should().BeEmpty("the platform team keeps its templates free of warnings too");
    }

    [Fact]
    public void Template_names_are_unique_within_the_set()
    {
        Templates.All.Select(t => t.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Gpu_templates_inherit_the_shared_scheduling_settings()
    {
        foreach (var template in new[] { Templates.PyTorchDdp, Templates.LlmServing })
        {
            var env = template.Build().Spec.SpecificEnv!;
            env.NodePools.Should().StartWith("a100");
            env.Tolerations.Should().Contain(t => t.Key == "nvidia.com/gpu" && t.Operator == TolerationOperator.Exists);
        }

        Templates.GpuBase.Name.Should().Be("gpu-base", "specialising the base must not change it");
    }

    [Fact]
    public void The_serving_template_scales_to_zero_on_a_metric_that_supports_it()
    {
        var scaling = Templates.LlmServing.Build().Spec.SpecificEnv!.AutoScaling!;

        scaling.MinReplicas.Should().Be(0);
        scaling.ThresholdMetric.Should().BeOneOf(AutoscalingMetrics.Concurrency, AutoscalingMetrics.Throughput);
    }

    [Fact]
    public void The_distributed_template_is_declared_consistently_on_the_wire()
    {
        var request = Templates.PyTorchDdp.Build();

        request.Meta.WorkloadSupportedTypes!.Distributed.Should().BeTrue();
        request.Meta.WorkloadSupportedTypes.DistFramework.Should().Be(DistributedFramework.PyTorch);
        request.Spec.Distributed!.NumWorkers.Should().Be(4);
        TemplateJson.Serialize(request).Should().Contain("\"distFramework\":\"PyTorch\"");
    }

    [Fact]
    public void A_mistake_in_a_derived_template_is_reported_with_its_rule_and_path()
    {
        var broken = Templates.LlmServing.WithAutoscaling(a => a.ScaleToZeroRetention(300));

        var e = broken.Invoking(t => t.Build()).Should().Throw<TemplateValidationException>().Which;

        e.Violations.Should().ContainSingle(v => v.RuleId == "RAI4001")
            .Which.Path.Should().Be("spec.specificEnv.autoScaling.scaleToZeroRetentionSeconds");
    }
}

/// <summary>The whole set against a local emulator of the API, as the main job applies it: one apply settles it.</summary>
public sealed class TemplateSetApplyTests
{
    [Fact]
    public async Task The_set_applies_to_an_empty_tenant_and_a_second_plan_has_nothing_to_do()
    {
        await using var emulator = await RunAiEmulator.StartAsync();
        using var client = new RunAiClient(new RunAiClientOptions { BaseUrl = emulator.BaseUrl, BearerToken = emulator.Token });
        var state = TemplateSetState.InMemory("test");

        var plan = await TemplatePlanner.PlanAsync(client.Templates, Templates.Set, state);
        var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state);

        plan.Count(PlanAction.Create).Should().Be(Templates.All.Count);
        result.Succeeded.Should().BeTrue(result.ToString());
        (await TemplatePlanner.PlanAsync(client.Templates, Templates.Set, state)).HasChanges.Should().BeFalse();
    }
}
