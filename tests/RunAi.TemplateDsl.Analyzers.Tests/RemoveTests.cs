using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// The <c>Remove…</c> calls (<c>[WireRemove]</c>): the analyzer drops the items the run time drops, so a variant that
/// removes a base's item and declares it anew is not reported as a duplicate, and one that does not still is; where it
/// cannot know what is removed, it stays silent about the list.
/// </summary>
public sealed class RemoveTests
{
    private const string Constants = """
            public const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
            public const string Ds = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
            public static readonly TemplateBuilder Base = Template.Named("base").InTenant().WithEnvironment(Env)
                .AddLabel("team", "a").AddConnection("jupyter").AddDataSource(DataSourceKind.Pvc, Ds).AddEnvironmentVariable("MODE", "a");
        """;

    private static Task Check(string members) => Verify.AnalyzerAsync("public static class Templates\n{\n" + Constants + "\n" + members + "\n}\n");

    [Fact]
    public Task A_removed_item_declared_anew_is_no_duplicate() => Check("""
            public static IReadOnlyList<RuleViolation> Label() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddLabel("team", "a").RemoveLabel("team").AddLabel("team", "b").Validate();

            public static IReadOnlyList<RuleViolation> Connection() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddConnection("jupyter").RemoveConnection("jupyter").AddConnection("jupyter").Validate();

            public static IReadOnlyList<RuleViolation> DataSource() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddDataSource(DataSourceKind.Pvc, Ds).RemoveDataSource(Ds).AddDataSource(DataSourceKind.Nfs, Ds).Validate();

            public static IReadOnlyList<RuleViolation> Variable() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddEnvironmentVariable("MODE", "a").ExcludeEnvironmentVariable("MODE").RemoveEnvironmentVariable("MODE").AddEnvironmentVariable("MODE", "b").Validate();

            public static IReadOnlyList<RuleViolation> DataSourceInAnotherCase() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddDataSource(DataSourceKind.Pvc, "9E2F3A4B-5C6D-4E7F-8A9B-0C1D2E3F4A5B").RemoveDataSource(Ds).AddDataSource(DataSourceKind.Nfs, Ds).Validate();

            public static IReadOnlyList<RuleViolation> FromTheBaseInALocal()
            {
                var variant = Base.RemoveLabel("team").RemoveConnection("jupyter");
                return variant.AddLabel("team", "b").AddConnection("jupyter").Validate();
            }
        """);

    [Fact]
    public Task A_removal_of_another_name_or_spelling_leaves_the_duplicate() => Check("""
            public static IReadOnlyList<RuleViolation> OtherName() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddLabel("team", "a").AddLabel("app", "x").RemoveLabel("app").AddLabel({|RAI6003:"team"|}, "b").Validate();

            public static IReadOnlyList<RuleViolation> OtherCase() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddConnection("jupyter").RemoveConnection("Jupyter").AddConnection({|RAI5004:"jupyter"|}).Validate();

            public static IReadOnlyList<RuleViolation> RemovedBeforeItWasAdded() =>
                Template.Named("t").InTenant().WithEnvironment(Env).RemoveLabel("team").AddLabel("team", "a").AddLabel({|RAI6003:"team"|}, "b").Validate();

            public static IReadOnlyList<RuleViolation> AnnotationNotLabel() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddLabel("team", "a").RemoveAnnotation("team").AddLabel({|RAI6003:"team"|}, "b").Validate();
        """);

    /// <summary>
    /// A name the analyzer cannot read may be any name: every item may be gone, so nothing is claimed of them; an item whose
    /// own name is not known may be gone too, while items of other known names certainly stay.
    /// </summary>
    [Fact]
    public Task A_removal_by_a_name_not_known_at_compile_time_makes_the_list_unknown() => Check("""
            public static IReadOnlyList<RuleViolation> Unknown(string name) =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddLabel("team", "a").RemoveLabel(name).AddLabel("team", "b").Validate();

            public static IReadOnlyList<RuleViolation> UnknownItemOthersKnown(string name) =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddConnection(name).AddConnection("jupyter").RemoveConnection("x").AddConnection({|RAI5004:"jupyter"|}).Validate();

            public static IReadOnlyList<RuleViolation> StillJudgedElsewhere(string name) =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddLabel("team", "a").RemoveLabel(name).WithPriorityClass({|RAI3006:"hihg"|}).Validate();
        """);

    [Fact]
    public Task A_constant_name_is_read_as_the_compiler_reads_it() => Check("""
            private const string Team = "te" + "am";

            public static IReadOnlyList<RuleViolation> Constant() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddLabel("team", "a").RemoveLabel(Team).AddLabel("team", "b").Validate();

            public static IReadOnlyList<RuleViolation> Named() =>
                Template.Named("t").InTenant().WithEnvironment(Env).AddLabel("team", "a").RemoveLabel(name: "team").AddLabel("team", "b").Validate();
        """);
}
