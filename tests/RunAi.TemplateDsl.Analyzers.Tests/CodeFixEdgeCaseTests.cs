extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using analyzers::RunAi.TemplateDsl.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// Edge cases of the code fixes: a fix must compile, must not write to a copy, must not trade the diagnostic for
/// another rule's, and must keep the comments and line breaks of the code that stays; RAI9001 in a for loop's header.
/// </summary>
public sealed class CodeFixEdgeCaseTests(ITestOutputHelper output)
{
    private const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";

    /// <summary>
    /// Applies the first fix offered for the first diagnostic <paramref name="id"/> (with key <paramref name="key"/>, if
    /// given) and returns the new text, its compiler errors, its analyzer diagnostics and the fixes offered; the text
    /// unchanged when no fix is offered.
    /// </summary>
    private async Task<(string Text, IReadOnlyList<string> Errors, IReadOnlyList<string> Reported, IReadOnlyList<string> Offered)> ApplyAsync(string source, string id, string? key = null, string usings = Verify.Usings)
    {
        using var workspace = new AdhocWorkspace();
        var document = TestCompiler.Document(workspace, usings + source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty("the source before the fix compiles");
        var diagnostics = await TestCompiler.AnalyzeAsync(compilation);
        var diagnostic = diagnostics.First(d => d.Id == id);
        CodeFixProvider provider = id == "RAI9001" ? new DiscardedResultCodeFixProvider() : new TemplateRuleCodeFixProvider();
        var offered = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => offered.Add(action), CancellationToken.None));
        var titles = offered.Select(a => a.EquivalenceKey + ": " + a.Title).ToList();
        var action = offered.FirstOrDefault(a => key is null || a.EquivalenceKey == key);
        if (action is null)
        {
            return (usings + source, [], [], titles);
        }

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var text = (await changed.GetTextAsync()).ToString();
        var newCompilation = (await changed.Project.GetCompilationAsync())!;
        var errors = newCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var reported = (await TestCompiler.AnalyzeAsync(newCompilation)).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        output.WriteLine(text);
        output.WriteLine("errors: " + string.Join("\n", errors));
        output.WriteLine("reported: " + string.Join("\n", reported));
        return (text, errors, reported, titles);
    }

    private const string Cls = "public static class Templates\n{\n    public const string Env = \"" + Env + "\";\n";

    private static string Request(string scaling) =>
        "    public static IReadOnlyList<RuleViolation> R() => TemplateValidator.Validate(new WorkloadTemplateCreationRequest { Meta = new AssetCreationRequest { Name = \"t\", Scope = Scope.Tenant }, Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = Env }, SpecificEnv = new SpecificRunParams { AutoScaling = new SpecificRunAutoScaling { "
        + scaling + " } } } });\n}\n";

    // ---- RAI9001: the fix compiles and writes where the value was read ----

    /// <summary>
    /// A primary constructor parameter of a struct is a field of <c>this</c> outside the constructor: it cannot be
    /// assigned in a readonly struct (CS9114) nor in a readonly member (CS1604), so no fix is offered there.
    /// </summary>
    [Theory]
    [InlineData("public readonly struct Holder(TemplateBuilder b)\n{\n    public TemplateBuilder Get() { b.WithDescription(\"x\"); return b; }\n}\n")]
    [InlineData("public struct Holder(TemplateBuilder b)\n{\n    public readonly TemplateBuilder Get() { b.WithDescription(\"x\"); return b; }\n}\n")]
    public async Task RAI9001_fix_on_a_primary_constructor_parameter_of_a_struct_that_cannot_be_written_compiles(string source)
    {
        var result = await ApplyAsync(source, "RAI9001", usings: VerifyDiscard.Usings);

        result.Errors.Should().BeEmpty("the fix must not be offered where 'b = b.WithDescription(..)' does not compile (the fixed source is in the test output)");
        result.Offered.Should().BeEmpty();
    }

    /// <summary>Where <c>this</c> of the struct can be written, its primary constructor parameter can be, and is fixed.</summary>
    [Fact]
    public Task RAI9001_fix_assigns_a_primary_constructor_parameter_of_a_struct_in_a_member_that_may_change_it() => VerifyDiscard.CodeFixAsync(
        """
        public struct Holder(TemplateBuilder b)
        {
            public TemplateBuilder Get() { b.{|RAI9001:WithDescription|}("x"); return b; }
        }
        """,
        """
        public struct Holder(TemplateBuilder b)
        {
            public TemplateBuilder Get() { b = b.WithDescription("x"); return b; }
        }
        """);

    /// <summary>
    /// A property on the way whose getter computes its value is a call: <c>Config.Current</c> here returns a new object
    /// on each read, so <c>Config.Current.T = Config.Current.T.WithDescription(..)</c> would silence RAI9001 and still
    /// lose the value. No fix is offered.
    /// </summary>
    [Fact]
    public async Task RAI9001_fix_is_not_offered_through_a_property_that_is_not_a_variable()
    {
        var found = await VerifyDiscard.FixesAsync("""
            public sealed class Config
            {
                public static Config Current => new Config();

                public TemplateBuilder T { get; set; } = Template.Named("t");
            }

            public static class C
            {
                public static void M()
                {
                    Config.Current.T.WithDescription("x");
                }
            }
            """);

        found.Should().ContainSingle().Which.Fixes.Should().BeEmpty("the object the property is read from is computed by a getter, not a variable that can be named twice");
    }

    /// <summary>
    /// Fields and auto-properties on the way are variables: fixed through them; not through a property with a getter
    /// body, nor a virtual one (an override may compute it).
    /// </summary>
    [Fact]
    public async Task RAI9001_fix_is_offered_through_fields_and_auto_properties_only()
    {
        var found = await VerifyDiscard.FixesAsync("""
            public class Config
            {
                private Config _next = null!;

                public static Config Shared { get; set; } = new Config();

                public static Config Field = new Config();

                public Config Computed { get { return _next; } }

                public virtual Config Overridable { get; set; } = null!;

                public TemplateBuilder T { get; set; } = Template.Named("t");
            }

            public static class C
            {
                public static void M()
                {
                    Config.Shared.T.WithDescription("auto-property");
                    Config.Field.T.WithDescription("field");
                    Config.Shared.Computed.T.WithDescription("getter body");
                    Config.Shared.Overridable.T.WithDescription("virtual");
                }
            }
            """);

        found.Should().HaveCount(4);
        found.SelectMany(f => f.Fixes).Should().Equal("Assign the result to 'Config.Shared.T'", "Assign the result to 'Config.Field.T'");
    }

    // ---- RAI9001: a for loop's header ----

    /// <summary>An incrementor or initializer of a for loop is a statement: its discarded call is reported.</summary>
    [Fact]
    public Task RAI9001_reports_a_call_in_a_for_loop_incrementor() => VerifyDiscard.AnalyzerAsync("""
        public static class C
        {
            public static TemplateSet M(TemplateBuilder t)
            {
                var set = TemplateSet.Of();
                for (var i = 0; i < 2; i++, set.{|RAI9001:Add|}("a" + i, t))
                {
                }

                return set;
            }
        }
        """);

    /// <summary>There the fix is the same assignment, in place (an assignment is a valid initializer and incrementor).</summary>
    [Fact]
    public Task RAI9001_fix_assigns_in_a_for_loop_initializer_and_incrementor() => VerifyDiscard.CodeFixAsync(
        """
        public static class C
        {
            public static TemplateSet M(TemplateBuilder t)
            {
                var set = TemplateSet.Of();
                int i;
                for (i = 0, set.{|RAI9001:Add|}("first", t); i < 2; i++, set.{|RAI9001:Add|}("a" + i, t))
                {
                }

                return set;
            }
        }
        """,
        """
        public static class C
        {
            public static TemplateSet M(TemplateBuilder t)
            {
                var set = TemplateSet.Of();
                int i;
                for (i = 0, set = set.Add("first", t); i < 2; i++, set = set.Add("a" + i, t))
                {
                }

                return set;
            }
        }
        """);

    // ---- RAI4001: the initializer fix must not break another rule ----

    /// <summary>
    /// As in a chain (CodeFixTests.RAI4001_is_not_fixed_into_another_error), MinReplicas = 0 is not offered in a
    /// wire-model initializer where it breaks RAI4004 (a metric other than throughput or concurrency) or RAI4003 (no
    /// metric, maxReplicas above 1).
    /// </summary>
    [Theory]
    [InlineData("ThresholdMetric = \"latency\", ThresholdValue = 5, ScaleToZeroRetentionSeconds = 60", "RAI4004")]
    [InlineData("MinReplicas = 2, MaxReplicas = 2, ScaleToZeroRetentionSeconds = 60", "RAI4003")]
    [InlineData("MinReplicas = 2, ActivationReplicas = 2, ThresholdMetric = \"concurrency\", ThresholdValue = 1, ScaleToZeroRetentionSeconds = 60", "RAI4007")]
    public async Task RAI4001_in_a_wire_model_initializer_is_not_fixed_into_another_error(string scaling, string other)
    {
        var result = await ApplyAsync(Cls + Request(scaling), "RAI4001");

        result.Reported.Should().NotContain(d => d.StartsWith(other, StringComparison.Ordinal), "the fix must not be offered where MinReplicas = 0 breaks " + other + " (the fixed source is in the test output)");
        result.Offered.Should().BeEmpty();
    }

    /// <summary>With the throughput or concurrency metric, or no metric and a maxReplicas of 1, it is offered.</summary>
    [Theory]
    [InlineData("ThresholdMetric = \"concurrency\", ThresholdValue = 5, MaxReplicas = 3, ScaleToZeroRetentionSeconds = 60")]
    [InlineData("MaxReplicas = 1, ScaleToZeroRetentionSeconds = 60")]
    [InlineData("MinReplicas = 2, MaxReplicas = 3, InitialReplicas = 2, ThresholdMetric = \"concurrency\", ThresholdValue = 1, ScaleToZeroRetentionSeconds = 60")]
    public async Task RAI4001_in_a_wire_model_initializer_is_fixed_where_that_breaks_no_other_rule(string scaling)
    {
        var result = await ApplyAsync(Cls + Request(scaling), "RAI4001");

        result.Offered.Should().Equal(TemplateRuleCodeFixProvider.Keys.MinReplicasZero + ": Set MinReplicas = 0");
        result.Errors.Should().BeEmpty();
        result.Reported.Should().BeEmpty();
    }

    // ---- the rules' fixes in a wire-model initializer, as in a chain ----

    private static string Params(string members) =>
        "    public static IReadOnlyList<RuleViolation> R() => TemplateValidator.Validate(new WorkloadTemplateCreationRequest { Meta = new AssetCreationRequest { Name = \"t\", Scope = Scope.Tenant }, Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = Env }, SpecificEnv = new SpecificRunParams { "
        + members + " } } });\n}\n";

    [Fact]
    public Task RAI3006_in_a_wire_model_initializer_uses_the_nearest_priority_class() => VerifyFix.CodeFixAsync(
        Cls + Params("PriorityClass = {|RAI3006:\"hihg\"|}, Preemptibility = Preemptibility.Preemptible"),
        Cls + Params("PriorityClass = \"high\", Preemptibility = Preemptibility.Preemptible"),
        TemplateRuleCodeFixProvider.Keys.NearestPriorityClass);

    [Fact]
    public Task RAI3008_in_a_wire_model_initializer_removes_the_value() => VerifyFix.CodeFixAsync(
        Cls + Params("Tolerations = [new Toleration { Key = \"k\", Operator = TolerationOperator.Exists, Value = {|RAI3008:\"v\"|}, Effect = TolerationEffect.NoSchedule }]"),
        Cls + Params("Tolerations = [new Toleration { Key = \"k\", Operator = TolerationOperator.Exists, Effect = TolerationEffect.NoSchedule }]"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public Task RAI3008_in_a_wire_model_initializer_removes_the_value_written_last() => VerifyFix.CodeFixAsync(
        Cls + Params("Tolerations =\n        [\n            new Toleration\n            {\n                Key = \"k\",\n                Operator = TolerationOperator.Exists,\n                Effect = TolerationEffect.NoSchedule,\n                Value = {|RAI3008:\"v\"|}, // the value\n            },\n        ]"),
        Cls + Params("Tolerations =\n        [\n            new Toleration\n            {\n                Key = \"k\",\n                Operator = TolerationOperator.Exists,\n                Effect = TolerationEffect.NoSchedule,\n            },\n        ]"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public Task RAI3008_in_a_wire_model_initializer_removes_the_last_member_and_the_comma_before_it() => VerifyFix.CodeFixAsync(
        Cls + Params("Tolerations = [new Toleration { Key = \"k\", Operator = TolerationOperator.Exists, Effect = TolerationEffect.NoSchedule, Value = {|RAI3008:\"v\"|} }]"),
        Cls + Params("Tolerations = [new Toleration { Key = \"k\", Operator = TolerationOperator.Exists, Effect = TolerationEffect.NoSchedule }]"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    /// <summary>The comma before the last member goes with it; a comment on it (the previous member's) stays.</summary>
    [Fact]
    public Task RAI3008_in_a_wire_model_initializer_keeps_the_previous_members_comment() => VerifyFix.CodeFixAsync(
        Cls + Params("Tolerations =\n        [\n            new Toleration\n            {\n                Key = \"k\",\n                Effect = TolerationEffect.NoSchedule,\n                Operator = TolerationOperator.Exists, // keep this note\n                Value = {|RAI3008:\"v\"|} // the value\n            },\n        ]"),
        Cls + Params("Tolerations =\n        [\n            new Toleration\n            {\n                Key = \"k\",\n                Effect = TolerationEffect.NoSchedule,\n                Operator = TolerationOperator.Exists // keep this note\n            },\n        ]"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public Task RAI3008_in_a_wire_model_initializer_drops_the_comment_on_the_value_it_removes() => VerifyFix.CodeFixAsync(
        Cls + Params("Tolerations =\n        [\n            new Toleration\n            {\n                Key = \"k\",\n                Effect = TolerationEffect.NoSchedule,\n                Operator = TolerationOperator.Exists,\n                Value = {|RAI3008:\"v\"|} // the value\n            },\n        ]"),
        Cls + Params("Tolerations =\n        [\n            new Toleration\n            {\n                Key = \"k\",\n                Effect = TolerationEffect.NoSchedule,\n                Operator = TolerationOperator.Exists\n            },\n        ]"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public Task RAI4002_in_a_wire_model_initializer_swaps_the_values() => VerifyFix.CodeFixAsync(
        Cls + Request("MinReplicas = 4, MaxReplicas = {|RAI4002:2|}, ThresholdMetric = \"concurrency\", ThresholdValue = 5"),
        Cls + Request("MinReplicas = 2, MaxReplicas = 4, ThresholdMetric = \"concurrency\", ThresholdValue = 5"),
        TemplateRuleCodeFixProvider.Keys.SwapMinMax);

    /// <summary>As in a chain: not offered where the swapped values need a metric the initializer does not set (RAI4003).</summary>
    [Fact]
    public async Task RAI4002_in_a_wire_model_initializer_is_not_fixed_into_another_error()
    {
        var result = await ApplyAsync(Cls + Request("MinReplicas = 4, MaxReplicas = 2"), "RAI4002");

        result.Offered.Should().BeEmpty();
    }

    // ---- a value written nameof(..) ----

    /// <summary>The value is an invocation (nameof) inside the diagnosed call: the fix looked no further, and none was offered.</summary>
    [Fact]
    public Task RAI3008_a_value_written_with_nameof_is_removed_as_any_other() => VerifyFix.CodeFixAsync(
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoExecute, {|RAI3008:nameof(Env)|});
            }
            """,
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoExecute);
            }
            """,
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    /// <summary>The same for a value written as a call of the user's own, and for nameof in a wire-model initializer.</summary>
    [Fact]
    public Task RAI3002_a_value_written_as_a_call_of_the_users_own_is_removed_as_any_other() => VerifyFix.CodeFixAsync(
        Cls + """
                public static string Zone() => "a";
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.Match("gpu", MatchOperator.Exists, {|RAI3002:Zone()|})));
            }
            """,
        Cls + """
                public static string Zone() => "a";
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.Match("gpu", MatchOperator.Exists)));
            }
            """,
        TemplateRuleCodeFixProvider.Keys.RemoveValues);

    [Fact]
    public Task RAI3008_a_value_written_with_nameof_in_an_initializer_is_removed_as_any_other() => VerifyFix.CodeFixAsync(
        Cls + Params("Tolerations = [new Toleration { Key = \"k\", Operator = TolerationOperator.Exists, Value = {|RAI3008:nameof(Env)|}, Effect = TolerationEffect.NoSchedule }]"),
        Cls + Params("Tolerations = [new Toleration { Key = \"k\", Operator = TolerationOperator.Exists, Effect = TolerationEffect.NoSchedule }]"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    // ---- preprocessor lines: a fix that would take them away is not offered ----

    /// <summary>
    /// The parser gives an #if, #else or #endif line to the trivia of the argument, separator or '.' after it: removing
    /// that took the line away, and the fixed code did not compile (CS1027, CS1028) or lost the inactive branch.
    /// </summary>
    [Theory]
    [InlineData("t.Match(\"k\", MatchOperator.Gt,\n#if !NOPE\n    \"1\",\n#else\n    \"5\",\n#endif\n    \"2\")", TemplateRuleCodeFixProvider.Keys.KeepFirstValue)]
    [InlineData("t.Match(\"k\", MatchOperator.Gt, \"1\",\n#if EXTRA\n    \"3\",\n#endif\n    \"2\")", TemplateRuleCodeFixProvider.Keys.KeepFirstValue)]
    [InlineData("t.Match(\"gpu\", MatchOperator.Exists\n#if !NOPE\n    , \"yes\"\n#endif\n    )", TemplateRuleCodeFixProvider.Keys.RemoveValues)]
    public async Task A_fix_that_would_take_away_a_preprocessor_line_is_not_offered(string term, string key)
    {
        var source = Cls + "    public static TemplateBuilder A { get; } = Template.Named(\"t\").WithNodeAffinity(n => n.Term(t => " + term + "));\n}\n";
        var plain = WithoutDirectives(source);

        (await VerifyFix.OfferedKeysAsync(source)).Should().NotContain(key);
        (await VerifyFix.OfferedKeysAsync(plain)).Should().Contain(key, "without the preprocessor lines the fix is offered");
    }

    [Fact]
    public async Task Removing_a_call_or_a_toleration_value_across_a_preprocessor_line_is_not_offered()
    {
        const string groups = "    public static TemplateBuilder A { get; } = Template.Named(\"t\").WithServingPortAccess(s => s\n        .OnlyUsers(\"alice\")\n#if !NOPE\n        .AuthorizedGroups(\"ml-team\")\n#endif\n        .ClusterLocalAccessOnly());\n}\n";
        const string value = "    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoExecute,\n#if !NOPE\n        \"v\"\n#else\n        null\n#endif\n        );\n}\n";

        (await VerifyFix.OfferedKeysAsync(Cls + groups)).Should().NotContain(TemplateRuleCodeFixProvider.Keys.RemoveGroups);
        (await VerifyFix.OfferedKeysAsync(Cls + value)).Should().NotContain(TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);
        (await VerifyFix.OfferedKeysAsync(Cls + WithoutDirectives(groups))).Should().Contain(TemplateRuleCodeFixProvider.Keys.RemoveGroups, "without the preprocessor lines the fix is offered");
        (await VerifyFix.OfferedKeysAsync(Cls + WithoutDirectives(value).Replace("        null\n", string.Empty, StringComparison.Ordinal))).Should().Contain(TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue, "without the preprocessor lines the fix is offered");
    }

    private static string WithoutDirectives(string source) => System.Text.RegularExpressions.Regex.Replace(source, "\n#(if|else|endif)[^\n]*", string.Empty);

    // ---- trivia: what stays is kept as written ----

    /// <summary>Removing arguments keeps the comments and line breaks of the arguments that stay.</summary>
    [Fact]
    public Task RAI3003_keeping_the_first_value_keeps_the_comments_and_line_breaks_of_the_arguments_that_stay() => VerifyFix.CodeFixAsync(
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.Match(
                    "k",
                    MatchOperator.Gt, // compared as numbers
                    {|RAI3003:"1",
                    "2"|})));
            }
            """,
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.Match(
                    "k",
                    MatchOperator.Gt, // compared as numbers
                    "1")));
            }
            """,
        TemplateRuleCodeFixProvider.Keys.KeepFirstValue);

    /// <summary>
    /// The comment after the separator of the last argument that stays is that argument's and stays; a removed
    /// argument's own comment goes with it, and so does an argument removed from the middle with the separator after it.
    /// </summary>
    [Fact]
    public Task RAI3003_keeping_a_later_value_keeps_the_comment_of_its_line_and_drops_those_of_the_values_removed() => VerifyFix.CodeFixAsync(
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.Match(
                    "k",
                    MatchOperator.Gt,
                    {|RAI3003:"x", // not a number
                    "2", // the bound
                    "3"|} // another
                    )));
            }
            """,
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.Match(
                    "k",
                    MatchOperator.Gt,
                    "2" // the bound
                    )));
            }
            """,
        TemplateRuleCodeFixProvider.Keys.KeepFirstValue);

    /// <summary>Switching to Exists drops the values and keeps the comments and line breaks of the arguments that stay.</summary>
    [Fact]
    public Task RAI3001_switching_to_Exists_keeps_the_comment_of_the_argument_that_stays() => VerifyFix.CodeFixAsync(
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.In(
                    "zone", // the key
                    {|RAI3001:new string[] { }|})));
            }
            """,
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithNodeAffinity(n => n.Term(t => t.Exists(
                    "zone" // the key
                    )));
            }
            """,
        TemplateRuleCodeFixProvider.Keys.UseExists);

    /// <summary>Removing a call keeps the comment of the call that stays before it; the removed call's comment goes.</summary>
    [Fact]
    public Task RAI5001_removing_the_groups_keeps_the_comment_of_the_call_that_stays() => VerifyFix.CodeFixAsync(
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithServingPortAccess(s => s
                    .OnlyUsers("alice") // the owner
                    .AuthorizedGroups({|RAI5001:"ml-team"|}) // the team
                    .ClusterLocalAccessOnly());
            }
            """,
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithServingPortAccess(s => s
                    .OnlyUsers("alice") // the owner
                    .ClusterLocalAccessOnly());
            }
            """,
        TemplateRuleCodeFixProvider.Keys.RemoveGroups);

    /// <summary>When the call that stays has no line break of its own, the removed call's line break is kept, not its comment.</summary>
    [Fact]
    public Task RAI5001_removing_the_groups_keeps_the_line_break_after_them() => VerifyFix.CodeFixAsync(
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithServingPortAccess(s => s
                    .OnlyUsers("alice").AuthorizedGroups({|RAI5001:"ml-team"|}) // the team
                    .ClusterLocalAccessOnly());
            }
            """,
        Cls + """
                public static TemplateBuilder A { get; } = Template.Named("t").WithServingPortAccess(s => s
                    .OnlyUsers("alice")
                    .ClusterLocalAccessOnly());
            }
            """,
        TemplateRuleCodeFixProvider.Keys.RemoveGroups);

    /// <summary>
    /// A fix may carry a preprocessor line past one it does not touch: the swap moved <c>#if !NOPE</c> out of a
    /// <c>#region</c>, leaving its <c>#endif</c> inside, so that with NOPE defined the code no longer compiled. Comparing
    /// the lines of the changed text only (each change's alike) missed it.
    /// </summary>
    [Fact]
    public async Task A_fix_that_moves_a_preprocessor_line_past_another_is_not_offered()
    {
        var source = Cls + "    public static TemplateBuilder A { get; } = Template.Named(\"t\").WithAutoscaling(a => a.MinReplicas(4)\n#region r\n        .MaxReplicas(2\n#if !NOPE\n        + 0\n#endif\n        )\n#endregion\n        .Metric(\"concurrency\", 8));\n}\n";

        var (_, _, _, offered) = await ApplyAsync(source, "RAI4002", TemplateRuleCodeFixProvider.Keys.SwapMinMax);

        offered.Should().NotContain(o => o.StartsWith(TemplateRuleCodeFixProvider.Keys.SwapMinMax, StringComparison.Ordinal));
    }
}
