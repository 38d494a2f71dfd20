using CsCheck;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>Plan and apply of a template set against the emulator over HTTP: each action, adoption, prune, partial failure, the state file.</summary>
public sealed class TemplatePlanTests : StateTestBase
{
    private static TemplateBuilder Training(string name = "training") => Template.Named(name)
        .InTenant()
        .ForTraining()
        .WithEnvironment(EnvironmentId)
        .WithCommand("python train.py");

    private async Task<TemplatePlan> PlanAsync(TemplateSet set, bool prune = false, bool adopt = false)
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        return await TemplatePlanner.PlanAsync(Client.Templates, set, state, prune, adopt);
    }

    private async Task<ApplyResult> ApplyAsync(TemplateSet set, bool prune = false, ITemplatesApi? api = null, bool adopt = false)
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(api ?? Client.Templates, set, state, prune, adopt);
        return await TemplateApplier.ApplyAsync(api ?? Client.Templates, plan, state);
    }

    [Fact]
    public async Task The_first_apply_creates_every_template_and_a_second_plan_has_no_changes()
    {
        var set = TemplateSet.Of(Notebook(), Training());

        var plan = await PlanAsync(set);
        plan.Changes.Select(c => (c.Action, c.Address)).Should().Equal((PlanAction.Create, "notebook"), (PlanAction.Create, "training"));
        plan.HasChanges.Should().BeTrue();

        var result = await ApplyAsync(set);

        result.Succeeded.Should().BeTrue(result.ToString());
        var listed = await Client.Templates.ListAsync();
        listed.Select(t => t.Meta.Name).Should().BeEquivalentTo("notebook", "training");
        var again = await PlanAsync(set);
        again.HasChanges.Should().BeFalse(again.ToString());
        again.Changes.Should().OnlyContain(c => c.Action == PlanAction.NoOp && c.Note == null);
        (await StateFile.ReadAsync(StatePath, "test")).Entries.Select(e => (e.Address, e.Id))
            .Should().BeEquivalentTo(listed.Select(t => (t.Meta.Name, t.Meta.Id)));
    }

    [Fact]
    public async Task A_changed_spec_field_is_an_update_in_place_with_the_field_and_both_values()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var id = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var changed = TemplateSet.Of(Notebook().WithNodePools("a100", "l40s").WithDescription("one GPU, L40S allowed"));

        var plan = await PlanAsync(changed);

        var change = plan.Changes.Single();
        change.Action.Should().Be(PlanAction.Update);
        change.ExistingId.Should().Be(id);
        change.Fields.Should().BeEquivalentTo(new[]
        {
            new FieldChange("meta.description", "\"one GPU\"", "\"one GPU, L40S allowed\""),
            new FieldChange("spec.specificEnv.nodePools[1]", "\"h100\"", "\"l40s\""),
        });
        (await ApplyAsync(changed)).Succeeded.Should().BeTrue();
        var stored = await Client.Templates.GetAsync(id);
        stored.Spec.SpecificEnv!.NodePools.Should().Equal("a100", "l40s");
        stored.Meta.UpdateCount.Should().Be(1);
        (await PlanAsync(changed)).HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task A_field_removed_in_code_is_removed_on_the_target()
    {
        await ApplyAsync(TemplateSet.Of(Notebook().WithPriorityClass(PriorityClasses.High)));

        var plan = await PlanAsync(TemplateSet.Of(Notebook()));

        plan.Changes.Single().Fields.Should().Equal(new FieldChange("spec.specificEnv.priorityClass", "\"high\"", null));
    }

    [Fact]
    public async Task A_rename_under_the_same_address_updates_the_template_it_created_before()
    {
        await ApplyAsync(TemplateSet.Empty.Add("nb", Notebook("notebook")));
        var id = (await Client.Templates.ListAsync()).Single().Meta.Id;

        var renamed = TemplateSet.Empty.Add("nb", Notebook("notebook-gpu"));
        var plan = await PlanAsync(renamed);
        plan.Changes.Single().Should().Match<PlannedChange>(c => c.Action == PlanAction.Update && c.ExistingId == id);
        plan.Changes.Single().Fields.Should().Equal(new FieldChange("meta.name", "\"notebook\"", "\"notebook-gpu\""));
        (await ApplyAsync(renamed)).Succeeded.Should().BeTrue();

        var listed = await Client.Templates.ListAsync();
        listed.Should().ContainSingle().Which.Meta.Should().Match<AssetMeta>(m => m.Id == id && m.Name == "notebook-gpu");
    }

    [Fact]
    public async Task A_move_to_another_scope_is_a_replace_that_creates_the_new_template_before_deleting_the_old()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var oldId = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var moved = TemplateSet.Of(Notebook().InDepartment("7"));

        var plan = await PlanAsync(moved);

        var change = plan.Changes.Single();
        change.Action.Should().Be(PlanAction.Replace);
        change.ExistingKey.Should().Be(new TemplateKey("project", "42", "notebook"));
        change.Key.Should().Be(new TemplateKey("department", "7", "notebook"));
        change.Note.Should().Contain("meta.scope").And.Contain("meta.projectId")
            .And.Contain("creates the new template with a new id, then deletes the old one; what refers to " + oldId + " by id must be pointed at the new one");
        var result = await ApplyAsync(moved);
        result.Succeeded.Should().BeTrue(result.ToString());
        result.Changes.Single().Outcome.Should().MatchRegex("created .* deleted " + oldId);
        var now = (await Client.Templates.ListAsync()).Should().ContainSingle().Subject;
        now.Meta.Id.Should().NotBe(oldId);
        now.Meta.Scope.Should().Be(Scope.Department);
        (await StateFile.ReadAsync(StatePath, "test")).PendingDeletes.Should().BeEmpty();
        (await PlanAsync(moved)).HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task A_change_an_update_cannot_carry_in_the_same_scope_and_name_is_a_replace_that_deletes_first()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var oldId = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var retyped = TemplateSet.Of(Notebook().ForTraining());

        var plan = await PlanAsync(retyped);

        plan.Changes.Single().Action.Should().Be(PlanAction.Replace);
        plan.Changes.Single().Note.Should().Contain("meta.workloadSupportedTypes").And.Contain("deletes the template, then creates it again with a new id (absent in between, and if the create fails)");
        (await ApplyAsync(retyped)).Succeeded.Should().BeTrue();
        var now = (await Client.Templates.ListAsync()).Should().ContainSingle().Subject;
        now.Meta.Id.Should().NotBe(oldId);
        now.Meta.WorkloadSupportedTypes!.Training.Should().BeTrue();
    }

    [Fact]
    public async Task A_template_dropped_from_the_set_is_kept_as_an_orphan_without_prune_and_deleted_with_prune()
    {
        await ApplyAsync(TemplateSet.Of(Notebook(), Training()));
        var smaller = TemplateSet.Of(Notebook());

        var plan = await PlanAsync(smaller);
        plan.Changes.Should().ContainSingle(c => c.Action == PlanAction.Orphan && c.Address == "training");
        plan.HasChanges.Should().BeFalse("an orphan is only reported");
        (await ApplyAsync(smaller)).Changes.Should().BeEmpty();
        (await Client.Templates.ListAsync()).Should().HaveCount(2);

        var pruned = await ApplyAsync(smaller, prune: true);

        pruned.Changes.Should().ContainSingle().Which.Change.Action.Should().Be(PlanAction.Delete);
        (await Client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().Equal("notebook");
        (await StateFile.ReadAsync(StatePath, "test")).Entries.Select(e => e.Address).Should().Equal("notebook");
        (await PlanAsync(smaller, prune: true)).HasChanges.Should().BeFalse();
    }

    /// <summary>
    /// A template of the same scope and name that this project never applied, and that differs, may be another project's
    /// or made by hand: it was adopted and overwritten without a word (and a later prune of that project deleted it).
    /// Found by the lifecycle review. It is now a conflict, left as it is, until the plan is made with adopt.
    /// </summary>
    [Fact]
    public async Task A_differing_template_already_on_the_target_with_the_same_scope_and_name_is_a_conflict_unless_adopted()
    {
        var existing = await Client.Templates.CreateAsync(Notebook().WithDescription("made by hand").Build());

        var change = (await PlanAsync(TemplateSet.Of(Notebook()))).Changes.Single();

        change.Action.Should().Be(PlanAction.Conflict);
        change.ExistingId.Should().Be(existing.Meta.Id);
        change.Note.Should().Contain("not applied by this project, and it differs in meta.description").And.Contain("--adopt");
        (await ApplyAsync(TemplateSet.Of(Notebook()))).Succeeded.Should().BeFalse("a conflict is not applied");
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Description.Should().Be("made by hand", "left as it is");
        (await StateFile.ReadAsync(StatePath, "test")).Find("notebook").Should().BeNull("not this project's");

        var adopted = (await PlanAsync(TemplateSet.Of(Notebook()), adopt: true)).Changes.Single();
        adopted.Action.Should().Be(PlanAction.Update);
        adopted.Note.Should().StartWith("adopted");
        (await ApplyAsync(TemplateSet.Of(Notebook()), adopt: true)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle("adopted, never duplicated").Which.Meta.Description.Should().Be("one GPU");
        (await StateFile.ReadAsync(StatePath, "test")).Find("notebook")!.Id.Should().Be(existing.Meta.Id);
        (await PlanAsync(TemplateSet.Of(Notebook().WithDescription("changed")))).Changes.Single().Action.Should().Be(PlanAction.Update, "from then on it is this project's");
    }

    /// <summary>
    /// A rename whose answer was lost: the target has the new name, the state the old key. The plan is a no-op that the
    /// apply records under the new key, so the plan changes the state (it said no, and the host exited 0).
    /// </summary>
    [Fact]
    public async Task A_noop_whose_recorded_scope_and_name_are_stale_changes_the_state_until_applied()
    {
        await ApplyAsync(TemplateSet.Empty.Add("nb", Notebook()));
        var id = (await Client.Templates.ListAsync()).Single().Meta.Id;
        await Client.Templates.UpdateAsync(id, Notebook().Named("renamed").BuildUpdate());
        var renamed = TemplateSet.Empty.Add("nb", Notebook().Named("renamed"));

        var plan = await PlanAsync(renamed);

        plan.Changes.Single().Action.Should().Be(PlanAction.NoOp);
        plan.HasChanges.Should().BeFalse();
        plan.ChangesState.Should().BeTrue("the state records the old name, and apply records the new one");
        (await ApplyAsync(renamed)).Succeeded.Should().BeTrue();
        (await StateFile.ReadAsync(StatePath, "test")).Find("nb")!.Key.Name.Should().Be("renamed");
        (await PlanAsync(renamed)).ChangesState.Should().BeFalse();
    }

    [Fact]
    public async Task An_unchanged_adopted_template_is_recorded_by_apply()
    {
        var existing = await Client.Templates.CreateAsync(Notebook().Build());

        var result = await ApplyAsync(TemplateSet.Of(Notebook()));

        result.Changes.Should().BeEmpty();
        (await StateFile.ReadAsync(StatePath, "test")).Find("notebook")!.Id.Should().Be(existing.Meta.Id);
    }

    [Fact]
    public async Task A_template_the_UI_made_with_every_workload_type_flag_written_is_adopted_unchanged_not_a_conflict()
    {
        // The Run:ai UI writes all four flags, false ones too; the DSL declares the true ones. workloadSupportedTypes is
        // something an update cannot change, so a difference there made the template a conflict for good.
        var made = Notebook().Build();
        made.Meta.WorkloadSupportedTypes = new WorkloadSupportedTypes { Workspace = true, Training = false, Inference = false, Distributed = false };
        var existing = await Client.Templates.CreateAsync(made);

        var plan = await PlanAsync(TemplateSet.Of(Notebook()));

        plan.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.NoOp);
        (await ApplyAsync(TemplateSet.Of(Notebook()))).Changes.Should().BeEmpty();
        (await StateFile.ReadAsync(StatePath, "test")).Find("notebook")!.Id.Should().Be(existing.Meta.Id);
        var training = await PlanAsync(TemplateSet.Of(Notebook().ForTraining()));
        training.Changes.Should().ContainSingle().Which.Fields.Should().Equal(new FieldChange("meta.workloadSupportedTypes.training", "false", "true"));
    }

    [Theory]
    [InlineData("{\"workspace\":true,\"training\":false,\"inference\":false,\"distributed\":false}", "{\"workspace\":true}")]
    [InlineData("{}", null)]
    [InlineData("{\"training\":null,\"distributed\":false}", null)]
    [InlineData("{\"futureType\":true}", null)]
    public void An_object_that_sets_nothing_the_model_knows_is_the_same_as_none(string target, string? code)
    {
        static WorkloadTemplateCreationRequest Request(string? types, string env) => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(
            "{\"meta\":{\"name\":\"d\",\"scope\":\"tenant\"" + (types is null ? "" : ",\"workloadSupportedTypes\":" + types) + "},\"spec\":{\"assets\":{\"environment\":\"e\"}" + env + "}}");

        TemplateDiff.Between(Request(target, ""), Request(code, "")).Should().BeEmpty();
        TemplateDiff.Between(Request(code, ""), Request(target, "")).Should().BeEmpty();
        TemplateDiff.Between(Request(null, ",\"specificEnv\":{\"futureKnob\":1,\"autoScaling\":{}}"), Request(null, "")).Should().BeEmpty("only a newer server's field, and an empty object");
        TemplateDiff.Between(Request("{\"workspace\":true,\"distributed\":true}", ""), Request("{\"workspace\":true}", "")).Should().Equal(new FieldChange("meta.workloadSupportedTypes.distributed", "true", null));
        TemplateDiff.Between(Request("{\"distributed\":true}", ""), Request(null, "")).Should().Equal(new FieldChange("meta.workloadSupportedTypes", "{\"distributed\":true}", null));
        TemplateDiff.Between(Request(null, ",\"specificEnv\":{\"futureKnob\":1,\"command\":\"x\"}"), Request(null, "")).Should().Equal(new FieldChange("spec.specificEnv", "{\"command\":\"x\"}", null));
    }

    [Fact]
    public async Task Templates_the_state_never_recorded_are_never_deleted_even_with_prune()
    {
        await Client.Templates.CreateAsync(Training("someone-elses").Build());

        var result = await ApplyAsync(TemplateSet.Of(Notebook()), prune: true);

        result.Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().BeEquivalentTo("someone-elses", "notebook");
    }

    [Fact]
    public async Task A_template_deleted_on_the_target_is_created_again()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var id = (await Client.Templates.ListAsync()).Single().Meta.Id;
        await Client.Templates.DeleteAsync(id);

        var plan = await PlanAsync(TemplateSet.Of(Notebook()));

        plan.Changes.Single().Should().Match<PlannedChange>(c => c.Action == PlanAction.Create && c.Note!.Contains(id));
    }

    [Fact]
    public async Task A_failed_change_does_not_stop_the_others_and_the_state_file_records_exactly_what_completed()
    {
        await using var strict = await StartEmulatorAsync(o => o.StrictAssets = true);
        using var client = NewClient(strict);
        var broken = Training().WithEnvironment("00000000-0000-4000-8000-000000000000");
        var set = TemplateSet.Of(Notebook(), broken, Notebook("notebook-2"));
        using var state = await TemplateSetState.LoadAsync(StatePath, "strict");

        var result = await TemplateApplier.ApplyAsync(client.Templates, await TemplatePlanner.PlanAsync(client.Templates, set, state), state);

        result.Succeeded.Should().BeFalse();
        var failure = result.Failures.Should().ContainSingle().Subject;
        failure.Change.Address.Should().Be("training");
        failure.Error.Should().BeOfType<RunAiBadRequestException>();
        failure.Outcome.Should().Contain("nothing was changed on the target").And.Contain("spec.assets.environment");
        result.ToString().Should().Be("Applied 2 of 3 changes; 1 failed.");
        state.Dispose();
        using var reloaded = await TemplateSetState.LoadAsync(StatePath, "strict");
        reloaded.Entries.Select(e => e.Address).Should().Equal("notebook", "notebook-2");
        (await client.Templates.ListAsync()).Should().HaveCount(2);

        var fixedSet = TemplateSet.Of(Notebook(), Training(), Notebook("notebook-2"));
        var retry = await TemplatePlanner.PlanAsync(client.Templates, fixedSet, reloaded);
        retry.Changes.Where(c => c.ChangesTarget).Should().ContainSingle().Which.Address.Should().Be("training");
    }

    [Fact]
    public async Task A_replace_whose_delete_fails_leaves_a_pending_delete_that_the_next_apply_completes()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var oldId = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var moved = TemplateSet.Of(Notebook().InTenant());

        var result = await ApplyAsync(moved, api: DeletesFail(Client.Templates));

        var failed = result.Failures.Should().ContainSingle().Subject;
        failed.Outcome.Should().Contain("done before: created");
        var state = await StateFile.ReadAsync(StatePath, "test");
        state.PendingDeletes.Should().ContainSingle().Which.Id.Should().Be(oldId);
        state.Find("notebook")!.Key.Scope.Should().Be("tenant");
        var next = await PlanAsync(moved);
        next.Changes.Should().ContainSingle(c => c.Action == PlanAction.Delete && c.ExistingId == oldId);
        (await ApplyAsync(moved)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Scope.Should().Be(Scope.Tenant);
        (await StateFile.ReadAsync(StatePath, "test")).PendingDeletes.Should().BeEmpty();
    }

    [Fact]
    public async Task A_template_this_project_did_not_apply_is_never_replaced_the_plan_reports_a_conflict_and_apply_leaves_it()
    {
        var theirs = await Client.Templates.CreateAsync(Notebook().Build());
        var mine = TemplateSet.Of(Notebook().ForWorkspace(false).ForTraining());

        var plan = await PlanAsync(mine);

        var change = plan.Changes.Single();
        change.Action.Should().Be(PlanAction.Conflict);
        change.Note.Should().Contain("not applied by this project").And.Contain("meta.workloadSupportedTypes");
        plan.HasConflicts.Should().BeTrue();
        var result = await ApplyAsync(mine);
        result.Succeeded.Should().BeFalse();
        result.Failures.Single().Error.Should().BeOfType<TemplateConflictException>();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(theirs.Meta.Id, "nothing was deleted");
    }

    [Fact]
    public async Task A_rename_onto_the_name_of_a_template_this_project_did_not_apply_is_a_conflict()
    {
        await ApplyAsync(TemplateSet.Empty.Add("nb", Notebook("notebook")));
        var theirs = await Client.Templates.CreateAsync(Notebook("taken").WithDescription("theirs").Build());

        var plan = await PlanAsync(TemplateSet.Empty.Add("nb", Notebook("taken")));

        plan.Changes.Single().Should().Match<PlannedChange>(c => c.Action == PlanAction.Conflict && c.Note!.Contains(theirs.Meta.Id));
    }

    [Fact]
    public async Task A_chain_of_renames_follows_each_address_to_its_own_template_and_deletes_nothing()
    {
        await ApplyAsync(TemplateSet.Empty.Add("a", Notebook("x")).Add("b", Notebook("y")));
        var before = (await Client.Templates.ListAsync()).ToDictionary(t => t.Meta.Name, t => t.Meta.Id);
        var renamed = TemplateSet.Empty.Add("a", Notebook("y")).Add("b", Notebook("z"));

        var plan = await PlanAsync(renamed);

        plan.Changes.Should().OnlyContain(c => c.Action == PlanAction.Update);
        var result = await ApplyAsync(renamed);
        result.Succeeded.Should().BeTrue(result.ToString());
        var after = (await Client.Templates.ListAsync()).ToDictionary(t => t.Meta.Name, t => t.Meta.Id);
        after.Should().BeEquivalentTo(new Dictionary<string, string> { ["y"] = before["x"], ["z"] = before["y"] });
    }

    [Fact]
    public async Task A_template_this_project_applied_under_an_address_it_dropped_moves_to_the_new_address_and_can_be_replaced()
    {
        await ApplyAsync(TemplateSet.Empty.Add("train-a", Training("train").InProject(1)));
        var oldId = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var moved = TemplateSet.Of(Training("train").InProject(1).ForTraining(false).ForWorkspace());

        var plan = await PlanAsync(moved);

        plan.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Replace);
        (await ApplyAsync(moved)).Succeeded.Should().BeTrue();
        var state = await StateFile.ReadAsync(StatePath, "test");
        state.Entries.Should().ContainSingle().Which.Address.Should().Be("train");
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().NotBe(oldId);
    }

    [Fact]
    public async Task A_move_whose_create_was_carried_out_but_never_recorded_adopts_that_template_and_deletes_the_old_one()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var oldId = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var moved = TemplateSet.Of(Notebook().InTenant());
        var lost = await Client.Templates.CreateAsync(Notebook().InTenant().Build());

        var plan = await PlanAsync(moved);

        plan.Changes.Should().HaveCount(2);
        plan.Changes.Should().Contain(c => c.Action == PlanAction.NoOp && c.ExistingId == lost.Meta.Id && c.Note == $"found on the target as the code says it; the template this address had ({oldId}) will be deleted");
        plan.Changes.Should().Contain(c => c.Action == PlanAction.Delete && c.ExistingId == oldId);
        (await ApplyAsync(moved)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(lost.Meta.Id);
        var state = await StateFile.ReadAsync(StatePath, "test");
        state.Find("notebook")!.Id.Should().Be(lost.Meta.Id);
        state.PendingDeletes.Should().BeEmpty();
    }

    [Fact]
    public async Task If_the_delete_of_the_old_template_fails_after_such_an_adoption_it_stays_recorded_to_delete()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var oldId = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var moved = TemplateSet.Of(Notebook().InTenant());
        await Client.Templates.CreateAsync(Notebook().InTenant().Build());

        var result = await ApplyAsync(moved, api: DeletesFail(Client.Templates));

        result.Succeeded.Should().BeFalse();
        var state = await StateFile.ReadAsync(StatePath, "test");
        state.PendingDeletes.Should().ContainSingle().Which.Id.Should().Be(oldId);
        (await ApplyAsync(moved)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Scope.Should().Be(Scope.Tenant);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_the_addresses_own_template_even_after_the_code_changes()
    {
        var lost = await ApplyAsync(TemplateSet.Of(Notebook()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates));
        lost.Succeeded.Should().BeFalse();
        (await StateFile.ReadAsync(StatePath, "test")).PendingCreates.Should().ContainSingle().Which.Address.Should().Be("notebook");
        var made = (await Client.Templates.ListAsync()).Single();

        // A change an update cannot carry: for a template this project made, a replace, not a conflict.
        var changed = TemplateSet.Of(Notebook().ForWorkspace(false).ForTraining());
        var plan = await PlanAsync(changed);

        plan.Changes.Single().Should().Match<PlannedChange>(c => c.Action == PlanAction.Replace && c.ExistingId == made.Meta.Id);
        (await ApplyAsync(changed)).Succeeded.Should().BeTrue();
        var state = await StateFile.ReadAsync(StatePath, "test");
        state.PendingCreates.Should().BeEmpty();
        state.Find("notebook")!.Id.Should().Be((await Client.Templates.ListAsync()).Single().Meta.Id);
    }

    [Fact]
    public async Task A_rename_after_a_lost_create_renames_the_template_that_create_made()
    {
        await ApplyAsync(TemplateSet.Empty.Add("a", Notebook("foo")), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates));
        var made = (await Client.Templates.ListAsync()).Single();

        var renamed = TemplateSet.Empty.Add("a", Notebook("bar"));
        var plan = await PlanAsync(renamed);

        plan.Changes.Single().Should().Match<PlannedChange>(c => c.Action == PlanAction.Update && c.ExistingId == made.Meta.Id);
        (await ApplyAsync(renamed)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Should().Match<AssetMeta>(m => m.Id == made.Meta.Id && m.Name == "bar");
        (await StateFile.ReadAsync(StatePath, "test")).PendingCreates.Should().BeEmpty();
    }

    [Fact]
    public async Task A_create_that_failed_on_its_last_retry_after_an_earlier_lost_answer_stays_pending()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()), api: CreatesThenAnswer503(Client.Templates));

        (await StateFile.ReadAsync(StatePath, "test")).PendingCreates.Should().ContainSingle();
        var plan = await PlanAsync(TemplateSet.Of(Notebook().ForWorkspace(false).ForTraining()));
        plan.Changes.Single().Action.Should().Be(PlanAction.Replace, "the template is this project's, so a replace and not a conflict");
    }

    [Fact]
    public async Task Pruning_the_template_of_a_lost_create_forgets_that_create_so_a_later_template_there_is_not_claimed()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates));
        (await ApplyAsync(TemplateSet.Empty, prune: true)).Succeeded.Should().BeTrue();
        (await StateFile.ReadAsync(StatePath, "test")).PendingCreates.Should().BeEmpty();

        await Client.Templates.CreateAsync(Notebook().Build());

        (await PlanAsync(TemplateSet.Empty, prune: true)).Changes.Should().BeEmpty("a colleague's template of that name is not this project's");
    }

    [Fact]
    public async Task A_rename_onto_the_name_of_a_dropped_lost_create_needs_prune()
    {
        await ApplyAsync(TemplateSet.Empty.Add("b", Notebook("z")));
        await ApplyAsync(TemplateSet.Empty.Add("b", Notebook("z")).Add("a", Notebook("k")), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates));

        var next = TemplateSet.Empty.Add("b", Notebook("k"));
        var plan = await PlanAsync(next);

        plan.Changes.Should().Contain(c => c.Address == "b" && c.Action == PlanAction.Conflict && c.Note!.Contains("prune"));
        (await ApplyAsync(next, prune: true)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Name.Should().Be("k");
    }

    [Fact]
    public async Task A_lost_create_of_a_move_whose_address_kept_its_template_is_a_duplicate_kept_recorded_and_pruned()
    {
        await ApplyAsync(TemplateSet.Of(Notebook("x")));
        var kept = (await Client.Templates.ListAsync()).Single().Meta.Id;
        (await ApplyAsync(TemplateSet.Of(Notebook("x").InTenant()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates))).Succeeded.Should().BeFalse();
        var duplicate = (await Client.Templates.ListAsync()).Single(t => t.Meta.Id != kept).Meta.Id;

        // The code changes again before the next apply: the address keeps its template and renames it.
        var renamed = TemplateSet.Empty.Add("x", Notebook("y"));
        var plan = await PlanAsync(renamed);

        plan.Changes.Should().Contain(c => c.Action == PlanAction.Update && c.ExistingId == kept);
        plan.Changes.Should().Contain(c => c.Action == PlanAction.Orphan && c.ExistingId == duplicate, "one exactly like it may be someone else's: deleted only with prune");
        (await ApplyAsync(renamed)).Succeeded.Should().BeTrue();
        (await PlanAsync(renamed)).Changes.Should().Contain(c => c.Action == PlanAction.Orphan && c.ExistingId == duplicate, "recording the renamed template keeps the duplicate's record");

        (await ApplyAsync(renamed, prune: true, api: DeletesFail(Client.Templates))).Succeeded.Should().BeFalse();
        (await PlanAsync(renamed)).Changes.Should().Contain(
            c => c.Action == PlanAction.Orphan && c.ExistingId == duplicate,
            "a delete answered 503 did nothing: the duplicate is still this project's, and still deleted only with prune");
        (await ApplyAsync(renamed, prune: true)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(kept);
    }

    [Fact]
    public async Task A_lost_creates_template_is_recorded_before_a_change_to_it_is_sent_so_a_refused_move_keeps_it()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates));
        var made = (await Client.Templates.ListAsync()).Single().Meta.Id;

        (await ApplyAsync(TemplateSet.Of(Notebook().InTenant()), api: CreatesRefused(Client.Templates))).Succeeded.Should().BeFalse();

        (await StateFile.ReadAsync(StatePath, "test")).Records(made).Should().BeTrue();
    }

    [Fact]
    public async Task With_two_lost_creates_an_address_takes_the_one_it_wants_now_and_keeps_the_other_as_an_orphan()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var lose = FaultyApi.CreatesLoseTheirAnswer(Client.Templates);
        await ApplyAsync(TemplateSet.Of(Notebook().InTenant()), api: lose);
        var retyped = TemplateSet.Of(Notebook().ForWorkspace(false).ForTraining());
        await ApplyAsync(retyped, api: lose);
        var templates = await Client.Templates.ListAsync();
        var atTenant = templates.Single(t => t.Meta.Scope == Scope.Tenant).Meta.Id;
        var atProject = templates.Single(t => t.Meta.Scope == Scope.Project).Meta.Id;

        var plan = await PlanAsync(retyped);

        plan.Changes.Should().Contain(c => c.Action == PlanAction.NoOp && c.ExistingId == atProject);
        plan.Changes.Should().Contain(c => c.Action == PlanAction.Orphan && c.ExistingId == atTenant);
        plan.Changes.Should().NotContain(c => c.Action == PlanAction.Delete, "without prune nothing is deleted");
    }

    [Fact]
    public async Task A_create_refused_on_its_first_attempt_because_the_name_is_taken_leaves_no_intent()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);
        await Client.Templates.CreateAsync(Notebook().WithDescription("someone else's").Build());

        var result = await TemplateApplier.ApplyAsync(Client.Templates, plan, state);

        result.Failures.Single().Error.Should().BeOfType<TemplateAlreadyExistsException>();
        state.PendingCreates.Should().BeEmpty();
    }

    [Fact]
    public async Task A_pending_create_does_not_claim_a_template_someone_else_made_at_its_scope_and_name()
    {
        // The create timed out without reaching the server; then someone else made a template of that name.
        (await ApplyAsync(TemplateSet.Of(Notebook()), api: CreatesTimeOutUnsent(Client.Templates))).Succeeded.Should().BeFalse();
        var theirs = await Client.Templates.CreateAsync(Notebook().WithDescription("theirs").Build());

        var plan = await PlanAsync(TemplateSet.Of(Notebook().ForWorkspace(false).ForTraining()));

        plan.Changes.Single().Should().Match<PlannedChange>(c => c.Action == PlanAction.Conflict && c.ExistingId == theirs.Meta.Id);
    }

    [Fact]
    public async Task A_move_whose_create_answer_was_lost_finds_its_template_after_the_code_changes_again()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var oldId = (await Client.Templates.ListAsync()).Single().Meta.Id;
        (await ApplyAsync(TemplateSet.Of(Notebook().InTenant()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates))).Succeeded.Should().BeFalse();
        var made = (await Client.Templates.ListAsync()).Single(t => t.Meta.Id != oldId);

        var edited = TemplateSet.Of(Notebook().InTenant().WithDescription("edited after the failed apply"));
        var plan = await PlanAsync(edited);

        plan.Changes.Should().Contain(c => c.Action == PlanAction.Update && c.ExistingId == made.Meta.Id);
        plan.Changes.Should().Contain(c => c.Action == PlanAction.Delete && c.ExistingId == oldId);
        (await ApplyAsync(edited)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(made.Meta.Id);
        (await PlanAsync(edited)).HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task A_template_whose_create_answer_was_lost_is_an_orphan_when_the_set_drops_it_and_is_pruned()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates));

        (await PlanAsync(TemplateSet.Empty)).Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Orphan);
        (await ApplyAsync(TemplateSet.Empty, prune: true)).Succeeded.Should().BeTrue();

        (await Client.Templates.ListAsync()).Should().BeEmpty();
        (await PlanAsync(TemplateSet.Empty)).Changes.Should().BeEmpty();
    }

    [Fact]
    public async Task A_rename_into_the_name_a_replace_gives_up_waits_for_it_and_one_apply_does_both()
    {
        await ApplyAsync(TemplateSet.Empty.Add("a", Notebook("x")).Add("b", Notebook("y")));
        var next = TemplateSet.Empty.Add("a", Notebook("y")).Add("b", Notebook("z").ForWorkspace(false).ForTraining());

        var plan = await PlanAsync(next);
        plan.Changes.Select(c => c.Action).Should().BeEquivalentTo([PlanAction.Update, PlanAction.Replace]);
        var result = await ApplyAsync(next);

        result.Succeeded.Should().BeTrue(result.ToString());
        (await Client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().BeEquivalentTo("y", "z");
        (await PlanAsync(next)).HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task Two_templates_swapping_names_are_a_conflict_that_apply_leaves_alone()
    {
        await ApplyAsync(TemplateSet.Empty.Add("a", Notebook("x")).Add("b", Notebook("y")));
        var swapped = TemplateSet.Empty.Add("a", Notebook("y")).Add("b", Notebook("x"));

        var plan = await PlanAsync(swapped);

        plan.Changes.Should().HaveCount(2).And.OnlyContain(c => c.Action == PlanAction.Conflict && c.Note!.Contains("circle"));
        (await ApplyAsync(swapped)).Failures.Should().HaveCount(2);
        (await Client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().BeEquivalentTo("x", "y");
    }

    [Fact]
    public async Task A_rename_onto_the_name_of_a_template_the_set_dropped_needs_prune_and_then_one_apply_does_both()
    {
        await ApplyAsync(TemplateSet.Empty.Add("x", Notebook("a")).Add("y", Notebook("b")));
        var next = TemplateSet.Empty.Add("x", Notebook("b"));

        var kept = await PlanAsync(next);
        kept.Changes.Should().Contain(c => c.Action == PlanAction.Conflict && c.Note!.Contains("prune"));

        var result = await ApplyAsync(next, prune: true);

        result.Succeeded.Should().BeTrue(result.ToString());
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Name.Should().Be("b");
    }

    [Fact]
    public async Task An_update_keeps_the_members_of_the_template_this_version_does_not_know()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var id = (await Client.Templates.ListAsync()).Single().Meta.Id;
        var stored = await Client.Templates.GetAsync(id);
        var withNewField = stored.ToUpdateRequest();
        withNewField.Spec.SpecificEnv!.AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureKnob"] = System.Text.Json.JsonDocument.Parse("3").RootElement };
        withNewField.Spec.Assets.AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureAssets"] = System.Text.Json.JsonDocument.Parse("[1]").RootElement };
        await Client.Templates.UpdateAsync(id, withNewField);

        (await ApplyAsync(TemplateSet.Of(Notebook().WithCommand("python serve.py")))).Succeeded.Should().BeTrue();

        var after = await Client.Templates.GetAsync(id);
        after.Spec.SpecificEnv!.Command.Should().Be("python serve.py");
        after.Spec.SpecificEnv.AdditionalProperties.Should().ContainKey("futureKnob");
        after.Spec.Assets.AdditionalProperties.Should().ContainKey("futureAssets");
    }

    [Fact]
    public void Unknown_members_of_a_list_item_are_kept_only_on_the_same_item_not_on_one_that_took_its_place()
    {
        var before = Notebook().AddEnvironmentVariable("A", "1").AddEnvironmentVariable("B", "2").Build().Spec;
        before.SpecificEnv!.EnvironmentVariables![0].AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["secretRef"] = System.Text.Json.JsonDocument.Parse("\"s\"").RootElement };
        before.SpecificEnv.EnvironmentVariables[1].AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["secretRef"] = System.Text.Json.JsonDocument.Parse("\"t\"").RootElement };
        var code = Notebook().AddEnvironmentVariable("C", "1").AddEnvironmentVariable("B", "2").Build().Spec;

        var sent = TemplateDiff.KeepUnknownMembers(before, code);

        sent.SpecificEnv!.EnvironmentVariables![0].AdditionalProperties.Should().BeNull("C is another variable in A's place");
        sent.SpecificEnv.EnvironmentVariables[1].AdditionalProperties.Should().ContainKey("secretRef");
    }

    [Fact]
    public void Unknown_members_of_a_list_item_stay_on_that_item_when_items_are_added_or_removed_around_it()
    {
        // They were kept only in lists that kept their length: appending a variable erased a newer server's field of A.
        static Dictionary<string, System.Text.Json.JsonElement> Field(string value) => new() { ["futureFlag"] = System.Text.Json.JsonDocument.Parse("\"" + value + "\"").RootElement };
        var before = Notebook().AddEnvironmentVariable("A", "1").AddEnvironmentVariable("B", "2").AddEnvironmentVariable("D", "4").Build().Spec;
        before.SpecificEnv!.EnvironmentVariables![0].AdditionalProperties = Field("a");
        before.SpecificEnv.EnvironmentVariables[2].AdditionalProperties = Field("d");
        var code = Notebook().AddEnvironmentVariable("C", "3").AddEnvironmentVariable("A", "1").AddEnvironmentVariable("D", "4").AddEnvironmentVariable("E", "5").Build().Spec;

        var sent = TemplateDiff.KeepUnknownMembers(before, code).SpecificEnv!.EnvironmentVariables!;

        sent.Select(v => v.AdditionalProperties?["futureFlag"].GetString()).Should().Equal(null, "a", "d", null);
        var edited = Notebook().AddEnvironmentVariable("A", "changed").Build().Spec;
        TemplateDiff.KeepUnknownMembers(before, edited).SpecificEnv!.EnvironmentVariables!.Single().AdditionalProperties.Should().BeNull("an item edited in code is another item");
    }

    [Fact]
    public void A_recorded_id_in_another_letter_case_still_finds_its_template_when_the_code_renames_it()
    {
        // A server spelling ids otherwise, or a hand-edited or merged state file: one template to the state, which
        // compares ids without case; the plan must too, or a rename would create a second template.
        const string id = "6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
        var onTarget = new WorkloadTemplate
        {
            Meta = new AssetMeta { Id = id, Name = "notebook", Scope = Scope.Project, ProjectId = 42, Kind = AssetKind.WorkloadTemplate, CreatedBy = "x", UpdatedBy = "x" },
            Spec = new SpecificRunInfoFields { Assets = new AssetsRef { Environment = new EnvironmentAssetRef { Id = EnvironmentId } } },
        };
        using var state = TemplateSetState.InMemory("test");
        state.Record(new StateEntry("nb", id.ToUpperInvariant(), TemplateKey.Of(onTarget.Meta)));
        var desired = TemplatePlanner.BuildAll(TemplateSet.Empty.Add("nb", Template.Named("renamed").InProject(42).WithEnvironment(EnvironmentId)));

        var change = TemplatePlanner.Plan(desired, [onTarget], state, prune: false).Changes.Should().ContainSingle().Subject;

        change.Action.Should().Be(PlanAction.Update);
        change.ExistingId.Should().Be(id);
        change.Fields.Select(f => f.Path).Should().Equal("meta.name");
    }

    [Fact]
    public async Task A_change_that_needs_the_name_a_conflict_holds_is_a_conflict_too()
    {
        await ApplyAsync(TemplateSet.Empty.Add("a", Notebook("x")).Add("d", Notebook("y")));
        var next = TemplateSet.Empty.Add("a", Notebook("y")).Add("c", Notebook("x"));

        var plan = await PlanAsync(next);

        plan.Changes.Where(c => c.Address is "a" or "c").Should().OnlyContain(c => c.Action == PlanAction.Conflict);
        plan.Changes.Single(c => c.Address == "c").Note.Should().Contain("'a' holds");
        var result = await ApplyAsync(next);
        result.ToString().Should().Be("Applied 0 changes; 2 in conflict, not applied.");
        (await Client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().BeEquivalentTo("x", "y");
    }

    [Fact]
    public async Task A_same_scope_and_name_replace_whose_delete_fails_leaves_no_pending_delete_behind()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var id = (await Client.Templates.ListAsync()).Single().Meta.Id;

        var result = await ApplyAsync(TemplateSet.Of(Notebook().ForTraining()), api: DeletesFail(Client.Templates));

        result.Failures.Single().Outcome.Should().Contain("nothing was changed on the target");
        var state = await StateFile.ReadAsync(StatePath, "test");
        state.PendingDeletes.Should().BeEmpty();
        state.Find("notebook")!.Id.Should().Be(id);
        var dropped = await PlanAsync(TemplateSet.Empty);
        dropped.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Orphan, "without prune nothing is deleted");
    }

    [Theory]
    [InlineData("\"labels\":[{\"name\":\"a\",\"value\":\"b\"},null]", "\"labels\":[{\"name\":\"a\",\"value\":\"b\"}]", "spec.specificEnv.labels[1]")]
    [InlineData("\"labels\":[{\"name\":\"a\",\"value\":\"b\"},null,{\"name\":\"c\",\"value\":\"d\"}]", "\"labels\":[{\"name\":\"a\",\"value\":\"b\"},{\"name\":\"c\",\"value\":\"d\"}]", "spec.specificEnv.labels[1]")]
    [InlineData("\"nodePools\":[\"a\",null,\"b\"]", "\"nodePools\":[null,\"a\",\"b\"]", "spec.specificEnv.nodePools[0]", "spec.specificEnv.nodePools[1]")]
    [InlineData("\"autoScaling\":{\"metricThresholdPercentage\":1e-30}", "\"autoScaling\":{\"metricThresholdPercentage\":2e-30}", "spec.specificEnv.autoScaling.metricThresholdPercentage")]
    [InlineData("\"runAsUid\":9223372036854775807", "\"runAsUid\":9223372036854775806", "spec.specificEnv.runAsUid")]
    public void The_diff_sees_null_items_where_they_are_and_numbers_that_decimals_or_doubles_would_round_together(string before, string after, params string[] paths)
    {
        static WorkloadTemplateCreationRequest Request(string env) => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(
            "{\"meta\":{\"name\":\"d\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\"},\"specificEnv\":{" + env + "}}}");

        TemplateDiff.Between(Request(before), Request(after)).Select(c => c.Path).Should().Equal(paths);
        TemplateDiff.Between(Request(before), Request(before)).Should().BeEmpty();
        TemplateDiff.Between(Request("\"autoScaling\":{\"metricThresholdPercentage\":1}"), Request("\"autoScaling\":{\"metricThresholdPercentage\":1.0}")).Should().BeEmpty("1 and 1.0 are one number");
    }

    /// <summary>A tenant template with these labels (name=value) and node pools; the rest fixed.</summary>
    private static WorkloadTemplateCreationRequest WithLists(string[] labels, params string[] pools)
    {
        var builder = Template.Named("lists").InTenant().WithEnvironment(EnvironmentId).WithNodePools(pools);
        foreach (var label in labels)
        {
            var (name, value) = (label.Split('=')[0], label.Split('=')[1]);
            builder = builder.AddLabel(name, value);
        }

        return builder.ToRequest();
    }

    public static TheoryData<string[], string[], FieldChange[]> AlignedListChanges => new()
    {
        {
            ["app=llm", "tier=gpu"], ["team=vision", "app=llm", "tier=gpu"],
            [new FieldChange("spec.specificEnv.labels[0]", null, "{\"name\":\"team\",\"value\":\"vision\"}")]
        },
        {
            ["team=vision", "app=llm", "tier=gpu"], ["app=llm", "tier=gpu"],
            [new FieldChange("spec.specificEnv.labels[0]", "{\"name\":\"team\",\"value\":\"vision\"}", null)]
        },
        {
            ["app=llm", "tier=gpu"], ["app=llm", "tier=cpu"],
            [new FieldChange("spec.specificEnv.labels[1].value", "\"gpu\"", "\"cpu\"")]
        },
        {
            // A removed item has its index on the target; an edited one its index in code.
            ["a=1", "b=2", "c=3"], ["b=2", "c=4"],
            [new FieldChange("spec.specificEnv.labels[0]", "{\"name\":\"a\",\"value\":\"1\"}", null), new FieldChange("spec.specificEnv.labels[1].value", "\"3\"", "\"4\"")]
        },
        {
            ["a=1", "b=2"], ["x=9", "a=1", "y=8", "b=2", "z=7"],
            [
                new FieldChange("spec.specificEnv.labels[0]", null, "{\"name\":\"x\",\"value\":\"9\"}"),
                new FieldChange("spec.specificEnv.labels[2]", null, "{\"name\":\"y\",\"value\":\"8\"}"),
                new FieldChange("spec.specificEnv.labels[4]", null, "{\"name\":\"z\",\"value\":\"7\"}"),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(AlignedListChanges))]
    public void A_plan_aligns_lists_on_their_common_items_so_an_insert_or_removal_is_one_change(string[] target, string[] code, FieldChange[] expected)
    {
        TemplateDiff.Between(WithLists(target, "a100"), WithLists(code, "a100")).Should().Equal(expected);
        TemplateDiff.Between(WithLists(target, "a100"), WithLists(target, "a100")).Should().BeEmpty();
    }

    [Fact]
    public void A_reordered_list_is_an_item_added_and_the_same_item_removed()
    {
        var before = WithLists(["a=1", "b=2", "c=3"], "a100", "h100");
        var after = WithLists(["x=0", "b=2", "c=3"], "h100", "a100");

        // Node pools are in priority order: a reorder is a change, shown as one pool moved to the front.
        TemplateDiff.Between(before, after).Should().Equal(
            new FieldChange("spec.specificEnv.labels[0].name", "\"a\"", "\"x\""),
            new FieldChange("spec.specificEnv.labels[0].value", "\"1\"", "\"0\""),
            new FieldChange("spec.specificEnv.nodePools[0]", null, "\"h100\""),
            new FieldChange("spec.specificEnv.nodePools[1]", "\"h100\"", null));
    }

    [Fact]
    public void An_aligned_diff_is_empty_exactly_when_the_lists_are_equal_and_never_points_outside_its_list()
    {
        // Few names and values, so that lists share items, repeat them, and differ by inserts, removals, edits and moves.
        var labels = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1], (n, v) => $"{(char)('a' + n)}={v}").Array[0, 6];
        var pools = Gen.Int[0, 3].Select(p => "pool-" + p).Array[0, 5];
        Gen.Select(labels, pools, labels, pools).Sample((targetLabels, targetPools, codeLabels, codePools) =>
        {
            var (target, code) = (WithLists(targetLabels, targetPools), WithLists(codeLabels, codePools));
            var aligned = TemplateDiff.Between(target, code);

            (aligned.Count == 0).Should().Be(TemplateJson.Serialize(target) == TemplateJson.Serialize(code), "a plan updates exactly when the lists differ");
            foreach (var change in aligned)
            {
                // A whole list, when one side has none (no label added leaves labels unset), or an item of one.
                var match = System.Text.RegularExpressions.Regex.Match(change.Path, @"^spec\.specificEnv\.(labels|nodePools)(\[(\d+)\])?");
                match.Success.Should().BeTrue(change.Path);
                if (!match.Groups[2].Success)
                {
                    continue;
                }

                var index = int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
                var inCode = match.Groups[1].Value == "labels" ? codeLabels.Length : codePools.Length;
                var onTarget = match.Groups[1].Value == "labels" ? targetLabels.Length : targetPools.Length;
                index.Should().BeLessThan(change.After is null ? onTarget : inCode, $"{change.Path} is an index of the list {(change.After is null ? "on the target" : "in code")}");
            }
        });
    }

    [Fact]
    public void Long_lists_that_differ_throughout_are_compared_in_order_rather_than_every_item_with_every_other()
    {
        // 300 × 300 pairs is more than an alignment compares: the stretch between the common start and end is paired in
        // order, though one item (x) is on both sides (an alignment would anchor on it, and show 190 labels added and 190
        // removed around it); the common start still counts.
        var target = Enumerable.Range(0, 300).Select(i => i == 10 ? "x=0" : $"t{i}=1").Prepend("same=0").ToArray();
        var code = Enumerable.Range(0, 300).Select(i => i == 200 ? "x=0" : $"c{i}=1").Prepend("same=0").ToArray();
        ((long)(target.Length - 1) * (code.Length - 1)).Should().BeGreaterThan(TemplateDiff.MaxAlignedPairs);

        var aligned = TemplateDiff.Between(WithLists(target), WithLists(code));

        // Every one of the 300 positions has another name; two have another value too (x=0 against a label valued 1).
        aligned.Should().HaveCount(302).And.OnlyContain(c => c.Before != null && c.After != null, "items are paired in order, none added or removed");
        aligned.Where(c => c.Path.EndsWith(".value", StringComparison.Ordinal)).Select(c => c.Path)
            .Should().Equal("spec.specificEnv.labels[11].value", "spec.specificEnv.labels[201].value");
    }

    [Fact]
    public async Task A_plan_of_a_label_added_at_the_front_lists_one_field()
    {
        var labels = new[] { "app=llm", "tier=gpu", "zone=a" };
        TemplateBuilder Labelled(params string[] extra) =>
            labels.Concat(extra).Aggregate(Notebook(), (b, l) => b.AddLabel(l.Split('=')[0], l.Split('=')[1]));
        await ApplyAsync(TemplateSet.Of(Labelled()));

        var plan = await PlanAsync(TemplateSet.Of(labels.Aggregate(Notebook().AddLabel("team", "vision"), (b, l) => b.AddLabel(l.Split('=')[0], l.Split('=')[1]))));

        var change = plan.Changes.Should().ContainSingle().Which;
        change.Action.Should().Be(PlanAction.Update);
        change.Fields.Should().Equal(new FieldChange("spec.specificEnv.labels[0]", null, "{\"name\":\"team\",\"value\":\"vision\"}"));
    }

    [Fact]
    public void The_diff_takes_spec_defaults_server_filled_reference_names_and_cluster_id_spellings_for_no_change()
    {
        // Letters, so that the two spellings differ (ClusterA has none: its upper case is itself).
        const string cluster = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
        var code = Template.Named("d").InCluster(cluster.ToUpperInvariant()).WithEnvironment(EnvironmentId)
            .Distributed(DistributedFramework.PyTorch, 2).WithMaster(m => m.WithEnvironment(EnvironmentId)).Build();
        var target = TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(TemplateJson.Serialize(code));
        target.Meta.ClusterId = cluster;
        target.Meta.AutoDelete = false;
        target.Meta.Private = false;
        target.Spec.Distributed!.Master!.Assets!.Environment.Name = "pytorch-env";

        TemplateDiff.Between(target, code).Should().BeEmpty();
        TemplateKey.Of(target.Meta).Should().Be(TemplateKey.Of(code.Meta));

        target.Meta.AutoDelete = true;
        TemplateDiff.Between(target, code).Should().Equal(new FieldChange("meta.autoDelete", "true", null));
    }

    [Fact]
    public async Task Under_503s_and_dropped_connections_applies_converge_on_the_set_without_losing_or_duplicating_a_template()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Faults = new EmulatorFaults { UnavailableRate = 0.30, RetryAfterShare = 0.5, RetryAfter = TimeSpan.Zero, DropAfterProcessingRate = 0.10, Seed = 20261127 };
        using var client = NewClient(emulator, o =>
        {
            o.MaxRetryAttempts = 1;
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(5);
        });
        // The second set also moves five templates to another project: replaces (create, then delete) under faults too.
        TemplateSet SetOf(int count, string description, int moved = 0) =>
            TemplateSet.Of(Enumerable.Range(0, count).Select(i => Notebook($"nb-{i:D2}").WithDescription(description).InProject(1 + (i % 3) + (i < moved ? 10 : 0))));

        // Few retries, so some changes fail: each apply records what it did, and the next plans only the rest.
        var failed = 0;
        async Task<int> ConvergeAsync(TemplateSet set, bool prune)
        {
            for (var round = 1; round <= 15; round++)
            {
                using var state = await TemplateSetState.LoadAsync(StatePath, "faults");
                TemplatePlan plan;
                try
                {
                    plan = await TemplatePlanner.PlanAsync(client.Templates, set, state, prune);
                }
                catch (RunAiException)
                {
                    continue; // the listing itself failed after its retries: plan again
                }

                // Applied even without changes: that records the templates an earlier apply created but never heard back about.
                failed += (await TemplateApplier.ApplyAsync(client.Templates, plan, state, maxConcurrency: 8)).Failures.Count;
                if (!plan.HasChanges)
                {
                    return round;
                }
            }

            throw new InvalidOperationException("The applies did not converge in 15 rounds.");
        }

        var rounds = await ConvergeAsync(SetOf(30, "v1"), prune: false) + await ConvergeAsync(SetOf(20, "v2", moved: 5), prune: true);
        emulator.Faults = EmulatorFaults.None;

        failed.Should().BePositive("the faults made changes fail, which later applies completed");
        rounds.Should().BeGreaterThan(4, "two applies would do without faults");

        var stored = await emulator.GetTemplatesAsync();
        stored.Select(t => t.Meta.Name).Should().BeEquivalentTo(Enumerable.Range(0, 20).Select(i => $"nb-{i:D2}"), "nothing lost, nothing duplicated, the dropped ten pruned");
        stored.Should().OnlyContain(t => t.Meta.Description == "v2");
        stored.Where(t => t.Meta.ProjectId > 10).Select(t => t.Meta.Name).Should().BeEquivalentTo("nb-00", "nb-01", "nb-02", "nb-03", "nb-04");
        using var final = await TemplateSetState.LoadAsync(StatePath, "faults");
        final.Entries.Select(e => e.Id).Should().BeEquivalentTo(stored.Select(t => t.Meta.Id), "the state matches the target");
        final.PendingDeletes.Should().BeEmpty();
        (await TemplatePlanner.PlanAsync(client.Templates, SetOf(20, "v2", moved: 5), final, prune: true)).HasChanges.Should().BeFalse();
    }

    [Fact]
    public async Task Invalid_templates_and_two_templates_with_one_scope_and_name_fail_the_plan_listing_every_problem()
    {
        var set = TemplateSet.Empty
            .Add(Notebook())
            .Add("copy", Notebook())
            .Add(Template.Named("no-scope").WithEnvironment(EnvironmentId))
            .Add(Template.Named("too-long").InTenant().WithEnvironment(EnvironmentId).WithDescription(new string('x', 300)));

        var act = () => PlanAsync(set);

        var thrown = (await act.Should().ThrowAsync<TemplateSetException>()).Which;
        thrown.Problems.Should().HaveCount(3);
        thrown.Message.Should().Contain("'notebook' and 'copy' are both project 42/notebook")
            .And.Contain("RAI0001").And.Contain("'no-scope'").And.Contain("'too-long'").And.Contain("meta.description");
        (await Client.Templates.ListAsync()).Should().BeEmpty("nothing is planned, so nothing is applied");
    }

    [Fact]
    public void A_set_refuses_two_templates_at_one_address_and_a_template_without_a_name()
    {
        var set = TemplateSet.Of(Notebook());

        set.Invoking(s => s.Add(Notebook())).Should().Throw<ArgumentException>().WithMessage("*already has a template at address 'notebook'*");
        set.Invoking(s => s.Add(Template.Named(" "))).Should().Throw<ArgumentException>().WithMessage("*needs a name*");
        set.Should().ContainSingle("a set is immutable");
    }

    [Fact]
    public async Task A_state_file_of_another_target_or_not_a_state_file_is_refused_with_what_to_do()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));

        var other = () => TemplateSetState.LoadAsync(StatePath, "https://tenant.example.com/");
        (await other.Should().ThrowAsync<TemplateSetStateException>()).WithMessage("*belongs to target 'test'*If both are one tenant under two addresses, use the address the state has*--state*");

        await File.WriteAllTextAsync(StatePath, "{ not json");
        var corrupt = () => TemplateSetState.LoadAsync(StatePath, "test");
        (await corrupt.Should().ThrowAsync<TemplateSetStateException>()).WithMessage("*is not valid JSON (line 1, position 3)*If it is not this project's state*do not delete it*");

        await File.WriteAllTextAsync(StatePath, "{\n<<<<<<< HEAD\n  \"version\": 1,\n=======\n  \"version\": 1,\n>>>>>>> feature\n}");
        var conflicted = () => TemplateSetState.LoadAsync(StatePath, "test");
        (await conflicted.Should().ThrowAsync<TemplateSetStateException>()).WithMessage("*has git merge conflict markers (line 2, position 1): resolve the conflict by keeping the side of the branch applied last, then plan*");
    }

    [Theory]
    [InlineData("\"templates\": null", "templates is null; it must be a list")]
    [InlineData("\"templates\": [null]", "templates[0] is null")]
    [InlineData("\"templates\": [{\"id\": \"x\", \"key\": {\"scope\": \"tenant\", \"name\": \"n\"}}]", "templates[0].address is missing")]
    [InlineData("\"templates\": [{\"address\": \"n\", \"key\": {\"scope\": \"tenant\", \"name\": \"n\"}}]", "templates[0].id is missing")]
    [InlineData("\"templates\": [{\"address\": \"n\", \"id\": \"x\", \"key\": null}]", "templates[0].key is missing")]
    [InlineData("\"pendingDeletes\": [{\"address\": \"n\", \"id\": \"x\", \"key\": {\"scope\": \"tenant\"}}]", "pendingDeletes[0].key.name is missing")]
    [InlineData("\"pendingCreates\": [{\"address\": \"n\", \"request\": \"{}\"}]", "pendingCreates[0].key is missing")]
    [InlineData("\"pendingCreates\": [{\"address\": \"n\", \"key\": {\"scope\": \"tenant\", \"name\": \"n\"}}]", "pendingCreates[0].request is missing")]
    // Two records of one address (a hand edit, a merge): the last silently won, and a plan deleted the other's template.
    [InlineData("\"templates\": [{\"address\": \"n\", \"id\": \"x\", \"key\": {\"scope\": \"tenant\", \"name\": \"n\"}}, {\"address\": \"n\", \"id\": \"y\", \"key\": {\"scope\": \"tenant\", \"name\": \"m\"}}]", "templates[1].address 'n' is recorded at templates[0] too; an address records one template")]
    public async Task A_state_file_that_is_not_a_whole_state_is_refused_naming_the_member(string member, string problem)
    {
        await File.WriteAllTextAsync(StatePath, "{\"version\": 1, \"target\": \"test\", " + member + "}");

        var load = () => TemplateSetState.LoadAsync(StatePath, "test");

        (await load.Should().ThrowAsync<TemplateSetStateException>()).WithMessage($"The state file '{StatePath}' is not a whole state: {problem}.*");
        StateFile.LockIsFree(StatePath).Should().BeTrue("a refused file does not keep its lock");
    }

    [Fact]
    public void With_file_locking_off_the_lock_file_is_the_lock_and_names_its_holder()
    {
        // DOTNET_SYSTEM_IO_DISABLEFILELOCKING makes FileShare.None lock nothing on Unix; the lock is then the file itself.
        var held = TemplateSetState.TakeLock(StatePath, exclusiveCreate: true);
        File.ReadAllText(StatePath + ".lock.owner").Should().StartWith($"process {Environment.ProcessId} on {Environment.MachineName}");

        var second = () => TemplateSetState.TakeLock(StatePath, exclusiveCreate: true);
        second.Should().Throw<TemplateSetStateException>()
            .WithMessage($"Another plan or apply is using the state file '{StatePath}'*held by process {Environment.ProcessId} on*DOTNET_SYSTEM_IO_DISABLEFILELOCKING*delete '{StatePath}.lock.owner'*");

        held.Dispose();
        File.Exists(StatePath + ".lock.owner").Should().BeFalse("the lock file goes with the lock");
        using var again = TemplateSetState.TakeLock(StatePath, exclusiveCreate: true);
    }

    [Fact]
    public void With_file_locking_off_a_lock_file_a_dead_run_left_is_refused_until_deleted()
    {
        File.WriteAllText(StatePath + ".lock.owner", "process 4242 on ci-runner-7, since 2026-11-27 09:00:00Z");

        var take = () => TemplateSetState.TakeLock(StatePath, exclusiveCreate: true);

        take.Should().Throw<TemplateSetStateException>().WithMessage("*held by process 4242 on ci-runner-7, since 2026-11-27 09:00:00Z*If no other plan or apply of this state is running, delete*");
        File.ReadAllText(StatePath + ".lock.owner").Should().StartWith("process 4242", "a refused run leaves the lock as it found it");
        File.Delete(StatePath + ".lock.owner");
        using var held = take();
    }

    [Fact]
    public void A_run_with_file_locking_on_is_refused_while_a_run_with_it_off_holds_the_state()
    {
        using var off = TemplateSetState.TakeLock(StatePath, exclusiveCreate: true);

        var on = () => TemplateSetState.TakeLock(StatePath, exclusiveCreate: false);

        on.Should().Throw<TemplateSetStateException>().WithMessage($"*with file locking off: its lock '{StatePath}.lock.owner' exists (held by process {Environment.ProcessId} on*must all have file locking on or all off*");
        StateFile.LockIsFree(StatePath).Should().BeFalse("the other run holds the state");
    }

    [Fact]
    public async Task A_state_file_is_held_by_one_state_at_a_time_until_it_is_disposed()
    {
        await ApplyAsync(TemplateSet.Of(Notebook()));
        var before = await File.ReadAllTextAsync(StatePath);

        var held = await TemplateSetState.LoadAsync(StatePath, "test");
        StateFile.LockIsFree(StatePath).Should().BeFalse();
        var second = () => TemplateSetState.LoadAsync(StatePath, "test");
        (await second.Should().ThrowAsync<TemplateSetStateException>()).WithMessage($"Another plan or apply is using the state file '{StatePath}'*Wait for it to finish*");

        held.IsDisposed.Should().BeFalse();
        held.Dispose();
        held.IsDisposed.Should().BeTrue();
        StateFile.LockIsFree(StatePath).Should().BeTrue("Dispose releases the lock");
        held.Find("notebook").Should().NotBeNull("a disposed state stays readable");
        held.Invoking(s => s.Forget("notebook")).Should().Throw<ObjectDisposedException>("without the lock another apply may be writing the file");
        held.Find("notebook").Should().NotBeNull("a refused change is not made in memory either");
        (await File.ReadAllTextAsync(StatePath)).Should().Be(before);
        held.Dispose();

        using var next = await TemplateSetState.LoadAsync(StatePath, "test");
        next.Find("notebook")!.Id.Should().Be(held.Find("notebook")!.Id);
    }

    [Fact]
    public async Task A_cancelled_apply_reports_what_it_did_not_do_and_keeps_the_state_consistent()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook(), Training()), state);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await TemplateApplier.ApplyAsync(Client.Templates, plan, state, cancellationToken: cancelled.Token);

        result.Changes.Should().HaveCount(2).And.OnlyContain(c => !c.Succeeded && c.Outcome.Contains("cancelled"));
        (await Client.Templates.ListAsync()).Should().BeEmpty();
        state.Entries.Should().BeEmpty();
    }

    private const string Collection = "api/v1/asset/workload-template";

    /// <summary>The real API, except that every create is made and then answered 503 (a last retry after a lost answer).</summary>
    private static FaultyApi CreatesThenAnswer503(ITemplatesApi inner) => new(inner, create: async (request, ct) =>
    {
        await inner.CreateAsync(request, ct);
        // As the client reports it: the 503 says this attempt did nothing, the failure that an earlier one may have.
        throw RunAiException.WithEarlierAttemptProcessed(new RunAiServiceUnavailableException(new ApiError { Code = 503, Message = "unavailable" }, "POST", Collection, null));
    });

    /// <summary>The real API, except that every create is refused with a 403 (no rights in that scope).</summary>
    private static FaultyApi CreatesRefused(ITemplatesApi inner) =>
        new(inner, create: (_, _) => throw new RunAiForbiddenException(new ApiError { Code = 403, Message = "forbidden" }, "POST", Collection));

    /// <summary>The real API, except that every create times out before it reaches the server.</summary>
    private static FaultyApi CreatesTimeOutUnsent(ITemplatesApi inner) =>
        new(inner, create: (_, _) => throw new RunAiTransportException(true, "POST", Collection, null));

    /// <summary>The real API, except that every delete fails as a 503 would.</summary>
    private static FaultyApi DeletesFail(ITemplatesApi inner) =>
        new(inner, delete: (id, _) => throw new RunAiServiceUnavailableException(new ApiError { Code = 503, Message = "unavailable" }, "DELETE", Collection + "/" + id, null));
}
