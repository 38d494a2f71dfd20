using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>The listeners are process-wide: these tests run alone, so that no other test's calls are counted.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTestsRunAlone;

/// <summary>Traces and metrics (<see cref="RunAiTelemetry"/>), read with .NET's own listeners over real HTTP to the emulator.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryTests()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RunAiTelemetry.ActivitySourceName or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RunAiTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    [Fact]
    public async Task A_retried_create_is_one_span_over_its_HTTP_attempts_with_a_retry_counted_and_its_duration_recorded()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);
        emulator.Faults = new EmulatorFaults { FirstRequestsUnavailable = 1 };

        await client.Templates.CreateAsync(Request("traced"));

        var span = _spans.Single(s => s.Source.Name == RunAiTelemetry.ActivitySourceName);
        span.DisplayName.Should().Be("create workload-template");
        span.GetTagItem("runai.operation").Should().Be("create");
        span.GetTagItem("runai.template.name").Should().Be("traced");
        span.GetTagItem("runai.attempts").Should().Be(2);
        span.Status.Should().Be(ActivityStatusCode.Unset);
        _spans.Where(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == span.SpanId).Should().HaveCount(2, "each attempt's HTTP span is the call's child");
        _measurements.Where(m => m.Instrument == "runai.client.retries").Should().ContainSingle()
            .Which.Tags.Should().Contain("runai.operation", "create").And.Contain("error.type", "503");
        var duration = _measurements.Should().ContainSingle(m => m.Instrument == "runai.client.operation.duration").Subject;
        duration.Tags.Should().Equal(new Dictionary<string, object?> { ["runai.operation"] = "create" });
        duration.Value.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_failed_call_says_what_it_failed_with_on_its_span_and_its_duration_and_nothing_names_the_token()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = NewClient(emulator);

        await client.Invoking(c => c.Templates.GetAsync("0b0b0b0b-0000-4000-8000-000000000000")).Should().ThrowAsync<RunAiNotFoundException>();

        var span = _spans.Single(s => s.Source.Name == RunAiTelemetry.ActivitySourceName);
        span.DisplayName.Should().Be("get workload-template");
        span.GetTagItem("runai.template.id").Should().Be("0b0b0b0b-0000-4000-8000-000000000000");
        span.GetTagItem("error.type").Should().Be("404");
        span.Status.Should().Be(ActivityStatusCode.Error);
        _measurements.Single(m => m.Instrument == "runai.client.operation.duration").Tags.Should().Contain("error.type", "404");
        _spans.SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString()).Should().NotContain(v => v != null && v.Contains(emulator.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_credentials_exchanges_are_counted()
    {
        const string Secret = "telemetry-secret";
        await using var emulator = await StartCredentialsEmulatorAsync(Secret);
        using var client = new RunAiClient(CredentialsOptions(emulator, Secret));

        await client.Templates.ListAsync();
        await client.Templates.ListAsync();

        _measurements.Where(m => m.Instrument == "runai.client.token.exchanges").Should().ContainSingle("the token is cached")
            .Which.Tags.Should().BeEmpty();
        _spans.Where(s => s.DisplayName == "list workload-template").Should().HaveCount(2);
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tag) in tags)
        {
            copy[key] = tag;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }
}
