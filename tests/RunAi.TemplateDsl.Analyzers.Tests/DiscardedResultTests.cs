extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// RAI9001 (analyzer-only): a call of an immutable builder or template set whose result is discarded, where it is
/// reported (TemplateSet.Add, TemplateBuilder and inherited RunParamsBuilder calls, nested builders in lambda bodies,
/// chains, ?.), where it is not (any use of the value, Build/Validate, other assemblies' fluent types, the library's
/// mutable types, expression-bodied lambdas), and its code fix (x = x.Add(..)) for a local, a parameter, a field and a
/// property, and no fix where the chain does not start from a variable that can take the result.
/// </summary>
public sealed class DiscardedResultTests
{
    private const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";

    private static string Method(string body, string returns = "void", string parameters = "") =>
        "public static class Templates\n{\n    public static TemplateBuilder Notebook { get; } = Template.Named(\"notebook\").InTenant().WithEnvironment(\"" + Env + "\");\n\n"
        + "    public static " + returns + " M(" + parameters + ")\n    {\n" + body + "\n    }\n}\n";

    // ---- reported ----

    [Fact]
    public Task A_set_Add_statement_is_reported_with_the_fix_in_the_message() => VerifyDiscard.AnalyzerAsync(
        Method("""
                    var set = TemplateSet.Of();
                    set.{|#0:Add|}("notebook", Notebook);
            """),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("Add", "TemplateSet", "set = set.Add(..)"));

    [Fact]
    public Task A_builder_With_statement_is_reported() => VerifyDiscard.AnalyzerAsync(
        Method("""
                    var baseTemplate = Notebook;
                    baseTemplate.{|#0:WithDescription|}("x");
                    baseTemplate.{|#1:ForWorkspace|}();
            """),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("WithDescription", "TemplateBuilder", "baseTemplate = baseTemplate.WithDescription(..)"),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("ForWorkspace", "TemplateBuilder", "baseTemplate = baseTemplate.ForWorkspace(..)"));

    [Fact]
    public Task Methods_inherited_from_RunParamsBuilder_are_reported_on_templates_and_masters() => VerifyDiscard.AnalyzerAsync(
        Method("""
                    var b = Notebook;
                    b.{|RAI9001:AddLabel|}("team", "ml");
                    b.{|RAI9001:WithNodeAffinity|}(n => n.Term(t => t.In("zone", "a")));
                    Func<MasterBuilder, MasterBuilder> master = m => { m.{|RAI9001:WithCommand|}("run"); return m.WithEnvironment("x"); };
            """));

    [Fact]
    public Task Nested_builder_calls_in_a_lambda_statement_body_are_reported() => VerifyDiscard.AnalyzerAsync(
        Method(
            """
                    return Notebook
                        .WithNodeAffinity(n => { n.{|RAI9001:Term|}(t => t.In("zone", "a")); return n; })
                        .WithAutoscaling(a => { a.{|RAI9001:MinReplicas|}(0); return a.MaxReplicas(2); })
                        .WithServingPortAccess(s => { s.{|RAI9001:Public|}(); return s; })
                        .AddConnection("http", c => { c.{|RAI9001:NodePort|}(30000); return c; })
                        .WithNodeAffinity(n => n.Term(t => { t.{|RAI9001:In|}("zone", "a"); t.{|RAI9001:Match|}("k", MatchOperator.Exists); return t; }));
            """,
            returns: "TemplateBuilder"));

    [Fact]
    public Task A_chain_is_reported_once_on_its_last_call() => VerifyDiscard.AnalyzerAsync(
        Method("""
                    var b = Notebook;
                    b.WithDescription("x").{|#0:WithCommand|}("run");
                    b.AddLabel("a", "1").AddLabel("b", "2").AddLabel("c", "3").{|#1:AddLabel|}("d", "4");
                    Template.Named("t").{|#2:InTenant|}();
            """),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("WithCommand", "TemplateBuilder", "b = b.WithDescription(..).WithCommand(..)"),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("AddLabel", "TemplateBuilder", "b = b.AddLabel(..)….AddLabel(..)"),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("InTenant", "TemplateBuilder", "assign it, return it or pass it on"));

