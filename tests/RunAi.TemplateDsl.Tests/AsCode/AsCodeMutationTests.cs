using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using RunAi.TemplateDsl.Client;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// Behaviours of the command host that mutation testing found unguarded: each test fails on one plausible regression
/// (named in its "Guards against" line) and passes on the code as it is.
/// </summary>
public sealed class AsCodeHostMutationTests() : HostTestBase("runai-host-mut-")
{
    [Fact]
    public async Task A_plan_with_a_conflict_and_other_changes_exits_1_not_2()
    {
        // Guards against: plan's exit code checking HasChanges before HasConflicts (a conflicting plan passing CI as "changes").
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using (var client = NewClient(tenant))
        {
            await client.Templates.CreateAsync(Notebook().Build());
        }

        var result = await RunAsync(TemplateSet.Of(Notebook().ForWorkspace(false), Set[1].Template), environment, "plan");

        result.Output.Should().Contain("x   conflict notebook").And.Contain("+   create  training");
        result.Exit.Should().Be(TemplatesHost.Error, result.Output);
    }

    [Fact]
    public async Task An_address_with_square_brackets_is_printed_as_it_is_in_the_plan()
    {
        // Guards against: the plan line writing the address into Spectre markup unescaped ("[gpu]" read as a style tag).
        var result = await RunAsync(TemplateSet.Empty.Add("team[gpu]", Notebook()), null, "plan");

        result.Exit.Should().Be(TemplatesHost.ChangesPlanned, result.Output);
        result.Output.Should().Contain("+   create  team[gpu] (project 42/notebook)");
    }

    [Fact]
    public async Task A_field_value_with_square_brackets_is_printed_as_it_is_before_and_after()
    {
        // Guards against: a field's old or new value written into Spectre markup unescaped (a command "[a]" read as a style tag).
        (await RunAsync(TemplateSet.Of(Notebook().WithCommand("run [a]")), null, "apply")).Exit.Should().Be(TemplatesHost.Success);

        var result = await RunAsync(TemplateSet.Of(Notebook().WithCommand("run [b]")), null, "plan");

        result.Exit.Should().Be(TemplatesHost.ChangesPlanned, result.Output);
        result.Output.Should().Contain("spec.specificEnv.command: \"run [a]\" → \"run [b]\"");
    }

    [Fact]
    public async Task A_field_value_longer_than_120_characters_is_cut_to_117_and_an_ellipsis()
    {
        // Guards against: an off-by-one in the plan's shortening of long values (121 characters printed whole).
        var longer = new string('x', 119);
        (await RunAsync(TemplateSet.Of(Notebook().WithCommand(longer)), null, "apply")).Exit.Should().Be(TemplatesHost.Success);

        var result = await RunAsync(TemplateSet.Of(Notebook().WithCommand("short")), null, "plan");

        result.Exit.Should().Be(TemplatesHost.ChangesPlanned, result.Output);
        result.Output.Should().Contain("spec.specificEnv.command: \"" + new string('x', 116) + "... → \"short\"")
            .And.NotContain("\"" + longer + "\"");
    }

    [Fact]
    public async Task Changes_refused_for_the_credentials_are_not_advised_to_be_retried_by_applying_again()
    {
        // Guards against: the "run apply again to retry" advice counting credential refusals (403), which a retry never fixes.
        await using var tenant = await StartEmulatorAsync(o => o.ReadOnlyToken = "read-only");
        var environment = new Dictionary<string, string> { ["RUNAI_BASE_URL"] = tenant.BaseUrl, ["RUNAI_TOKEN"] = "read-only" };

        var result = await RunAsync(Set, environment, "apply");

        result.Exit.Should().Be(TemplatesHost.Error, result.Output);
        result.Output.Should().Contain("RUNAI_TOKEN").And.NotContain("run apply again to retry the failed ones");
    }

    [Fact]
    public async Task An_apply_with_nothing_to_change_still_records_the_templates_it_adopts()
    {
        // Guards against: the host skipping the apply when no change alters the target, so adopted templates never reach the state.
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        using var client = NewClient(tenant);
        var made = await client.Templates.CreateAsync(Notebook().Build());

        var applied = await RunAsync(TemplateSet.Of(Notebook()), environment, "apply");

        applied.Exit.Should().Be(TemplatesHost.Success, applied.Output);
        applied.Output.Should().Contain("Nothing to apply on the target; recorded in the state file.");
        var pruned = await RunAsync(TemplateSet.Empty, environment, "apply", "--prune");
        pruned.Exit.Should().Be(TemplatesHost.Success, pruned.Output);
        pruned.Output.Should().Contain("-   delete  notebook");
        (await client.Templates.ListAsync()).Should().NotContain(t => t.Meta.Id == made.Meta.Id, "the adopted template was recorded, so prune deletes it");
    }
}

