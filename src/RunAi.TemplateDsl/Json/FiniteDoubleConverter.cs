using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.Json;

/// <summary>
/// A number read as a <see cref="double"/> must be one: <c>1e400</c> is refused (RFC 8259, section 6, lets a reader
/// limit the range), not read as infinity, which the model could then not write back. Numbers as strings are refused
/// too, as everywhere in the wire format.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected a number, found {reader.TokenType}.");
        }

        var value = reader.GetDouble();
        return double.IsFinite(value) ? value : throw new JsonException("The number is beyond the range of a double (about ±1.8e308).");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
