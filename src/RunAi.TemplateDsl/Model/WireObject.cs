using System.Text.Json;
using System.Text.Json.Serialization;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl;

/// <summary>
/// Base of every object of the wire model. Members the server sends that this version does not
/// know are kept in <see cref="AdditionalProperties"/> and written back unchanged.
/// </summary>
/// <remarks>
/// Members the spec requires are marked two ways. In what you write (requests, and the parts of them you build), they
/// are C# <c>required</c>, so the compiler says when one is missing. In what only the API returns
/// (<see cref="WorkloadTemplate"/>, <see cref="AssetMeta"/>, the asset references, <see cref="ApiError"/>, …) they are
/// <see cref="JsonRequiredAttribute"/>: reading an answer that lacks one fails with <see cref="TemplateJsonException"/>,
/// but constructing one in code is not checked. That halves the cost of reading a template: a type with C# required
/// members can only be created by System.Text.Json through its buffered constructor path.
/// </remarks>
public abstract class WireObject : IJsonOnDeserialized, IJsonOnSerializing
{
    /// <summary>Only the model's own types derive from this: the serializer knows no other.</summary>
    private protected WireObject()
    {
    }

    /// <summary>Members of the JSON object that this version of the model does not know, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized()
    {
        if (AdditionalProperties is { Count: > 0 } members)
        {
            foreach (var member in members)
            {
                if (member.Key.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    // The reader decodes an unknown member's name leniently: bytes that are not UTF-8 become U+FFFD, and the
                    // member would be written back under another name. The bytes are gone here, so a name that holds a
                    // U+FFFD of its own (which a server does not send) is refused too.
                    throw new JsonException($"The name of a member this version of the model does not know ('{member.Key}') holds U+FFFD: it was not valid UTF-8, and would be written back under another name.");
                }

                CheckText(member.Value, member.Key);
            }
        }

        OnRead();
    }

    /// <summary>
    /// Refuses an object whose <see cref="AdditionalProperties"/> holds a member the model knows: it would be written
    /// twice, once from its property and once from the dictionary, and the server would keep one of the two. Only an
    /// object built by hand can have one (the reader puts only unknown members there).
    /// </summary>
    /// <exception cref="InvalidOperationException">A key of <see cref="AdditionalProperties"/> is a member of this type.</exception>
    void IJsonOnSerializing.OnSerializing()
    {
        if (AdditionalProperties is not { Count: > 0 } members)
        {
            return;
        }

        var known = KnownMembers.Of(GetType());
        foreach (var key in members.Keys)
        {
            if (known.Contains(key))
            {
                throw new InvalidOperationException(
                    $"{GetType().Name}.AdditionalProperties holds '{key}', which is a member of {GetType().Name}: it would be written twice. " +
                    $"Set the property instead; AdditionalProperties is for members this version of the model does not know.");
            }
        }
    }

    /// <summary>Checks what the reader cannot (e.g. null items of a list), after an object is read; throws <see cref="JsonException"/>.</summary>
    private protected virtual void OnRead()
    {
    }

    /// <summary>
    /// An unknown member's texts must be text: the reader checks a known member's string, but keeps an unknown one's
    /// raw bytes, so invalid UTF-8 or an escaped unpaired surrogate (<c>"\ud800"</c>) would be read here and fail only
    /// when the template is written back. Refused on read instead, as for a known member.
    /// </summary>
    private static void CheckText(JsonElement value, string path)
    {
        try
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    _ = value.GetString();
                    break;
                case JsonValueKind.Object:
                    foreach (var property in value.EnumerateObject())
                    {
                        CheckText(property.Value, path + "." + property.Name);
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        CheckText(item, path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
                        index++;
                    }

                    break;
            }
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"The member '{path}', which this version of the model does not know, holds text that is not valid UTF-8 or UTF-16 (an unpaired surrogate).", e);
        }
    }
}
