extern alias analyzers;

using analyzers::RunAi.TemplateDsl.CodeFixes;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// The code fixes: for each of RAI3001, RAI3002, RAI3003, RAI3006, RAI3008, RAI4001, RAI4002 and RAI5001 a fix of one
/// diagnostic and a Fix All over a document with two.
/// </summary>
public sealed class CodeFixTests
{
    private const string Env = "public const string Env = \"7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d\";";

    private static string Class(string members) => "public static class Templates\n{\n    " + Env + "\n" + members + "\n}\n";

    private static string Affinity(string name, string term) =>
        $"    public static TemplateBuilder {name} {{ get; }} = Template.Named(\"t\").WithNodeAffinity(n => n.Term(t => t.{term}));";

    private static string Scaling(string name, string scaling) =>
        $"    public static TemplateBuilder {name} {{ get; }} = Template.Named(\"t\").WithAutoscaling(a => a.{scaling});";

    private static string CheckedRequest(string scaling) =>
        "    public static IReadOnlyList<RuleViolation> R() => TemplateValidator.Validate(" + Request(scaling) + ");";

    private static string RequestInLocal(string scaling) =>
        "    public static IReadOnlyList<RuleViolation> R()\n    {\n        var r = " + Request(scaling) + ";\n        return TemplateValidator.Validate(r);\n    }";

    private static string Request(string scaling) =>
        "new WorkloadTemplateCreationRequest { Meta = new AssetCreationRequest { Name = \"t\", Scope = Scope.Tenant }, Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = Env }, SpecificEnv = new SpecificRunParams { AutoScaling = new SpecificRunAutoScaling { " + scaling + " } } } }";

    private static string Access(string name, string access) =>
        $"    public static TemplateBuilder {name} {{ get; }} = Template.Named(\"t\").WithServingPortAccess(s => s.{access});";

