using System.Globalization;
using CsCheck;
using FluentAssertions;
using RunAi.TemplateDsl.Json;
using Xunit;

namespace RunAi.TemplateDsl.Tests.Wire;

/// <summary>
/// The hand-written RFC 3339 parser of <see cref="WireDateTimeOffsetConverter"/> against the BCL's exact parse it
/// replaced (kept here as the oracle): on every generated text, valid or one field out of range, both give the same
/// answer; where they differ, the parser is stricter on purpose and the cases are listed.
/// </summary>
public sealed class DateTimeParsingTests
{
    private static readonly string[] OracleFormats = ["yyyy'-'MM'-'dd'T'HH':'mm':'ssK", "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK"];

    // Fields drawn past their ranges too (month 13, day 32, hour 24, second 60, offset 15:00), so that refusals are compared.
    private static readonly Gen<string> Texts = Gen.Select(
        Gen.Select(Gen.Int[0, 9999], Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 24], (year, month, day, hour) => (Year: year, Month: month, Day: day, Hour: hour)),
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 60], Gen.Char["0123456789"].Array[0, 10], (minute, second, fraction) => (Minute: minute, Second: second, Fraction: fraction)),
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 15], Gen.Int[0, 59], Gen.Char["Tt"], (kind, hours, minutes, separator) => (Kind: kind, Hours: hours, Minutes: minutes, Separator: separator)),
        (date, time, offset) =>
        {
            var (year, month, day, hour) = date;
            var (minute, second, fraction) = time;
            var (offsetKind, offsetHours, offsetMinutes, separator) = offset;
            var text = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}{separator}{hour:D2}:{minute:D2}:{second:D2}");
            if (fraction.Length > 0)
            {
                text += "." + new string(fraction);
            }

            return text + offsetKind switch
            {
                0 => "Z",
                1 => "z",
                2 => string.Create(CultureInfo.InvariantCulture, $"+{offsetHours:D2}:{offsetMinutes:D2}"),
                3 => string.Create(CultureInfo.InvariantCulture, $"-{offsetHours:D2}:{offsetMinutes:D2}"),
                _ => string.Empty,
            };
        });

    [Fact]
    public void The_parser_agrees_with_the_BCL_exact_parse_on_generated_texts()
    {
        Texts.Sample(text =>
        {
            var parsed = WireDateTimeOffsetConverter.TryParse(text, out var value);
            var expected = Oracle(text, out var oracle);

            parsed.Should().Be(expected, "for {0}", text);
            if (parsed)
            {
                value.Should().Be(oracle, "for {0}", text);
                value.Offset.Should().Be(oracle.Offset, "for {0}", text);
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("2026-03-14T09:26:53Z", "2026-03-14T09:26:53.0000000+00:00")]
    [InlineData("2026-03-14t09:26:53z", "2026-03-14T09:26:53.0000000+00:00")]
    [InlineData("2026-03-14T09:26:53.1234567Z", "2026-03-14T09:26:53.1234567+00:00")]
    [InlineData("2026-03-14T09:26:53.123456789Z", "2026-03-14T09:26:53.1234567+00:00")]
    [InlineData("2026-03-14T09:26:53.5-05:30", "2026-03-14T09:26:53.5000000-05:30")]
    [InlineData("2024-02-29T23:59:59+14:00", "2024-02-29T23:59:59.0000000+14:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999+00:00")]
    public void RFC_3339_texts_are_read_to_the_instant_and_offset_they_name(string text, string roundTrip)
    {
        WireDateTimeOffsetConverter.TryParse(text, out var value).Should().BeTrue();

        value.ToString("o", CultureInfo.InvariantCulture).Should().Be(roundTrip);
    }

    [Theory]
    [InlineData("2026-03-14T09:26:53", "no offset")]
    [InlineData("2026-03-14T09:26:53.Z", "a fraction without digits (RFC 3339: time-secfrac = \".\" 1*DIGIT)")]
    [InlineData("2026-03-14 09:26:53Z", "a space for the T")]
    [InlineData("2026-03-14T09:26:53+0200", "an offset without its colon")]
    [InlineData("2026-03-14T09:26:53+02", "an offset without minutes")]
    [InlineData("2026-03-14T09:26:53 Z", "a space before the offset")]
    [InlineData("2026-02-29T09:26:53Z", "February 29 of a common year")]
    [InlineData("2026-03-14T09:26:60Z", "a leap second, which DateTimeOffset cannot hold")]
    [InlineData("2026-03-14T09:26:53+14:01", "an offset beyond ±14:00")]
    [InlineData("0000-01-01T00:00:00Z", "year 0")]
    [InlineData("0001-01-01T00:00:00+01:00", "an instant before DateTimeOffset.MinValue")]
    [InlineData("9999-12-31T23:59:59-01:00", "an instant after DateTimeOffset.MaxValue")]
    [InlineData("２０２６-03-14T09:26:53Z", "digits that are not ASCII")]
    [InlineData("2026-03-14T09:26:53Zjunk", "text after the offset")]
    public void Texts_that_are_not_RFC_3339_date_times_are_refused(string text, string because)
    {
        WireDateTimeOffsetConverter.TryParse(text, out _).Should().BeFalse(because);
    }

    [Fact]
    public void The_writer_agrees_with_the_BCL_custom_format_it_replaced_and_the_parser_reads_back_the_same_instant()
    {
        var stamps = Gen.Select(Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay], Gen.Int[-14 * 60, 14 * 60], Gen.Int[0, 3], (ticks, minutes, shape) =>
        {
            // Whole seconds and short fractions as often as full ones: the trailing zeros are where a writer goes wrong.
            var rounded = shape switch { 0 => ticks - (ticks % TimeSpan.TicksPerSecond), 1 => ticks - (ticks % TimeSpan.TicksPerMillisecond), _ => ticks };
            return new DateTimeOffset(rounded, shape == 3 ? TimeSpan.Zero : TimeSpan.FromMinutes(minutes));
        });
        stamps.Sample(value =>
        {
            // One buffer per sample: CsCheck samples on several threads at once.
            var buffer = new byte[40];
            var format = value.Offset == TimeSpan.Zero ? "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'" : "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";
            var written = System.Text.Encoding.UTF8.GetString(buffer, 0, WireDateTimeOffsetConverter.Format(value, buffer));

            written.Should().Be(value.ToString(format, CultureInfo.InvariantCulture));
            WireDateTimeOffsetConverter.TryParse(written, out var read).Should().BeTrue(written);
            read.Should().Be(value);
            read.Offset.Should().Be(value.Offset);
        }, iter: 20_000);
    }

    /// <summary>The converter's former parse: the BCL's exact parse, after upper-casing T and Z and cutting the fraction to 7 digits.</summary>
    private static bool Oracle(string text, out DateTimeOffset value)
    {
        var chars = text.ToCharArray();
        chars[10] = char.ToUpperInvariant(chars[10]);
        chars[^1] = chars[^1] == 'z' ? 'Z' : chars[^1];
        var normalized = new string(chars);
        var dot = normalized.IndexOf('.', StringComparison.Ordinal);
        if (dot == 19)
        {
            var end = dot + 1;
            while (end < normalized.Length && char.IsAsciiDigit(normalized[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                normalized = normalized[..(dot + 8)] + normalized[end..];
            }
        }

        // The former parse also required the offset itself (the BCL's K accepts none and reads the local zone).
        var hasOffset = normalized.EndsWith('Z') || (normalized.Length >= 25 && normalized[^6] is '+' or '-' && normalized[^3] == ':');
        value = default;
        return hasOffset && DateTimeOffset.TryParseExact(normalized, OracleFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
