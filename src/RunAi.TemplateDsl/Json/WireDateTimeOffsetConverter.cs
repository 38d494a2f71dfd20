using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.Json;

/// <summary>
/// Date-times as the spec's <c>format: date-time</c> (RFC 3339, section 5.6): read strictly, a date, <c>T</c>, a time
/// with seconds and an offset (<c>Z</c> or <c>±hh:mm</c>; <c>t</c> and <c>z</c> in lower case too); a text without an
/// offset is refused rather than read in the machine's time zone. Written as the API writes them: <c>Z</c> for UTC and
/// no trailing zero fractions. A timestamp read is written back as the same instant, with the same text when its
/// fraction has at most 7 digits (100 ns, what <see cref="DateTimeOffset"/> holds); a longer fraction is cut to 7.
/// </summary>
internal sealed class WireDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    // Longer is not a date-time: a fraction past 30 digits is not one anyone writes.
    private const int MaxLength = 64;
    private static readonly string[] Formats = ["yyyy'-'MM'-'dd'T'HH':'mm':'ssK", "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK"];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected an RFC 3339 date-time string, found {reader.TokenType}.");
        }

        Span<char> text = stackalloc char[MaxLength];
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxLength || !TryParse(text[..reader.CopyString(text)], out var value))
        {
            throw new JsonException("Expected an RFC 3339 date-time with seconds and an offset, e.g. 2026-03-14T09:26:53Z or 2026-03-14T11:26:53+02:00.");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[40];
        var format = value.Offset == TimeSpan.Zero ? "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'" : "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";
        if (value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(buffer[..written]);
        }
        else
        {
            writer.WriteStringValue(value.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Parses an RFC 3339 date-time in place: the separator and <c>Z</c> upper-cased, a fraction cut to 7 digits.</summary>
    internal static bool TryParse(Span<char> text, out DateTimeOffset value)
    {
        value = default;

        // yyyy-MM-ddTHH:mm:ss is 19 characters; then a fraction, then the offset, which RFC 3339 requires.
        if (text.Length < 20 || text[10] is not ('T' or 't'))
        {
            return false;
        }

        text[10] = 'T';
        if (text[^1] == 'z')
        {
            text[^1] = 'Z';
        }

        var hasOffset = text[^1] == 'Z' || (text.Length >= 25 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!hasOffset)
        {
            return false;
        }

        if (text[19] == '.')
        {
            var digits = 0;
            while (20 + digits < text.Length && char.IsAsciiDigit(text[20 + digits]))
            {
                digits++;
            }

            if (digits > 7)
            {
                // DateTimeOffset holds 100 ns: the digits past the seventh are dropped (a Go server may send nine).
                text[(20 + digits)..].CopyTo(text[27..]);
                text = text[..^(digits - 7)];
            }
        }

        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
