using System.Text.Json;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// A plan says when a template was changed on the target since this project applied it: the state keeps a hash of the
/// request each address last applied (<see cref="StateEntry.Applied"/>) and the template's update count after it
/// (<see cref="StateEntry.UpdateCount"/>).
/// </summary>
public sealed class DriftNoteTests() : HostTestBase("runai-drift-")
{
    [Fact]
    public async Task An_update_that_sets_back_a_change_made_on_the_target_says_so_and_one_from_the_code_does_not()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        using (var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, ".runai", "state.json"))))
        {
            state.RootElement.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("applied").GetString())
                .Should().OnlyContain(hash => hash != null && hash.Length == 64);
        }

        using var client = NewClient(tenant);
        var notebook = (await client.Templates.ListAsync()).Single(t => t.Meta.Name == "notebook");
        await client.Templates.UpdateAsync(notebook.Meta.Id, Notebook("a10").BuildUpdate());

        var drifted = await RunAsync(Set, environment, "plan");
        drifted.Output.Should().Contain("~   update  notebook (project 42/notebook) — changed on the target since this project applied it (last updated ")
            .And.Contain("not in the code: the update sets it back")
            .And.Contain("spec.specificEnv.nodePools[1]: \"a10\" → \"h100\"");

        var coded = await RunAsync(TemplateSet.Of(Notebook("l40s"), Set[1].Template), environment, "plan");
        coded.Output.Should().Contain("~   update  notebook (project 42/notebook) — updated on the target since this project applied it (update 0 → 1, last ")
            .And.Contain(": the fields below may include changes made there", "the update count grew: an update on the target is told even when the code changed too");

        (await RunAsync(Set, environment, "apply")).Exit.Should().Be(TemplatesHost.Success);
        (await RunAsync(Set, environment, "plan")).Output.Should().Contain("No changes.");
    }

    [Fact]
    public void A_state_entry_without_a_hash_from_an_earlier_version_gives_no_note()
    {
        var state = TemplateSetState.InMemory("t");
        var desired = TemplatePlanner.BuildAll(TemplateSet.Of(Notebook()));
        var found = FoundNotebook(nodePool: "a10", updatedBy: "bob", updatedAt: "2026-01-02T00:00:00Z");
        state.Record(new StateEntry("notebook", found.Meta.Id, TemplateKey.Of(found.Meta)));

        TemplatePlanner.Plan(desired, [found], state, prune: false).Changes.Single().Note.Should().BeNull();

        state.Record(new StateEntry("notebook", found.Meta.Id, TemplateKey.Of(found.Meta)) { Applied = TemplateDiff.Hash(desired[0].Request) });
        TemplatePlanner.Plan(desired, [found], state, prune: false).Changes.Single().Note
            .Should().Be("changed on the target since this project applied it (last updated 2026-01-02 00:00:00Z by bob), not in the code: the update sets it back");
    }

    [Fact]
    public async Task A_state_from_an_earlier_version_gets_the_hashes_of_templates_in_sync_at_the_next_apply()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var file = Path.Combine(Folder, ".runai", "state.json");
        var old = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(file), ",\\s*\"applied\":\\s*\"[0-9a-f]+\"", string.Empty);
        old.Should().NotContain("applied");
        await File.WriteAllTextAsync(file, old);
        var plan = await RunAsync(Set, environment, "plan");
        plan.Exit.Should().Be(TemplatesHost.Success, "recording a hash is not a change to show");

        (await RunAsync(Set, environment, "apply")).Exit.Should().Be(TemplatesHost.Success);

        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        state.RootElement.GetProperty("templates").EnumerateArray().Select(t => t.TryGetProperty("applied", out var applied) ? applied.GetString() : null).Should().HaveCount(2).And.OnlyContain(hash => hash != null && hash.Length == 64);
    }

    [Fact]
    public async Task An_orphan_changed_on_the_target_says_so_before_a_prune_deletes_it_and_one_gone_is_listed_as_forgotten()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var smaller = TemplateSet.Of(Notebook());
        (await RunAsync(smaller, environment, "plan")).Output.Should().Contain("!   orphan  training").And.NotContain("changed on the target");
        using var client = NewClient(tenant);
        var training = (await client.Templates.ListAsync()).Single(t => t.Meta.Name == "training");
        await client.Templates.UpdateAsync(training.Meta.Id, Set[1].Template.WithDescription("now used by team-vision").BuildUpdate());

        (await RunAsync(smaller, environment, "plan")).Output.Should().Contain("!   orphan  training (tenant/training) — no longer in the set; kept (prune to delete); updated on the target since this project applied it (update 0 → 1, last ")
            .And.Contain(": a prune would delete it as it is now");
        (await RunAsync(smaller, environment, "plan", "--prune")).Output.Should().Contain("-   delete  training").And.Contain(": the delete takes it as it is now");

        await client.Templates.DeleteAsync(training.Meta.Id);
        var gone = await RunAsync(smaller, environment, "plan");
        gone.Exit.Should().Be(TemplatesHost.ChangesPlanned);
        gone.Output.Should().Contain($"?   forget  training (tenant/training) — gone from the target (deleted outside this project, id {training.Meta.Id}): apply forgets it");
    }

    [Fact]
    public async Task An_update_whose_answer_was_lost_is_not_told_later_as_a_change_made_on_the_target()
    {
        static TemplateBuilder Notes(string description) => Template.Named("notes").InProject(42).ForWorkspace().WithEnvironment(EnvironmentId).WithDescription(description);

        await using var tenant = await StartEmulatorAsync();
        using var client = NewClient(tenant, o => o.MaxRetryAttempts = 0);
        using var state = TemplateSetState.InMemory("t");
        (await TemplateApplier.ApplyAsync(client.Templates, await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Of(Notes("v1")), state), state)).Succeeded.Should().BeTrue();
        state.Find("notes")!.Applied.Should().NotBeNull();

        // The update to v2 is carried out, and its answer is lost (the connection dropped after the server acted).
        var toV2 = await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Of(Notes("v2")), state);
        tenant.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };
        var lost = await TemplateApplier.ApplyAsync(client.Templates, toV2, state);
        tenant.Faults = EmulatorFaults.None;
        lost.Succeeded.Should().BeFalse();
        lost.Changes.Single().Outcome.Should().Contain("may have been carried out before its answer was lost");
        (await client.Templates.ListAsync()).Single().Meta.Description.Should().Be("v2", "the server carried the update out");
        state.Find("notes").Should().Match<StateEntry>(e => e.Applied == null && e.UpdateCount == null, "what was last applied is no longer known");

        // The code goes back to v1 (the v2 commit reverted): the update is the project's own change, not one made on the target.
        var back = await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Of(Notes("v1")), state);
        back.Changes.Single().Action.Should().Be(PlanAction.Update);
        back.Changes.Single().Note.Should().BeNull();
        (await TemplateApplier.ApplyAsync(client.Templates, back, state)).Succeeded.Should().BeTrue();
        state.Find("notes")!.Applied.Should().Be(TemplateDiff.Hash(Notes("v1").Build()), "an answered update records what it applied again");
    }
}
