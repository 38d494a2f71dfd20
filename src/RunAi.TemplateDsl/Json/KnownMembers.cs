namespace RunAi.TemplateDsl.Json;

/// <summary>The JSON names of each model type's members, as the source-generated context writes them (read once per type).</summary>
internal static class KnownMembers
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, HashSet<string>> ByType = new();

    public static HashSet<string> Of(Type type) => ByType.GetOrAdd(type, static t =>
    {
        var info = TemplateJsonContext.Default.GetTypeInfo(t) ?? throw new NotSupportedException($"{t.FullName} is not a type of the Run:ai template wire model.");
        return new HashSet<string>(info.Properties.Where(p => !p.IsExtensionData).Select(p => p.Name), StringComparer.Ordinal);
    });
}