/// <summary>Library behaviours of plan and apply that mutation testing found unguarded, against the emulator over HTTP.</summary>
public sealed class AsCodeLibraryMutationTests : StateTestBase
{
    [Fact]
    public async Task The_summary_of_an_apply_with_a_failure_and_a_conflict_counts_each_once()
    {
        // Guards against: ApplyResult.ToString counting conflicts among the failed changes ("2 failed" for one failure).
        await using var strict = await StartEmulatorAsync(o => o.StrictAssets = true);
        using var client = NewClient(strict);
        await client.Templates.CreateAsync(Notebook().Build());
        var broken = Template.Named("training").InTenant().ForTraining().WithEnvironment("00000000-0000-4000-8000-000000000000");
        var set = TemplateSet.Of(Notebook().ForWorkspace(false).ForTraining(), broken, Notebook("notebook-2"));
        using var state = await TemplateSetState.LoadAsync(StatePath, "strict");
        var plan = await TemplatePlanner.PlanAsync(client.Templates, set, state);
        plan.Changes.Select(c => c.Action).Should().Equal(PlanAction.Conflict, PlanAction.Create, PlanAction.Create);

        var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state);

        result.Failures.Should().HaveCount(2);
        result.ToString().Should().Be("Applied 1 of 2 changes; 1 failed; 1 in conflict, not applied.");
    }

    [Fact]
    public async Task A_same_name_replace_whose_create_fails_says_the_template_is_missing_and_records_nothing_at_the_address()
    {
        // Guards against: a failed same-name replace reporting the deleted id as the template left, or keeping it recorded (not forgotten after its delete).
        await using var strict = await StartEmulatorAsync(o => o.StrictAssets = true);
        using var client = NewClient(strict);
        using var state = await TemplateSetState.LoadAsync(StatePath, "strict");
        (await TemplateApplier.ApplyAsync(client.Templates, await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Of(Notebook()), state), state)).Succeeded.Should().BeTrue();
        var oldId = state.Find("notebook")!.Id;
        var replaced = TemplateSet.Of(Notebook().ForWorkspace(false).ForTraining().WithEnvironment("00000000-0000-4000-8000-000000000000"));
        var plan = await TemplatePlanner.PlanAsync(client.Templates, replaced, state);
        plan.Changes.Single().Action.Should().Be(PlanAction.Replace);

        var change = (await TemplateApplier.ApplyAsync(client.Templates, plan, state)).Changes.Single();

        change.Succeeded.Should().BeFalse();
        change.TemplateId.Should().BeNull("the old template was deleted and no new one was created");
        change.Outcome.Should().Contain($"deleted {oldId}").And.Contain("the template is missing on the target until the next apply creates it");
        (await client.Templates.ListAsync()).Should().BeEmpty();
        state.Find("notebook").Should().BeNull("the deleted template is no longer the address's");
        state.PendingDeletes.Should().BeEmpty();
        state.Dispose();
        (await StateFile.ReadAsync(StatePath, "strict")).Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task A_template_a_lost_create_made_is_recorded_at_its_address_before_an_update_of_it_that_fails()
    {
        // Guards against: the applier recording a lost create's template first only when the address has no entry, so a failed update leaves it unrecorded.
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        (await TemplateApplier.ApplyAsync(Client.Templates, await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state), state)).Succeeded.Should().BeTrue();
        var oldId = state.Find("notebook")!.Id;
        var losing = new FaultyApi(Client.Templates, create: async (request, ct) =>
        {
            await Client.Templates.CreateAsync(request, ct);
            throw new RunAiTransportException(true, "POST", "/api/v1/workload-templates", null);
        });
        var moved = TemplateSet.Of(Notebook().InTenant());
        (await TemplateApplier.ApplyAsync(losing, await TemplatePlanner.PlanAsync(losing, moved, state), state)).Succeeded.Should().BeFalse();
        var made = (await Client.Templates.ListAsync()).Single(t => t.Meta.Id != oldId);
        var edited = TemplateSet.Of(Notebook().InTenant().WithDescription("edited after the failed apply"));
        var updatesFail = new UpdatesFail(Client.Templates);
        var plan = await TemplatePlanner.PlanAsync(updatesFail, edited, state);
        plan.Changes.Should().Contain(c => c.Action == PlanAction.Update && c.ExistingId == made.Meta.Id);

        var result = await TemplateApplier.ApplyAsync(updatesFail, plan, state, maxConcurrency: 1);

        result.Failures.Should().ContainSingle().Which.Change.Action.Should().Be(PlanAction.Update);
        state.Find("notebook")!.Id.Should().Be(made.Meta.Id, "the template the move's lost create made is the address's, whatever happened to its update");
        var next = await TemplatePlanner.PlanAsync(Client.Templates, edited, state);
        next.Changes.Should().ContainSingle().Which.Should().Match<PlannedChange>(c => c.Action == PlanAction.Update && c.ExistingId == made.Meta.Id && c.Note == null);
    }

    [Fact]
    public async Task A_pending_delete_of_a_template_still_recorded_at_an_address_is_not_deleted_without_prune()
    {
        // Guards against: the planner deleting every pending delete still on the target, even one the state records at an address (a replace interrupted before its create).
        using (var first = await TemplateSetState.LoadAsync(StatePath, "test"))
        {
            (await TemplateApplier.ApplyAsync(Client.Templates, await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), first), first)).Succeeded.Should().BeTrue();
        }

        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(StatePath))!;
        json["pendingDeletes"] = json["templates"]!.DeepClone();
        await File.WriteAllTextAsync(StatePath, json.ToJsonString());
        var id = (await Client.Templates.ListAsync()).Single().Meta.Id;
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        state.PendingDeletes.Should().ContainSingle().Which.Id.Should().Be(id);

        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Empty, state);

        plan.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Orphan);
        (await TemplateApplier.ApplyAsync(Client.Templates, plan, state)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(id, "a template the project still records is deleted only with prune");
    }

    [Fact]
    public async Task Every_pending_delete_survives_a_save_of_the_state_file()
    {
        // Guards against: a save writing only part of the pending deletes, so a template still to delete is lost from the file.
        var a = await Client.Templates.CreateAsync(Notebook("a").Build());
        var b = await Client.Templates.CreateAsync(Notebook("b").Build());
        await File.WriteAllTextAsync(StatePath, $$$"""
            {"version":1,"target":"test","templates":[],"pendingCreates":[],"pendingDeletes":[
              {"address":"a","id":"{{{a.Meta.Id}}}","key":{"scope":"project","scopeId":"42","name":"a"} },
              {"address":"b","id":"{{{b.Meta.Id}}}","key":{"scope":"project","scopeId":"42","name":"b"} } ] }
            """);
        var deletesFail = new FaultyApi(Client.Templates, delete: (id, _) => throw new RunAiServiceUnavailableException(new ApiError { Code = 503, Message = "unavailable" }, "DELETE", "/api/v1/workload-templates/" + id, null));
        using (var state = await TemplateSetState.LoadAsync(StatePath, "test"))
        {
            var plan = await TemplatePlanner.PlanAsync(deletesFail, TemplateSet.Of(Notebook("c")), state);
            plan.Changes.Select(c => c.Action).Should().BeEquivalentTo(new[] { PlanAction.Create, PlanAction.Delete, PlanAction.Delete });

            var result = await TemplateApplier.ApplyAsync(deletesFail, plan, state, maxConcurrency: 1);

            result.Failures.Should().HaveCount(2);
        }

        var saved = await StateFile.ReadAsync(StatePath, "test");
        saved.PendingDeletes.Select(e => e.Id).Should().BeEquivalentTo(new[] { a.Meta.Id, b.Meta.Id });
        saved.Find("c").Should().NotBeNull();
    }

    [Theory]
    [InlineData("templates")]
    [InlineData("pendingDeletes")]
    public async Task A_state_file_entry_whose_id_is_blank_is_refused_as_not_a_whole_state(string list)
    {
        // Guards against: the shape check accepting a blank (whitespace) id, which no template on the target can match.
        const string blank = """[{"address":"a","id":"  ","key":{"scope":"project","scopeId":"42","name":"a"}}]""";
        await File.WriteAllTextAsync(StatePath, $$"""
            {"version":1,"target":"test","pendingCreates":[],
             "templates":{{(list == "templates" ? blank : "[]")}},"pendingDeletes":{{(list == "pendingDeletes" ? blank : "[]")}} }
            """);

        var load = () => TemplateSetState.LoadAsync(StatePath, "test");

        (await load.Should().ThrowAsync<TemplateSetStateException>()).WithMessage($"*{list}?0].id is missing*");
    }

    [Fact]
    public async Task A_lost_creates_template_left_behind_by_a_move_onto_a_template_as_the_code_says_is_kept_without_prune()
    {
        // Guards against: the planner deleting, without prune, the template a lost create made when the address moves onto an identical template (it may be someone else's).
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var losing = new FaultyApi(Client.Templates, create: async (request, ct) =>
        {
            await Client.Templates.CreateAsync(request, ct);
            throw new RunAiTransportException(true, "POST", "/api/v1/workload-templates", null);
        });
        (await TemplateApplier.ApplyAsync(losing, await TemplatePlanner.PlanAsync(losing, TemplateSet.Of(Notebook()), state), state)).Succeeded.Should().BeFalse();
        var lost = (await Client.Templates.ListAsync()).Single();
        var colleagues = await Client.Templates.CreateAsync(Notebook().InTenant().Build());
        var moved = TemplateSet.Of(Notebook().InTenant());

        var plan = await TemplatePlanner.PlanAsync(Client.Templates, moved, state);

        plan.Changes.Should().Contain(c => c.ExistingId == colleagues.Meta.Id && c.Action == PlanAction.NoOp);
        plan.Changes.Should().ContainSingle(c => c.ExistingId == lost.Meta.Id).Which.Action.Should().Be(PlanAction.Orphan);
        (await TemplateApplier.ApplyAsync(Client.Templates, plan, state)).Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Select(t => t.Meta.Id).Should().Contain(lost.Meta.Id, "only a prune deletes it");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"version\":0,")]
    public async Task A_state_file_without_the_current_version_is_refused_even_when_older(string version)
    {
        // Guards against: the version check refusing only newer files, so a file of no (or an older) version is read as this one.
        await File.WriteAllTextAsync(StatePath, "{" + version + "\"target\":\"test\",\"templates\":[],\"pendingDeletes\":[],\"pendingCreates\":[]}");

        var load = () => TemplateSetState.LoadAsync(StatePath, "test");

        (await load.Should().ThrowAsync<TemplateSetStateException>()).WithMessage("*has version 0; this version of RunAi.TemplateDsl reads version 1*")
            .Which.Message.Should().NotContain("upgrade", "an older file is not for a newer package to read");
    }

    [Fact]
    public async Task A_state_file_a_newer_package_wrote_says_to_upgrade()
    {
        await File.WriteAllTextAsync(StatePath, "{\"version\":2,\"target\":\"test\",\"templates\":[],\"pendingDeletes\":[],\"pendingCreates\":[]}");

        var load = () => TemplateSetState.LoadAsync(StatePath, "test");

        (await load.Should().ThrowAsync<TemplateSetStateException>()).WithMessage("*has version 2*A newer RunAi.TemplateDsl wrote it: upgrade the package*");
    }

    /// <summary>The real API over HTTP, except that every update is answered 503 without being made.</summary>
    private sealed class UpdatesFail(ITemplatesApi inner) : ITemplatesApi
    {
        public Task<IReadOnlyList<WorkloadTemplate>> ListAsync(TemplateFilter? filter = null, CancellationToken cancellationToken = default) => inner.ListAsync(filter, cancellationToken);

        public Task<WorkloadTemplate> CreateAsync(WorkloadTemplateCreationRequest request, CancellationToken cancellationToken = default) => inner.CreateAsync(request, cancellationToken);

        public Task<WorkloadTemplate> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<WorkloadTemplate> UpdateAsync(string id, WorkloadTemplateUpdateRequest request, CancellationToken cancellationToken = default) =>
            throw new RunAiServiceUnavailableException(new ApiError { Code = 503, Message = "unavailable" }, "PUT", "/api/v1/workload-templates/" + id, null);

        public Task<ApiResponse> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);
    }
}
