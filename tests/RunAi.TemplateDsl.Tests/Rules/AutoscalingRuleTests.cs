namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>RAI4001–RAI4008: <c>spec.specificEnv.autoScaling</c>.</summary>
public sealed class AutoscalingRuleTests
{
    private const string Scaling = "spec.specificEnv.autoScaling.";

    private static TemplateBuilder Scaled(Func<AutoscalingBuilder, AutoscalingBuilder> configure) => Valid.Inference.WithAutoscaling(configure);

    // ------------------------------------------------------------------------------------------------ RAI4001

    [Fact]
    public void RAI4001_scale_to_zero_retention_without_minReplicas_fails_Build_since_the_default_is_1()
    {
        var violation = RuleAssert.OnlyError(Scaled(a => a.ScaleToZeroRetention(300)), "RAI4001", Scaling + "scaleToZeroRetentionSeconds");

        violation.Message.Should().Be("scaleToZeroRetentionSeconds needs minReplicas 0 (minReplicas is not set and defaults to 1); add MinReplicas(0).");
    }

    [Fact]
    public void RAI4001_scale_to_zero_retention_with_minReplicas_1_fails_Build()
    {
        var violation = RuleAssert.OnlyError(Scaled(a => a.MinReplicas(1).MaxReplicas(1).ScaleToZeroRetention(300)), "RAI4001", Scaling + "scaleToZeroRetentionSeconds");

        violation.Message.Should().Contain("(minReplicas is 1)");
    }

    [Fact]
    public void RAI4001_near_miss_scale_to_zero_retention_with_minReplicas_0_passes()
    {
        RuleAssert.Passes(Scaled(a => a.MinReplicas(0).ScaleToZeroRetention(300)), "RAI4001");
        RuleAssert.Passes(Scaled(a => a.MinReplicas(0).MaxReplicas(4).ScaleToZeroRetention(300).Metric(AutoscalingMetrics.Concurrency, 8)), "RAI4001");
    }

    // ------------------------------------------------------------------------------------------------ RAI4002

    [Fact]
    public void RAI4002_maxReplicas_below_minReplicas_fails_Build_at_maxReplicas()
    {
        var violation = RuleAssert.OnlyError(Scaled(a => a.MinReplicas(3).MaxReplicas(2).Metric(AutoscalingMetrics.Latency, 100)), "RAI4002", Scaling + "maxReplicas");

        violation.Message.Should().Be("maxReplicas (2) must be at least minReplicas (3); swap them.");
    }

    [Fact]
    public void RAI4002_near_miss_maxReplicas_equal_to_minReplicas_passes()
    {
        RuleAssert.Passes(Scaled(a => a.MinReplicas(2).MaxReplicas(2)), "RAI4002");
    }

    // ------------------------------------------------------------------------------------------------ RAI4003

    [Theory]
    [InlineData(1, 4, "minReplicas (1) < maxReplicas (4)")]
    [InlineData(0, 2, "minReplicas (0) < maxReplicas (2)")]
    [InlineData(null, 3, "minReplicas (1) < maxReplicas (3)")]
    public void RAI4003_a_replica_range_without_a_metric_fails_Build_at_thresholdMetric(int? min, int max, string range)
    {
        var violation = RuleAssert.OnlyError(
            Scaled(a => (min is { } m ? a.MinReplicas(m) : a).MaxReplicas(max)),
            "RAI4003",
            Scaling + "thresholdMetric");

        violation.Message.Should().Be("A thresholdMetric is required when " + range + "; add Metric(name, threshold).");
    }

    [Fact]
    public void RAI4003_near_miss_scale_to_zero_with_one_replica_fixed_replicas_or_a_metric_pass()
    {
        RuleAssert.Passes(Scaled(a => a.MinReplicas(0).MaxReplicas(1)), "RAI4003");
        RuleAssert.Passes(Scaled(a => a.MinReplicas(2).MaxReplicas(2)), "RAI4003");
        RuleAssert.Passes(Scaled(a => a.MinReplicas(1).MaxReplicas(4).Metric(AutoscalingMetrics.Latency, 100)), "RAI4003");
    }

    // ------------------------------------------------------------------------------------------------ RAI4004

    [Theory]
    [InlineData("latency")]
    [InlineData("gpu_utilization")]
    public void RAI4004_scale_to_zero_with_a_metric_other_than_throughput_or_concurrency_fails_Build(string metric)
    {
        var violation = RuleAssert.OnlyError(Scaled(a => a.MinReplicas(0).MaxReplicas(4).Metric(metric, 100)), "RAI4004", Scaling + "thresholdMetric");

        violation.Message.Should().EndWith("the metric is '" + metric + "'.");
    }

    [Theory]
    [InlineData(AutoscalingMetrics.Throughput)]
    [InlineData(AutoscalingMetrics.Concurrency)]
    public void RAI4004_near_miss_scale_to_zero_with_throughput_or_concurrency_passes(string metric)
    {
        RuleAssert.Passes(Scaled(a => a.MinReplicas(0).MaxReplicas(4).Metric(metric, 100)), "RAI4004");
    }

    [Fact]
    public void RAI4004_near_miss_latency_without_scale_to_zero_passes()
    {
        RuleAssert.Passes(Scaled(a => a.MinReplicas(1).MaxReplicas(4).Metric(AutoscalingMetrics.Latency, 100)), "RAI4004");
    }

    // ------------------------------------------------------------------------------------------------ RAI4005

