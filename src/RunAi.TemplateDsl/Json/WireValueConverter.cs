using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.Json;

/// <summary>Creates a wire enum value from its spelling (implemented by every <see cref="WireValue{T}"/>).</summary>
/// <typeparam name="T">The enum type.</typeparam>
public interface IWireValueFactory<T>
    where T : WireValue<T>
{
    /// <summary>Returns the value for a wire spelling: the known instance, or a new value kept as sent.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The value.</returns>
    static abstract T Create(string value);
}

/// <summary>Reads and writes a <see cref="WireValue{T}"/> as its exact wire string; unknown spellings are kept.</summary>
/// <typeparam name="T">The enum type.</typeparam>
public sealed class WireValueConverter<T> : JsonConverter<T>
    where T : WireValue<T>, IWireValueFactory<T>
{
    /// <inheritdoc />
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string ({typeof(T).Name}), found {reader.TokenType}.");
        }

        var value = reader.GetString();
        if (string.IsNullOrEmpty(value))
        {
            throw new JsonException($"Expected a value of {typeof(T).Name}, found an empty string.");
        }

        return T.Create(value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Value);
    }
}
