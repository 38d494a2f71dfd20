using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules;

/// <summary>
/// Edge cases found in review, at compile time: the analyzer reports exactly what the markup says, and for the same
/// expressions the run time reports the same ids and messages.
/// </summary>
public sealed class EdgeCaseDiagnosticTests
{
    private const string Constants = """
            public const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
        """;

    private static Task Check(string members) => Verify.AnalyzerAsync("public static class Templates\n{\n" + Constants + "\n" + members + "\n}\n");

    private static async Task BothAgree(string marked, params string[] ids)
    {
        var (analyzer, validated, _) = await ParityTests.BothFrontEndsAsync(marked);
        validated.Select(v => v.Split(' ')[0]).Should().BeEquivalentTo(ids);
        analyzer.Should().BeEquivalentTo(validated, "the analyzer reports what Validate() reports, word for word");
    }

    [Fact]
    public Task RAI3008_is_silent_on_Exists_with_an_empty_value_and_reports_a_white_space_one() => Check("""
            public static IReadOnlyList<RuleViolation> Empty() => Template.Named("t").InTenant().WithEnvironment(Env)
                .AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: "").Validate();

            public static IReadOnlyList<RuleViolation> Space() => Template.Named("t").InTenant().WithEnvironment(Env)
                .AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: {|RAI3008:" "|}).Validate();
        """);

    /// <summary>
    /// A chain chosen by a conditional, switch or <c>??</c> expression and built at once is judged on its own: the build
    /// cannot follow the choice (it reported nothing, although the run time does when the branch is taken), and nothing
    /// after it can change the chain. A chain chosen and then continued is not (a later call may replace the value).
    /// </summary>
    [Fact]
    public Task A_chain_chosen_by_a_conditional_and_built_at_once_is_judged() => Check("""
            public static IReadOnlyList<RuleViolation> Conditional(bool prod) => (prod
                ? Template.Named("q").InTenant().WithEnvironment(Env).WithPreemptibility(Preemptibility.Preemptible).WithPriorityClass({|RAI3006:"hihg"|})
                : Template.Named("q").InTenant().WithEnvironment(Env)).Validate();

            public static WorkloadTemplateCreationRequest Coalesce(TemplateBuilder? maybe) =>
                (maybe ?? Template.Named("c").InTenant().WithEnvironment(Env).WithNodePools("a", {|RAI3010:"a"|})).Build();

            public static WorkloadTemplateCreationRequest Switch(int n) => (n switch
            {
                1 => Template.Named("s").InTenant().WithEnvironment(Env).AddConnection("j").AddConnection({|RAI5004:"j"|}),
                _ => Template.Named("s").InTenant().WithEnvironment(Env),
            }).Build();

            public static IReadOnlyList<RuleViolation> Continued(bool prod) => (prod
                ? Template.Named("q").InTenant().WithEnvironment(Env).WithPreemptibility(Preemptibility.Preemptible).WithPriorityClass("placeholder")
                : Template.Named("q").InTenant().WithEnvironment(Env)).WithPriorityClass(PriorityClasses.Low).Validate();
        """);

