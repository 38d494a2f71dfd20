using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// What an apply reports when a call's answer is lost after the server acted on it, when a colleague takes a name
/// between plan and apply, and when the state cannot be saved after a create: the report says what may have happened,
/// the state owns only what the project made, and every template the target has is accounted for.
/// </summary>
public sealed class ApplyUnderFaultsTests : StateTestBase
{
    [Fact]
    public async Task A_create_whose_answer_was_lost_is_reported_as_perhaps_made_and_the_next_plan_takes_it()
    {
        using var client = NewClient(Emulator, o => o.MaxRetryAttempts = 0);
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Of(Notebook()), state);
        Emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var change = (await TemplateApplier.ApplyAsync(client.Templates, plan, state)).Changes.Single();

        change.Succeeded.Should().BeFalse();
        change.Outcome.Should().Contain("the create of project 42/notebook may have been carried out before its answer was lost; the next plan sees whether it was")
            .And.NotContain("nothing was changed");
        var made = (await Emulator.GetTemplatesAsync()).Should().ContainSingle("the server made it before the connection dropped").Subject;
        var next = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);
        next.HasChanges.Should().BeFalse("the next plan finds the template the lost answer was about: " + string.Join("; ", next.Changes));
        (await TemplateApplier.ApplyAsync(Client.Templates, next, state)).Succeeded.Should().BeTrue();
        state.Records(made.Meta.Id).Should().BeTrue();
    }

    [Fact]
    public async Task A_prune_delete_whose_answer_was_lost_is_reported_as_perhaps_done()
    {
        using (var first = await TemplateSetState.LoadAsync(StatePath, "test"))
        {
            (await TemplateApplier.ApplyAsync(Client.Templates, await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), first), first)).Succeeded.Should().BeTrue();
        }

        using var client = NewClient(Emulator, o => o.MaxRetryAttempts = 0);
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Empty, state, prune: true);
        var id = plan.Changes.Single().ExistingId;
        Emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var change = (await TemplateApplier.ApplyAsync(client.Templates, plan, state)).Changes.Single();

        (await Emulator.GetTemplatesAsync()).Should().BeEmpty("the server deleted it before the connection dropped");
        change.Outcome.Should().Contain($"the delete of {id} may have been carried out before its answer was lost").And.NotContain("nothing was changed");
    }

    [Fact]
    public async Task A_create_cancelled_while_its_answer_is_on_the_way_is_reported_as_perhaps_made()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);
        using var cancel = new CancellationTokenSource();

        var change = (await TemplateApplier.ApplyAsync(AnswerNeverComes(Client.Templates, cancel), plan, state, cancellationToken: cancel.Token)).Changes.Single();

        (await Emulator.GetTemplatesAsync()).Should().ContainSingle("the create reached the server before the cancellation");
        change.Outcome.Should().Contain("cancelled").And.Contain("the create of project 42/notebook may have been carried out").And.NotContain("nothing was changed");
        state.PendingCreates.Should().ContainSingle("the next plan takes the template if it has what was sent");
    }

    [Fact]
    public async Task A_create_refused_before_it_is_sent_still_says_nothing_was_changed()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);
        using var colleague = NewClient(Emulator);
        await colleague.Templates.CreateAsync(Notebook().Build());

        var change = (await TemplateApplier.ApplyAsync(Client.Templates, plan, state)).Changes.Single();

        change.Error.Should().BeOfType<TemplateAlreadyExistsException>();
        change.Outcome.Should().EndWith("(nothing was changed on the target)", "a first POST answered 409 made nothing");
    }

    [Fact]
    public async Task A_409_after_a_503_does_not_take_a_colleagues_template_that_differs_as_the_one_created()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var set = TemplateSet.Of(Notebook());
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, set, state);

        // Between plan and apply a colleague creates the name, with a priority class this code does not set; the apply's
        // first POST is answered 503 (a gateway may answer so after forwarding it), and its retry 409.
        using var colleague = NewClient(Emulator);
        var theirs = await colleague.Templates.CreateAsync(Notebook().WithPriorityClass(PriorityClasses.High).Build());
        Emulator.Faults = new EmulatorFaults { FirstRequestsUnavailable = 1 };

        var change = (await TemplateApplier.ApplyAsync(Client.Templates, plan, state)).Changes.Single();
        Emulator.Faults = EmulatorFaults.None;

        change.Succeeded.Should().BeFalse(change.Outcome);
        change.Error.Should().BeOfType<TemplateAlreadyExistsException>();
        change.TemplateId.Should().BeNull();
        state.Records(theirs.Meta.Id).Should().BeFalse("a template the project did not make is not its own");
        (await colleague.Templates.GetAsync(theirs.Meta.Id)).Spec.SpecificEnv!.PriorityClass.Should().Be("high");

        // Taking it over is for the next plan to offer, as it does for any template found by scope and name: a conflict,
        // unless adopt says to.
        var next = (await TemplatePlanner.PlanAsync(Client.Templates, set, state)).Changes.Single();
        next.Action.Should().Be(PlanAction.Conflict);
        next.Note.Should().Contain("not applied by this project");
        var adopted = (await TemplatePlanner.PlanAsync(Client.Templates, set, state, prune: false, adopt: true)).Changes.Single();
        adopted.Action.Should().Be(PlanAction.Update);
        adopted.Note.Should().StartWith("adopted: found on the target by scope and name");
    }

    [Fact]
    public async Task A_409_after_a_503_takes_the_template_its_own_first_attempt_made()
    {
        using var client = NewClient(Emulator, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10));
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Of(Notebook()), state);
        Emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };

        var change = (await TemplateApplier.ApplyAsync(client.Templates, plan, state)).Changes.Single();

        var made = (await Emulator.GetTemplatesAsync()).Should().ContainSingle().Subject;
        change.Succeeded.Should().BeTrue(change.Outcome);
        change.TemplateId.Should().Be(made.Meta.Id, "the lost first attempt's template has exactly what was sent");
    }

    [Fact]
    public async Task A_create_whose_state_save_fails_still_names_the_template_it_created()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);

        // The save after the create fails: its temporary file's path is taken by a folder.
        var change = (await TemplateApplier.ApplyAsync(AfterCreate(Client.Templates, () => Directory.CreateDirectory(StatePath + ".tmp")), plan, state)).Changes.Single();

        var made = (await Emulator.GetTemplatesAsync()).Should().ContainSingle().Subject;
        change.Succeeded.Should().BeFalse(change.Outcome);
        change.TemplateId.Should().Be(made.Meta.Id, "the change created it, though it could not record it");
        change.Outcome.Should().Contain($"done before: created {made.Meta.Id}");
    }

    /// <summary>The create reaches the server and is made; the user cancels while its answer is on the way.</summary>
    private static FaultyApi AnswerNeverComes(ITemplatesApi inner, CancellationTokenSource cancel) =>
        new(inner, create: async (request, cancellationToken) =>
        {
            await inner.CreateAsync(request, CancellationToken.None);
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("A cancelled wait does not end otherwise.");
        });

    /// <summary>The real API; after each create, the test's action runs before the answer reaches the applier.</summary>
    private static FaultyApi AfterCreate(ITemplatesApi inner, Action after) =>
        new(inner, create: async (request, cancellationToken) =>
        {
            var created = await inner.CreateAsync(request, cancellationToken);
            after();
            return created;
        });
}
