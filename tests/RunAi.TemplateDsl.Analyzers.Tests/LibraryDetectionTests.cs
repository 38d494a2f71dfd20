extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// How the analyzer decides, at compilation start and without binding anything, whether a compilation may use the
/// library, and how it behaves however the library is referenced: as a file, as an image without a path, or not at all
/// (including by another assembly that only shares its name).
/// </summary>
public sealed class LibraryDetectionTests
{
    private const string BadTemplate = """
        using RunAi.TemplateDsl;

        public static class Templates
        {
            public static WorkloadTemplateCreationRequest Gpu() => Template.Named("gpu").InTenant()
                .WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d")
                .WithNodeAffinity(n => n.Term(t => t.Match("nvidia.com/gpu.count", MatchOperator.Gt, "1", "2")))
                .Build();
        }
        """;

    [Fact]
    public void A_compilation_without_the_library_is_left_alone_at_compilation_start()
    {
        var compilation = Compile("NoLibrary", "public static class C { }", TestCompiler.FrameworkReferences);

        DslModel.MayReferenceLibrary(compilation).Should().BeFalse();
        DslModel.Create(compilation).Should().BeNull();
    }

    [Fact]
    public async Task The_library_referenced_as_a_file_is_found()
    {
        var compilation = Compile("ByFile", BadTemplate, TestCompiler.References);

        DslModel.MayReferenceLibrary(compilation).Should().BeTrue();
        DslModel.Create(compilation).Should().NotBeNull();
        (await TestCompiler.AnalyzeAsync(compilation)).Select(d => d.Id).Should().Equal("RAI3003");
    }

    [Fact]
    public async Task The_library_referenced_as_an_image_without_a_path_is_found()
    {
        var path = ((PortableExecutableReference)TestCompiler.Library).FilePath!;
        var image = MetadataReference.CreateFromImage(File.ReadAllBytes(path));
        var compilation = Compile("ByImage", BadTemplate, TestCompiler.FrameworkReferences.Add(image));

        DslModel.MayReferenceLibrary(compilation).Should().BeTrue("a reference without a file name may be the library");
        (await TestCompiler.AnalyzeAsync(compilation)).Select(d => d.Id).Should().Equal("RAI3003");
    }

    [Fact]
    public async Task Another_assembly_named_like_the_library_passes_the_cheap_check_and_is_then_rejected()
    {
        var impostor = Compile("RunAi.TemplateDsl", "namespace RunAi.TemplateDsl { public static class Template { public static object Named(string n) => n; } }", TestCompiler.FrameworkReferences);
        var compilation = Compile(
            "UsesImpostor",
            "public static class C { public static object M() => RunAi.TemplateDsl.Template.Named(\"x\"); }",
            TestCompiler.FrameworkReferences.Add(impostor.ToMetadataReference()));

        DslModel.MayReferenceLibrary(compilation).Should().BeTrue();
        DslModel.Create(compilation).Should().BeNull("the assembly has none of the library's types");
        (await TestCompiler.AnalyzeAsync(compilation)).Should().BeEmpty("no rule applies and nothing may throw (AD0001)");
    }

    private static CSharpCompilation Compile(string name, string source, IEnumerable<MetadataReference> references) => CSharpCompilation.Create(
        name,
        [CSharpSyntaxTree.ParseText(source, TestCompiler.ParseOptions)],
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
