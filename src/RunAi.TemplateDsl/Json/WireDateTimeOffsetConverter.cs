using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.Json;

/// <summary>
/// Writes date-times as the API does: RFC 3339 with <c>Z</c> for UTC and no trailing zero fractions,
/// so a timestamp read from the server is written back with the same text.
/// </summary>
internal sealed class WireDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

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
}