    [Fact]
    public Task A_conditional_call_is_reported() => VerifyDiscard.AnalyzerAsync(
        Method(
            """
                    b?.{|#0:WithDescription|}("x");
                    b?.WithDescription("x")?.{|#1:WithCommand|}("run");
            """,
            parameters: "TemplateBuilder? b"),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("WithDescription", "TemplateBuilder", "b = b?.WithDescription(..)"),
        new DiagnosticResult("RAI9001", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("WithCommand", "TemplateBuilder", "b = b?.WithDescription(..)?.WithCommand(..)"));

    [Fact]
    public Task An_expression_bodied_void_member_discards_its_call() => VerifyDiscard.AnalyzerAsync("""
        public sealed class Catalog
        {
            private TemplateSet _set = TemplateSet.Empty;

            public void AddNotebook(TemplateBuilder t) => _set.{|RAI9001:Add|}("notebook", t);

            public TemplateSet Set => _set;
        }
        """);

    // ---- not reported ----

    [Fact]
    public Task Values_that_are_used_are_not_reported() => VerifyDiscard.AnalyzerAsync("""
        public static class Templates
        {
            public static TemplateBuilder Notebook { get; } = Template.Named("notebook");

            public static TemplateSet M()
            {
                var set = TemplateSet.Of();
                set = set.Add("notebook", Notebook);
                var next = set.Add("other", Notebook.WithDescription("x"));
                _ = next.Add("third", Notebook);
                Use(Notebook.WithCommand("run"));
                var lambda = new Func<TemplateBuilder, TemplateBuilder>(b => { return b.AddLabel("a", "b"); });
                if (next.Add("fourth", Notebook).Count > 0)
                {
                    next = next.Add("fifth", Notebook);
                }

                return next.Add("sixth", Notebook);
            }

            public static TemplateBuilder Arrow(TemplateBuilder b) => b.WithDescription("returned");

            private static void Use(TemplateBuilder b) => Console.WriteLine(b.Name);
        }
        """);

    [Fact]
    public Task Build_BuildUpdate_and_Validate_statements_are_not_reported() => VerifyDiscard.AnalyzerAsync(
        Method("""
                    Notebook.Build();
                    Notebook.BuildUpdate();
                    Notebook.Validate();
                    Notebook.ToString();
                    Template.Named("x");
                    TemplateSet.Of(Notebook);
            """));

    [Fact]
    public Task Expression_bodied_lambdas_are_not_reported() => VerifyDiscard.AnalyzerAsync(
        Method("""
                    var set = TemplateSet.Of();
                    Func<TemplateBuilder, TemplateBuilder> f = b => b.WithDescription("x");
                    Action act = () => set.Add("notebook", Notebook);
                    Action<TemplateBuilder> configure = b => b.WithCommand("run");
                    var built = Notebook.WithNodeAffinity(n => n.Term(t => t.In("zone", "a")));
            """));

    [Fact]
    public Task Fluent_types_of_other_assemblies_are_not_reported() => VerifyDiscard.AnalyzerAsync("""
        public sealed class Mine
        {
            public Mine WithX(int x) => new Mine();
        }

        public static class Use
        {
            public static string M()
            {
                new Mine().WithX(1);
                var m = new Mine();
                m.WithX(2).WithX(3);
                var text = new StringBuilder();
                text.Append("a").Append('b');
                text.AppendLine("c");
                return text.ToString() + m;
            }
        }
        """);

    [Fact]
    public Task The_library_mutable_types_that_return_their_own_type_are_not_reported() => VerifyDiscard.AnalyzerAsync("""
        public static class Use
        {
            public static void M(RunAi.TemplateDsl.Client.RunAiClientOptions options, WorkloadSupportedTypes types)
            {
                options.Clone();
                types.Clone();
            }
        }
        """);

    [Fact]
    public async Task A_compilation_without_the_library_or_with_an_impostor_of_its_name_gets_nothing()
    {
        const string Use = "public static class C { public static void M(RunAi.TemplateDsl.AsCode.TemplateSet s) { s.Add(\"x\"); } }";
        const string Fluent = "namespace RunAi.TemplateDsl.AsCode { public sealed class TemplateSet { public TemplateSet Add(string a) => new(); } }";
        var alone = Compile("NoLibrary", Fluent + "\n" + Use, TestCompiler.FrameworkReferences);
        var impostor = Compile("RunAi.TemplateDsl", Fluent, TestCompiler.FrameworkReferences);
        var withImpostor = Compile("UsesImpostor", Use, TestCompiler.FrameworkReferences.Add(impostor.ToMetadataReference()));

        foreach (var compilation in new[] { alone, withImpostor })
        {
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
            (await compilation.WithAnalyzers([new DiscardedResultAnalyzer()]).GetAnalyzerDiagnosticsAsync()).Should().BeEmpty(compilation.AssemblyName);
            ImmutableBuilders.Create(compilation).Should().BeNull("an assembly named RunAi.TemplateDsl without TemplateBuilder is not the library");
        }

        DslModel.MayReferenceLibrary(withImpostor).Should().BeTrue("the cheap check at compilation start lets it through; Create rejects it");
    }

    private static CSharpCompilation Compile(string name, string source, IEnumerable<MetadataReference> references) => CSharpCompilation.Create(
        name,
        [CSharpSyntaxTree.ParseText(source, TestCompiler.ParseOptions)],
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Fact]
    public async Task A_statement_that_does_not_parse_yet_is_not_judged()
    {
        var source = VerifyDiscard.Usings + Method("""
                    var set = TemplateSet.Of();
                    set.Add("notebook", Notebook)
                    set.Add("other", Notebook);
            """);

        var diagnostics = await TestCompiler.Compile(source).WithAnalyzers([new DiscardedResultAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).Should().Equal([source.Split('\n').ToList().FindIndex(l => l.Contains("\"other\"", StringComparison.Ordinal)) + 1], "only the statement that parses is judged");
    }

    /// <summary>
    /// Every type of the library with an instance method that returns its own type (or a type derived from it) is judged
    /// on purpose: the immutable builders and the set are reported, the mutable types are excluded by name. A new type of
    /// that shape fails this test until it is put on one side or the other.
    /// </summary>
    [Fact]
    public void Every_library_type_that_returns_its_own_type_is_reported_or_excluded_by_name()
    {
        var compilation = CSharpCompilation.Create(
            "Probe",
            [],
            TestCompiler.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, metadataImportOptions: MetadataImportOptions.All));
        var builders = ImmutableBuilders.Create(compilation)!;
        var library = compilation.GetTypeByMetadataName("RunAi.TemplateDsl.TemplateBuilder")!.ContainingAssembly;

        var reported = new SortedSet<string>(StringComparer.Ordinal);
        var unreported = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Types(library.GlobalNamespace).Where(t => !t.IsStatic && !t.IsGenericType))
        {
            // Declared and inherited methods, as called on the type (RunParamsBuilder<TemplateBuilder>.AddLabel returns TemplateBuilder).
            for (var declaring = type; declaring is not null && SymbolEqualityComparer.Default.Equals(declaring.ContainingAssembly, library); declaring = declaring.BaseType)
            {
                foreach (var method in declaring.GetMembers().OfType<IMethodSymbol>().Where(m => !m.IsStatic && m.MethodKind == Microsoft.CodeAnalysis.MethodKind.Ordinary && m.CanBeReferencedByName))
                {
                    if (method.ReturnType is INamedTypeSymbol returned && Inherits(returned, declaring))
                    {
                        (builders.ReturnsNewInstance(method) ? reported : unreported).Add(type.Name);
                    }
                }
            }
        }

        reported.Should().Equal("AssetsState", "AutoscalingBuilder", "ConnectionBuilder", "MasterBuilder", "NodeAffinityBuilder", "NodeSelectorTermBuilder", "ServingPortAccessBuilder", "TemplateBuilder", "TemplateSet", "WireFact");
        unreported.Should().Equal("Fact", "RunAiClientOptions", "WorkloadSupportedTypes");
        ImmutableBuilders.MutableTypes.Should().Equal("RunAi.TemplateDsl.Client.RunAiClientOptions", "RunAi.TemplateDsl.Rules.Fact");
        compilation.GetTypeByMetadataName("RunAi.TemplateDsl.WorkloadSupportedTypes")!.BaseType!.ToDisplayString().Should().Be(ImmutableBuilders.WireObjectType);
    }

