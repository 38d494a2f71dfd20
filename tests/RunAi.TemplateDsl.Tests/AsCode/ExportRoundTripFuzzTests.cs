using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RunAi.TemplateDsl.AsCode;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// Export under randomized, seeded, hostile templates: every member of the read model, strings that break naive
/// escaping, odd numbers, null list items and enum values this version does not know. For every template the exported
/// source must compile (no error, no warning, XML docs checked as a project with GenerateDocumentationFile does), its
/// class must load, the builder it declares must build what the export's own check built, and the request it builds
/// must equal the template's creation request JSON exactly, except for fields listed as not expressed. Failures are
/// shrunk (JSON member, item and text removal) and the smallest template of each kind of failure is printed.
/// </summary>
public sealed class ExportRoundTripFuzzTests
{
    /// <summary>The seed; FUZZ_SEED overrides it for a deeper search (the default keeps the test deterministic).</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20260214;

    /// <summary>How many templates; FUZZ_COUNT overrides it for a deeper search.</summary>
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), CultureInfo.InvariantCulture, out var count) ? count : 250;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(TemplateBuilder).Assembly.Location))
            .DistinctBy(r => Path.GetFileName(r.Display))
            .ToList());

    /// <summary>The generated templates, each as a tenant returns it (written and read back as JSON).</summary>
    private static IReadOnlyList<WorkloadTemplate> Generated(int? count = null) =>
        [.. Enumerable.Range(0, count ?? Count).Select(i => Tenant(new Gen(Seed + i).Template(i)))];

    // ------------------------------------------------------------------------------------------------ the fuzz test

    [Fact]
    public void Every_random_template_exports_to_source_that_compiles_and_rebuilds_it_exactly_or_lists_what_it_cannot()
    {
        var templates = Generated();
        var failures = Check(templates);

        if (failures.Count > 0)
        {
            Assert.Fail(Report(failures));
        }
    }

    [Fact]
    public void All_random_templates_in_one_exported_class_compile_load_as_a_set_and_build_what_each_exported_alone_builds()
    {
        var templates = Generated();
        var all = TemplateExport.ToCSharp(templates, "Fuzz.All", "AllTemplates");
        var (assembly, diagnostics) = Compile([("All.cs", all.Source)]);
        diagnostics.Should().BeEmpty();

        var type = assembly!.GetType("Fuzz.All.AllTemplates")!;
        var set = (TemplateSet)type.GetProperty("Set")!.GetValue(null)!;
        set.Should().HaveCount(templates.Count);
        set.Select(t => t.Address).Should().OnlyHaveUniqueItems();
        all.Templates.Select(t => t.PropertyName).Should().OnlyHaveUniqueItems();
        foreach (var exported in all.Templates)
        {
            var compiled = (TemplateBuilder)type.GetProperty(exported.PropertyName)!.GetValue(null)!;
            TemplateJson.Serialize(compiled.ToRequest()).Should().Be(TemplateJson.Serialize(exported.Builder.ToRequest()), exported.PropertyName);
        }
    }

    // ------------------------------------------------------------------------------------- determinism and culture

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    [InlineData("sv-SE")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void The_exported_source_is_the_same_in_every_culture(string culture)
    {
        var templates = Generated(120);
        var invariant = WithCulture(CultureInfo.InvariantCulture, () => TemplateExport.ToCSharp(templates).Source);

        var other = WithCulture(new CultureInfo(culture), () => TemplateExport.ToCSharp(templates).Source);

        FirstDifference(invariant, other).Should().BeNull();
    }

    [Fact]
    public void The_same_tenant_exports_byte_identical_source_twice_and_in_any_listing_order()
    {
        // Distinct keys: two templates with one key cannot both exist on a tenant.
        var templates = Generated(120).DistinctBy(t => TemplateKey.Of(t.Meta)).ToList();
        var first = TemplateExport.ToCSharp(templates).Source;

        var again = TemplateExport.ToCSharp(templates).Source;
        var reversed = TemplateExport.ToCSharp(Enumerable.Reverse(templates)).Source;
        var shuffled = TemplateExport.ToCSharp(templates.OrderBy(t => t.Meta.Id, StringComparer.Ordinal)).Source;

        again.Should().Be(first);
        FirstDifference(first, reversed).Should().BeNull();
        FirstDifference(first, shuffled).Should().BeNull();
    }

    [Fact]
    public void A_tenant_without_templates_exports_an_empty_set_that_compiles()
    {
        var exported = TemplateExport.ToCSharp([]);

        exported.Templates.Should().BeEmpty();
        exported.IsExact.Should().BeTrue();
        var (assembly, diagnostics) = Compile([("Empty.cs", exported.Source)]);
        diagnostics.Should().BeEmpty();
        ((TemplateSet)assembly!.GetType("TemplatesAsCode.ExportedTemplates")!.GetProperty("Set")!.GetValue(null)!).Should().BeEmpty();
    }

    // ------------------------------------------------------------------------ edge cases, one small template each

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("\u2028")]
    public void A_template_whose_name_is_blank_does_not_stop_the_exported_class_from_loading(string name)
    {
        // Set.Add(Property) throws for a template whose name is blank: were a blank name its own address, the class's type
        // initializer would fail, and with it every other template of the class.
        var exported = TemplateExport.ToCSharp([Minimal(name), Minimal("other")]);
        var (assembly, diagnostics) = Compile([("Blank.cs", exported.Source)]);
        diagnostics.Should().BeEmpty();
        var type = assembly!.GetType("TemplatesAsCode.ExportedTemplates")!;

        var other = () => type.GetProperty(exported.Templates.Single(t => t.Name == "other").PropertyName)!.GetValue(null);
        var set = () => type.GetProperty("Set")!.GetValue(null);

        other.Should().NotThrow();
        set.Should().NotThrow().Which.Should().BeOfType<TemplateSet>().Which.Select(t => t.Address).Should().HaveCount(2).And.OnlyContain(a => !string.IsNullOrWhiteSpace(a));
    }

    [Theory]
    [InlineData(1020)]
    [InlineData(5000)]
    public void A_long_template_name_gives_a_property_name_metadata_can_hold(int length)
    {
        // The API's AssetName has no maximum length; the property (and its getter get_…) is named after the name.
        var exported = TemplateExport.ToCSharp([Minimal(new string('a', length))]);

        var (_, diagnostics) = Compile([("Long.cs", exported.Source)]);

        diagnostics.Select(d => d.Id + " " + Shorten(d.GetMessage(CultureInfo.InvariantCulture), 120)).Should().BeEmpty();
    }

    [Fact]
    public void Long_template_names_that_differ_only_past_the_cut_get_distinct_property_names()
    {
        var start = new string('a', 1000);
        var exported = TemplateExport.ToCSharp([Minimal(start + "-x"), Minimal(start + "-y"), Minimal(start + "-z")]);

        var (assembly, diagnostics) = Compile([("Long.cs", exported.Source)]);

        diagnostics.Select(d => d.Id + " " + Shorten(d.GetMessage(CultureInfo.InvariantCulture), 120)).Should().BeEmpty();
        exported.Templates.Select(t => t.PropertyName).Should().OnlyHaveUniqueItems();
        var set = (TemplateSet)assembly!.GetType("TemplatesAsCode.ExportedTemplates")!.GetProperty("Set")!.GetValue(null)!;
        set.Select(t => t.Address).Should().BeEquivalentTo(start + "-x", start + "-y", start + "-z");
    }

    [Fact]
    public void A_template_with_more_text_than_an_assembly_holds_is_refused_with_the_limit_named()
    {
        // At most 1000 annotations (RAI0005), each value at most 10000 characters: 10 million characters of literals,
        // beyond the 16 MB of user strings an assembly can hold (CS8103): no source of it would compile.
        var json = JsonNode.Parse(TemplateJson.Serialize(Minimal("big")))!;
        json["spec"]!["specificEnv"] = new JsonObject
        {
            ["annotations"] = new JsonArray([.. Enumerable.Range(0, 1000).Select(i => (JsonNode)new JsonObject
            {
                ["name"] = "a" + i.ToString(CultureInfo.InvariantCulture),
                ["value"] = i.ToString("D5", CultureInfo.InvariantCulture) + new string('v', 9995),
            })]),
        };
        var template = TemplateJson.Deserialize<WorkloadTemplate>(json.ToJsonString());
        TemplateValidator.Validate(template).Where(v => v.Severity == RuleSeverity.Error).Should().BeEmpty("the template is valid");

        var export = () => TemplateExport.ToCSharp([Minimal("small"), template]);

        export.Should().Throw<ArgumentException>().Where(e => e.ParamName == "templates")
            .WithMessage("The templates hold too much text for C# source: its string literals would take 20,0*bytes, and a literal must start within the first 16,777,216 of an assembly's (16 MB; error CS8103), so it could not compile. The largest: 'big' (20,0* bytes), 'small' (*");
    }

    [Fact]
    public void The_size_of_string_literals_the_export_checks_is_what_the_compiler_writes()
    {
        // The check counts the literals of the source as the compiler stores them (once each, UTF-16, with their size):
        // the user-string heap of the compiled class, which is 4-byte aligned. Constants (PriorityClasses.High, …) are
        // literals too, which the check adds apart: the templates here name none.
        var templates = Generated(120).Where(t => TemplateExport.ToCSharp([t]).Source is var s && !s.Contains("PriorityClasses.", StringComparison.Ordinal) && !s.Contains("AutoscalingMetrics.", StringComparison.Ordinal)).ToList();
        var source = TemplateExport.ToCSharp(templates).Source;
        var compilation = CSharpCompilation.Create(
            "Literals",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        compilation.Emit(image).Success.Should().BeTrue();
        image.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(image);

        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var heap = System.Reflection.Metadata.Ecma335.MetadataReaderExtensions.GetHeapSize(metadata, System.Reflection.Metadata.Ecma335.HeapIndex.UserString);

        templates.Should().HaveCountGreaterThan(60);
        heap.Should().Be((int)((TemplateExport.UserStrings(source).Bytes + 3) / 4 * 4));
    }

    [Theory]
    [InlineData("a\u0001b")]
    [InlineData("a\0b")]
    [InlineData("a\u001fb")]
    [InlineData("a\ufffe")]
    [InlineData("a\uffff")]
    public void A_template_name_with_a_character_XML_cannot_hold_gives_no_XML_doc_warning(string name)
    {
        // The name goes into the property's /// <summary>: such a character there is CS1570 for a project with
        // GenerateDocumentationFile (an error with TreatWarningsAsErrors, as in this repository's own Directory.Build.props).
        var exported = TemplateExport.ToCSharp([Minimal(name)]);

        var (_, diagnostics) = Compile([("Xml.cs", exported.Source)]);

        diagnostics.Select(d => d.ToString()).Should().BeEmpty();
    }

    [Fact]
    public void A_class_name_written_with_at_does_not_collide_with_a_template_property()
    {
        // "@Ddp" is the class Ddp, and Ddp is the property template "ddp" would get: CS0542, a member named as its type.
        var exported = TemplateExport.ToCSharp([Minimal("ddp")], "Acme", "@Ddp");

        var (_, diagnostics) = Compile([("At.cs", exported.Source)]);

        diagnostics.Select(d => d.ToString()).Should().BeEmpty();
    }

    [Fact]
    public void A_lower_case_class_name_is_refused_for_its_warning_and_the_spellings_offered_compile()
    {
        // CS8981 (warning wave 7, on for net7.0 and later): a type name of lower-case ASCII letters only, an error in a
        // project that treats warnings as errors. The export refuses it and offers two spellings that compile cleanly.
        var refuse = () => TemplateExport.ToCSharp([Minimal("a")], "Acme", "templates");

        refuse.Should().Throw<ArgumentException>().WithParameterName("className").Which.Message.Should()
            .Contain("CS8981").And.Contain("'Templates'").And.Contain("'@templates'");
        foreach (var offered in new[] { "Templates", "@templates" })
        {
            var (_, diagnostics) = Compile([("Lower.cs", TemplateExport.ToCSharp([Minimal("a")], "Acme", offered).Source)]);
            diagnostics.Select(d => d.ToString()).Should().BeEmpty(offered + " compiles without a warning");
        }
    }

    [Fact]
    public void Templates_whose_keys_read_alike_export_the_same_whatever_the_listing_order()
    {
        // A scope this version does not know has no scope id in a key: two templates of one name in two such scopes (a
        // newer server's node pools, say) have one key. Which of them gets which address and property must not depend
        // on the order the tenant lists them in.
        var a = Tenant(Minimal("a"), "{\"scope\":\"nodepool\",\"nodepoolId\":\"1\"}", "first");
        var b = Tenant(Minimal("a"), "{\"scope\":\"nodepool\",\"nodepoolId\":\"2\"}", "second");

        var forward = TemplateExport.ToCSharp([a, b]).Source;
        var backward = TemplateExport.ToCSharp([b, a]).Source;

        FirstDifference(forward, backward).Should().BeNull();
    }

    // -------------------------------------------------------------------------------- --namespace and --class names

    /// <summary>Every C# keyword and contextual keyword, and a few other names a user may pass.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        var names = SyntaxFacts.GetKeywordKinds().Concat(SyntaxFacts.GetContextualKeywordKinds()).Select(SyntaxFacts.GetText)
            .Concat(["_", "__", "global", "field", "extension", "Global", "@var", "@record", "@file", "@required", "@scoped", "@class", "@global", "@_", "a1", "Ǆ", "ÀB", "TemplatesAsCode", "AsCode", "TemplateDsl", "Analysis", "DesiredTemplate", "Guid", "String"])
            .Where(n => n.Length > 0 && (char.IsLetter(n[0]) || n[0] is '_' or '@'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_class_name_the_export_accepts_compiles(string className)
    {
        ExportResult exported;
        try
        {
            exported = TemplateExport.ToCSharp([Minimal("a")], "Acme", className);
        }
        catch (ArgumentException e) when (e.ParamName == "className")
        {
            return;
        }

        var (_, diagnostics) = Compile([("Class.cs", exported.Source)]);
        diagnostics.Select(d => d.ToString()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("required")]
    [InlineData("file")]
    public async Task The_export_command_refuses_a_class_name_whose_source_would_not_compile(string className)
    {
        // The command checks --class with the export before it opens the target, to refuse what would not compile.
        var directory = Directory.CreateTempSubdirectory("runai-export-").FullName;
        try
        {
            var file = Path.Combine(directory, "Exported.cs");
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Ansi = Spectre.Console.AnsiSupport.No,
                ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
                Interactive = Spectre.Console.InteractionSupport.No,
                Out = new Spectre.Console.AnsiConsoleOutput(new StringWriter()),
            });

            var exit = await RunAi.TemplateDsl.Cli.TemplatesHost.RunAsync(
                ["export", "--output", file, "--class", className],
                TemplateSet.Empty,
                new RunAi.TemplateDsl.Cli.TemplatesHost.HostConsole(console, console, new StringWriter()),
                _ => null,
                directory,
                CancellationToken.None);

            if (exit != RunAi.TemplateDsl.Cli.TemplatesHost.Error)
            {
                var (_, diagnostics) = Compile([("Exported.cs", await File.ReadAllTextAsync(file))]);
                diagnostics.Select(d => d.ToString()).Should().BeEmpty("the command accepted --class " + className + " (exit " + exit + ")");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_namespace_the_export_accepts_compiles(string namespacePart)
    {
        foreach (var namespaceName in new[] { namespacePart, "Acme." + namespacePart, namespacePart + ".Templates" })
        {
            ExportResult exported;
            try
            {
                exported = TemplateExport.ToCSharp([Minimal("a")], namespaceName, "ExportedTemplates");
            }
            catch (ArgumentException e) when (e.ParamName == "namespaceName")
            {
                continue;
            }

            var (_, diagnostics) = Compile([("Namespace.cs", exported.Source)]);
            diagnostics.Select(d => d.ToString()).Should().BeEmpty(namespaceName);
        }
    }

    // ============================================================================================= the check itself

    /// <summary>One failure of one template: its kind (what the shrinker keeps), a detail, the template and its source.</summary>
    private sealed record Failure(string Kind, string Detail, WorkloadTemplate Template, string? Source);

    /// <summary>Exports each template alone (its own class), compiles them all in one compilation, and checks each.</summary>
    private static List<Failure> Check(IReadOnlyList<WorkloadTemplate> templates)
    {
        var failures = new List<Failure>();
        var exports = new ExportResult?[templates.Count];
        var trees = new List<(string Path, string Source)>();
        for (var i = 0; i < templates.Count; i++)
        {
            try
            {
                exports[i] = TemplateExport.ToCSharp([templates[i]], "Fuzz", "T" + i.ToString(CultureInfo.InvariantCulture));
                trees.Add(("T" + i.ToString(CultureInfo.InvariantCulture) + ".cs", exports[i]!.Source));
            }
            catch (Exception e)
            {
                failures.Add(new Failure("export throws " + e.GetType().Name, e.ToString(), templates[i], null));
            }
        }

        static int IndexOf(string path) => int.Parse(Path.GetFileNameWithoutExtension(path)[1..], CultureInfo.InvariantCulture);
        var (assembly, diagnostics) = Compile(trees);
        foreach (var group in diagnostics.GroupBy(d => d.Location.SourceTree?.FilePath ?? ""))
        {
            var index = IndexOf(group.Key);
            failures.Add(new Failure(Kind(group), string.Join("\n", group.Select(Describe)), templates[index], exports[index]!.Source));
            if (group.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                exports[index] = null;
            }
        }

        if (assembly is null)
        {
            // The others, without the trees that do not compile.
            (assembly, diagnostics) = Compile(trees.Where(t => exports[IndexOf(t.Path)] is not null).ToList());
            diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty("the trees that compile alone compile together");
        }

        for (var i = 0; i < templates.Count; i++)
        {
            if (exports[i] is { } export)
            {
                failures.AddRange(CheckOne(templates[i], export, assembly!.GetType("Fuzz.T" + i.ToString(CultureInfo.InvariantCulture))!));
            }
        }

        return failures;
    }

    /// <summary>The kind of a compiler failure: errors first, then warnings, by id.</summary>
    private static string Kind(IEnumerable<Diagnostic> diagnostics)
    {
        var first = diagnostics.OrderByDescending(d => d.Severity).ThenBy(d => d.Id, StringComparer.Ordinal).First();
        return (first.Severity == DiagnosticSeverity.Error ? "does not compile: " : "compiles with a warning: ") + first.Id;
    }

    /// <summary>The check of one template alone: export, compile, load, compare (what the shrinker runs).</summary>
    private static List<Failure> CheckAlone(WorkloadTemplate template)
    {
        ExportResult export;
        try
        {
            export = TemplateExport.ToCSharp([template], "Fuzz", "T0");
        }
        catch (Exception e)
        {
            return [new Failure("export throws " + e.GetType().Name, e.ToString(), template, null)];
        }

        var failures = new List<Failure>();
        var (assembly, diagnostics) = Compile([("T0.cs", export.Source)]);
        if (diagnostics.Count > 0)
        {
            failures.Add(new Failure(Kind(diagnostics), string.Join("\n", diagnostics.Select(Describe)), template, export.Source));
        }

        if (assembly is not null)
        {
            failures.AddRange(CheckOne(template, export, assembly.GetType("Fuzz.T0")!));
        }

        return failures;
    }

    private static List<Failure> CheckOne(WorkloadTemplate template, ExportResult export, Type type)
    {
        var exported = export.Templates.Single();
        TemplateBuilder compiled;
        try
        {
            compiled = (TemplateBuilder)type.GetProperty(exported.PropertyName, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            _ = type.GetProperty("Set", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        }
        catch (TargetInvocationException e)
        {
            var inner = e.InnerException is TypeInitializationException { InnerException: { } cause } ? cause : e.InnerException ?? e;
            return [new Failure("the exported class does not load: " + inner.GetType().Name, inner.Message, template, export.Source)];
        }

        var failures = new List<Failure>();
        var built = TemplateJson.Serialize(compiled.ToRequest());
        var checkedBuilt = TemplateJson.Serialize(exported.Builder.ToRequest());
        if (built != checkedBuilt)
        {
            failures.Add(new Failure("the source builds something else than the export's check", "source:  " + built + "\ncheck:   " + checkedBuilt, template, export.Source));
        }

        // Members the model does not know (the generator's, below) are differences where they are on the tenant; the rest
        // is compared without them, as TemplateDiff documents (it does not compare them, so they align nothing).
        var original = JsonNode.Parse(TemplateJson.Serialize(template.ToCreationRequest()));
        var rebuilt = JsonNode.Parse(built);
        var differences = new List<(string Path, string? Before, string? After)>();
        UnknownMembers(string.Empty, original, differences);
        Differences(string.Empty, WithoutUnknownMembers(original), rebuilt, differences);
        differences.RemoveAll(d => Equivalent(d.Path, d.Before, d.After));
        var listed = exported.NotExpressed.Select(f => f.Path).ToList();

        var unlisted = differences.Where(d => !listed.Any(q => Covers(q, d.Path))).ToList();
        if (unlisted.Count > 0)
        {
            failures.Add(new Failure(
                "differs but is not listed as not expressed: " + Regex.Replace(unlisted[0].Path, @"\[\d+\]", "[]"),
                string.Join("\n", unlisted.Select(u => $"{u.Path}: {u.Before ?? "(unset)"} on the tenant, {u.After ?? "(unset)"} rebuilt")) + "\nlisted: " + string.Join(", ", listed),
                template,
                export.Source));
        }

        var spurious = exported.NotExpressed.Where(f => !differences.Any(d => Covers(f.Path, d.Path) || Covers(d.Path, f.Path))).ToList();
        if (spurious.Count > 0)
        {
            failures.Add(new Failure(
                "listed as not expressed but rebuilt exactly: " + Regex.Replace(spurious[0].Path, @"\[\d+\]", "[]"),
                string.Join("\n", spurious.Select(f => f.ToString())),
                template,
                export.Source));
        }

        var comments = export.Source.Split('\n').Count(l => l.StartsWith("    // Not expressed by the DSL: ", StringComparison.Ordinal));
        if (comments != exported.NotExpressed.Count)
        {
            failures.Add(new Failure("what is not expressed is not written in the source, one comment line each", string.Join("\n", exported.NotExpressed), template, export.Source));
        }

        return failures;
    }

    /// <summary>Whether a listed path <paramref name="listed"/> is <paramref name="path"/> or one of its parents.</summary>
    private static bool Covers(string listed, string path) =>
        path == listed || (path.StartsWith(listed, StringComparison.Ordinal) && path.Length > listed.Length && path[listed.Length] is '.' or '[');

    /// <summary>
    /// The equivalences TemplateDiff documents (and only those): a member whose spec default is false, unset on one side
    /// and false on the other; the name of a master's asset reference, which the server fills and code does not write.
    /// </summary>
    private static bool Equivalent(string path, string? before, string? after)
    {
        var onlyFalse = (before, after) is ("false", null) or (null, "false");
        if (onlyFalse && FalseIsUnset(path))
        {
            return true;
        }

        // An object that sets nothing (every member false where false is unset, or such an object) on one side only; a
        // list item is there or not, whatever it sets.
        if ((before is null) != (after is null) && !path.EndsWith(']') && JsonNode.Parse(before ?? after!) is JsonObject only && SetsNothing(path, only))
        {
            return true;
        }

        return after is null && Regex.IsMatch(path, @"^spec\.distributed\.master\.assets\.(environment|compute|datasources\[\d+\])\.name$");
    }

    private static bool FalseIsUnset(string path) =>
        Regex.IsMatch(path, @"^(meta\.(autoDelete|private|workloadSupportedTypes\.(inference|workspace|training|distributed))|.*\.(annotations|imagePullSecrets)\[\d+\]\.exclude)$");

    private static bool SetsNothing(string path, JsonObject value) => value.All(m =>
        (m.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False && FalseIsUnset(path + "." + m.Key))
        || (m.Value is JsonObject o && SetsNothing(path + "." + m.Key, o)));

    /// <summary>Every difference between two JSON trees: leaves, items, and values present on one side only.</summary>
    private static void Differences(string path, JsonNode? before, JsonNode? after, List<(string, string?, string?)> differences)
    {
        if (before is null && after is null)
        {
            return;
        }

        if (before is JsonObject bo && after is JsonObject ao)
        {
            foreach (var name in bo.Select(p => p.Key).Union(ao.Select(p => p.Key), StringComparer.Ordinal))
            {
                Differences(path.Length == 0 ? name : path + "." + name, bo[name], ao[name], differences);
            }

            return;
        }

        if (before is JsonArray ba && after is JsonArray aa)
        {
            ListDifferences(path, ba, aa, differences);
            return;
        }

        if (before is JsonValue bv && after is JsonValue av && SameValue(bv, av))
        {
            return;
        }

        differences.Add((path, before?.ToJsonString(), after?.ToJsonString()));
    }

    /// <summary>The names the generator gives members the model does not know (see <c>Unknown()</c>).</summary>
    private static readonly string[] UnknownNames = ["futureKnob", "a\nb", "x\"", "name2"];

    private static void UnknownMembers(string path, JsonNode? node, List<(string, string?, string?)> differences)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    var member = path.Length == 0 ? name : path + "." + name;
                    if (UnknownNames.Contains(name))
                    {
                        differences.Add((member, value?.ToJsonString() ?? "null", null));
                    }
                    else
                    {
                        UnknownMembers(member, value, differences);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    UnknownMembers(path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", a[i], differences);
                }

                break;
        }
    }

    private static JsonNode? WithoutUnknownMembers(JsonNode? node)
    {
        var copy = node?.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var name in UnknownNames)
                {
                    o.Remove(name);
                }

                foreach (var (_, value) in o)
                {
                    Strip(value);
                }
            }
            else if (n is JsonArray a)
            {
                foreach (var item in a)
                {
                    Strip(item);
                }
            }
        }
    }

    /// <summary>
    /// Two lists aligned as TemplateDiff documents it: the common start and end, then a longest common subsequence of
    /// the items that are the same (no difference but the documented equivalences), an addition before a removal where
    /// two alignments are as long, at most 40,000 pairs (the middle of longer lists is one stretch); between two common
    /// items the rest are paired in order and compared, and what is left was added (path: index rebuilt) or removed
    /// (path: index on the tenant).
    /// </summary>
    private static void ListDifferences(string path, JsonArray before, JsonArray after, List<(string, string?, string?)> differences)
    {
        static string Item(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
        static string Json(JsonNode? item) => item?.ToJsonString() ?? "null";
        bool Same(int i, int j)
        {
            if ((before[i] is null) != (after[j] is null))
            {
                return false;
            }

            var found = new List<(string Path, string? Before, string? After)>();
            Differences(Item(path, j), before[i], after[j], found);
            return found.All(d => Equivalent(d.Path, d.Before, d.After));
        }

        var start = 0;
        while (start < before.Count && start < after.Count && Same(start, start))
        {
            start++;
        }

        var (endBefore, endAfter) = (before.Count, after.Count);
        while (endBefore > start && endAfter > start && Same(endBefore - 1, endAfter - 1))
        {
            endBefore--;
            endAfter--;
        }

        // The common items, as (tenant index, rebuilt index), then the ends of both lists.
        var anchors = new List<(int, int)>();
        if ((long)(endBefore - start) * (endAfter - start) <= 40_000)
        {
            var common = new int[endBefore - start + 1, endAfter - start + 1];
            for (var i = endBefore - 1; i >= start; i--)
            {
                for (var j = endAfter - 1; j >= start; j--)
                {
                    common[i - start, j - start] = Same(i, j) ? common[i - start + 1, j - start + 1] + 1 : Math.Max(common[i - start + 1, j - start], common[i - start, j - start + 1]);
                }
            }

            for (int i = start, j = start; i < endBefore || j < endAfter;)
            {
                if (i < endBefore && j < endAfter && Same(i, j))
                {
                    anchors.Add((i++, j++));
                }
                else if (j < endAfter && (i == endBefore || common[i - start, j - start + 1] >= common[i - start + 1, j - start]))
                {
                    j++;
                }
                else
                {
                    i++;
                }
            }
        }

        anchors.Add((endBefore, endAfter));
        var (fromBefore, fromAfter) = (start, start);
        foreach (var (toBefore, toAfter) in anchors)
        {
            var paired = Math.Min(toBefore - fromBefore, toAfter - fromAfter);
            for (var k = 0; k < paired; k++)
            {
                var (left, right) = (before[fromBefore + k], after[fromAfter + k]);
                if ((left is null) != (right is null))
                {
                    differences.Add((Item(path, fromAfter + k), Json(left), Json(right)));
                }
                else
                {
                    Differences(Item(path, fromAfter + k), left, right, differences);
                }
            }

            for (var i = fromBefore + paired; i < toBefore; i++)
            {
                differences.Add((Item(path, i), Json(before[i]), null));
            }

            for (var j = fromAfter + paired; j < toAfter; j++)
            {
                differences.Add((Item(path, j), null, Json(after[j])));
            }

            (fromBefore, fromAfter) = (toBefore + 1, toAfter + 1);
        }
    }

    private static bool SameValue(JsonValue x, JsonValue y)
    {
        var a = x.GetValue<JsonElement>();
        var b = y.GetValue<JsonElement>();
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        return a.ValueKind switch
        {
            JsonValueKind.String => string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal),
            JsonValueKind.Number => a.GetRawText() == b.GetRawText()
                || (decimal.TryParse(a.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && decimal.TryParse(b.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    ? m == n
                    : a.GetDouble() == b.GetDouble()),
            _ => a.GetRawText() == b.GetRawText(),
        };
    }

    // ================================================================================================ compilation

    private static (Assembly? Assembly, IReadOnlyList<Diagnostic> Diagnostics) Compile(IReadOnlyList<(string Path, string Source)> sources)
    {
        // As the .NET 10 SDK compiles a project with GenerateDocumentationFile: XML doc comments are checked, and the
        // warning level is the target framework's major version (10), so every warning wave up to it is on. The language
        // version is the newest this Roslyn (4.8) knows: keywords of later versions (extension) are not seen here.
        var options = new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose);
        var compilation = CSharpCompilation.Create(
            "Fuzz" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, options, s.Path, Encoding.UTF8)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true, warningLevel: 10));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var diagnostics = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!emitted.Success)
        {
            return (null, diagnostics);
        }

        image.Position = 0;
        return (new AssemblyLoadContext("fuzz", isCollectible: true).LoadFromStream(image), diagnostics);
    }

    private static string Describe(Diagnostic d)
    {
        var line = d.Location.GetLineSpan();
        var text = d.Location.SourceTree?.GetText().Lines[line.StartLinePosition.Line].ToString() ?? "";
        return $"{d.Id} {d.GetMessage(CultureInfo.InvariantCulture)} at line {line.StartLinePosition.Line + 1}: {Shorten(text, 300)}";
    }

    // ================================================================================================== shrinking

    /// <summary>The failures grouped by kind, each kind with its smallest template after shrinking.</summary>
    private static string Report(List<Failure> failures)
    {
        if (failures.Count == 0)
        {
            return "";
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} of {Count} templates fail (seed {Seed}); by kind:");
        foreach (var group in failures.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {group.Count(),4} × {group.Key}");
        }

        foreach (var group in failures.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()).Take(8))
        {
            var smallest = group.MinBy(f => TemplateJson.Serialize(f.Template).Length)!;
            var shrunk = Shrink(smallest);
            report.AppendLine().AppendLine("==== " + group.Key)
                .AppendLine("smallest template (shrunk): " + TemplateJson.Serialize(shrunk.Template))
                .AppendLine("detail: " + Printable(Shorten(shrunk.Detail, 3000)))
                .AppendLine("source:").AppendLine(Printable(Shorten(shrunk.Source ?? "(none)", 4000)));
        }

        return report.ToString();
    }

    /// <summary>Removes members, items and text from the template's JSON while the same kind of failure remains.</summary>
    private static Failure Shrink(Failure failure, int budget = 600)
    {
        var best = failure;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(15);
        // Passes over the candidates; after a step that keeps the failure, the pass goes on from where it was.
        for (var pass = 0; pass < 4 && budget > 0 && clock.Elapsed < limit; pass++)
        {
            var changed = false;
            for (var position = 0; budget > 0 && clock.Elapsed < limit; position++)
            {
                var steps = Steps(JsonNode.Parse(TemplateJson.Serialize(best.Template))!);
                if (position >= steps.Count)
                {
                    break;
                }

                var candidate = JsonNode.Parse(TemplateJson.Serialize(best.Template))!;
                if (!Apply(candidate, steps[position].Path, steps[position].Change))
                {
                    continue;
                }

                WorkloadTemplate template;
                try
                {
                    template = TemplateJson.Deserialize<WorkloadTemplate>(candidate.ToJsonString());
                }
                catch (TemplateJsonException)
                {
                    continue;
                }

                if (TemplateJson.Serialize(template).Length >= TemplateJson.Serialize(best.Template).Length)
                {
                    // Not smaller once read (e.g. a date written another way).
                    continue;
                }

                budget--;
                if (CheckAlone(template).FirstOrDefault(f => f.Kind == failure.Kind) is { } again)
                {
                    best = again;
                    changed = true;
                    position--;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>The steps that make <paramref name="root"/> smaller: a member or item removed, a text or number simpler; shallow first.</summary>
    private static List<(List<object> Path, string Change)> Steps(JsonNode root)
    {
        var paths = new List<List<object>>();
        Walk(root, [], paths);
        return [.. paths.OrderBy(p => p.Count).SelectMany(p => new[] { "remove", "empty", "short", "zero" }.Select(c => (p, c)))];
    }

    private static void Walk(JsonNode? node, List<object> path, List<List<object>> paths)
    {
        if (path.Count > 0)
        {
            paths.Add(path);
        }

        if (node is JsonObject o)
        {
            foreach (var (name, value) in o)
            {
                Walk(value, [.. path, name], paths);
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                Walk(a[i], [.. path, i], paths);
            }
        }
    }

    private static bool Apply(JsonNode root, List<object> path, string change)
    {
        var parent = root;
        foreach (var step in path.Take(path.Count - 1))
        {
            parent = step is string name ? parent![name] : parent![(int)step];
        }

        var last = path[^1];
        var node = last is string n ? parent![n] : parent![(int)last];
        JsonNode? replacement;
        switch (change)
        {
            case "remove":
                if (parent is JsonObject po)
                {
                    return po.Remove((string)last);
                }

                ((JsonArray)parent!).RemoveAt((int)last);
                return true;
            case "empty" when node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 1:
                replacement = JsonValue.Create("a");
                break;
            case "short" when node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 1:
                replacement = JsonValue.Create(v.GetValue<string>()[..(v.GetValue<string>().Length / 2)]);
                break;
            case "zero" when node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() != "0":
                replacement = JsonValue.Create(0);
                break;
            default:
                return false;
        }

        if (parent is JsonObject obj)
        {
            obj[(string)last] = replacement;
        }
        else
        {
            ((JsonArray)parent!)[(int)last] = replacement;
        }

        return true;
    }

    // ================================================================================================== helpers

    private static WorkloadTemplate Tenant(WorkloadTemplate template) => TemplateJson.Deserialize<WorkloadTemplate>(TemplateJson.Serialize(template));

    /// <summary>A template with members of its meta replaced (or added, if the model does not know them) and a description.</summary>
    private static WorkloadTemplate Tenant(WorkloadTemplate template, string meta, string description)
    {
        var json = JsonNode.Parse(TemplateJson.Serialize(template))!;
        foreach (var (name, value) in JsonNode.Parse(meta)!.AsObject())
        {
            json["meta"]![name] = value?.DeepClone();
        }

        json["meta"]!["description"] = description;
        return TemplateJson.Deserialize<WorkloadTemplate>(json.ToJsonString());
    }

    private static WorkloadTemplate Minimal(string name) => Tenant(new WorkloadTemplate
    {
        Meta = new AssetMeta { Id = Guid.NewGuid().ToString(), Name = name, Scope = Scope.Tenant, Kind = AssetKind.WorkloadTemplate, CreatedBy = "x", UpdatedBy = "x" },
        Spec = new SpecificRunInfoFields { Assets = new AssetsRef { Environment = new EnvironmentAssetRef { Id = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", Name = "env" } } },
    });

    private static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    private static string? FirstDifference(string a, string b)
    {
        if (a == b)
        {
            return null;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        var from = Math.Max(0, i - 120);
        return $"at {i}:\n  {a.Substring(from, Math.Min(240, a.Length - from))}\n  {b.Substring(from, Math.Min(240, b.Length - from))}";
    }

    /// <summary>Text for a test log: control characters (but line feeds) as \uXXXX, so that the log stays text.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) && c != '\n' ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString()));

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + $"… ({text.Length} characters)";

    // ================================================================================================== generator

    /// <summary>A seeded generator of hostile templates covering every member of the read model.</summary>
    private sealed class Gen(int seed)
    {
        private static readonly string[] Hostile =
        [
            "", " ", "  ", "\t", " \n ", "\u00a0", "\u3000", "\"", "\\", "\\\"", "\"\"\"", "{", "}", "{0}", "{{}}", "$\"{x}\"", "@\"", "\n", "\r\n", "\r",
            "\t\t", "é", "模板", "😀", "a😀b", "\ud83d", "\ude00", "\0", "a\0b", "\u0001", "\u001f", "\u007f", "\u0085", "\u2028", "\u2029", "\ufeff",
            "\uffff", "\ufffe", "\u200b", "\u202e", "Ǆ", "İ", "ı", "class", "@class", "null", "default", "@", "@@", "#", "a@tenant", "/* */", "// x",
            "*/", "/**/", "<summary>", "</summary>", "&amp;", "<![CDATA[", "]]>", "<", ">", "&", "'", "`", "$", "%", "\\u0041", "\\n", "'\\''",
            "\U0001F600\U0001F600", "Set", "Template", "System", "123", "-1", "0x1F", "1e5", "true",
        ];

        private static readonly string[] Plain = ["llm-serving", "a", "notebook", "ddp", "x-y_z", "A.B", "team", "vision", "gpu", "/models", "python -m x", "2000,3000", "2000", "metadata.name"];

        private readonly Random _r = new(seed);

        /// <summary>
        /// A template in shapes the DSL can write (no null items, no empty lists, no unknown members, consistent
        /// distributed types, …), still with hostile texts and numbers: exercises the exact path, not only the list of
        /// what is not expressed.
        /// </summary>
        private bool _clean;

        private bool Chance(double p) => _r.NextDouble() < p;

        private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

        private string Text()
        {
            return _r.Next(12) switch
            {
                < 5 => Pick(Hostile),
                < 8 => Pick(Plain),
                8 => Chance(0.5) ? new string(Pick(Hostile.Where(h => h.Length == 1).ToArray())[0], _r.Next(200, 3000)) : string.Concat(Enumerable.Repeat(Pick(Plain), _r.Next(20, 300))),
                _ => string.Concat(Enumerable.Range(0, _r.Next(2, 4)).Select(_ => Chance(0.5) ? Pick(Hostile) : Pick(Plain))),
            };
        }

        private string? Maybe(double p = 0.5) => Chance(p) ? Text() : null;

        private Guid Uuid()
        {
            var bytes = new byte[16];
            _r.NextBytes(bytes);
            return new Guid(bytes);
        }

        private string Id() => Chance(0.8) ? Uuid().ToString(Chance(0.2) ? "B" : "D", CultureInfo.InvariantCulture) : Text();

        private bool? Bool(double p = 0.4) => Chance(p) ? Chance(0.5) : null;

        private int? Int(double p = 0.4) => Chance(p) ? Pick([0, 1, -1, 2, 42, 30080, 65535, int.MaxValue, int.MinValue, _r.Next(), -_r.Next()]) : null;

        private long? Long(double p = 0.4) => Chance(p) ? Pick([0L, 1L, -1L, 3600L, int.MaxValue + 1L, long.MaxValue, long.MinValue, (1L << 53) + 1, _r.NextInt64(), -_r.NextInt64()]) : null;

        private double? Double(double p = 0.4) => Chance(p)
            ? Pick([0.0, -0.0, 1.0, 70.0, 0.1, 0.5, 33.333333333333336, 1e-7, -1e-7, 1e16, 1e300, -1.5, double.MaxValue, double.Epsilon, 123456.789, 100.25, _r.NextDouble() * 200])
            : null;

        private List<T>? List<T>(Func<T> item, double p = 0.5, double nulls = 0.08)
            where T : class
        {
            if (!Chance(p))
            {
                return null;
            }

            return _clean
                ? [.. Enumerable.Range(0, _r.Next(1, 4)).Select(_ => item())]
                : [.. Enumerable.Range(0, _r.Next(0, 4)).Select(_ => Chance(nulls) ? null! : item())];
        }

        private List<string>? Texts(double p = 0.4) => List(Text, p);

        private T Wire<T>(IReadOnlyList<T> known, Func<string, T> create) =>
            Chance(0.8) ? Pick(known) : create(Pick(["Weird", "preemptible ", "PREEMPTIBLE", "in", "x\"y", "\\", "😀", "\n", "class", "Set", " "]));

        private T? MaybeWire<T>(IReadOnlyList<T> known, Func<string, T> create, double p = 0.4)
            where T : class => Chance(p) ? Wire(known, create) : null;

        private Dictionary<string, JsonElement>? Unknown() => !_clean && Chance(0.05)
            ? new Dictionary<string, JsonElement> { [Pick(["futureKnob", "a\nb", "x\"", "name2"])] = JsonSerializer.SerializeToElement(Pick<object>([3, "s", true, new[] { 1, 2 }])) }
            : null;

        public WorkloadTemplate Template(int index)
        {
            _clean = Chance(0.4);
            var meta = new AssetMeta
            {
                Id = Uuid().ToString(),
                Name = Chance(0.7) ? Text() + (Chance(0.5) ? index.ToString(CultureInfo.InvariantCulture) : "") : Text(),
                Description = Maybe(0.4),
                Kind = AssetKind.WorkloadTemplate,
                CreatedBy = "x",
                UpdatedBy = "x",
                CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                AutoDelete = Bool(0.2),
                Private = Bool(0.2),
                TenantId = Int(0.2),
                ProjectName = Maybe(0.2),
                UpdateCount = Long(0.2),
                DeletedAt = Chance(0.1) ? new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero) : null,
                DeletedBy = Maybe(0.1),
                Scope = Scope.Tenant,
                WorkloadSupportedTypes = Chance(0.5)
                    ? new WorkloadSupportedTypes
                    {
                        Inference = Bool(), Workspace = Bool(), Training = Bool(), Distributed = _clean ? null : Bool(0.2),
                        DistFramework = _clean ? null : MaybeWire(DistributedFramework.KnownValues, v => new DistributedFramework(v), 0.2), AdditionalProperties = Unknown(),
                    }
                    : null,
                AdditionalProperties = Unknown(),
            };
            switch (_r.Next(9))
            {
                case 0:
                    break;
                case 1:
                case 2:
                    meta.Scope = Scope.Project;
                    meta.ProjectId = Int(0.95);
                    break;
                case 3:
                    meta.Scope = Scope.Department;
                    meta.DepartmentId = Maybe(0.95);
                    break;
                case 4:
                    meta.Scope = Scope.Cluster;
                    meta.ClusterId = Chance(0.8) ? Id() : null;
                    break;
                case 5:
                    meta.Scope = Scope.System;
                    break;
                case 6:
                    meta.Scope = new Scope(Pick(["nodepool", "Tenant", "x\"y", "😀"]));
                    break;
                default:
                    // Ids beside the scope's own (InScope).
                    meta.Scope = Pick(Scope.KnownValues);
                    meta.ProjectId = Int();
                    meta.DepartmentId = Maybe(0.4);
                    meta.ClusterId = Chance(0.4) ? Id() : null;
                    break;
            }

            var distributed = Chance(0.3) ? Distributed() : null;
            if (distributed is { DistFramework: { } framework } && (_clean || Chance(0.6)))
            {
                // As the DSL writes a distributed template: the supported types say so, with the same framework.
                meta.WorkloadSupportedTypes ??= new WorkloadSupportedTypes();
                meta.WorkloadSupportedTypes.Distributed = true;
                meta.WorkloadSupportedTypes.DistFramework = framework;
            }

            return new WorkloadTemplate
            {
                Meta = meta,
                Spec = new SpecificRunInfoFields
                {
                    Assets = Assets(),
                    SpecificEnv = Chance(0.8) ? Params() : null,
                    Distributed = distributed,
                    AdditionalProperties = Unknown(),
                },
                AdditionalProperties = Unknown(),
            };
        }

        private AssetsRef Assets() => new()
        {
            Environment = new EnvironmentAssetRef
            {
                Id = Id(), Name = Maybe(0.7),
                ToolTypes = List(() => Wire(ToolType.KnownValues, v => new ToolType(v)), 0.4), AdditionalProperties = Unknown(),
            },
            Compute = Chance(0.5) ? new AssetRef { Id = Id(), Name = Maybe(0.7), AdditionalProperties = Unknown() } : null,
            Datasources = List(() => new DatasourceRef
            {
                Id = Id(),
                Name = Maybe(0.7),
                Kind = Chance(0.7) ? Pick([AssetKind.S3, AssetKind.Git, AssetKind.Nfs, AssetKind.Pvc, AssetKind.HostPath, AssetKind.ConfigMap, AssetKind.SecretVolume, AssetKind.DataVolume])
                    : Wire(AssetKind.KnownValues, v => new AssetKind(v)),
                Overrides = Chance(0.5) ? new DataSourceOverrides { ContainerPath = _clean ? Text() : Maybe(0.8), AdditionalProperties = Unknown() } : null,
                AdditionalProperties = Unknown(),
            }),
            WorkloadVolumes = Texts(0.3),
            AdditionalProperties = Unknown(),
        };

        private InfoDistributed Distributed() => new()
        {
            NumWorkers = Int(_clean ? 1 : 0.8),
            NoMaster = Bool(0.3),
            DistFramework = MaybeWire(DistributedFramework.KnownValues, v => new DistributedFramework(v), _clean ? 1 : 0.8),
            Master = Chance(0.6)
                ? new InfoDistMaster { Assets = Chance(0.6) ? Assets() : null, SpecificEnv = Chance(0.6) ? Params() : null, AdditionalProperties = Unknown() }
                : null,
            AdditionalProperties = Unknown(),
        };

        private SpecificRunParams Params() => new()
        {
            Connections = List(() => new SpecificRunConnectionInfo
            {
                Name = Maybe(_clean ? 1 : 0.9), NodePort = Int(0.3), ExternalUrl = Maybe(0.3), AuthorizedUsers = Texts(0.3), AuthorizedGroups = Texts(0.3), AdditionalProperties = Unknown(),
            }, 0.3),
            Annotations = List(() => _clean ? (Chance(0.7) ? new Annotation { Name = Text(), Value = Text() } : new Annotation { Name = Text(), Exclude = true })
                : new Annotation { Name = Maybe(0.9), Value = Maybe(0.6), Exclude = Bool(0.4), AdditionalProperties = Unknown() }, 0.3),
            Args = Maybe(0.3),
            AutoDeletionTimeAfterCompletionSeconds = Long(0.3),
            BackoffLimit = Long(0.3),
            Category = Maybe(0.3),
            Command = Maybe(0.3),
            Completions = Int(0.3),
            EnvironmentVariables = List(Variable, 0.4),
            ImagePullSecrets = List(() => _clean ? (Chance(0.7) ? new ImagePullSecret { Name = Text(), UserCredential = Bool() } : new ImagePullSecret { Name = Text(), Exclude = true })
                : new ImagePullSecret { Name = Maybe(0.9), UserCredential = Bool(0.4), Exclude = Bool(0.4), AdditionalProperties = Unknown() }, 0.3),
            Labels = List(() => _clean ? (Chance(0.7) ? new Label { Name = Text(), Value = Text() } : new Label { Name = Text(), Exclude = true })
                : new Label { Name = Maybe(0.9), Value = Maybe(0.6), Exclude = Bool(0.4), AdditionalProperties = Unknown() }, 0.3),
            NodeAffinityRequired = Chance(0.35)
                ? new NodeAffinityRequired
                {
                    NodeSelectorTerms = List(() => new NodeSelectorTerm { MatchExpressions = List(Expression, 0.9), AdditionalProperties = Unknown() }, 0.9),
                    AdditionalProperties = Unknown(),
                }
                : null,
            NodePools = Texts(0.3),
            NodeType = Maybe(0.3),
            Parallelism = Int(0.3),
            PodAffinity = Chance(0.3)
                ? new PodAffinity { Type = MaybeWire(PodAffinityType.KnownValues, v => new PodAffinityType(v), _clean ? 1 : 0.85), Key = Maybe(_clean ? 1 : 0.85), AdditionalProperties = Unknown() }
                : null,
            Preemptibility = MaybeWire(Preemptibility.KnownValues, v => new Preemptibility(v), 0.3),
            PriorityClass = Chance(0.3) ? (Chance(0.6) ? Pick(["very-low", "low", "medium-low", "medium", "medium-high", "high", "very-high"]) : Text()) : null,
            RestartPolicy = MaybeWire(RestartPolicy.KnownValues, v => new RestartPolicy(v), 0.3),
            RunAsGid = Long(0.3),
            RunAsUid = Long(0.3),
            SupplementalGroups = Maybe(0.3),
            TerminateAfterPreemption = Bool(0.3),
            TerminationGracePeriodSeconds = Long(0.3),
            Tolerations = List(Toleration, 0.35),
            AllowOverQuota = Bool(0.3),
            AutoScaling = Chance(0.3) ? Autoscaling() : null,
            ServingPortAccess = Chance(0.3)
                ? new ServingPortAccess
                {
                    AuthorizationType = MaybeWire(AuthorizationType.KnownValues, v => new AuthorizationType(v), 0.6),
                    AuthorizedUsers = Texts(0.4), AuthorizedGroups = Texts(0.4), ClusterLocalAccessOnly = Bool(), AdditionalProperties = Unknown(),
                }
                : null,
            AdditionalProperties = Unknown(),
        };

        private SpecificRunAutoScaling Autoscaling()
        {
            var scaling = new SpecificRunAutoScaling
            {
                MetricThresholdPercentage = Double(), MinReplicas = Int(), MaxReplicas = Int(), InitialReplicas = Int(), ActivationReplicas = Int(),
                ConcurrencyHardLimit = Int(), ScaleToZeroRetentionSeconds = Int(), ScaleDownDelaySeconds = Int(), InitializationTimeoutSeconds = Int(0.2),
                ThresholdMetric = Chance(0.6) ? (Chance(0.6) ? Pick(["throughput", "concurrency", "latency"]) : Text()) : null,
                ThresholdValue = Int(0.6),
                AdditionalProperties = Unknown(),
            };
            if (_clean && (scaling.ThresholdMetric is null) != (scaling.ThresholdValue is null))
            {
                // The DSL writes a metric with its threshold.
                scaling.ThresholdMetric = null;
                scaling.ThresholdValue = null;
            }

            return scaling;
        }

        private EnvironmentVariableOfAsset Variable()
        {
            var v = new EnvironmentVariableOfAsset { Name = Maybe(_clean ? 1 : 0.95), AdditionalProperties = Unknown() };
            switch (_r.Next(_clean ? 5 : 7))
            {
                case 0:
                    v.Value = Text();
                    v.Description = Maybe(0.4);
                    break;
                case 1:
                    v.Credential = new EnvironmentVariableCredential { AssetId = _clean || Chance(0.9) ? Id() : null, Key = Maybe(_clean ? 1 : 0.9), AdditionalProperties = Unknown() };
                    break;
                case 2:
                    v.ConfigMap = new EnvironmentVariableConfigMap { Name = Maybe(_clean ? 1 : 0.9), Key = Maybe(_clean ? 1 : 0.9), AdditionalProperties = Unknown() };
                    break;
                case 3:
                    v.PodFieldRef = new EnvironmentVariablePodFieldReference { Path = Maybe(_clean ? 1 : 0.9), AdditionalProperties = Unknown() };
                    break;
                case 4:
                    v.Exclude = true;
                    break;
                default:
                    // Any mixture.
                    v.Value = Maybe(0.4);
                    v.Credential = Chance(0.3) ? new EnvironmentVariableCredential { AssetId = Maybe(), Key = Maybe() } : null;
                    v.ConfigMap = Chance(0.3) ? new EnvironmentVariableConfigMap { Name = Maybe(), Key = Maybe() } : null;
                    v.PodFieldRef = Chance(0.3) ? new EnvironmentVariablePodFieldReference { Path = Maybe() } : null;
                    v.Exclude = Bool();
                    v.Description = Maybe(0.4);
                    break;
            }

            return v;
        }

        private MatchExpression Expression()
        {
            var op = Wire(MatchOperator.KnownValues, v => new MatchOperator(v));
            if (_clean && op.IsKnown)
            {
                List<string>? fitting = op == MatchOperator.Exists || op == MatchOperator.DoesNotExist ? null
                    : op == MatchOperator.Gt || op == MatchOperator.Lt ? [Long(1)!.Value.ToString(CultureInfo.InvariantCulture)]
                    : Texts(1);
                return new MatchExpression { Key = Text(), Operator = op, Values = fitting };
            }

            List<string>? values = _r.Next(8) switch
            {
                0 => null,
                1 => [],
                2 => [Pick(["5", "-3", "0", "05", "-0", "+4", " 5", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.5", "٥"])],
                3 => [Text()],
                4 => [Text(), Text()],
                5 => [Text(), null!],
                _ => Texts(1),
            };
            return new MatchExpression { Key = Text(), Operator = op, Values = values, AdditionalProperties = Unknown() };
        }

        private Toleration Toleration()
        {
            var effect = MaybeWire(TolerationEffect.KnownValues, v => new TolerationEffect(v), _clean ? 1 : 0.9);
            if (_clean)
            {
                return _r.Next(4) switch
                {
                    0 => new Toleration { Name = Text(), Exclude = true },
                    1 => new Toleration { Key = Text(), Operator = TolerationOperator.Exists, Effect = effect },
                    2 => new Toleration { Key = Text(), Operator = TolerationOperator.Equal, Value = Text(), Effect = effect },
                    _ => new Toleration { Name = Maybe(), Key = Text(), Operator = Wire(TolerationOperator.KnownValues, v => new TolerationOperator(v)), Value = Maybe(), Effect = effect, Seconds = Int() },
                };
            }

            return _r.Next(5) switch
            {
                0 => new Toleration { Name = Text(), Exclude = true },
                1 => new Toleration { Key = Text(), Operator = TolerationOperator.Exists, Effect = effect },
                2 => new Toleration { Key = Text(), Operator = TolerationOperator.Equal, Value = Text(), Effect = effect },
                _ => new Toleration
                {
                    Name = Maybe(0.4), Key = Maybe(0.9), Operator = MaybeWire(TolerationOperator.KnownValues, v => new TolerationOperator(v), 0.9), Value = Maybe(0.4),
                    Effect = effect, Seconds = Int(0.4), Exclude = Bool(0.3), AdditionalProperties = Unknown(),
                },
            };
        }
    }
}
