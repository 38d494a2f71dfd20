using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>The public contract of plans and applies: what a plan hands out, the exceptions and their shapes.</summary>
public sealed class PlanContractTests : EmulatorTestBase
{
    private static TemplateBuilder Notebook(string description = "one GPU") => Template.Named("notebook")
        .WithDescription(description)
        .InProject(42)
        .ForWorkspace()
        .WithEnvironment(EnvironmentId)
        .WithCommand("jupyter lab");

    [Fact]
    public async Task Changing_the_request_a_plan_hands_out_does_not_change_what_a_create_sends()
    {
        using var state = TemplateSetState.InMemory("test");
        var api = new RecordingApi(Client.Templates);
        var plan = await TemplatePlanner.PlanAsync(api, TemplateSet.Of(Notebook()), state);

        var desired = plan.Changes.Single().GetDesired()!;
        desired.Meta.Description = "edited while inspecting";
        desired.Spec.SpecificEnv!.Command = "rm -rf /";
        plan.Changes.Single().GetDesired()!.Meta.Description.Should().Be("one GPU", "each read is a copy of the plan's own request");

        var result = await TemplateApplier.ApplyAsync(api, plan, state);

        result.Succeeded.Should().BeTrue(result.ToString());
        var sent = api.Created.Should().ContainSingle().Which;
        sent.Meta.Description.Should().Be("one GPU");
        sent.Spec.SpecificEnv!.Command.Should().Be("jupyter lab");
        var stored = (await Client.Templates.ListAsync()).Should().ContainSingle().Which;
        stored.Meta.Description.Should().Be("one GPU");
        stored.Spec.SpecificEnv!.Command.Should().Be("jupyter lab");
    }

    [Fact]
    public async Task Changing_the_request_a_plan_hands_out_does_not_change_what_an_update_sends()
    {
        using var state = TemplateSetState.InMemory("test");
        var api = new RecordingApi(Client.Templates);
        (await TemplateApplier.ApplyAsync(api, await TemplatePlanner.PlanAsync(api, TemplateSet.Of(Notebook()), state), state)).Succeeded.Should().BeTrue();
        var plan = await TemplatePlanner.PlanAsync(api, TemplateSet.Of(Notebook("two GPUs")), state);
        plan.Changes.Single().Action.Should().Be(PlanAction.Update);

        plan.Changes.Single().GetDesired()!.Meta.Description = "edited while inspecting";
        var desired = plan.Changes.Single().GetDesired()!;
        desired.Meta.Description = "edited again";
        desired.Spec.SpecificEnv!.Command = "rm -rf /";
        var result = await TemplateApplier.ApplyAsync(api, plan, state);

        result.Succeeded.Should().BeTrue(result.ToString());
        var sent = api.Updated.Should().ContainSingle().Which;
        sent.Meta.Description.Should().Be("two GPUs");
        sent.Spec!.SpecificEnv!.Command.Should().Be("jupyter lab");
    }

    [Fact]
    public async Task A_set_that_cannot_be_planned_lists_each_rule_violation_with_its_address_rule_and_path()
    {
        using var state = TemplateSetState.InMemory("test");
        var set = TemplateSet.Empty
            .Add(Notebook())
            .Add("copy", Notebook())
            .Add(Template.Named("no-scope").WithEnvironment(EnvironmentId))
            .Add(Template.Named("too-long").InTenant().WithEnvironment(EnvironmentId).WithDescription(new string('x', 300)));

        var act = () => TemplatePlanner.PlanAsync(Client.Templates, set, state);

        var thrown = (await act.Should().ThrowAsync<TemplateSetException>()).Which;
        thrown.Problems.Should().HaveCount(3);
        thrown.Violations.Select(v => v.Address).Distinct().Should().BeEquivalentTo(["no-scope", "too-long"], "the duplicate scope and name is no rule's: only in Problems");
        thrown.Violations.Where(v => v.Violation.Path == "meta.description").Should().ContainSingle().Which.Address.Should().Be("too-long");
        thrown.Violations.Where(v => v.Violation.Severity == RuleSeverity.Error).Select(v => v.Violation.RuleId).Should().Contain("RAI0001");
        ((ICollection<TemplateSetViolation>)thrown.Violations).IsReadOnly.Should().BeTrue();
    }

