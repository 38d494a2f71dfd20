using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace RunAi.TemplateDsl.Analyzers.Benchmarks;

/// <summary>The installed SDK's reference pack for this runtime, and RunAi.TemplateDsl.</summary>
internal static class References
{
    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        var framework = "net" + Environment.Version.Major + ".0";
        var pack = Directory.GetDirectories(packs).Select(d => Path.Combine(d, "ref", framework)).Where(Directory.Exists).OrderDescending(StringComparer.Ordinal).First();
        return [.. Directory.GetFiles(pack, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)), MetadataReference.CreateFromFile(typeof(TemplateBuilder).Assembly.Location)];
    }
}
