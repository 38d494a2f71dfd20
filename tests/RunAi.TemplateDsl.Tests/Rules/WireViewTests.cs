using CsCheck;
using RunAi.TemplateDsl.Rules;
using RunAi.TemplateDsl.Tests.Dsl;
using RunAi.TemplateDsl.Tests.Wire;
using RunAi.TemplateDsl.Validation;

namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>
/// The run time judges a request through a view of the model object (<see cref="WireFact"/>) and builds the fact tree
/// only to place the violations of one that breaks a rule. The two must judge alike: a rule the view missed would let a
/// broken template through <c>Build()</c>, one only the view saw would end in an empty list of violations.
/// </summary>
public sealed class WireViewTests
{
    [Theory]
    [MemberData(nameof(PropertyTests.Mutations), MemberType = typeof(PropertyTests))]
    public void The_view_and_the_fact_tree_judge_a_template_and_its_mutation_alike(string ruleId)
    {
        // The tree is filled from the view, so this compares how the rules read the two (kinds, counts, booleans, list
        // identity), not which members the view has: DslTests pins those to the serialized JSON.
        var (needsNonDistributed, mutate) = PropertyTests.SingleRuleMutations[ruleId];

        PropertyTests.ValidTemplate.Where(t => !needsNonDistributed || !t.Distributed).Sample(t =>
        {
            var mutated = mutate(t.Builder).ToRequest();
            Judged(WireFact.Of(mutated), false).Select(v => v.RuleId).Should().Contain(ruleId, "the view sees the mutation");
            foreach (var request in new[] { t.Builder.ToRequest(), mutated })
            {
                Same(Judged(WireFact.Of(request), false), Judged(WireFacts.Of(request, new FactArena()), false));

                var update = new WorkloadTemplateUpdateRequest { Meta = new AssetUpdateRequest { Name = request.Meta.Name, Description = request.Meta.Description }, Spec = request.Spec };
                Same(Judged(WireFact.Of(update), true), Judged(WireFacts.Of(update, new FactArena()), true));
            }
        }, iter: 25);
    }

    [Fact]
    public void The_view_and_the_fact_tree_judge_a_template_read_from_the_api_alike()
    {
        var read = TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden("full-template.json"));
        var broken = TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden("full-template.json"));
        broken.Spec.SpecificEnv!.NodePools = ["a", "a"];
        broken.Spec.Assets.Compute = null;
        broken.Meta.Scope = Scope.Project;
        broken.Meta.ProjectId = null;

        foreach (var template in new[] { read, broken })
        {
            Same(Judged(WireFact.Of(template), false), Judged(WireFacts.Of(template, new FactArena()), false));
        }

        Judged(WireFact.Of(broken), false).Select(v => v.RuleId).Should().Contain(["RAI3010", "RAI1001"], "the broken copy breaks rules, so the comparison above is not of two empty lists");
    }

    [Fact]
    public void Metadata_and_a_spec_forced_to_null_are_judged_as_empty_objects_through_the_view_as_through_the_tree()
    {
        var request = new WorkloadTemplateCreationRequest { Meta = null!, Spec = null! };

        var throughView = Judged(WireFact.Of(request), false);

        Same(throughView, Judged(WireFacts.Of(request, new FactArena()), false));
        throughView.Select(v => v.RuleId).Should().Contain(["RAI0001", "RAI1003"]);
    }

    [Fact]
    public void Every_list_of_the_model_is_a_list_of_a_reference_type_as_the_view_reads_it()
    {
        // The view reads every list as a List<object?> (one layout for every List<T> of a reference type); a list of a
        // value type, or another collection type, would be read wrong. (Members the API did not describe are kept in
        // WireObject.AdditionalProperties, which no rule reads.)
        var lists = typeof(WorkloadTemplate).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "RunAi.TemplateDsl" && t.IsClass)
            .SelectMany(t => t.GetProperties().Where(p => p.DeclaringType != typeof(WireObject)).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(x.Property.PropertyType) && x.Type.IsSubclassOf(typeof(WireObject)))
            .ToList();

        lists.Should().NotBeEmpty();
        lists.Should().OnlyContain(
            x => x.Property.PropertyType.IsGenericType && x.Property.PropertyType.GetGenericTypeDefinition() == typeof(List<>) && !x.Property.PropertyType.GetGenericArguments()[0].IsValueType,
            "the view reads lists as List<object?>");
    }

    private static List<RuleViolation> Judged<T>(T root, bool isUpdate)
        where T : struct, IFact<T>
    {
        var violations = new List<RuleViolation>();
        TemplateRules.Check(root, violations, isUpdate);
        return violations;
    }

    private static List<RuleViolation> Judged(Fact root, bool isUpdate)
    {
        var violations = new List<RuleViolation>();
        TemplateRules.Check(root, violations, isUpdate);
        return violations;
    }

    private static void Same(List<RuleViolation> throughView, List<RuleViolation> throughTree) =>
        throughView.Select(v => (v.RuleId, v.Severity, v.Message)).Should().Equal(throughTree.Select(v => (v.RuleId, v.Severity, v.Message)));
}
