extern alias analyzers;

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using analyzers::RunAi.TemplateDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using RunAi.TemplateDsl;

namespace RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles test sources against the .NET 10 reference pack of the installed SDK and the real RunAi.TemplateDsl
/// assembly, runs the analyzers, and runs the compiled code: one setup shared by every test.
/// </summary>
internal static class TestCompiler
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework reference assemblies (no library).</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => LazyReferences.Value.RemoveAt(LazyReferences.Value.Length - 1);

    /// <summary>The framework and RunAi.TemplateDsl.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>The library assembly the tests compile against.</summary>
    public static MetadataReference Library => LazyReferences.Value[^1];

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = [new TemplateRuleAnalyzer(), new DiscardedResultAnalyzer()];

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "TestTemplates" + Guid.NewGuid().ToString("N"),
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Test" + i + ".cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Every diagnostic the analyzers report, AD0001 (an analyzer exception) included: nothing is filtered.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        return await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
    }

    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] sources) => AnalyzeAsync(Compile(sources));

    /// <summary>A document <c>Test0.cs</c> holding <paramref name="text"/>, in a library project over the real library, for a code fix to change.</summary>
    public static Document Document(AdhocWorkspace workspace, string text) => workspace.CurrentSolution
        .AddProject("Templates", "Templates", LanguageNames.CSharp)
        .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
        .WithParseOptions(ParseOptions)
        .WithMetadataReferences(References)
        .AddDocument("Test0.cs", text);

    /// <summary>Compiles, loads and returns the assembly (errors fail the test).</summary>
    public static Assembly Load(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("test-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        context.Resolving += (_, name) => name.Name == typeof(TemplateBuilder).Assembly.GetName().Name ? typeof(TemplateBuilder).Assembly : null;
        return context.LoadFromStream(stream);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var version = Environment.Version;
        var framework = "net" + version.Major + ".0";
        var pack = Directory.Exists(packs)
            ? Directory.GetDirectories(packs)
                .Select(d => Path.Combine(d, "ref", framework))
                .Where(Directory.Exists)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out var v) ? v : new Version(0, 0))
                .FirstOrDefault()
            : null;
        IEnumerable<string> files = pack is not null
            ? Directory.GetFiles(pack, "*.dll")
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Where(f => Path.GetFileName(f).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(f) is "mscorlib.dll" or "netstandard.dll");
        return [.. files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)), MetadataReference.CreateFromFile(typeof(TemplateBuilder).Assembly.Location)];
    }
}