    /// <summary>The page's examples (docs/analyzers/RAI9001.md): "Bad" reports on each line its comments name, "Good" reports nothing.</summary>
    [Fact]
    public async Task The_page_examples_report_what_they_say()
    {
        var page = File.ReadAllText(Path.Combine(RobustnessTests.RepositoryRoot(), "docs", "analyzers", "RAI9001.md")).ReplaceLineEndings("\n");
        string Block(string heading)
        {
            var start = page.IndexOf("```csharp\n", page.IndexOf("## " + heading + "\n", StringComparison.Ordinal), StringComparison.Ordinal) + "```csharp\n".Length;
            return page[start..page.IndexOf("```", start, StringComparison.Ordinal)];
        }

        const string Prelude = "public static class Templates\n{\n    public static TemplateBuilder GpuBase { get; } = Template.Named(\"gpu-base\");\n    public static TemplateBuilder PyTorchDdp { get; } = GpuBase.ForTraining();\n    public static TemplateBuilder Notebook { get; } = GpuBase.ForWorkspace();\n}\n\npublic static class Example\n{\n    public static void M()\n    {\n";
        foreach (var (heading, expectsReports) in new[] { ("Bad", true), ("Good", false) })
        {
            var source = VerifyDiscard.Usings + Prelude + Block(heading) + "    }\n}\n";
            var compilation = TestCompiler.Compile(source);
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty(heading);
            var reported = (await compilation.WithAnalyzers([new DiscardedResultAnalyzer()]).GetAnalyzerDiagnosticsAsync())
                .Select(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
            var marked = source.Split('\n').Select((line, i) => (line, i)).Where(x => x.line.Contains("// RAI9001", StringComparison.Ordinal)).Select(x => x.i).ToList();
            reported.Should().Equal(marked, heading + ": one diagnostic on each line marked // RAI9001, none elsewhere");
            (marked.Count > 0).Should().Be(expectsReports);
        }
    }

    // ---- the code fix ----

    /// <summary>A helper generic over the builders (templates and masters alike): the inherited call returns its T.</summary>
    [Fact]
    public Task A_call_dropped_in_a_helper_generic_over_the_builder_is_reported_and_fixed() => VerifyDiscard.CodeFixAsync("""
        public static class Helpers
        {
            public static T WithTeam<T>(T b) where T : RunParamsBuilder<T>
            {
                b.{|RAI9001:AddLabel|}("team", "ml");
                return b;
            }
        }
        """, """
        public static class Helpers
        {
            public static T WithTeam<T>(T b) where T : RunParamsBuilder<T>
            {
                b = b.AddLabel("team", "ml");
                return b;
            }
        }
        """);

    [Fact]
    public Task Fix_assigns_to_a_local() => VerifyDiscard.CodeFixAsync(
        Method(
            """
                    var set = TemplateSet.Of();
                    // the notebook
                    set.{|RAI9001:Add|}("notebook", Notebook);
                    return set;
            """,
            returns: "TemplateSet"),
        Method(
            """
                    var set = TemplateSet.Of();
                    // the notebook
                    set = set.Add("notebook", Notebook);
                    return set;
            """,
            returns: "TemplateSet"));

    [Fact]
    public Task Fix_assigns_to_a_field_and_a_property() => VerifyDiscard.CodeFixAsync(
        """
        public sealed class Catalog
        {
            private TemplateSet _set = TemplateSet.Empty;

            public TemplateBuilder Base { get; set; } = Template.Named("base");

            public TemplateSet Configure(TemplateBuilder t)
            {
                _set.{|RAI9001:Add|}("t", t);
                this.Base.{|RAI9001:WithDescription|}("x");
                return _set;
            }
        }
        """,
        """
        public sealed class Catalog
        {
            private TemplateSet _set = TemplateSet.Empty;

            public TemplateBuilder Base { get; set; } = Template.Named("base");

            public TemplateSet Configure(TemplateBuilder t)
            {
                _set = _set.Add("t", t);
                this.Base = this.Base.WithDescription("x");
                return _set;
            }
        }
        """);

    [Fact]
    public Task Fix_assigns_to_a_lambda_parameter_the_start_of_a_chain_and_through_conditional_access() => VerifyDiscard.CodeFixAsync(
        Method(
            """
                    b?.{|RAI9001:WithDescription|}("x");
                    var t = Notebook;
                    t.WithDescription("y").{|RAI9001:WithCommand|}("run");
                    return t.WithNodeAffinity(n => { n.{|RAI9001:Term|}(x => x.In("zone", "a")); return n; });
            """,
            returns: "TemplateBuilder",
            parameters: "TemplateBuilder? b"),
        Method(
            """
                    b = b?.WithDescription("x");
                    var t = Notebook;
                    t = t.WithDescription("y").WithCommand("run");
                    return t.WithNodeAffinity(n => { n = n.Term(x => x.In("zone", "a")); return n; });
            """,
            returns: "TemplateBuilder",
            parameters: "TemplateBuilder? b"));

    [Fact]
    public async Task No_fix_where_the_chain_does_not_start_from_a_variable_that_can_take_the_result()
    {
        var found = await VerifyDiscard.FixesAsync("""
            public sealed class Catalog
            {
                private readonly TemplateSet _readOnly = TemplateSet.Empty;

                public TemplateBuilder GetOnly { get; } = Template.Named("g");

                public TemplateBuilder InitOnly { get; init; } = Template.Named("i");

                private static TemplateBuilder Make() => Template.Named("m");

                public void Configure(TemplateBuilder t, in TemplateBuilder readOnlyParameter, TemplateBuilder[] all, object boxed)
                {
                    Make().WithDescription("call");
                    Template.Named("static").WithDescription("static call");
                    _readOnly.Add("t", t);
                    GetOnly.WithDescription("get-only");
                    InitOnly.WithDescription("init-only");
                    readOnlyParameter.WithDescription("in");
                    all[0].WithDescription("element");
                    ((TemplateBuilder)boxed).WithDescription("cast");
                    foreach (var each in all)
                    {
                        each.WithDescription("foreach");
                    }

                    t.WithDescription("fixable");
                }
            }
            """);

        found.Select(f => f.Diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Should().HaveCount(10).And.OnlyContain(m => m.StartsWith('\''));
        found.Where(f => f.Fixes.Count > 0).Select(f => f.Fixes.Single()).Should().Equal("Assign the result to 't'");
    }

    [Fact]
    public async Task No_fix_through_conditional_access_into_a_variable_that_does_not_take_null()
    {
        // `t = t?.WithDescription(..)` into a non-nullable t is CS8600, an error where warnings are errors.
        var found = await VerifyDiscard.FixesAsync("""
            public sealed class Catalog
            {
                public void Configure(TemplateBuilder t, TemplateBuilder? n)
                {
                    t?.WithDescription("not null");
                    n?.WithDescription("may be null");
                    t.WithDescription("plain");
                }
            }
            """);

        found.Should().HaveCount(3);
        found.Where(f => f.Fixes.Count > 0).Select(f => f.Fixes.Single()).Should().Equal("Assign the result to 'n'", "Assign the result to 't'");
        found[0].Diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Should().Contain("assign it, return it or pass it on");
    }

    [Fact]
    public async Task No_fix_where_the_struct_that_holds_the_member_cannot_be_written()
    {
        // Each of these assignments would not compile (CS8332, CS0131, CS1654, CS1604); the writable struct local is fixed.
        var found = await VerifyDiscard.FixesAsync("""
            public struct Holder
            {
                public TemplateBuilder F;

                public readonly void InReadOnlyMember() => Touch(this);

                public readonly void ReadOnlyMember()
                {
                    F.WithDescription("readonly this");
                }

                private static void Touch(Holder h)
                {
                }
            }

            public sealed class Catalog
            {
                private readonly Holder[] _all = [new Holder { F = Template.Named("a") }];

                public void Configure(in Holder input, Holder[] all)
                {
                    input.F.WithDescription("in");
                    ref readonly var first = ref _all[0];
                    first.F.WithDescription("ref readonly");
                    foreach (var each in all)
                    {
                        each.F.WithDescription("foreach");
                    }

                    var local = new Holder { F = Template.Named("l") };
                    local.F.WithDescription("fixable");
                }
            }
            """);

        found.Should().HaveCount(5);
        found.Where(f => f.Fixes.Count > 0).Select(f => f.Fixes.Single()).Should().Equal("Assign the result to 'local.F'");
    }

    [Fact]
    public Task The_fix_assigns_in_an_expression_bodied_method_setter_and_local_function() => VerifyDiscard.CodeFixAsync(
        """
        public sealed class Catalog
        {
            private TemplateBuilder _base = Template.Named("b");

            public TemplateBuilder Base { get => _base; set => _base.{|RAI9001:WithDescription|}(value.ToString()); }

            public void Describe() => _base.{|RAI9001:WithDescription|}("x");

            public void Local()
            {
                var t = Template.Named("t");
                void Label() => t.{|RAI9001:AddLabel|}("a", "b");
                Label();
                _base = t;
            }
        }
        """,
        """
        public sealed class Catalog
        {
            private TemplateBuilder _base = Template.Named("b");

            public TemplateBuilder Base { get => _base; set => _base = _base.WithDescription(value.ToString()); }

            public void Describe() => _base = _base.WithDescription("x");

            public void Local()
            {
                var t = Template.Named("t");
                void Label() => t = t.AddLabel("a", "b");
                Label();
                _base = t;
            }
        }
        """);

    [Fact]
    public async Task The_fix_of_a_call_in_an_expression_bodied_local_function_is_its_own_not_the_statement_around_it()
    {
        var found = await VerifyDiscard.FixesAsync("""
            public static class Catalog
            {
                public static TemplateSet Configure(TemplateBuilder b)
                {
                    var s = TemplateSet.Empty;
                    s.Add("n", b.WithNodeAffinity(n =>
                    {
                        void L() => b.WithDescription("x");
                        L();
                        return n;
                    }));
                    return s;
                }
            }
            """);

        found.Should().HaveCount(2);
        found.Single(f => f.Diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("'WithDescription'", StringComparison.Ordinal)).Fixes
            .Should().Equal(["Assign the result to 'b'"], "the call is the local function's body, fixed there; assigning 's' is the fix of the statement around it");
        found.Single(f => f.Diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("'Add'", StringComparison.Ordinal)).Fixes
            .Should().Equal("Assign the result to 's'");
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                yield return nested;
            }
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in Types(child))
            {
                yield return type;
            }
        }
    }

    private static bool Inherits(INamedTypeSymbol type, INamedTypeSymbol ancestor)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, ancestor))
            {
                return true;
            }
        }

        return false;
    }
}