    [Fact]
    public Task RAI3003_keeps_the_first_value() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, {|RAI3003:\"1\", \"2\"|})")),
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, \"1\")")),
        TemplateRuleCodeFixProvider.Keys.KeepFirstValue);

    [Fact]
    public Task RAI3003_keeps_a_value_in_parentheses_and_removes_the_others() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, ({|RAI3003:\"1\"), \"2\", \"3\"|})")),
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, (\"1\"))")),
        TemplateRuleCodeFixProvider.Keys.KeepFirstValue);

    [Fact]
    public Task RAI3003_keeps_the_first_integer_value_so_that_RAI3004_does_not_follow() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, {|RAI3003:\"x\", \"2\"|})")),
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, \"2\")")),
        TemplateRuleCodeFixProvider.Keys.KeepFirstValue);

    [Fact]
    public async Task RAI3003_offers_no_value_to_keep_when_none_is_an_integer()
    {
        (await VerifyFix.OfferedKeysAsync(Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, \"x\", \"y\")"))))
            .Should().Equal(TemplateRuleCodeFixProvider.Keys.UseIn);
    }

    [Fact]
    public Task RAI3002_removes_a_value_in_parentheses_too() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "Match(\"gpu\", MatchOperator.Exists, {|RAI3002:\"a\", (\"b\"|}))")),
        Class(Affinity("A", "Match(\"gpu\", MatchOperator.Exists)")),
        TemplateRuleCodeFixProvider.Keys.RemoveValues);

    [Theory]
    [InlineData("Metric(AutoscalingMetrics.Latency, 5).ScaleToZeroRetention(60)", "RAI4004: scale-to-zero needs throughput or concurrency")]
    [InlineData("MinReplicas(2).MaxReplicas(2).ScaleToZeroRetention(60)", "RAI4003: min 0 below max 2 needs a metric")]
    [InlineData("MinReplicas(3).InitialReplicas(2).Metric(AutoscalingMetrics.Concurrency, 5).ScaleToZeroRetention(60)", "RAI4007: with no maxReplicas the maximum becomes 1, below initialReplicas 2")]
    [InlineData("ActivationReplicas(2).Metric(AutoscalingMetrics.Throughput, 5).ScaleToZeroRetention(60)", "RAI4007: with no maxReplicas the maximum becomes 1, below activationReplicas 2")]
    public async Task RAI4001_is_not_fixed_into_another_error(string scaling, string because)
    {
        (await VerifyFix.OfferedKeysAsync(Class(Scaling("A", scaling)))).Should().BeEmpty(because);
    }

    [Fact]
    public async Task RAI4002_is_not_swapped_into_another_error()
    {
        // Swapped, minReplicas 2 < maxReplicas 3 needs a metric (RAI4003).
        (await VerifyFix.OfferedKeysAsync(Class(Scaling("A", "MinReplicas(3).MaxReplicas(2)")))).Should().BeEmpty();
        (await VerifyFix.OfferedKeysAsync(Class(Scaling("B", "MinReplicas(3).MaxReplicas(2).Metric(AutoscalingMetrics.Latency, 5)")))).Should().Equal(TemplateRuleCodeFixProvider.Keys.SwapMinMax);
    }

    [Fact]
    public Task RAI3003_switches_to_In() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "Match(\"k\", MatchOperator.Lt, {|RAI3003:\"1\", \"2\", \"3\"|})")),
        Class(Affinity("A", "Match(\"k\", MatchOperator.In, \"1\", \"2\", \"3\")")),
        TemplateRuleCodeFixProvider.Keys.UseIn);

    [Theory]
    [InlineData("Match(values: {|RAI3003:new[] { \"1\", \"2\" }|}, key: \"k\", op: MatchOperator.Lt)", "Match(values: new[] { \"1\", \"2\" }, key: \"k\", op: MatchOperator.In)")]
    [InlineData("Match(\"k\", MatchOperator.Gt, {|RAI3003:[\"1\", \"2\"]|})", "Match(\"k\", MatchOperator.In, [\"1\", \"2\"])")]
    public Task RAI3003_switches_to_In_when_the_values_are_one_array_or_collection(string match, string fixedMatch) => VerifyFix.CodeFixAsync(
        Class(Affinity("A", match)),
        Class(Affinity("A", fixedMatch)),
        TemplateRuleCodeFixProvider.Keys.UseIn);

    [Fact]
    public Task RAI3003_fix_all() => VerifyFix.FixAllAsync(
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, {|RAI3003:\"1\", \"2\"|})") + "\n" + Affinity("B", "Match(\"j\", MatchOperator.Lt, {|RAI3003:\"7\", \"8\", \"9\"|})")),
        Class(Affinity("A", "Match(\"k\", MatchOperator.Gt, \"1\")") + "\n" + Affinity("B", "Match(\"j\", MatchOperator.Lt, \"7\")")),
        TemplateRuleCodeFixProvider.Keys.KeepFirstValue);

    [Fact]
    public Task RAI3002_removes_the_values() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "Match(\"gpu\", MatchOperator.Exists, {|RAI3002:\"yes\", \"no\"|})")),
        Class(Affinity("A", "Match(\"gpu\", MatchOperator.Exists)")),
        TemplateRuleCodeFixProvider.Keys.RemoveValues);

    [Fact]
    public Task RAI3002_fix_all() => VerifyFix.FixAllAsync(
        Class(Affinity("A", "Match(\"gpu\", MatchOperator.Exists, {|RAI3002:\"yes\"|})") + "\n" + Affinity("B", "Match(\"cpu\", MatchOperator.DoesNotExist, {|RAI3002:\"x\"|})")),
        Class(Affinity("A", "Match(\"gpu\", MatchOperator.Exists)") + "\n" + Affinity("B", "Match(\"cpu\", MatchOperator.DoesNotExist)")),
        TemplateRuleCodeFixProvider.Keys.RemoveValues);

    [Fact]
    public Task RAI3001_switches_to_Exists() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "{|RAI3001:Match|}(\"zone\", MatchOperator.NotIn)")),
        Class(Affinity("A", "Match(\"zone\", MatchOperator.DoesNotExist)")),
        TemplateRuleCodeFixProvider.Keys.UseExists);

    /// <summary>An operator written bare under <c>using static</c> got no fix: only <c>MatchOperator.X</c> was renamed.</summary>
    [Fact]
    public Task RAI3001_switches_a_bare_operator_of_a_using_static_to_Exists() => VerifyFix.CodeFixAsync(
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "{|RAI3001:Match|}(\"zone\", NotIn)")),
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "Match(\"zone\", DoesNotExist)")),
        TemplateRuleCodeFixProvider.Keys.UseExists);

    [Fact]
    public Task RAI3003_switches_a_bare_operator_of_a_using_static_to_In() => VerifyFix.CodeFixAsync(
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "Match(\"gpus\", Gt, {|RAI3003:\"1\", \"2\"|})")),
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "Match(\"gpus\", In, \"1\", \"2\")")),
        TemplateRuleCodeFixProvider.Keys.UseIn);

    /// <summary>
    /// A member of the user's own class wins over the import: written bare, the fix would have pointed the call at it
    /// (a method In: CS1503; a property DoesNotExist returning Exists: the opposite operator, without a word).
    /// </summary>
    [Fact]
    public Task RAI3001_writes_the_operator_in_full_where_the_bare_name_means_a_member_of_the_users_own() => VerifyFix.CodeFixAsync(
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "{|RAI3001:Match|}(\"zone\", NotIn)") + "\n    public static MatchOperator DoesNotExist => MatchOperator.Exists;"),
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "Match(\"zone\", MatchOperator.DoesNotExist)") + "\n    public static MatchOperator DoesNotExist => MatchOperator.Exists;"),
        TemplateRuleCodeFixProvider.Keys.UseExists);

    [Fact]
    public Task RAI3003_writes_In_in_full_where_a_method_of_the_users_own_is_named_In() => VerifyFix.CodeFixAsync(
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "Match(\"gpus\", Gt, {|RAI3003:\"1\", \"2\"|})") + "\n    public static int In(int x) => x;"),
        "using static RunAi.TemplateDsl.MatchOperator;\n\n" + Class(Affinity("A", "Match(\"gpus\", MatchOperator.In, \"1\", \"2\")") + "\n    public static int In(int x) => x;"),
        TemplateRuleCodeFixProvider.Keys.UseIn);

    [Fact]
    public Task RAI3001_switching_a_helper_to_DoesNotExist_drops_its_empty_values() => VerifyFix.CodeFixAsync(
        Class(Affinity("A", "NotIn(\"zone\", {|RAI3001:new string[] { }|})")),
        Class(Affinity("A", "DoesNotExist(\"zone\")")),
        TemplateRuleCodeFixProvider.Keys.UseExists);

    [Fact]
    public Task RAI3001_fix_all() => VerifyFix.FixAllAsync(
        Class(Affinity("A", "{|RAI3001:In|}(\"zone\")") + "\n" + Affinity("B", "{|RAI3001:Match|}(\"rack\", MatchOperator.In)")),
        Class(Affinity("A", "Exists(\"zone\")") + "\n" + Affinity("B", "Match(\"rack\", MatchOperator.Exists)")),
        TemplateRuleCodeFixProvider.Keys.UseExists);

    [Fact]
    public Task RAI4001_in_a_wire_model_initializer_sets_MinReplicas_there() => VerifyFix.CodeFixAsync(
        Class(CheckedRequest("ScaleToZeroRetentionSeconds = {|RAI4001:60|}")),
        Class(CheckedRequest("MinReplicas = 0, ScaleToZeroRetentionSeconds = 60")),
        TemplateRuleCodeFixProvider.Keys.MinReplicasZero);

    /// <summary>The member is written as the others are; the initializer is not reformatted (a formatter undid the user's alignment).</summary>
    [Fact]
    public Task RAI4001_in_a_multi_line_initializer_adds_a_line_and_leaves_the_others_as_written() => VerifyFix.CodeFixAsync(
        Class(RequestWithScaling("""
                            // at most one replica
                            MaxReplicas                 = 1,
                            ScaleToZeroRetentionSeconds = {|RAI4001:60|},    // a minute
            """)),
        Class(RequestWithScaling("""
                            MinReplicas = 0,
                            // at most one replica
                            MaxReplicas                 = 1,
                            ScaleToZeroRetentionSeconds = 60,    // a minute
            """)),
        TemplateRuleCodeFixProvider.Keys.MinReplicasZero);

    private static string RequestWithScaling(string members) =>
        "    public static IReadOnlyList<RuleViolation> R() => TemplateValidator.Validate(new WorkloadTemplateCreationRequest\n    {\n        Meta = new AssetCreationRequest { Name = \"t\", Scope = Scope.Tenant },\n"
        + "        Spec = new SpecificRunCreationFields\n        {\n            Assets = new AssetsIds { Environment = Env },\n            SpecificEnv = new SpecificRunParams\n            {\n"
        + "                AutoScaling = new SpecificRunAutoScaling\n                {\n" + members + "\n                },\n            },\n        },\n    });";

    [Fact]
    public Task RAI4001_in_an_initializer_kept_in_a_local_sets_MinReplicas_there() => VerifyFix.CodeFixAsync(
        Class(RequestInLocal("ScaleToZeroRetentionSeconds = {|RAI4001:60|}")),
        Class(RequestInLocal("MinReplicas = 0, ScaleToZeroRetentionSeconds = 60")),
        TemplateRuleCodeFixProvider.Keys.MinReplicasZero);

    [Fact]
    public Task RAI4001_in_a_wire_model_initializer_replaces_a_MinReplicas_it_sets() => VerifyFix.CodeFixAsync(
        Class(CheckedRequest("MinReplicas = 2, ScaleToZeroRetentionSeconds = {|RAI4001:60|}")),
        Class(CheckedRequest("MinReplicas = 0, ScaleToZeroRetentionSeconds = 60")),
        TemplateRuleCodeFixProvider.Keys.MinReplicasZero);

    [Fact]
    public Task RAI4001_adds_MinReplicas_zero() => VerifyFix.CodeFixAsync(
        Class(Scaling("A", "ScaleToZeroRetention({|RAI4001:60|})")),
        Class(Scaling("A", "MinReplicas(0).ScaleToZeroRetention(60)")),
        TemplateRuleCodeFixProvider.Keys.MinReplicasZero);

    [Fact]
    public Task RAI4001_sets_an_existing_MinReplicas_to_zero() => VerifyFix.CodeFixAsync(
        Class(Scaling("A", "ScaleToZeroRetention({|RAI4001:60|}).MinReplicas(2).MaxReplicas(3).Metric(\"concurrency\", 4)")),
        Class(Scaling("A", "ScaleToZeroRetention(60).MinReplicas(0).MaxReplicas(3).Metric(\"concurrency\", 4)")),
        TemplateRuleCodeFixProvider.Keys.MinReplicasZero);

    [Fact]
    public Task RAI4001_fix_all() => VerifyFix.FixAllAsync(
        Class(Scaling("A", "ScaleToZeroRetention({|RAI4001:60|})") + "\n" + Scaling("B", "MaxReplicas(1).ScaleToZeroRetention({|RAI4001:120|})")),
        Class(Scaling("A", "MinReplicas(0).ScaleToZeroRetention(60)") + "\n" + Scaling("B", "MaxReplicas(1).MinReplicas(0).ScaleToZeroRetention(120)")),
        TemplateRuleCodeFixProvider.Keys.MinReplicasZero);

    [Fact]
    public Task RAI4002_swaps_min_and_max() => VerifyFix.CodeFixAsync(
        Class(Scaling("A", "MinReplicas(4).MaxReplicas({|RAI4002:2|}).Metric(\"concurrency\", 8)")),
        Class(Scaling("A", "MinReplicas(2).MaxReplicas(4).Metric(\"concurrency\", 8)")),
        TemplateRuleCodeFixProvider.Keys.SwapMinMax);

    [Fact]
    public Task RAI4002_fix_all() => VerifyFix.FixAllAsync(
        Class(Scaling("A", "MinReplicas(4).MaxReplicas({|RAI4002:2|}).Metric(\"concurrency\", 8)") + "\n" + Scaling("B", "MaxReplicas({|RAI4002:1|}).MinReplicas(3).Metric(\"throughput\", 8)")),
        Class(Scaling("A", "MinReplicas(2).MaxReplicas(4).Metric(\"concurrency\", 8)") + "\n" + Scaling("B", "MaxReplicas(3).MinReplicas(1).Metric(\"throughput\", 8)")),
        TemplateRuleCodeFixProvider.Keys.SwapMinMax);

    [Fact]
    public Task RAI5001_removes_the_groups() => VerifyFix.CodeFixAsync(
        Class(Access("A", "OnlyUsers(\"alice\").AuthorizedGroups({|RAI5001:\"ml-team\"|})")),
        Class(Access("A", "OnlyUsers(\"alice\")")),
        TemplateRuleCodeFixProvider.Keys.RemoveGroups);

    [Fact]
    public Task RAI5001_removes_the_users() => VerifyFix.CodeFixAsync(
        Class(Access("A", "OnlyGroups(\"ml-team\").AuthorizedUsers({|RAI5001:\"alice\"|})").Replace("{|RAI5001:\"alice\"|}", "\"alice\"", StringComparison.Ordinal)
            .Replace("OnlyGroups(\"ml-team\")", "OnlyGroups({|RAI5001:\"ml-team\"|})", StringComparison.Ordinal)),
        Class(Access("A", "OnlyGroups(\"ml-team\")")),
        TemplateRuleCodeFixProvider.Keys.RemoveUsers);

    [Fact]
    public async Task RAI5001_never_removes_a_call_that_also_sets_the_authorization_type()
    {
        // Taking OnlyUsers("alice") out would leave the groups under the default type, public: only the groups can go.
        (await VerifyFix.OfferedKeysAsync(Class(Access("A", "OnlyUsers(\"alice\").AuthorizedGroups(\"ml-team\")"))))
            .Should().Equal(TemplateRuleCodeFixProvider.Keys.RemoveGroups);
        (await VerifyFix.OfferedKeysAsync(Class(Access("A", "OnlyGroups(\"ml-team\").AuthorizedUsers(\"alice\")"))))
            .Should().Equal(TemplateRuleCodeFixProvider.Keys.RemoveUsers);
        (await VerifyFix.OfferedKeysAsync(Class("    public static TemplateBuilder B { get; } = Template.Named(\"t\").AddConnection(\"jupyter\", c => c.AuthorizedUsers(\"bob\").AuthorizedGroups(\"ops\"));")))
            .Should().BeEquivalentTo([TemplateRuleCodeFixProvider.Keys.RemoveGroups, TemplateRuleCodeFixProvider.Keys.RemoveUsers]);
    }

    [Fact]
    public Task RAI5001_fix_all() => VerifyFix.FixAllAsync(
        Class(Access("A", "OnlyUsers(\"alice\").AuthorizedGroups({|RAI5001:\"ml-team\"|})") + "\n"
              + "    public static TemplateBuilder B { get; } = Template.Named(\"t\").AddConnection(\"jupyter\", c => c.AuthorizedUsers(\"bob\").AuthorizedGroups({|RAI5001:\"ops\"|}));"),
        Class(Access("A", "OnlyUsers(\"alice\")") + "\n"
              + "    public static TemplateBuilder B { get; } = Template.Named(\"t\").AddConnection(\"jupyter\", c => c.AuthorizedUsers(\"bob\"));"),
        TemplateRuleCodeFixProvider.Keys.RemoveGroups);

    [Fact]
    public Task RAI3008_removes_the_value() => VerifyFix.CodeFixAsync(
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: {|RAI3008:\"v\"|});"),
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoSchedule);"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public Task RAI3008_fix_all() => VerifyFix.FixAllAsync(
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoSchedule, {|RAI3008:\"v\"|});\n"
              + "    public static TemplateBuilder B { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoExecute, {|RAI3008:\"v\"|}, 30);"),
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoSchedule);\n"
              + "    public static TemplateBuilder B { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoExecute, null, 30);"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public Task RAI3006_uses_the_nearest_priority_class() => VerifyFix.CodeFixAsync(
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").WithPriorityClass({|RAI3006:\"hihg\"|}).WithPreemptibility(Preemptibility.Preemptible);"),
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").WithPriorityClass(\"high\").WithPreemptibility(Preemptibility.Preemptible);"),
        TemplateRuleCodeFixProvider.Keys.NearestPriorityClass);

    [Fact]
    public Task RAI3006_fix_all() => VerifyFix.FixAllAsync(
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").WithPriorityClass({|RAI3006:\"Medium_Low\"|}).WithPreemptibility(Preemptibility.Preemptible);\n"
              + "    public static TemplateBuilder B { get; } = Template.Named(\"t\").WithPriorityClass({|RAI3006:\"veryhigh\"|}).WithPreemptibility(Preemptibility.Preemptible);"),
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").WithPriorityClass(\"medium-low\").WithPreemptibility(Preemptibility.Preemptible);\n"
              + "    public static TemplateBuilder B { get; } = Template.Named(\"t\").WithPriorityClass(\"very-high\").WithPreemptibility(Preemptibility.Preemptible);"),
        TemplateRuleCodeFixProvider.Keys.NearestPriorityClass);

    [Fact]
    public Task RAI3008_replaces_a_named_value_followed_by_a_positional_argument_with_null() => VerifyFix.CodeFixAsync(
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoExecute, value: {|RAI3008:\"v\"|}, 60);"),
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoExecute, value: null, 60);"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public Task RAI3008_removes_a_named_value_followed_only_by_named_arguments() => VerifyFix.CodeFixAsync(
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoExecute, value: {|RAI3008:\"v\"|}, seconds: 60);"),
        Class("    public static TemplateBuilder A { get; } = Template.Named(\"t\").AddToleration(\"k\", TolerationOperator.Exists, TolerationEffect.NoExecute, seconds: 60);"),
        TemplateRuleCodeFixProvider.Keys.RemoveTolerationValue);

    [Fact]
    public async Task RAI5001_removes_only_the_list_a_known_authorization_type_does_not_need()
    {
        // Removing the users of an authorizedUsers access would leave RAI5002 (the type needs its users).
        (await VerifyFix.OfferedKeysAsync(Class(Access("A", "AuthorizedUsers(\"u\").AuthorizationType(AuthorizationType.AuthorizedUsers).AuthorizedGroups(\"g\")"))))
            .Should().Equal(TemplateRuleCodeFixProvider.Keys.RemoveGroups);
        (await VerifyFix.OfferedKeysAsync(Class(Access("A", "AuthorizedUsers(\"u\").AuthorizationType(AuthorizationType.AuthorizedGroups).AuthorizedGroups(\"g\")"))))
            .Should().Equal(TemplateRuleCodeFixProvider.Keys.RemoveUsers);

        // The last type set is the one that counts.
        (await VerifyFix.OfferedKeysAsync(Class(Access("A", "AuthorizationType(AuthorizationType.AuthorizedGroups).AuthorizedUsers(\"u\").AuthorizedGroups(\"g\").AuthorizationType(AuthorizationType.AuthorizedUsers)"))))
            .Should().Equal(TemplateRuleCodeFixProvider.Keys.RemoveGroups);

        // Either list does for authorizedUsersOrGroups, and for a type that is not known.
        (await VerifyFix.OfferedKeysAsync(Class(Access("A", "AuthorizedUsers(\"u\").AuthorizationType(AuthorizationType.AuthorizedUsersOrGroups).AuthorizedGroups(\"g\")"))))
            .Should().BeEquivalentTo([TemplateRuleCodeFixProvider.Keys.RemoveGroups, TemplateRuleCodeFixProvider.Keys.RemoveUsers]);
        (await VerifyFix.OfferedKeysAsync(Class("    public static AuthorizationType Type = AuthorizationType.AuthorizedUsers;\n" + Access("A", "AuthorizedUsers(\"u\").AuthorizationType(Type).AuthorizedGroups(\"g\")"))))
            .Should().BeEquivalentTo([TemplateRuleCodeFixProvider.Keys.RemoveGroups, TemplateRuleCodeFixProvider.Keys.RemoveUsers]);

        // A property of the user's own is not the library's value of that name (it was read as authorizedUsers).
        (await VerifyFix.OfferedKeysAsync(Class("    public static class Mine { public static AuthorizationType AuthorizedUsers => AuthorizationType.AuthorizedGroups; }\n" + Access("A", "AuthorizedUsers(\"u\").AuthorizationType(Mine.AuthorizedUsers).AuthorizedGroups(\"g\")"))))
            .Should().BeEquivalentTo([TemplateRuleCodeFixProvider.Keys.RemoveGroups, TemplateRuleCodeFixProvider.Keys.RemoveUsers]);
    }

    [Fact]
    public Task RAI5001_removes_the_users_of_an_authorizedGroups_access() => VerifyFix.CodeFixAsync(
        Class(Access("A", "AuthorizedUsers(\"u\").AuthorizationType(AuthorizationType.AuthorizedGroups).AuthorizedGroups({|RAI5001:\"g\"|})")),
        Class(Access("A", "AuthorizationType(AuthorizationType.AuthorizedGroups).AuthorizedGroups(\"g\")")),
        TemplateRuleCodeFixProvider.Keys.RemoveUsers);

    [Fact]
    public Task RAI5001_removes_every_call_that_sets_the_list_in_one_pass() => VerifyFix.CodeFixAsync(
        Class("    public static TemplateBuilder B { get; } = Template.Named(\"t\").AddConnection(\"jupyter\", c => c.AuthorizedUsers(\"bob\").AuthorizedGroups(\"g\").NodePort(80).AuthorizedGroups({|RAI5001:\"g2\"|}));"),
        Class("    public static TemplateBuilder B { get; } = Template.Named(\"t\").AddConnection(\"jupyter\", c => c.AuthorizedUsers(\"bob\").NodePort(80));"),
        TemplateRuleCodeFixProvider.Keys.RemoveGroups);

    [Fact]
    public async Task RAI5001_does_not_remove_a_list_it_cannot_take_out_whole()
    {
        // OnlyUsers("a") sets the users too and cannot go: removing AuthorizedUsers("b") alone would leave RAI5001.
        (await VerifyFix.OfferedKeysAsync(Class(Access("A", "OnlyUsers(\"a\").AuthorizedUsers(\"b\").AuthorizationType(AuthorizationType.AuthorizedUsersOrGroups).AuthorizedGroups(\"g\")"))))
            .Should().Equal(TemplateRuleCodeFixProvider.Keys.RemoveGroups);
    }
}
