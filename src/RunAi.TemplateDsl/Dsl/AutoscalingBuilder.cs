using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl;

/// <summary>
/// Declares the autoscaling of an inference workload (<c>spec.specificEnv.autoScaling</c>).
/// Immutable: every call returns a new builder; every method replaces the value it sets.
/// </summary>
[WireBuilder("spec.specificEnv.autoScaling")]
public sealed class AutoscalingBuilder
{
    internal static readonly AutoscalingBuilder Empty = new(new SpecificRunAutoScaling());

    private readonly SpecificRunAutoScaling _value;

    private AutoscalingBuilder(SpecificRunAutoScaling value) => _value = value;

    /// <summary>Sets the minimum number of replicas (default 1); 0 allows scale-to-zero.</summary>
    /// <param name="replicas">At least 0.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder MinReplicas([WireField("minReplicas")] int replicas) => With(v => v.MinReplicas = replicas);

    /// <summary>Sets the maximum number of replicas; at least 1 and at least the minimum (RAI4002).</summary>
    /// <param name="replicas">At least 1.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder MaxReplicas([WireField("maxReplicas")] int replicas) => With(v => v.MaxReplicas = replicas);

    /// <summary>Sets the replicas started when the workload is first initialized; at most the maximum (RAI4007).</summary>
    /// <param name="replicas">At least 0.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder InitialReplicas([WireField("initialReplicas")] int replicas) => With(v => v.InitialReplicas = replicas);

    /// <summary>Sets the replicas started when scaling up from zero; at most the maximum (RAI4007).</summary>
    /// <param name="replicas">At least 1.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder ActivationReplicas([WireField("activationReplicas")] int replicas) => With(v => v.ActivationReplicas = replicas);

    /// <summary>Sets the maximum number of requests flowing to one replica at a time; 0 means no limit.</summary>
    /// <param name="requests">At least 0.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder ConcurrencyHardLimit([WireField("concurrencyHardLimit")] int requests) => With(v => v.ConcurrencyHardLimit = requests);

    /// <summary>Sets how long the last replica stays after a scale-to-zero decision; needs <c>MinReplicas(0)</c> (RAI4001).</summary>
    /// <param name="seconds">0 to 3600.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder ScaleToZeroRetention([WireField("scaleToZeroRetentionSeconds")] int seconds) => With(v => v.ScaleToZeroRetentionSeconds = seconds);

    /// <summary>Sets how long the last replica stays after a scale-to-zero decision; needs <c>MinReplicas(0)</c> (RAI4001).</summary>
    /// <param name="retention">Zero to one hour, in whole seconds, e.g. <c>TimeSpan.FromMinutes(5)</c>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="retention"/> is not a whole number of seconds (the API takes seconds).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is outside what the API's 32-bit member holds.</exception>
    public AutoscalingBuilder ScaleToZeroRetention([WireField("scaleToZeroRetentionSeconds")] TimeSpan retention) => ScaleToZeroRetention(DslClone.SecondsInt32(retention, nameof(retention)));

    /// <summary>Sets how long a replica stays after a scale-down decision.</summary>
    /// <param name="seconds">0 to 3600.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder ScaleDownDelay([WireField("scaleDownDelaySeconds")] int seconds) => With(v => v.ScaleDownDelaySeconds = seconds);

    /// <summary>Sets how long a replica stays after a scale-down decision.</summary>
    /// <param name="delay">Zero to one hour, in whole seconds, e.g. <c>TimeSpan.FromMinutes(2)</c>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="delay"/> is not a whole number of seconds (the API takes seconds).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is outside what the API's 32-bit member holds.</exception>
    public AutoscalingBuilder ScaleDownDelay([WireField("scaleDownDelaySeconds")] TimeSpan delay) => ScaleDownDelay(DslClone.SecondsInt32(delay, nameof(delay)));

    /// <summary>Sets the percentage of the threshold used for autoscaling (default 70); throughput and concurrency metrics only (RAI4005).</summary>
    /// <param name="percentage">1 to 100.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder MetricThresholdPercentage([WireField("metricThresholdPercentage")] double percentage) => With(v => v.MetricThresholdPercentage = percentage);

    /// <summary>Sets the deprecated initialization timeout, which the server ignores (RAI4008 warns).</summary>
    /// <param name="seconds">At least 1.</param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder InitializationTimeout([WireField("initializationTimeoutSeconds")] int seconds) => With(v => v.InitializationTimeoutSeconds = seconds);

    /// <summary>Sets the metric and its threshold (both, so they cannot come apart: RAI4006).</summary>
    /// <param name="metric"><c>throughput</c>, <c>concurrency</c>, <c>latency</c> (see <see cref="AutoscalingMetrics"/>) or a custom metric name.</param>
    /// <param name="threshold">
    /// The threshold, in the metric's unit (the API takes a whole number): requests per second for <c>throughput</c>,
    /// concurrent requests per replica for <c>concurrency</c>, milliseconds for <c>latency</c>, a custom metric's own.
    /// </param>
    /// <returns>A new builder.</returns>
    public AutoscalingBuilder Metric([WireField("thresholdMetric")] string metric, [WireField("thresholdValue")] int threshold) => With(v =>
    {
        v.ThresholdMetric = metric;
        v.ThresholdValue = threshold;
    });

    internal SpecificRunAutoScaling ToWire() => DslClone.Of(_value);

    private AutoscalingBuilder With(Action<SpecificRunAutoScaling> change)
    {
        var copy = DslClone.Of(_value);
        change(copy);
        return new AutoscalingBuilder(copy);
    }
}

/// <summary>The built-in autoscaling metrics.</summary>
public static class AutoscalingMetrics
{
    /// <summary>Requests per second; supports scale-to-zero.</summary>
    public const string Throughput = "throughput";

    /// <summary>Concurrent requests; supports scale-to-zero.</summary>
    public const string Concurrency = "concurrency";

    /// <summary>Response latency; does not support scale-to-zero (RAI4004).</summary>
    public const string Latency = "latency";
}

/// <summary>The valid values of <c>priorityClass</c> (RAI3006), lowest first.</summary>
public static class PriorityClasses
{
    /// <summary><c>very-low</c>.</summary>
    public const string VeryLow = "very-low";

    /// <summary><c>low</c>.</summary>
    public const string Low = "low";

    /// <summary><c>medium-low</c>.</summary>
    public const string MediumLow = "medium-low";

    /// <summary><c>medium</c>.</summary>
    public const string Medium = "medium";

    /// <summary><c>medium-high</c>.</summary>
    public const string MediumHigh = "medium-high";

    /// <summary><c>high</c>.</summary>
    public const string High = "high";

    /// <summary><c>very-high</c>.</summary>
    public const string VeryHigh = "very-high";
}