    [Fact]
    public void RAI4005_a_threshold_percentage_with_the_latency_metric_fails_Build()
    {
        var violation = RuleAssert.OnlyError(
            Scaled(a => a.MinReplicas(1).MaxReplicas(4).Metric(AutoscalingMetrics.Latency, 100).MetricThresholdPercentage(80)),
            "RAI4005",
            Scaling + "metricThresholdPercentage");

        violation.Message.Should().EndWith("the metric is 'latency'.");
    }

    [Fact]
    public void RAI4005_a_threshold_percentage_without_any_metric_fails_Build()
    {
        var violation = RuleAssert.OnlyError(Scaled(a => a.MinReplicas(2).MaxReplicas(2).MetricThresholdPercentage(80)), "RAI4005", Scaling + "metricThresholdPercentage");

        violation.Message.Should().EndWith("no metric is set.");
    }

    [Theory]
    [InlineData(AutoscalingMetrics.Throughput)]
    [InlineData(AutoscalingMetrics.Concurrency)]
    public void RAI4005_near_miss_a_threshold_percentage_with_throughput_or_concurrency_passes(string metric)
    {
        RuleAssert.Passes(Scaled(a => a.MinReplicas(1).MaxReplicas(4).Metric(metric, 100).MetricThresholdPercentage(80)), "RAI4005");
    }

    // ------------------------------------------------------------------------------------------------ RAI4006

    /// <summary>The DSL's Metric(name, threshold) sets both at once; only a hand-built request can set one of them.</summary>
    [Fact]
    public void RAI4006_a_metric_without_a_threshold_value_is_reported_at_thresholdValue()
    {
        var request = Valid.Request(Scaled(a => a.MinReplicas(1).MaxReplicas(4).Metric(AutoscalingMetrics.Latency, 100)));
        request.Spec.SpecificEnv!.AutoScaling!.ThresholdValue = null;

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle();
        RuleAssert.Single(violations, "RAI4006", RuleSeverity.Error, Scaling + "thresholdValue").Message.Should().Contain("without thresholdValue");
    }

    [Fact]
    public void RAI4006_a_threshold_value_without_a_metric_is_reported_at_thresholdMetric()
    {
        var request = Valid.Request(Scaled(a => a.MinReplicas(2).MaxReplicas(2).Metric(AutoscalingMetrics.Latency, 100)));
        request.Spec.SpecificEnv!.AutoScaling!.ThresholdMetric = null;

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle();
        RuleAssert.Single(violations, "RAI4006", RuleSeverity.Error, Scaling + "thresholdMetric").Message.Should().Contain("without thresholdMetric");
        request.Invoking(r => TemplateValidator.ThrowIfInvalid(r)).Should().Throw<TemplateValidationException>();
    }

    [Fact]
    public void RAI4006_near_miss_Metric_sets_the_metric_and_its_value_together()
    {
        var template = Scaled(a => a.MinReplicas(1).MaxReplicas(4).Metric(AutoscalingMetrics.Throughput, 50));

        RuleAssert.Passes(template, "RAI4006");
        template.Build().Spec.SpecificEnv!.AutoScaling!.ThresholdValue.Should().Be(50);
    }

    // ------------------------------------------------------------------------------------------------ RAI4007

    [Fact]
    public void RAI4007_initialReplicas_above_maxReplicas_fails_Build_at_initialReplicas()
    {
        var violation = RuleAssert.OnlyError(
            Scaled(a => a.MinReplicas(1).MaxReplicas(2).InitialReplicas(3).Metric(AutoscalingMetrics.Concurrency, 8)),
            "RAI4007",
            Scaling + "initialReplicas");

        violation.Message.Should().Be("initialReplicas (3) must not exceed maxReplicas (2).");
    }

    [Fact]
    public void RAI4007_activationReplicas_above_the_default_maxReplicas_fails_Build_at_activationReplicas()
    {
        var violation = RuleAssert.OnlyError(Scaled(a => a.MinReplicas(0).ActivationReplicas(2)), "RAI4007", Scaling + "activationReplicas");

        violation.Message.Should().Be("activationReplicas (2) must not exceed maxReplicas (1).");
    }

    [Fact]
    public void RAI4007_both_initial_and_activation_replicas_are_reported()
    {
        var template = Scaled(a => a.MinReplicas(0).MaxReplicas(4).InitialReplicas(5).ActivationReplicas(6).Metric(AutoscalingMetrics.Concurrency, 8));

        template.Validate().Should().HaveCount(2);
        RuleAssert.Error(template, "RAI4007", Scaling + "initialReplicas");
        RuleAssert.Error(template, "RAI4007", Scaling + "activationReplicas");
    }

    [Fact]
    public void RAI4007_near_miss_initial_and_activation_replicas_equal_to_maxReplicas_pass()
    {
        RuleAssert.Passes(Scaled(a => a.MinReplicas(0).MaxReplicas(4).InitialReplicas(4).ActivationReplicas(4).Metric(AutoscalingMetrics.Concurrency, 8)), "RAI4007");
    }

    // ------------------------------------------------------------------------------------------------ RAI4008

    [Fact]
    public void RAI4008_initialization_timeout_is_a_deprecation_warning_and_Build_still_succeeds()
    {
        var violation = RuleAssert.OnlyNotice(Scaled(a => a.InitializationTimeout(600)), "RAI4008", RuleSeverity.Warning, Scaling + "initializationTimeoutSeconds");

        violation.Message.Should().Contain("deprecated");
    }

    [Fact]
    public void RAI4008_near_miss_a_scale_down_delay_is_not_deprecated()
    {
        RuleAssert.Passes(Scaled(a => a.ScaleDownDelay(600)), "RAI4008");
    }
}
