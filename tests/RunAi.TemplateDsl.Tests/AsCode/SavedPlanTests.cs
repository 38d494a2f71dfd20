using System.Text.Json;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// Saved plans: <c>plan --out FILE</c> and <c>apply --plan FILE</c>, which applies only when a plan made then is the saved
/// one, and <see cref="TemplatePlan.Save"/> / <see cref="TemplatePlan.DifferencesFrom"/> under them.
/// </summary>
public sealed class SavedPlanTests() : HostTestBase("runai-saved-plan-")
{
    private string PlanFile => Path.Combine(Folder, "plans", "reviewed.json");

    [Fact]
    public async Task A_saved_plan_is_applied_when_nothing_changed_since_it_was_saved()
    {
        var planned = await RunAsync(Set, null, "plan", "--out", PlanFile);
        planned.Exit.Should().Be(TemplatesHost.ChangesPlanned, planned.Output);
        planned.Output.Should().Contain("Saved the plan to " + PlanFile).And.Contain("apply --plan");
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(PlanFile)))
        {
            var root = document.RootElement;
            root.GetProperty("format").GetString().Should().Be("runai-template-plan");
            root.GetProperty("target").GetString().Should().Be("embedded-emulator");
            root.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("action").GetString()).Should().Equal("create", "create");
            root.GetProperty("changes")[0].GetProperty("request").GetProperty("meta").GetProperty("name").GetString()
                .Should().Be("notebook", "the file shows the exact request each change sends");
        }

        var applied = await RunAsync(Set, null, "apply", "--plan", PlanFile);

        applied.Exit.Should().Be(TemplatesHost.Success, applied.Output);
        applied.Output.Should().Contain("The plan is the one saved in " + PlanFile).And.Contain("Applied 2 changes.");
        (await RunAsync(Set, null, "plan")).Output.Should().Contain("No changes.");
    }

    [Fact]
    public async Task A_template_changed_on_the_target_since_the_plan_was_saved_stops_the_apply_before_anything_is_sent()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var changedSet = TemplateSet.Of(Notebook("l40s"), Set[1].Template);
        (await RunAsync(changedSet, environment, "plan", "--out", PlanFile)).Exit.Should().Be(TemplatesHost.ChangesPlanned);

        // Someone changes the notebook on the tenant after the review: the reviewed diff no longer says what the update does.
        using var client = NewClient(tenant);
        var notebook = (await client.Templates.ListAsync()).Single(t => t.Meta.Name == "notebook");
        await client.Templates.UpdateAsync(notebook.Meta.Id, Notebook("a10").WithDescription("changed by hand").BuildUpdate());
        var stateBefore = await File.ReadAllTextAsync(Path.Combine(Folder, ".runai", "state.json"));

        var applied = await RunAsync(changedSet, environment, "apply", "--plan", PlanFile);

        applied.Exit.Should().Be(TemplatesHost.Error, applied.Output);
        applied.Errors.Should().Contain("The plan made now is not the plan saved in '" + PlanFile + "'; nothing was applied")
            .And.Contain("notebook (update): the template on the target changed since the plan was saved")
            .And.Contain("by ");
        applied.Output.Should().NotContain("Applied");
        var kept = await client.Templates.GetAsync(notebook.Meta.Id);
        kept.Meta.Description.Should().Be("changed by hand", "nothing was sent");
        kept.Spec.SpecificEnv!.NodePools.Should().Equal("a100", "a10");
        (await File.ReadAllTextAsync(Path.Combine(Folder, ".runai", "state.json"))).Should().Be(stateBefore);
    }

    [Fact]
    public async Task Code_changed_since_the_plan_was_saved_stops_the_apply_and_names_the_fields()
    {
        (await RunAsync(Set, null, "apply")).Exit.Should().Be(TemplatesHost.Success);
        (await RunAsync(TemplateSet.Of(Notebook("l40s"), Set[1].Template), null, "plan", "--out", PlanFile)).Exit.Should().Be(TemplatesHost.ChangesPlanned);

        var applied = await RunAsync(TemplateSet.Of(Notebook("h200"), Set[1].Template, Template.Named("extra").InTenant().ForTraining().WithEnvironment(EnvironmentId)), null, "apply", "--plan", PlanFile);

        applied.Exit.Should().Be(TemplatesHost.Error, applied.Output);
        applied.Errors.Should().Contain("notebook (update): the request its code builds changed (spec.specificEnv.nodePools[1])")
            .And.Contain("extra: not in the saved plan; a plan made now would create it (tenant/extra).");
        (await RunAsync(Set, null, "plan")).Output.Should().Contain("No changes.", "nothing was applied");
    }

    [Fact]
    public async Task A_saved_plan_applies_with_its_own_prune_and_refuses_flags_beside_it()
    {
        (await RunAsync(Set, null, "apply")).Exit.Should().Be(TemplatesHost.Success);
        var smaller = TemplateSet.Of(Notebook());
        (await RunAsync(smaller, null, "plan", "--prune", "--out", PlanFile)).Output.Should().Contain("-   delete  training");

        var flagged = await RunAsync(smaller, null, "apply", "--plan", PlanFile, "--prune");
        flagged.Exit.Should().Be(TemplatesHost.Error);
        flagged.Errors.Should().Contain("--plan applies the saved plan with the --prune and --adopt it was made with: leave them out.");

        var applied = await RunAsync(smaller, null, "apply", "--plan", PlanFile);
        applied.Exit.Should().Be(TemplatesHost.Success, applied.Output);
        applied.Output.Should().Contain("deleted training (tenant/training)");
        (await RunAsync(smaller, null, "plan")).Output.Should().Contain("No changes.").And.NotContain("orphan");
    }

    [Fact]
    public async Task A_plan_file_that_is_missing_not_a_plan_or_newer_is_refused_with_what_to_give_instead()
    {
        var missing = await RunAsync(Set, null, "apply", "--plan", PlanFile);
        missing.Exit.Should().Be(TemplatesHost.Error);
        missing.Errors.Should().Contain($"--plan '{PlanFile}' does not exist: give the file `plan --out` wrote.");

        Directory.CreateDirectory(Path.GetDirectoryName(PlanFile)!);
        await File.WriteAllTextAsync(PlanFile, "{\"version\": 1, \"templates\": []}");
        var state = await RunAsync(Set, null, "apply", "--plan", PlanFile);
        state.Errors.Should().Contain("is not a plan file (its \"format\" is not \"runai-template-plan\"). Give the file `plan --out` wrote.");

        await File.WriteAllTextAsync(PlanFile, "{\"format\": \"runai-template-plan\", \"version\": 7}");
        var newer = await RunAsync(Set, null, "apply", "--plan", PlanFile);
        newer.Errors.Should().Contain("written by a newer RunAi.TemplateDsl (plan format 7; this one reads 1)");

        await File.WriteAllTextAsync(PlanFile, "plan");
        (await RunAsync(Set, null, "apply", "--plan", PlanFile)).Errors.Should().Contain("is not a plan file (its JSON cannot be read at line 1, position 1)");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse("a refused plan file is refused before the target is opened");
    }

    [Fact]
    public async Task Save_is_the_same_text_for_the_same_plan_and_DifferencesFrom_names_the_target_the_flags_and_the_state()
    {
        var state = TemplateSetState.InMemory("https://acme.run.ai/");
        var desired = TemplatePlanner.BuildAll(Set);
        var plan = TemplatePlanner.Plan(desired, [], state, prune: false);

        plan.Save().Should().Be(TemplatePlanner.Plan(desired, [], state, prune: false).Save());
        plan.DifferencesFrom(plan.Save()).Should().BeEmpty();

        TemplatePlanner.Plan(desired, [], TemplateSetState.InMemory("https://other.run.ai/"), prune: false).DifferencesFrom(plan.Save())
            .Should().Equal("The saved plan is for target 'https://acme.run.ai/', not 'https://other.run.ai/'.");
        TemplatePlanner.Plan(desired, [], state, prune: true, adopt: true).DifferencesFrom(plan.Save())
            .Should().Equal("The saved plan was made without --prune or --adopt; this one with --prune and --adopt.");
        TemplatePlanner.Plan([desired[1], desired[0]], [], state, prune: false).DifferencesFrom(plan.Save())
            .Should().Equal("The changes are the same, but a plan made now orders them differently.");
        plan.Invoking(p => p.DifferencesFrom(null!)).Should().Throw<ArgumentNullException>().WithParameterName("savedPlan");
    }

    [Fact]
    public async Task A_saved_plan_with_a_member_deleted_is_refused_as_edited_not_compared()
    {
        (await RunAsync(Set, null, "plan", "--out", PlanFile)).Exit.Should().Be(TemplatesHost.ChangesPlanned);
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(PlanFile))!.AsObject();
        document.Remove("changes");
        await File.WriteAllTextAsync(PlanFile, document.ToJsonString());

        var applied = await RunAsync(Set, null, "apply", "--plan", PlanFile);

        applied.Exit.Should().Be(TemplatesHost.Error);
        applied.Errors.Should().Contain("The saved plan is not as `plan --out` wrote it: one of").And.Contain("is missing").And.NotContain("not in the saved plan");
    }

    private static WorkloadTemplate Found(int updateCount, int usage, string envMembers = "") =>
        FoundNotebook(metaMembers: $",\"updateCount\":{updateCount},\"usage\":{usage}", envMembers: envMembers);

    [Fact]
    public void The_target_templates_version_is_its_content_update_time_and_count_not_metadata_the_model_does_not_know()
    {
        var state = TemplateSetState.InMemory("https://acme.run.ai/");
        var desired = TemplatePlanner.BuildAll(TemplateSet.Of(Notebook()));
        var saved = TemplatePlanner.Plan(desired, [Found(updateCount: 1, usage: 1)], state, prune: false);
        saved.Changes.Single().Action.Should().Be(PlanAction.NoOp, "the template found is adopted as it is");

        TemplatePlanner.Plan(desired, [Found(updateCount: 1, usage: 2)], state, prune: false).DifferencesFrom(saved.Save())
            .Should().BeEmpty("a member the server keeps beside the template, unknown to the model, is not the template");
        TemplatePlanner.Plan(desired, [Found(updateCount: 2, usage: 1)], state, prune: false).DifferencesFrom(saved.Save())
            .Should().Equal("notebook (no-op): the template on the target changed since the plan was saved (updated 2026-01-01 00:00:00Z by alice, update 1; now updated 2026-01-01 00:00:00Z by alice, update 2).");
        TemplatePlanner.Plan(desired, [Found(updateCount: 1, usage: 1, envMembers: ",\"futureOption\":\"on\"")], state, prune: false).DifferencesFrom(saved.Save())
            .Should().Equal("notebook (no-op): the template on the target changed since the plan was saved, though its update time and count did not (updated 2026-01-01 00:00:00Z by alice, update 1): compare it with the code.");
    }

    [Fact]
    public async Task A_template_to_prune_that_changed_on_the_target_since_the_plan_was_saved_is_not_deleted()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var smaller = TemplateSet.Of(Notebook());
        (await RunAsync(smaller, environment, "plan", "--prune", "--out", PlanFile)).Output.Should().Contain("-   delete  training");
        using var client = NewClient(tenant);
        var training = (await client.Templates.ListAsync()).Single(t => t.Meta.Name == "training");
        await client.Templates.UpdateAsync(training.Meta.Id, Set[1].Template.WithDescription("someone's work").BuildUpdate());

        var applied = await RunAsync(smaller, environment, "apply", "--plan", PlanFile);

        applied.Exit.Should().Be(TemplatesHost.Error, applied.Output);
        applied.Errors.Should().Contain("training (delete): the template on the target changed since the plan was saved");
        (await client.Templates.GetAsync(training.Meta.Id)).Meta.Description.Should().Be("someone's work", "the reviewed delete was of another version");
    }

    [Fact]
    public async Task A_plan_saved_with_one_state_is_not_applied_with_another()
    {
        (await RunAsync(Set, null, "apply")).Exit.Should().Be(TemplatesHost.Success);
        (await RunAsync(Set, null, "plan", "--out", PlanFile)).Output.Should().Contain("No changes.");

        var applied = await RunAsync(Set, null, "apply", "--plan", PlanFile, "--state", Path.Combine(Folder, "other-state.json"));

        applied.Exit.Should().Be(TemplatesHost.Error, applied.Output);
        applied.Errors.Should().Contain("The state file does not record what it did when the plan was saved: it changed since (an apply or a forget has run), or this run uses another state file (--state).");
        File.Exists(Path.Combine(Folder, "other-state.json")).Should().BeFalse("nothing was recorded");
    }

    [Theory]
    [InlineData("\"changes\":[{\"action\":\"create\",\"address\":\"notebook\"}]", "changes[0] lacks its address, key, fields or the version of the template it found")]
    [InlineData("\"changes\":null", "is missing")]
    [InlineData("\"changes\":[{\"action\":\"create\",\"address\":\"a\",\"key\":{\"name\":\"a\"},\"fields\":[]}]", "changes[0] lacks its address, key")]
    [InlineData("\"changes\":[{\"action\":\"create\",\"address\":\"a\",\"key\":{\"scope\":7,\"name\":\"a\"}}]", "its JSON cannot be read at line 1")]
    [InlineData("\"changes\":[null]", "changes[0] is null")]
    [InlineData("\"changes\":[],\"droppedPendingCreates\":[null]", "an item of")]
    [InlineData("\"changes\":[],\"forgotten\":null", "is missing")]
    [InlineData("\"changes\":[{\"action\":\"upgrade\",\"address\":\"a\"}]", "changes[0].action is not one of no-op, create, update, replace, delete, orphan, conflict")]
    public async Task An_edited_plan_file_is_refused_naming_the_file_and_what_it_lacks(string members, string expected)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PlanFile)!);
        await File.WriteAllTextAsync(PlanFile, "{\"format\":\"runai-template-plan\",\"version\":1,\"target\":\"embedded-emulator\",\"state\":\"x\",\"changes\":[],\"forgotten\":[],\"droppedPendingDeletes\":[],\"droppedPendingCreates\":[]," + members + "}");

        var applied = await RunAsync(Set, null, "apply", "--plan", PlanFile);

        applied.Exit.Should().Be(TemplatesHost.Error);
        applied.Errors.Should().Contain($"--plan '{PlanFile}': The saved plan is not ").And.Contain(expected).And.NotContain("   at ");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse();
    }

    [Fact]
    public async Task Plan_out_to_a_folder_or_to_standard_output_is_refused_before_the_target_is_opened()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "plans"));

        var planned = await RunAsync(Set, null, "plan", "--out", Path.Combine(Folder, "plans") + Path.DirectorySeparatorChar);

        planned.Exit.Should().Be(TemplatesHost.Error);
        planned.Errors.Should().Contain("is a folder: give the path of a file");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse();

        var dash = await RunAsync(Set, null, "plan", "--out", "-");
        dash.Exit.Should().Be(TemplatesHost.Error);
        dash.Errors.Should().Contain("--out needs a file: the plan's text goes to standard output already");
        Directory.Exists(Path.Combine(Folder, ".runai-emulator")).Should().BeFalse();
    }
}
