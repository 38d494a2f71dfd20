using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// The library API (planner, applier, state, plan objects) as a team's own host uses it: a plan is applied with its own
/// state and only while it is current, a progress is told of one change at a time and cannot stop an apply, a cancelled
/// or refused change reports what is true, and a state file behind a symbolic link stays one. Found by a review; each
/// case failed before its fix.
/// </summary>
public sealed class LibraryApiEdgeCaseTests : StateTestBase
{
    private const string Collection = "api/v1/asset/workload-template";

    private async Task<ApplyResult> ApplyAsync(TemplateSetState state, TemplateSet set, bool prune = false, ITemplatesApi? api = null)
    {
        var plan = await TemplatePlanner.PlanAsync(api ?? Client.Templates, set, state, prune);
        return await TemplateApplier.ApplyAsync(api ?? Client.Templates, plan, state);
    }

    /// <summary>Plans, then applies with a client that does not retry while the emulator drops the first answer: an apply killed after the server did its first change.</summary>
    private async Task<ApplyResult> ApplyLosingTheFirstAnswerAsync(TemplateSetState state, TemplateSet set)
    {
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, set, state);
        using var once = NewClient(Emulator, o => o.MaxRetryAttempts = 0);
        Emulator.Faults = new EmulatorFaults { FirstRequestsDropped = 1 };
        try
        {
            return await TemplateApplier.ApplyAsync(once.Templates, plan, state);
        }
        finally
        {
            Emulator.Faults = EmulatorFaults.None;
        }
    }

    [Fact]
    public async Task A_field_changes_before_and_after_are_readable_json_without_escaped_non_ascii_or_html_characters()
    {
        using var state = TemplateSetState.InMemory("test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook()))).Succeeded.Should().BeTrue();

        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook().WithDescription("Café & <GPU> 'x' + 日本")), state);

        var field = plan.Changes.Single().Fields.Should().ContainSingle().Subject;
        field.Path.Should().Be("meta.description");
        field.After.Should().Be("\"Café & <GPU> 'x' + 日本\"", "Before/After are for people to read (a plan's diff), and this is the same JSON unescaped");
    }

    [Fact]
    public async Task Progress_is_told_of_one_change_at_a_time()
    {
        using var state = TemplateSetState.InMemory("test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Enumerable.Range(0, 8).Select(i => Notebook("nb" + i))), state);
        var inside = 0;
        var overlapped = 0;
        var progress = new SyncProgress(_ =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlapped);
            }

            Thread.Sleep(100);
            Interlocked.Decrement(ref inside);
        });

        (await TemplateApplier.ApplyAsync(Client.Templates, plan, state, maxConcurrency: 4, progress: progress)).Succeeded.Should().BeTrue();

        overlapped.Should().Be(0, "a progress (a logger, a list of lines) is told of the changes one after another, as ApplyResult collects them under a lock");
    }

    [Fact]
    public async Task A_progress_that_throws_does_not_stop_the_other_changes_nor_their_reports_and_what_was_done_is_not_lost()
    {
        using var state = TemplateSetState.InMemory("test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Enumerable.Range(0, 6).Select(i => Notebook("nb" + i))), state);
        var told = new List<string>();
        var progress = new SyncProgress(applied =>
        {
            told.Add(applied.Change.Address);
            if (told.Count is 1 or 3)
            {
                throw new InvalidOperationException("the team's logger broke");
            }
        });

        var apply = () => TemplateApplier.ApplyAsync(Client.Templates, plan, state, maxConcurrency: 1, progress: progress);

        var thrown = (await apply.Should().ThrowAsync<ApplyProgressException>()).Which;
        thrown.InnerException.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("the team's logger broke");
        thrown.Message.Should().Be("The apply's progress threw 2 times (InvalidOperationException: the team's logger broke); the apply went on: Applied 6 changes.");
        thrown.Result.Changes.Should().HaveCount(6).And.OnlyContain(c => c.Succeeded);
        told.Should().HaveCount(6, "a log that failed once may take the next line: every change is still reported");
        (await Client.Templates.ListAsync()).Should().HaveCount(6, "a reporting callback is not a change");
        state.Entries.Should().HaveCount(6);
    }

    [Fact]
    public async Task A_client_disposed_during_an_apply_fails_the_changes_left_and_what_was_done_is_returned_and_recorded()
    {
        // The ObjectDisposedException escaped the apply: the changes done were recorded, but the caller got no result.
        using var state = TemplateSetState.InMemory("test");
        var client = NewClient(Emulator);
        var plan = await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Of(Enumerable.Range(0, 4).Select(i => Notebook("nb" + i))), state);
        var progress = new SyncProgress(_ => client.Dispose());

        var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state, maxConcurrency: 1, progress: progress);

        result.Changes.Should().HaveCount(4);
        result.Changes[0].Succeeded.Should().BeTrue();
        result.Changes.Skip(1).Should().OnlyContain(c => c.Error is ObjectDisposedException && c.Outcome.Contains("may have been carried out", StringComparison.Ordinal));
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(result.Changes[0].TemplateId);
        state.Entries.Should().ContainSingle();
    }

    [Fact]
    public async Task A_rename_whose_answer_was_lost_is_recorded_under_its_new_name_by_the_next_apply()
    {
        // The server renamed the template; the state kept the old name for good, as the next plans found nothing to do.
        using var state = TemplateSetState.InMemory("test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook("beta")))).Succeeded.Should().BeTrue();
        var renamed = TemplateSet.Empty.Add("beta", Notebook("beta2"));
        (await ApplyLosingTheFirstAnswerAsync(state, renamed)).Succeeded.Should().BeFalse("the answer to the rename was lost");

        var plan = await TemplatePlanner.PlanAsync(Client.Templates, renamed, state);
        await TemplateApplier.ApplyAsync(Client.Templates, plan, state);

        plan.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.NoOp);
        state.Find("beta")!.Key.Name.Should().Be("beta2");
    }

    [Fact]
    public async Task A_replace_undone_after_its_create_was_lost_leaves_no_mark_to_delete_the_template_kept()
    {
        // A scope change (create, then delete the old one) killed after the server made the new template and before its
        // answer came (the state records the create, and the old template marked to delete), then the change undone:
        // the template the address keeps stayed marked to delete in the state file for good.
        using var state = TemplateSetState.InMemory("test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook("alpha")))).Succeeded.Should().BeTrue();
        var kept = state.Find("alpha")!;
        (await ApplyLosingTheFirstAnswerAsync(state, TemplateSet.Of(Notebook("alpha").InTenant()))).Succeeded.Should().BeFalse("the answer to the create was lost");
        state.AddPendingDelete(kept).Should().BeTrue("a killed apply leaves the mark it made before the create");

        var undone = await ApplyAsync(state, TemplateSet.Of(Notebook("alpha")), prune: true);

        undone.Succeeded.Should().BeTrue();
        (await Client.Templates.ListAsync()).Should().ContainSingle().Which.Meta.Id.Should().Be(kept.Id, "the lost create's template was pruned");
        state.Find("alpha")!.Id.Should().Be(kept.Id);
        state.PendingDeletes.Should().BeEmpty("the template the address records is not to be deleted");
        state.PendingCreates.Should().BeEmpty();
    }

    [Fact]
    public async Task A_plan_applied_with_another_projects_state_is_refused_and_deletes_nothing_that_state_never_recorded()
    {
        var folder = Path.GetDirectoryName(StatePath)!;
        using var theirs = await TemplateSetState.LoadAsync(Path.Combine(folder, "theirs.json"), "test");
        (await ApplyAsync(theirs, TemplateSet.Of(Notebook("theirs")))).Succeeded.Should().BeTrue();
        var prune = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Empty, theirs, prune: true);
        prune.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Delete);
        using var mine = await TemplateSetState.LoadAsync(Path.Combine(folder, "mine.json"), "test");

        var act = () => TemplateApplier.ApplyAsync(Client.Templates, prune, mine);

        await act.Should().ThrowAsync<ArgumentException>("the plan was made with another state ('The state the plan was made with')");
        (await Client.Templates.ListAsync()).Should().ContainSingle("templates a state never recorded are never deleted");
    }

    [Fact]
    public async Task A_cancelled_prune_does_not_make_a_later_plan_without_prune_delete_the_template_of_a_lost_create()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates))).Succeeded.Should().BeFalse();
        (await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Empty, state)).Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Orphan);
        var prune = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Empty, state, prune: true);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await TemplateApplier.ApplyAsync(Client.Templates, prune, state, cancellationToken: cancelled.Token);
        result.Changes.Single().Outcome.Should().Contain("cancelled (nothing was changed on the target)");

        var next = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Empty, state);
        next.Changes.Should().ContainSingle().Which.Action.Should().Be(
            PlanAction.Orphan,
            "the template of a lost create is deleted only with prune (one exactly like it may be someone else's), and a cancelled apply changed nothing: " + string.Join("; ", next.Changes));
    }

    [Fact]
    public async Task A_prune_delete_the_server_refuses_leaves_the_template_of_a_lost_create_an_orphan()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook()), api: FaultyApi.CreatesLoseTheirAnswer(Client.Templates))).Succeeded.Should().BeFalse();
        var prune = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Empty, state, prune: true);
        prune.Changes.Should().ContainSingle().Which.Action.Should().Be(PlanAction.Delete);
        var refused = new FaultyApi(Client.Templates, delete: (_, _) => throw new RunAiForbiddenException(new ApiError { Code = 403, Message = "not yours to delete" }, "DELETE", Collection));

        var result = await TemplateApplier.ApplyAsync(refused, prune, state);
        result.Changes.Single().Outcome.Should().Contain("nothing was changed on the target");

        var next = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Empty, state);
        next.Changes.Should().ContainSingle().Which.Action.Should().Be(
            PlanAction.Orphan,
            "a delete the server refused changed nothing, and the template of a lost create is deleted only with prune: " + string.Join("; ", next.Changes));
        (await Client.Templates.ListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_create_that_never_reached_the_server_leaves_no_claim_on_an_identical_template_someone_else_makes_there()
    {
        // The create goes to a port nothing listens on: the connection is refused, so the request never left.
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        // A socket bound but not listening: connections are refused, and the port stays ours (a port freed again could be
        // taken by another test's emulator, which takes the same token).
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)closed.LocalEndPoint!).Port;
        using var unreachable = new RunAiClient(new RunAiClientOptions { BaseUrl = $"http://127.0.0.1:{port}", BearerToken = Emulator.Token, MaxRetryAttempts = 0 });
        var neverSent = new FaultyApi(Client.Templates, create: unreachable.Templates.CreateAsync);
        var failed = await ApplyAsync(state, TemplateSet.Of(Notebook()), api: neverSent);
        failed.Changes.Single().Error.Should().BeOfType<RunAiTransportException>().Which.MayHaveBeenProcessed.Should().BeFalse();
        state.PendingCreates.Should().BeEmpty("a create that never left cannot have made a template");
        var theirs = await Client.Templates.CreateAsync(Notebook().Build());

        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook().ForTraining()), state);

        plan.Changes.Should().ContainSingle().Which.Action.Should().Be(
            PlanAction.Conflict,
            "the template at that scope and name is a colleague's, not one this project's create made: it is never replaced: " + string.Join("; ", plan.Changes));
        await TemplateApplier.ApplyAsync(Client.Templates, plan, state);
        (await Client.Templates.GetAsync(theirs.Meta.Id)).Meta.Id.Should().Be(theirs.Meta.Id);
    }

    /// <summary>
    /// The save wrote its temporary file through a symbolic link planted at that name (a shared or group-writable folder):
    /// the file the link points to was overwritten with the state. Found by the security review.
    /// </summary>
    [Fact]
    public async Task A_link_planted_at_the_temporary_files_name_is_not_followed()
    {
        var victim = Path.Combine(Path.GetDirectoryName(StatePath)!, "victim.txt");
        await File.WriteAllTextAsync(victim, "IMPORTANT USER DATA");
        File.CreateSymbolicLink(StatePath + ".tmp", victim);

        using (var state = await TemplateSetState.LoadAsync(StatePath, "test"))
        {
            (await ApplyAsync(state, TemplateSet.Of(Notebook("kept")))).Succeeded.Should().BeTrue();
        }

        (await File.ReadAllTextAsync(victim)).Should().Be("IMPORTANT USER DATA");
        (await StateFile.ReadAsync(StatePath, "test")).Entries.Should().ContainSingle();
        File.Exists(StatePath + ".tmp").Should().BeFalse();
    }

    [Fact]
    public async Task A_create_whose_intent_could_not_be_saved_is_not_recorded_by_a_later_save()
    {
        // The save of a create's intent fails (its temporary file's path is taken by a folder): the create is not sent, and the intent must not stay in
        // memory for the next save to write, or a later plan takes someone else's template there for this project's.
        var state = await TemplateSetState.LoadAsync(StatePath, "test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook("kept")))).Succeeded.Should().BeTrue();
        var temporary = StatePath + ".tmp";
        Directory.CreateDirectory(temporary);
        try
        {
            var failed = await ApplyAsync(state, TemplateSet.Of(Notebook("kept"), Notebook("never-sent")));
            failed.Changes.Single(c => c.Change.Address == "never-sent").Outcome.Should().Contain("nothing was changed on the target");
        }
        finally
        {
            Directory.Delete(temporary);
        }

        state.PendingCreates.Should().BeEmpty();
        (await ApplyAsync(state, TemplateSet.Of(Notebook("kept").WithDescription("saved again")))).Succeeded.Should().BeTrue();
        state.Dispose();

        (await StateFile.ReadAsync(StatePath, "test")).PendingCreates.Should().BeEmpty("the intent was never saved, and no create was sent");
        (await Client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().Equal("kept");
    }

    [Fact]
    public async Task A_same_name_replace_cancelled_between_its_delete_and_its_create_says_the_template_is_missing_not_that_the_create_may_have_been_made()
    {
        using var state = TemplateSetState.InMemory("test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook()))).Succeeded.Should().BeTrue();
        using var cancel = new CancellationTokenSource();
        var api = new FaultyApi(Client.Templates, delete: async (id, ct) =>
        {
            var answer = await Client.Templates.DeleteAsync(id, ct);
            await cancel.CancelAsync();
            return answer;
        });
        var plan = await TemplatePlanner.PlanAsync(api, TemplateSet.Of(Notebook().ForTraining()), state);
        plan.Changes.Single().Action.Should().Be(PlanAction.Replace);

        var change = (await TemplateApplier.ApplyAsync(api, plan, state, cancellationToken: cancel.Token)).Changes.Single();

        (await Client.Templates.ListAsync()).Should().BeEmpty("the create was never sent: the token was cancelled before it");
        change.Outcome.Should().Contain("cancelled").And.Contain("missing on the target")
            .And.NotContain("may have been carried out", "no create was sent after the cancellation");
    }

    [Fact]
    public async Task A_same_name_replace_refused_because_a_template_holds_the_name_does_not_say_the_template_is_missing()
    {
        using var state = TemplateSetState.InMemory("test");
        (await ApplyAsync(state, TemplateSet.Of(Notebook()))).Succeeded.Should().BeTrue();

        // Someone else takes the scope and name between this replace's delete and its create.
        var api = new FaultyApi(Client.Templates, delete: async (id, ct) =>
        {
            var answer = await Client.Templates.DeleteAsync(id, ct);
            await Client.Templates.CreateAsync(Notebook().WithDescription("someone else's").Build(), ct);
            return answer;
        });
        var plan = await TemplatePlanner.PlanAsync(api, TemplateSet.Of(Notebook().ForTraining()), state);
        plan.Changes.Single().Action.Should().Be(PlanAction.Replace);

        var change = (await TemplateApplier.ApplyAsync(api, plan, state)).Changes.Single();

        change.Error.Should().BeOfType<TemplateAlreadyExistsException>();
        (await Client.Templates.ListAsync()).Should().ContainSingle("someone else's template holds the name");
        change.Outcome.Should().NotContain("missing on the target", "a template holds project 42/notebook");
    }

    [Fact]
    public async Task A_plan_applied_again_or_after_another_apply_is_refused_as_stale()
    {
        using var state = TemplateSetState.InMemory("test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);
        var stale = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook(), Notebook("two")), state);
        (await TemplateApplier.ApplyAsync(Client.Templates, plan, state)).Succeeded.Should().BeTrue();

        // A retry of a host, a double click, or a plan made before another apply: it may repeat or undo what was done.
        var again = () => TemplateApplier.ApplyAsync(Client.Templates, plan, state);
        var before = () => TemplateApplier.ApplyAsync(Client.Templates, stale, state);

        (await again.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("plan again");
        await before.Should().ThrowAsync<InvalidOperationException>();
        (await Client.Templates.ListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_state_file_that_is_a_symbolic_link_is_saved_through_the_link()
    {
        var real = Path.Combine(Path.GetDirectoryName(StatePath)!, "real.json");
        using (var first = await TemplateSetState.LoadAsync(real, "test"))
        {
            (await ApplyAsync(first, TemplateSet.Of(Notebook()))).Succeeded.Should().BeTrue();
        }

        File.CreateSymbolicLink(StatePath, real);
        using (var linked = await TemplateSetState.LoadAsync(StatePath, "test"))
        {
            linked.Entries.Should().ContainSingle("the link is read");
            (await ApplyAsync(linked, TemplateSet.Of(Notebook(), Notebook("two")))).Succeeded.Should().BeTrue();
        }

        new FileInfo(StatePath).LinkTarget.Should().Be(real, "a save must not replace the link with a file of its own");
        using var reread = await TemplateSetState.LoadAsync(real, "test");
        reread.Find("two").Should().NotBeNull("the file the link points to records what the apply did");
    }

    [Fact]
    public async Task Two_applies_of_one_state_at_once_in_one_process_are_refused()
    {
        using var state = await TemplateSetState.LoadAsync(StatePath, "test");
        var release = new TaskCompletionSource();
        var slow = new FaultyApi(Client.Templates, create: async (request, ct) =>
        {
            await release.Task;
            return await Client.Templates.CreateAsync(request, ct);
        });
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);
        var first = TemplateApplier.ApplyAsync(slow, plan, state);

        var second = () => TemplateApplier.ApplyAsync(Client.Templates, plan, state);

        try
        {
            await second.Should().ThrowAsync<Exception>("'two plans or applies of one state, in this process or another, cannot run at once'");
        }
        finally
        {
            release.SetResult();
            await first;
        }
    }

    [Fact]
    public async Task A_plans_changes_cannot_be_changed_by_a_holder_of_the_plan()
    {
        using var state = TemplateSetState.InMemory("test");
        var plan = await TemplatePlanner.PlanAsync(Client.Templates, TemplateSet.Of(Notebook()), state);

        var clear = () => ((IList<PlannedChange>)plan.Changes).Clear();

        clear.Should().Throw<NotSupportedException>("a plan is shown, approved and then applied: what is applied is what was approved");
    }

    /// <summary>
    /// A host of one's own that names the tenant as its options do (<c>https://Tenant.example</c>, no trailing slash)
    /// opens the state file the command host wrote with the client's spelling (<c>https://tenant.example/</c>): one
    /// tenant is one target. It was refused as "belongs to target …", which only the source explained.
    /// </summary>
    [Fact]
    public async Task A_state_opens_for_any_spelling_of_its_tenants_URL_and_not_for_another_tenant()
    {
        using (var written = await TemplateSetState.LoadAsync(StatePath, "https://tenant.example/"))
        {
            written.Record(new StateEntry("notebook", "11111111-1111-4111-8111-111111111111", TemplateKey.Of(new AssetCreationRequest { Name = "notebook", Scope = Scope.Tenant })));
        }

        using (var reopened = await TemplateSetState.LoadAsync(StatePath, "https://Tenant.example"))
        {
            reopened.Target.Should().Be("https://tenant.example/");
            reopened.Find("notebook").Should().NotBeNull();
        }

        var other = () => TemplateSetState.LoadAsync(StatePath, "https://other.example/");
        (await other.Should().ThrowAsync<TemplateSetStateException>()).WithMessage("*belongs to target 'https://tenant.example/', not 'https://other.example/'*");
        TemplateSetState.InMemory("embedded-emulator").Target.Should().Be("embedded-emulator", "a name that is no URL is kept as it is");
    }

    private sealed class SyncProgress(Action<AppliedChange> report) : IProgress<AppliedChange>
    {
        public void Report(AppliedChange value) => report(value);
    }
}
