using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RunAi.TemplateDsl.Tests.Support;

/// <summary>Compiles C# that users would write (exported templates, documentation examples) against the real library.</summary>
internal static class CSharpSource
{
    /// <summary>Compiles <paramref name="source"/> into an assembly loaded in a collectible context; fails the test on any warning or error.</summary>
    public static Assembly Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(TemplateBuilder).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "Compiled" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12))],
            references.DistinctBy(r => Path.GetFileName(r.Display)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Should().BeEmpty(source);
        image.Position = 0;
        return new AssemblyLoadContext("compiled", isCollectible: true).LoadFromStream(image);
    }

    /// <summary>The repository's root folder (where RunAi.TemplateDsl.sln is).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RunAi.TemplateDsl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (RunAi.TemplateDsl.sln) was not found above " + AppContext.BaseDirectory);
    }
}
