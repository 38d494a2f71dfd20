namespace RunAi.TemplateDsl;

/// <summary>
/// A JSON document does not fit the wire model: it is truncated, has a value of the wrong type, or misses a
/// required member; or a model object cannot be written because a member the API requires is null.
/// <see cref="Path"/> names where.
/// </summary>
public sealed class TemplateJsonException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, including the path.</param>
    /// <param name="path">The JSON path of the offending value, e.g. <c>$.meta.projectId</c>.</param>
    /// <param name="targetType">The type that was being read or written.</param>
    /// <param name="innerException">The serializer's exception.</param>
    public TemplateJsonException(string message, string path, Type targetType, Exception? innerException)
        : base(message, innerException)
    {
        Path = path;
        TargetType = targetType;
    }

    /// <summary>The JSON path of the offending value, e.g. <c>$.meta.projectId</c>; <c>$</c> for the document.</summary>
    public string Path { get; }

    /// <summary>The model type the document was read as, or the type of the object being written.</summary>
    public Type TargetType { get; }
}
