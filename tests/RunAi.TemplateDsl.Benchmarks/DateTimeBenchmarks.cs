using System.Globalization;
using BenchmarkDotNet.Attributes;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl.Benchmarks;

/// <summary>
/// The wire's RFC 3339 date-times: the converter's hand-written parse and format against the BCL calls they replaced
/// (an exact parse with two formats; a custom format string). Every template read or written carries two.
/// </summary>
[MemoryDiagnoser]
public class DateTimeBenchmarks
{
    private static readonly string[] Formats = ["yyyy'-'MM'-'dd'T'HH':'mm':'ssK", "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK"];
    private readonly byte[] _buffer = new byte[40];
    private readonly char[] _chars = new char[40];

    /// <summary>As the API writes them: UTC, to the 100 ns.</summary>
    [Params("2026-03-14T09:26:53.1234567Z", "2026-03-14T11:26:53+02:00")]
    public string Text { get; set; } = string.Empty;

    private DateTimeOffset _value;

    [GlobalSetup]
    public void Setup()
    {
        if (!WireDateTimeOffsetConverter.TryParse(Text, out _value) || ParseBcl() != _value)
        {
            throw new InvalidOperationException("The two parses disagree on " + Text + "; the comparison would be unfair.");
        }
    }

    [Benchmark(Baseline = true, Description = "parse: BCL TryParseExact, two formats")]
    public DateTimeOffset ParseBcl() =>
        DateTimeOffset.TryParseExact(Text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : default;

    [Benchmark(Description = "parse: WireDateTimeOffsetConverter.TryParse")]
    public DateTimeOffset ParseWire() => WireDateTimeOffsetConverter.TryParse(Text, out var value) ? value : default;

    [Benchmark(Description = "format: BCL custom format string")]
    public int FormatBcl()
    {
        var format = _value.Offset == TimeSpan.Zero ? "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'" : "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";
        _value.TryFormat(_chars, out var written, format, CultureInfo.InvariantCulture);
        return written;
    }

    [Benchmark(Description = "format: WireDateTimeOffsetConverter.Format")]
    public int FormatWire() => WireDateTimeOffsetConverter.Format(_value, _buffer);
}