    [Fact]
    public void A_template_set_exception_made_by_hand_has_its_problems_and_no_violations_unless_given()
    {
        new TemplateSetException("bad").Violations.Should().BeEmpty();
        new TemplateSetException("bad", new InvalidOperationException()).Violations.Should().BeEmpty();
        var violation = new TemplateSetViolation("a", new RuleViolation("RAI0001", RuleSeverity.Error, "meta.scope", "no scope"));
        var given = new List<TemplateSetViolation> { violation };
        var problems = new List<string> { "a is invalid" };
        var made = new TemplateSetException(problems, given);
        given.Clear();
        problems.Add("b is invalid");
        made.Violations.Should().Equal(violation);
        made.Problems.Should().Equal(["a is invalid"], "the message counts one problem; the caller's list is not the exception's");
        var rules = new List<RuleViolation> { violation.Violation };
        var invalid = new TemplateValidationException("a", rules);
        rules.Clear();
        invalid.Violations.Should().Equal(violation.Violation);
        ((IList<RuleViolation>)invalid.Violations).IsReadOnly.Should().BeTrue();

        FluentActions.Invoking(() => new TemplateSetException((IReadOnlyList<string>)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new TemplateSetException(["x"], null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task An_apply_with_a_disposed_state_throws_before_it_sends_a_create()
    {
        var state = TemplateSetState.InMemory("test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);
        state.Dispose();

        var act = () => TemplateApplier.ApplyAsync(Client.Templates, plan, state);

        await act.Should().ThrowAsync<ObjectDisposedException>();
        (await Client.Templates.ListAsync()).Should().BeEmpty("the create's pending record is refused before the create is sent");
        using var fresh = TemplateSetState.InMemory("test");
        await FluentActions.Invoking(() => TemplateApplier.ApplyAsync(Client.Templates, plan, fresh, maxConcurrency: 0))
            .Should().ThrowAsync<ArgumentOutOfRangeException>();

        // An update, which is sent before it is recorded, is not sent either.
        (await TemplateApplier.ApplyAsync(Client.Templates, await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), fresh), fresh)).Succeeded.Should().BeTrue();
        var update = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook().WithDescription("changed")), fresh);
        update.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Update);
        fresh.Dispose();
        await FluentActions.Invoking(() => TemplateApplier.ApplyAsync(Client.Templates, update, fresh)).Should().ThrowAsync<ObjectDisposedException>();
        (await Client.Templates.ListAsync()).Single().Meta.Description.Should().NotBe("changed");
    }

    [Fact]
    public void A_conflict_exception_of_no_change_throws_ArgumentNullException()
    {
        FluentActions.Invoking(() => new TemplateConflictException((PlannedChange)null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("change");
    }

    /// <summary>Passes every call on, and keeps the JSON of each create and update it passed, as read back at once.</summary>
    private sealed class RecordingApi(ITemplatesApi inner) : ITemplatesApi
    {
        private readonly List<string> _created = [];
        private readonly List<string> _updated = [];

        public IReadOnlyList<WorkloadTemplateCreationRequest> Created => [.. _created.Select(TemplateJson.Deserialize<WorkloadTemplateCreationRequest>)];

        public IReadOnlyList<WorkloadTemplateUpdateRequest> Updated => [.. _updated.Select(TemplateJson.Deserialize<WorkloadTemplateUpdateRequest>)];

        public Task<IReadOnlyList<WorkloadTemplate>> ListAsync(TemplateFilter? filter = null, CancellationToken cancellationToken = default) => inner.ListAsync(filter, cancellationToken);

        public Task<WorkloadTemplate> CreateAsync(WorkloadTemplateCreationRequest request, CancellationToken cancellationToken = default)
        {
            lock (_created)
            {
                _created.Add(TemplateJson.Serialize(request));
            }

            return inner.CreateAsync(request, cancellationToken);
        }

        public Task<WorkloadTemplate> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<WorkloadTemplate> UpdateAsync(string id, WorkloadTemplateUpdateRequest request, CancellationToken cancellationToken = default)
        {
            lock (_updated)
            {
                _updated.Add(TemplateJson.Serialize(request));
            }

            return inner.UpdateAsync(id, request, cancellationToken);
        }

        public Task<ApiResponse> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);
    }
}