    [Fact]
    public async Task Toleration_seconds_given_to_the_short_forms_are_judged_by_both_front_ends()
    {
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).TolerateAny(\"node.kubernetes.io/not-ready\", TolerationEffect.NoExecute, seconds: 300)");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).TolerateAny(\"k\", TolerationEffect.NoSchedule, seconds: 300)", "RAI3009");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).Tolerate(\"k\", \"v\", TolerationEffect.NoExecute, 0)", "RAI0004");
    }

    /// <summary>
    /// A duration given as a TimeSpan is not a constant: the analyzer takes it as set to a value it does not know (as for a
    /// variable), and judges the rest of the chain.
    /// </summary>
    [Fact]
    public Task Durations_given_as_TimeSpans_are_values_the_analyzer_does_not_know() => Check("""
            public static IReadOnlyList<RuleViolation> Spans() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithTerminationGracePeriod(TimeSpan.FromSeconds(30))
                .WithAutoDeletionAfterCompletion(TimeSpan.FromDays(7))
                .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(2).Metric(AutoscalingMetrics.Concurrency, 4).ScaleToZeroRetention(TimeSpan.FromMinutes(5)).ScaleDownDelay(TimeSpan.FromMinutes(2)))
                .WithPriorityClass({|RAI3006:"hihg"|})
                .WithPreemptibility(Preemptibility.Preemptible)
                .Validate();
        """);

    /// <summary>The former name of AddDataSource (obsolete, hidden from IntelliSense) is still judged as the data source it appends.</summary>
    [Fact]
    public Task The_obsolete_WithDataSource_is_judged_as_AddDataSource() => Check("""
            #pragma warning disable CS0618
            public static IReadOnlyList<RuleViolation> Twice() => Template.Named("t").InTenant().WithEnvironment(Env)
                .AddDataSource(DataSourceKind.Pvc, "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b")
                .WithDataSource(DataSourceKind.Pvc, {|RAI1005:"9E2F3A4B-5C6D-4E7F-8A9B-0C1D2E3F4A5B"|})
                .Distributed(DistributedFramework.PyTorch, 2)
                .WithMaster(m => m.WithEnvironment(Env).WithDataSource(DataSourceKind.Git, {|RAI0006:"not-a-uuid"|}))
                .Validate();
            #pragma warning restore CS0618
        """);

    [Fact]
    public async Task RAI3008_both_front_ends_pass_Exists_with_an_empty_value_and_report_a_non_empty_one()
    {
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: \"\")");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: \" \")", "RAI3008");
    }

    [Fact]
    public Task RAI0001_only_a_blank_mandatory_id_is_not_also_RAI0006() => Check("""
            public static IReadOnlyList<RuleViolation> MasterEnvironment() => Template.Named("t").InTenant().WithEnvironment(Env)
                .Distributed(DistributedFramework.PyTorch, 2).WithMaster(m => m.WithEnvironment({|RAI0001:""|})).Validate();

            public static IReadOnlyList<RuleViolation> CredentialAssetId() => Template.Named("t").InTenant().WithEnvironment(Env)
                .AddEnvironmentVariableFromSecret("X", {|RAI0001:" "|}, "k").Validate();

            public static IReadOnlyList<RuleViolation> NotAUuid() => Template.Named("t").InTenant().WithEnvironment(Env)
                .AddEnvironmentVariableFromSecret("X", {|RAI0006:"my-secret"|}, "k").Validate();
        """);

    [Fact]
    public async Task RAI0001_both_front_ends_report_a_blank_mandatory_id_once()
    {
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 2).WithMaster(m => m.WithEnvironment(\"\"))", "RAI0001");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).AddEnvironmentVariableFromSecret(\"X\", \"\", \"k\")", "RAI0001");
    }

    [Fact]
    public Task RAI0001_an_exclusion_of_a_toleration_needs_its_name_and_an_unknown_one_is_not_judged() => Check("""
            public static IReadOnlyList<RuleViolation> Named() => Template.Named("t").InTenant().WithEnvironment(Env)
                .ExcludeToleration("policy-gpu").Validate();

            public static IReadOnlyList<RuleViolation> Blank() => Template.Named("t").InTenant().WithEnvironment(Env)
                .ExcludeToleration({|RAI0001:" "|}).Validate();

            public static IReadOnlyList<RuleViolation> Unknown(string name) => Template.Named("t").InTenant().WithEnvironment(Env)
                .ExcludeToleration(name).Validate();
        """);

    [Fact]
    public async Task RAI0001_both_front_ends_report_an_exclusion_of_a_toleration_with_a_blank_name()
    {
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).ExcludeToleration(\" \")", "RAI0001");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).ExcludeToleration(\"\")", "RAI0001", "RAI0002");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).ExcludeToleration(\"policy-gpu\")");
    }

    [Fact]
    public Task RAI6004_a_negative_id_given_to_the_typed_overload_is_reported_at_compile_time() => Check("""
            // At run time WithSupplementalGroups(params long[]) throws ArgumentOutOfRangeException for the negative id.
            public static IReadOnlyList<RuleViolation> Negative() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithSupplementalGroups({|RAI6004:1000, -5|}).Validate();

            public static IReadOnlyList<RuleViolation> Positive() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithSupplementalGroups(1000, 5).Validate();
        """);

    [Fact]
    public Task Integers_beyond_the_precision_of_a_double_are_written_as_the_run_time_writes_them() => Check("""
            public static IReadOnlyList<RuleViolation> AuthorizedGroups() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithSupplementalGroups(long.MaxValue).Validate();

            public static IReadOnlyList<RuleViolation> Bounds() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.Gt("k", long.MinValue).Lt("j", long.MaxValue))).Validate();
        """);

    [Fact]
    public async Task Integers_beyond_the_precision_of_a_double_pass_both_front_ends()
    {
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithSupplementalGroups(long.MaxValue, 9007199254740993)");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithNodeAffinity(n => n.Term(t => t.Gt(\"k\", long.MinValue).Lt(\"j\", long.MaxValue)))");
    }

    [Fact]
    public async Task RAI6004_quotes_large_ids_exactly()
    {
        // 2^53 + 1 has no double: read as a double it would be quoted as 9007199254740992.
        var diagnostics = await TestCompiler.AnalyzeAsync(Verify.Usings + """
            public static class Templates
            {
                public static IReadOnlyList<RuleViolation> Run() => Template.Named("t").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d")
                    .WithSupplementalGroups(9007199254740993, -1).Validate();
            }
            """);
        diagnostics.Should().ContainSingle().Which.GetMessage(System.Globalization.CultureInfo.InvariantCulture)
            .Should().Contain("'9007199254740993,-1' is not.");
    }

    [Fact]
    public async Task RAI6001_names_the_variable_only_when_its_name_is_known()
    {
        var diagnostics = await TestCompiler.AnalyzeAsync(Verify.Usings + """
            public static class Templates
            {
                public static IReadOnlyList<RuleViolation> Run(string name) => Template.Named("t").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d")
                    .AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = name, Value = "1", PodFieldRef = new() { Path = "x" } }).Validate();
            }
            """);
        diagnostics.Should().ContainSingle().Which.GetMessage(System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be("An environment variable takes one source: value, credential, configMap and podFieldRef are mutually exclusive; 2 are set.");

        // Known, the name is quoted as at run time.
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = \"HF_TOKEN\", Value = \"1\", PodFieldRef = new() { Path = \"x\" } })", "RAI6001");
    }

    [Fact]
    public Task A_null_list_is_not_judged_the_DSL_rejects_it_before_any_rule_runs() => Check("""
            public static IReadOnlyList<RuleViolation> In() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.Match("k", MatchOperator.In, null!))).Validate();

            public static IReadOnlyList<RuleViolation> Gt() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.Match("k", MatchOperator.Gt, values: null!))).Validate();

            public static IReadOnlyList<RuleViolation> Helper() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.NotIn("k", null!))).Validate();

            // A null item is an item: the list itself is given, and In has its one value, as at run time.
            public static IReadOnlyList<RuleViolation> NullItem() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.Match("k", MatchOperator.In, (string)null!))).Validate();
        """);

    [Fact]
    public void A_null_list_throws_at_run_time_before_any_rule_runs()
    {
        var term = (Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder> configure) =>
            FluentActions.Invoking(() => Template.Named("t").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d").WithNodeAffinity(n => n.Term(configure)).Validate());

        term(t => t.Match("k", MatchOperator.In, null!)).Should().Throw<ArgumentNullException>();
        term(t => t.Match("k", MatchOperator.Gt, values: null!)).Should().Throw<ArgumentNullException>();
        term(t => t.NotIn("k", null!)).Should().Throw<ArgumentNullException>();
    }

    private const string NodePoolsRequest = "TemplateValidator.Validate(new WorkloadTemplateCreationRequest { Meta = new AssetCreationRequest { Name = \"t\", Scope = Scope.Tenant }, Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = Env }, SpecificEnv = new SpecificRunParams { NodePools = [\"a\", {|RAI3010:\"a\"|}] } } })";

    [Fact]
    public Task Collection_expressions_are_read_as_the_arrays_they_are() => Check("""
            public static IReadOnlyList<RuleViolation> EmptyIn() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.In("zone", {|RAI3001:[]|}))).Validate();

            public static IReadOnlyList<RuleViolation> TwoForGt() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.Match("k", MatchOperator.Gt, values: {|RAI3003:["1", "2"]|}))).Validate();

            public static IReadOnlyList<RuleViolation> Pools() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodePools(["a100", {|RAI3010:"a100"|}]).Validate();

            public static IReadOnlyList<RuleViolation> AuthorizedGroups() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithSupplementalGroups([2000, 3000]).Validate();

            public static IReadOnlyList<RuleViolation> NegativeGroup() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithSupplementalGroups({|RAI6004:[2000, -5]|}).Validate();

            // A spread is not read: its items are unknown.
            public static IReadOnlyList<RuleViolation> Spread(string[] zones) => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithNodeAffinity(n => n.Term(t => t.In("zone", [.. zones]).Match("k", MatchOperator.Gt, [.. zones, "1"]))).Validate();

            public static IReadOnlyList<RuleViolation> Request() => NODE_POOLS;
        """.Replace("NODE_POOLS", NodePoolsRequest, StringComparison.Ordinal));

    [Fact]
    public async Task Collection_expressions_both_front_ends_agree()
    {
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithNodeAffinity(n => n.Term(t => t.In(\"zone\", [])))", "RAI3001");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithNodeAffinity(n => n.Term(t => t.Match(\"k\", MatchOperator.Gt, values: [\"1\", \"2\"])))", "RAI3003");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithNodePools([\"a100\", \"a100\"])", "RAI3010");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithSupplementalGroups([2000, 3000])");
        await BothAgree(NodePoolsRequest, "RAI3010");
    }

    [Fact]
    public Task String_Empty_is_the_empty_string() => Check("""
            public static IReadOnlyList<RuleViolation> Command() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithCommand({|RAI0002:string.Empty|}).Validate();

            public static IReadOnlyList<RuleViolation> Alias() => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithCommand({|RAI0002:String.Empty|}).Validate();
        """);

    [Fact]
    public async Task String_Empty_both_front_ends_agree() =>
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithCommand(string.Empty)", "RAI0002");

    [Fact]
    public Task A_null_name_and_a_null_scope_are_missing() => Check("""
            public static IReadOnlyList<RuleViolation> Run() => Template.Named({|RAI0001:null|}!).InScope({|RAI0001:null|}!).WithEnvironment(Env).Validate();

            // Not built: the name and scope may still come.
            public static TemplateBuilder Base { get; } = Template.Named(null!).InScope(null!).WithEnvironment(Env);
        """);

    [Fact]
    public async Task A_null_name_and_a_null_scope_both_front_ends_agree() =>
        await BothAgree("Template.Named(null!).InScope(null!).WithEnvironment(Env)", "RAI0001", "RAI0001");

    [Fact]
    public async Task The_Only_shortcuts_and_Public_clear_the_other_lists_at_compile_time_too()
    {
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithServingPortAccess(s => s.OnlyGroups(\"g\").OnlyUsers(\"u\"))");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithServingPortAccess(s => s.OnlyUsers(\"u\").Public())");
        await BothAgree("Template.Named(\"t\").InTenant().WithEnvironment(Env).WithServingPortAccess(s => s.OnlyUsers(\"u\").AuthorizedGroups(\"g\"))", "RAI5001");
    }
}
