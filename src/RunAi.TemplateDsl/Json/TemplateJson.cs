using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl;

/// <summary>
/// The one entry point to the wire format: serializes and reads the model exactly as the API expects it,
/// with the source-generated <see cref="TemplateJsonContext"/>.
/// </summary>
public static class TemplateJson
{
    /// <summary>The serializer options of the wire format (read-only; hand them to Flurl or ASP.NET as they are).</summary>
    public static JsonSerializerOptions Options => TemplateJsonContext.Default.Options;

    /// <summary>Serializes a model object to its exact wire JSON.</summary>
    /// <typeparam name="T">A type of the wire model.</typeparam>
    /// <param name="value">The object.</param>
    /// <returns>Compact JSON.</returns>
    /// <exception cref="TemplateJsonException">A member the API requires (e.g. <c>meta.name</c>) is null; <see cref="TemplateJsonException.Path"/> names it.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not known to the wire format's context: neither a type of the model nor the type of one of its members (<c>string</c>, <c>bool</c>, a list of them, …).</exception>
    public static string Serialize<T>(T value)
    {
        try
        {
            return JsonSerializer.Serialize(value, TypeInfo<T>());
        }
        catch (JsonException e)
        {
            throw WrapWrite(value, e);
        }
    }

    /// <summary>Serializes a model object to UTF-8 wire JSON.</summary>
    /// <typeparam name="T">A type of the wire model.</typeparam>
    /// <param name="value">The object.</param>
    /// <returns>Compact UTF-8 JSON.</returns>
    /// <exception cref="TemplateJsonException">A member the API requires (e.g. <c>meta.name</c>) is null; <see cref="TemplateJsonException.Path"/> names it.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not known to the wire format's context: neither a type of the model nor the type of one of its members (<c>string</c>, <c>bool</c>, a list of them, …).</exception>
    public static byte[] SerializeToUtf8Bytes<T>(T value)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());
        }
        catch (JsonException e)
        {
            throw WrapWrite(value, e);
        }
    }

    /// <summary>Reads wire JSON into a model object.</summary>
    /// <typeparam name="T">A type of the wire model.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The object; never null.</returns>
    /// <exception cref="TemplateJsonException">The JSON is malformed, has a wrong type, misses a required member, or is <c>null</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not known to the wire format's context: neither a type of the model nor the type of one of its members (<c>string</c>, <c>bool</c>, a list of them, …).</exception>
    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            // A byte order mark, which RFC 8259 (8.1) lets a reader ignore, as the stream reader does.
            return JsonSerializer.Deserialize(json.StartsWith('\uFEFF') ? json.AsSpan(1) : json, TypeInfo<T>()) ?? throw NullDocument<T>();
        }
        catch (JsonException e)
        {
            throw Wrap<T>(e);
        }
        catch (ArgumentException e) when (e.InnerException is System.Text.EncoderFallbackException)
        {
            throw new TemplateJsonException($"Invalid {typeof(T).Name} JSON at $: the text is not valid UTF-16 (an unpaired surrogate).", "$", typeof(T), e);
        }
    }

    /// <summary>Reads UTF-8 wire JSON into a model object.</summary>
    /// <typeparam name="T">A type of the wire model.</typeparam>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The object; never null.</returns>
    /// <exception cref="TemplateJsonException">The JSON is malformed, has a wrong type, misses a required member, or is <c>null</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not known to the wire format's context: neither a type of the model nor the type of one of its members (<c>string</c>, <c>bool</c>, a list of them, …).</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            // A byte order mark, which RFC 8259 (8.1) lets a reader ignore, as the stream reader does.
            return JsonSerializer.Deserialize(utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json, TypeInfo<T>()) ?? throw NullDocument<T>();
        }
        catch (JsonException e)
        {
            throw Wrap<T>(e);
        }
    }

    /// <summary>Reads wire JSON from a stream into a model object.</summary>
    /// <typeparam name="T">A type of the wire model.</typeparam>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object; never null.</returns>
    /// <exception cref="TemplateJsonException">The JSON is malformed, has a wrong type, misses a required member, or is <c>null</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not known to the wire format's context: neither a type of the model nor the type of one of its members (<c>string</c>, <c>bool</c>, a list of them, …).</exception>
    public static async Task<T> DeserializeAsync<T>(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(utf8Json, TypeInfo<T>(), cancellationToken).ConfigureAwait(false) ?? throw NullDocument<T>();
        }
        catch (JsonException e)
        {
            throw Wrap<T>(e);
        }
    }

    internal static JsonTypeInfo<T> TypeInfo<T>() =>
        TypeInfoOf<T>.Value ?? throw new NotSupportedException($"{typeof(T).FullName} is not a type of the Run:ai template wire model.");

    /// <summary>
    /// The context's type info for <typeparamref name="T"/>, looked up once per type (the generated
    /// <c>GetTypeInfo</c> compares the type with each of the model's types in turn, on every call).
    /// </summary>
    private static class TypeInfoOf<T>
    {
        public static readonly JsonTypeInfo<T>? Value = TemplateJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>;
    }

    private static TemplateJsonException NullDocument<T>() =>
        new($"Expected a {typeof(T).Name} JSON object at $, found null.", "$", typeof(T), null);

    /// <summary>
    /// A member the API requires is null (the model marks it required, so null is not written as a missing member the
    /// server would answer 400 for): named by its path, e.g. <c>$.meta.name</c>.
    /// </summary>
    private static TemplateJsonException WrapWrite<T>(T value, JsonException e)
    {
        // The serializer's path names CLR members without list indices ($.Spec.Assets.Datasources.Kind): found again here,
        // on the failure path only, with the wire names and indices.
        var path = NullRequired(value, TypeInfo<T>(), "$") ?? (string.IsNullOrEmpty(e.Path) ? "$" : e.Path!);
        return new TemplateJsonException($"A {typeof(T).Name} cannot be written: {path} is null, and the API requires it. Set it, or build the request with the DSL, whose Build() says what is missing.", path, typeof(T), e);
    }

    /// <summary>The JSON path of the first member that is null although the model does not allow it, or null.</summary>
    private static string? NullRequired(object? value, JsonTypeInfo type, string path)
    {
        if (value is null)
        {
            return null;
        }

        if (type.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in type.Properties)
            {
                if (property.IsExtensionData || property.Get is not { } get)
                {
                    continue;
                }

                var member = get(value);
                var at = path + "." + property.Name;
                if (member is null)
                {
                    if (!property.IsGetNullable)
                    {
                        return at;
                    }
                }
                else if (NullRequired(member, Options.GetTypeInfo(property.PropertyType), at) is { } found)
                {
                    return found;
                }
            }
        }
        else if (type.Kind == JsonTypeInfoKind.Enumerable && type.ElementType is { } element && value is System.Collections.IEnumerable items)
        {
            var itemType = Options.GetTypeInfo(element);
            var index = 0;
            foreach (var item in items)
            {
                if (NullRequired(item, itemType, path + "[" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]") is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    /// <summary>Where a reader stopped, counted from 1 as an editor shows it (<c>line 3, position 7</c>); null when unknown.</summary>
    internal static string? Location(JsonException e) =>
        e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : null;

    private static TemplateJsonException Wrap<T>(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path!;
        var detail = e.Message;
        // The serializer appends its own "Path: … | LineNumber: …" to the message; ours states the path first.
        var cut = detail.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0)
        {
            detail = detail[..cut];
        }

        var where = Location(e) is { } at ? $" ({at})" : string.Empty;
        return new TemplateJsonException($"Invalid {typeof(T).Name} JSON at {path}{where}: {Expected(detail, e.InnerException)}", path, typeof(T), e);
    }

    /// <summary>
    /// The reader's and serializer's own words for what is wrong with the text, in the JSON's terms: they name .NET types
    /// ("for type 'RunAi.TemplateDsl.SpecificRunCreationFields'") and reader options the user cannot change ("Change the
    /// reader options"). Null for a message not reworded.
    /// </summary>
    private static string? Reworded(string detail)
    {
        const string Missing = "was missing required properties including: ";
        var missing = detail.IndexOf(Missing, StringComparison.Ordinal);
        if (missing >= 0)
        {
            // The serializer lists some of them (it stops after about 60 characters), separated as the UI culture lists
            // things: the quoted names, joined here, and "including" kept, since the list may not be whole.
            var names = System.Text.RegularExpressions.Regex.Matches(detail[(missing + Missing.Length)..], "'[^']*'").Select(m => m.Value).ToList();
            return names.Count == 1 ? $"A required member is missing: {names[0]}." : $"Required members are missing, including: {string.Join(", ", names)}.";
        }

        return detail switch
        {
            _ when detail.Contains("trailing comma", StringComparison.Ordinal) => "A trailing comma: remove it.",
            _ when detail.Contains("does not contain any JSON tokens", StringComparison.Ordinal) => "There is no JSON: the text is empty.",
            _ when detail.Contains("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal) => "The JSON ends early: an object or array is not closed.",
            _ when detail.Contains("is an invalid start of a value", StringComparison.Ordinal) || detail.Contains("is an invalid JSON literal", StringComparison.Ordinal) => "This is not a JSON value.",
            _ => null,
        };
    }

    /// <summary>
    /// The serializer's "The JSON value could not be converted to System.Nullable`1[System.Int64]." in the JSON's terms,
    /// as the model's own converters word theirs: "Expected an integer from … to ….". Any other text as it is.
    /// </summary>
    /// <param name="detail">The serializer's message, without its path.</param>
    /// <param name="inner">What the serializer caught: a reader's failure to read a token as a string, number or boolean.</param>
    private static string Expected(string detail, Exception? inner)
    {
        const string Prefix = "The JSON value could not be converted to ";
        const string Nullable = "System.Nullable`1[";

        // A null where the model does not take one: the serializer says "The constructor parameter 'Name' on type '…'
        // doesn't allow null values. Consider updating its nullability annotation.", which reads as a defect of ours.
        if (detail.Contains("doesn't allow null values", StringComparison.Ordinal) || detail.Contains("doesn't allow setting null values", StringComparison.Ordinal))
        {
            return "Expected a value, found null: the API requires this member.";
        }

        if (Reworded(detail) is { } reworded)
        {
            return reworded;
        }

        if (!detail.StartsWith(Prefix, StringComparison.Ordinal) || !detail.EndsWith('.'))
        {
            return detail;
        }

        if (inner is InvalidOperationException { Message: var failure } && !failure.StartsWith("Cannot get the value of a token type", StringComparison.Ordinal))
        {
            // A string whose text cannot be read (invalid UTF-8, an escaped unpaired surrogate): the kind is right.
            return "The text is not valid UTF-8 or UTF-16 (an unpaired surrogate).";
        }

        var clr = detail[Prefix.Length..^1];
        if (clr.StartsWith(Nullable, StringComparison.Ordinal) && clr.EndsWith(']'))
        {
            clr = clr[Nullable.Length..^1];
        }

        var expected = clr switch
        {
            "System.Int32" => "an integer (no fraction or exponent) from -2147483648 to 2147483647",
            "System.Int64" => "an integer (no fraction or exponent) from -9223372036854775808 to 9223372036854775807",
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            _ when clr.StartsWith("System.Collections.Generic.List`1[", StringComparison.Ordinal) => "an array",
            _ when clr.StartsWith("System.Collections.Generic.", StringComparison.Ordinal) && clr.Contains("Dictionary", StringComparison.Ordinal) => "an object",

            // A type of the model: the value at the path is not that object, or, when the reader failed on a token (a
            // required member of it read as a string, say), the serializer names the object the member belongs to.
            _ when clr.StartsWith("RunAi.TemplateDsl.", StringComparison.Ordinal) => inner is InvalidOperationException failed
                ? TokenRead(failed.Message)
                : $"an object ({clr[(clr.LastIndexOf('.') + 1)..]})",
            _ => null,
        };

        return expected is null ? detail : $"Expected {expected}.";

        // "Cannot get the value of a token type 'Number' as a string." → "a string, found Number"; null if worded otherwise.
        static string? TokenRead(string message)
        {
            const string Start = "Cannot get the value of a token type '";
            var quote = message.StartsWith(Start, StringComparison.Ordinal) ? message.IndexOf('\'', Start.Length) : -1;
            if (quote < 0)
            {
                return null;
            }

            var found = message[Start.Length..quote];
            var wanted = message[(quote + 1)..].TrimEnd('.') switch
            {
                " as a string" => "a string",
                " as a number" => "a number",
                " as a boolean" => "true or false",
                _ => null,
            };
            return wanted is null ? null : $"{wanted}, found {found}";
        }
    }
}
