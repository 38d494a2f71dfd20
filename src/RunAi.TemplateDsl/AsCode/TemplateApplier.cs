using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>What applying one <see cref="PlannedChange"/> did.</summary>
public sealed class AppliedChange
{
    internal AppliedChange(PlannedChange change, string? templateId, Exception? error, string outcome)
    {
        Change = change;
        TemplateId = templateId;
        Error = error;
        Outcome = outcome;
    }

    /// <summary>The planned change.</summary>
    public PlannedChange Change { get; }

    /// <summary>Whether the change was made completely.</summary>
    public bool Succeeded => Error is null;

    /// <summary>
    /// The id of the template the change left on the target: the new one for a create or replace (also when the replace
    /// failed after its create); the existing one for an update, and for a change that failed before changing it; null
    /// after a delete, and when a create failed. When a delete's answer was lost, the id of the template it was
    /// deleting, which may be gone (the <see cref="Outcome"/> says so).
    /// </summary>
    public string? TemplateId { get; }

    /// <summary>Why the change failed; null when it succeeded.</summary>
    public Exception? Error { get; }

    /// <summary>What was done on the target, in words: for a failure, also what was done before it failed.</summary>
    public string Outcome { get; }

    /// <summary>The outcome in one line.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Outcome;
}

/// <summary>The template a <see cref="PlanAction.Conflict"/> names was not touched: the plan cannot bring it to the set.</summary>
public sealed class TemplateConflictException : Exception
{
    /// <summary>Creates the exception for a planned conflict.</summary>
    /// <param name="change">The conflict.</param>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is null.</exception>
    public TemplateConflictException(PlannedChange change)
        : base(Describe(change))
    {
        Change = change;
    }

    /// <summary>Creates the exception.</summary>
    public TemplateConflictException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What conflicts.</param>
    public TemplateConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What conflicts.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The planned conflict; null when made from a message.</summary>
    public PlannedChange? Change { get; }

    private static string Describe(PlannedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return $"{change.Address} ({change.Key}): {change.Note}";
    }
}

/// <summary>What an apply did: every change it attempted, in the order they finished.</summary>
public sealed class ApplyResult
{
    internal ApplyResult(IReadOnlyList<AppliedChange> changes) => Changes = changes;

    /// <summary>Every change attempted.</summary>
    public IReadOnlyList<AppliedChange> Changes { get; }

    /// <summary>Whether every change was made.</summary>
    public bool Succeeded => Changes.All(c => c.Succeeded);

    /// <summary>The changes that failed.</summary>
    public IReadOnlyList<AppliedChange> Failures => [.. Changes.Where(c => !c.Succeeded)];

    /// <summary>The summary line, e.g. <c>Applied 4 of 5 changes; 1 failed.</c> or <c>Applied 2 changes; 1 in conflict, not applied.</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var conflicts = Changes.Count(c => c.Change.Action == PlanAction.Conflict);
        var attempted = Changes.Count - conflicts;
        var failed = Changes.Count(c => !c.Succeeded) - conflicts;
        var text = failed == 0
            ? $"Applied {attempted} change{(attempted == 1 ? "" : "s")}"
            : $"Applied {attempted - failed} of {attempted} changes; {failed} failed";
        return text + (conflicts > 0 ? $"; {conflicts} in conflict, not applied." : ".");
    }
}

/// <summary>
/// The progress given to <see cref="TemplateApplier.ApplyAsync"/> threw. The apply went on regardless and every change was
/// reported to the progress; <see cref="Result"/> says what was done, and <see cref="Exception.InnerException"/> is the
/// progress's first exception.
/// </summary>
public sealed class ApplyProgressException : Exception
{
    internal ApplyProgressException(ApplyResult result, int failedReports, Exception first)
        : base($"The apply's progress threw {(failedReports == 1 ? "once" : failedReports + " times")} ({first.GetType().Name}: {first.Message}); the apply went on: {result}", first)
    {
        Result = result;
    }

    /// <summary>What the apply did, as <see cref="TemplateApplier.ApplyAsync"/> would have returned it.</summary>
    public ApplyResult Result { get; }
}

/// <summary>
/// Carries out a <see cref="TemplatePlan"/> in waves that free each scope and name before a change takes it (deletes
/// and renames before the creates that need their names), each wave with bounded concurrency. Every change that
/// completes is recorded in the <see cref="TemplateSetState"/> at once, so a failure or a cancellation leaves the state
/// matching the target; a failed change does not stop the others.
/// </summary>
/// <remarks>
/// A replace into a new scope or name creates the new template before it deletes the old one, so the old one stays when
/// the create fails. A replace that keeps scope and name (the supported workload types changed, say) must delete first,
/// because the API refuses two templates with one name in one scope; if the create then fails, the outcome says that the
/// template is gone and the next apply creates it.
/// </remarks>
public static class TemplateApplier
{
    /// <summary>What the state keeps of the request a change applied (see <see cref="StateEntry.Applied"/>).</summary>
    private static string? AppliedOf(PlannedChange change) => change.Request is { } request ? TemplateDiff.Hash(request) : null;

    /// <summary>The state's entry for a template a change created or updated: where it is, what was applied, its update count.</summary>
    private static StateEntry EntryFor(PlannedChange change, WorkloadTemplate template) =>
        new(change.Address, template.Meta.Id, TemplateKey.Of(template.Meta)) { Applied = AppliedOf(change), UpdateCount = template.Meta.UpdateCount };

    /// <summary>Applies a plan.</summary>
    /// <param name="api">The target's template API: the one the plan was made against.</param>
    /// <param name="plan">The plan, as made by <see cref="TemplatePlanner.PlanAsync(ITemplatesApi, TemplateSet, TemplateSetState, bool, bool, CancellationToken)"/>; applied once, and only while the state is as it was then.</param>
    /// <param name="state">The state the plan was made with (the same object); updated as changes complete.</param>
    /// <param name="maxConcurrency">How many changes run at once; at least 1.</param>
    /// <param name="progress">
    /// Told of each change as it finishes, one at a time (it need not be thread-safe). An exception it throws does not
    /// stop the apply: the other changes go on and are reported too, and when the apply has ended an
    /// <see cref="ApplyProgressException"/> carries the first exception and what was done.
    /// </param>
    /// <param name="cancellationToken">Stops starting changes and cancels those running; what completed is recorded.</param>
    /// <returns>What was done: each change of the plan that changes the target, and each conflict, with its outcome.</returns>
    /// <remarks>
    /// Cancellation does not throw: the changes not done when it comes are returned as failed, each with an outcome that
    /// says "cancelled" and what was done before (its <see cref="AppliedChange.Error"/> is the
    /// <see cref="OperationCanceledException"/>), and what completed is recorded in the state. A change the API refuses,
    /// or whose result the state file cannot save, is returned as failed the same way; the other changes go on. So is each
    /// change left when the client or the state is disposed during the apply (with the <see cref="ObjectDisposedException"/>).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="api"/>, <paramref name="plan"/> or <paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The plan was made with another state: what it deletes may not be this state's.</exception>
    /// <exception cref="InvalidOperationException">
    /// The state changed since the plan was made (another apply ran, or this plan was applied already), or another apply
    /// of this state is running: nothing is sent; plan again.
    /// </exception>
    /// <exception cref="ObjectDisposedException">
    /// <paramref name="state"/> was disposed before the apply (its file's lock is released, so another run may be writing
    /// it): nothing is sent and nothing is recorded. Dispose the state only after the apply.
    /// </exception>
    /// <exception cref="IOException">
    /// The state file could not be saved while the apply recorded what the plan forgets, drops, adopts or marks to
    /// delete, before any change is sent. (Once changes are sent, a failed save fails only that change: it is returned
    /// as failed.)
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">The state file may not be written, at the same moment as for <see cref="IOException"/>.</exception>
    /// <exception cref="ApplyProgressException"><paramref name="progress"/> threw; the apply went on, and the exception carries what it did.</exception>
    public static async Task<ApplyResult> ApplyAsync(ITemplatesApi api, TemplatePlan plan, TemplateSetState state, int maxConcurrency = 4, IProgress<AppliedChange>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ObjectDisposedException.ThrowIf(state.IsDisposed, state);
        if (!ReferenceEquals(plan.State, state))
        {
            // Another project's state (or another load of the file) does not record what the plan deletes as its own.
            throw new ArgumentException("The plan was made with another state: apply it with the state it was planned with, or plan again with this one.", nameof(state));
        }

        if (!state.EnterApply())
        {
            throw new InvalidOperationException("Another apply of this state is running: two at once would each record and drop what the other is doing. Wait for it, then plan again.");
        }

        try
        {
            if (plan.StateVersion != state.Version)
            {
                // Another apply (or this plan, applied before) changed the state: the plan may undo or repeat its work.
                throw new InvalidOperationException("The state changed since the plan was made (an apply ran, or this plan was applied already): plan again.");
            }

            return await ApplyPlanAsync(api, plan, state, maxConcurrency, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            state.ExitApply();
        }
    }

    private static async Task<ApplyResult> ApplyPlanAsync(ITemplatesApi api, TemplatePlan plan, TemplateSetState state, int maxConcurrency, IProgress<AppliedChange>? progress, CancellationToken cancellationToken)
    {
        foreach (var gone in plan.Forgotten)
        {
            state.ForgetTemplate(gone.Id);
        }

        foreach (var id in plan.DroppedPendingDeletes)
        {
            state.RemovePendingDelete(id);
        }

        foreach (var create in plan.DroppedPendingCreates)
        {
            state.RemovePendingCreate(create);
        }

        // A template an address had and this plan deletes while it points the address at another one is marked to
        // delete first, so it stays recorded until it is gone, whichever of the two changes runs first; so is a template
        // this plan deletes that only a pending create records (a duplicate or an orphan of a lost create).
        var deleted = plan.Changes.Where(c => c.Action == PlanAction.Delete).Select(c => c.ExistingId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var markedHere = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var change in plan.Changes)
        {
            if (change.Action != PlanAction.Delete && state.Find(change.Address) is { } before && before.Id != change.ExistingId && deleted.Contains(before.Id))
            {
                state.AddPendingDelete(before);
            }

            if (change.Action == PlanAction.Delete && !state.Records(change.ExistingId!) && state.AddPendingDelete(new StateEntry(change.Address, change.ExistingId!, change.ExistingKey!)))
            {
                markedHere.Add(change.ExistingId!);
            }
        }

        // A template that only a lost create records becomes the address's before anything is sent to it, so that an
        // update or replace that fails, or whose answer is lost, leaves it recorded.
        foreach (var change in plan.Changes)
        {
            if (change.RecordFirst && state.Find(change.Address)?.Id != change.ExistingId)
            {
                state.Record(new StateEntry(change.Address, change.ExistingId!, change.ExistingKey!));
            }
        }

        // Templates that need no change are recorded as the target has them: adopted ones, so that the next plan finds
        // them by id; one whose rename's answer was lost, under its new scope and name; one still marked to delete (an
        // interrupted replace that this plan undoes), without the mark.
        foreach (var change in plan.Changes)
        {
            if (change.Action != PlanAction.NoOp)
            {
                continue;
            }

            var hash = AppliedOf(change);
            var count = change.Existing?.Meta.UpdateCount;
            if (TemplatePlan.RecordsNoOp(state, change))
            {
                state.Record(new StateEntry(change.Address, change.ExistingId!, change.ExistingKey!) { Applied = hash, UpdateCount = count });
            }
            else if (state.Find(change.Address) is { } recorded && (recorded.Applied != hash || recorded.UpdateCount != count))
            {
                // A template as the code says, recorded without the hash or count (by an earlier version), or with others
                // (its code changed, or it was changed on the target, and it already matches): what later plans compare
                // with, kept without calling it a change (the plan said "No changes").
                state.Record(recorded with { Applied = hash, UpdateCount = count });
            }
        }

        var done = new List<AppliedChange>();
        Exception? progressFailed = null;
        var failedReports = 0;

        // One change at a time, in the order they finish, as ApplyResult collects them: a progress (a logger, a list of
        // lines) need not be thread-safe. What it throws is not the apply's: the other changes go on and are reported
        // too (a log that failed once may take the next line), and the first such exception is thrown once the apply
        // has ended, with what was done (the state records every change made).
        void Done(AppliedChange result)
        {
            lock (done)
            {
                done.Add(result);
                if (progress is not null)
                {
                    try
                    {
                        progress.Report(result);
                    }
                    catch (Exception e)
                    {
                        progressFailed ??= e;
                        failedReports++;
                    }
                }
            }
        }

        foreach (var conflict in plan.Changes.Where(c => c.Action == PlanAction.Conflict))
        {
            Done(new AppliedChange(conflict, conflict.ExistingId, new TemplateConflictException(conflict), $"conflict {conflict.Address} ({conflict.Key}) not applied: {conflict.Note}"));
        }

        foreach (var wave in Waves(plan))
        {
            await Parallel.ForEachAsync(
                wave,
                new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency },
                async (change, _) =>
                {
                    // The caller's token, not the loop's: a cancelled apply stops starting changes, and running ones see it too.
                    Done(await ApplyOneAsync(api, change, state, markedHere, cancellationToken).ConfigureAwait(false));
                }).ConfigureAwait(false);
        }

        var applied = new ApplyResult(done);
        if (progressFailed is not null)
        {
            throw new ApplyProgressException(applied, failedReports, progressFailed);
        }

        return applied;
    }

    /// <summary>
    /// The changes in an order that frees each scope and name before a change takes it: a change that needs a key
    /// (<see cref="PlannedChange.Needs"/>) waits for the change that frees it (<see cref="PlannedChange.Frees"/>: a
    /// delete, a rename, a replace into another key once its old template is deleted). The planner reports cycles as
    /// conflicts, so every wave but a cycle's has a change that can go.
    /// </summary>
    private static IEnumerable<List<PlannedChange>> Waves(TemplatePlan plan)
    {
        var remaining = plan.Changes.Where(c => c.ChangesTarget).ToList();
        while (remaining.Count > 0)
        {
            var freed = remaining.Select(c => c.Frees).OfType<TemplateKey>().ToHashSet();
            var ready = remaining.Where(c => c.Needs is not { } key || !freed.Contains(key)).ToList();
            if (ready.Count == 0)
            {
                ready = remaining;
            }

            yield return ready;
            remaining = [.. remaining.Except(ready)];
        }
    }

    private static async Task<AppliedChange> ApplyOneAsync(ITemplatesApi api, PlannedChange change, TemplateSetState state, HashSet<string> markedHere, CancellationToken cancellationToken)
    {
        var steps = new Steps();
        string? createdId = null;
        var oldGone = false;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (change.Action)
            {
                case PlanAction.Create:
                {
                    var created = await PostAsync(api, change, state, steps, cancellationToken).ConfigureAwait(false);
                    createdId = created.Meta.Id;
                    state.Record(EntryFor(change, created));
                    return new AppliedChange(change, created.Meta.Id, null, $"created {change.Address} ({change.Key}) as {created.Meta.Id}");
                }

                case PlanAction.Update:
                {
                    var desired = change.Request!;
                    // Members of the spec the server has and this version does not know are sent back as they are: code
                    // cannot set them, so an update must not erase them.
                    var spec = change.Existing is { } existing ? TemplateDiff.KeepUnknownMembers(existing.ToCreationRequest().Spec, desired.Spec) : desired.Spec;
                    steps.Sending($"update of {change.ExistingId}");
                    WorkloadTemplate updated;
                    try
                    {
                        updated = await api.UpdateAsync(
                            change.ExistingId!,
                            new WorkloadTemplateUpdateRequest { Meta = new AssetUpdateRequest { Name = desired.Meta.Name, Description = desired.Meta.Description }, Spec = spec },
                            cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (MayHaveActed(e))
                    {
                        ForgetWhatWasApplied(state, change);
                        throw;
                    }

                    steps.Done($"updated {updated.Meta.Id}");
                    state.Record(EntryFor(change, updated));
                    return new AppliedChange(change, updated.Meta.Id, null, $"updated {change.Address} ({change.Key}), {change.Fields.Count} field{(change.Fields.Count == 1 ? "" : "s")}");
                }

                case PlanAction.Replace:
                {
                    var old = new StateEntry(change.Address, change.ExistingId!, change.ExistingKey!);
                    if (change.Key.Equals(change.ExistingKey))
                    {
                        // Same scope and name: the old template must go first (the API allows one per scope and name).
                        // Pending while the delete runs, so that an interruption leaves a record of it; not pending when
                        // the delete fails, since the template is still the one recorded for the address.
                        var pending = state.AddPendingDelete(old);
                        try
                        {
                            await DeleteAsync(api, old.Id, steps, cancellationToken).ConfigureAwait(false);
                        }
                        catch when (pending)
                        {
                            // Only the mark this change made: a template that was already to delete stays so.
                            state.RemovePendingDelete(old.Id);
                            throw;
                        }

                        oldGone = true;
                        state.ForgetTemplate(old.Id, old.Key);
                        var created = await PostAsync(api, change, state, steps, cancellationToken).ConfigureAwait(false);
                        createdId = created.Meta.Id;
                        state.Record(EntryFor(change, created));
                        return new AppliedChange(change, created.Meta.Id, null, $"replaced {change.Address} ({change.Key}): deleted {old.Id}, created {created.Meta.Id}");
                    }
                    else
                    {
                        // Pending before the create, so that from the moment the new template is recorded at the address the old
                        // one is recorded as still to delete (a crash in between loses neither).
                        var pending = state.AddPendingDelete(old);
                        WorkloadTemplate created;
                        try
                        {
                            created = await PostAsync(api, change, state, steps, cancellationToken).ConfigureAwait(false);
                        }
                        catch when (pending)
                        {
                            // Only the create failed (nothing was recorded yet): the old template stays the address's.
                            state.RemovePendingDelete(old.Id);
                            throw;
                        }

                        createdId = created.Meta.Id;
                        state.Record(EntryFor(change, created));
                        await DeleteAsync(api, old.Id, steps, cancellationToken).ConfigureAwait(false);
                        oldGone = true;
                        state.ForgetTemplate(old.Id, old.Key);
                        return new AppliedChange(change, created.Meta.Id, null, $"replaced {change.Address}: created {created.Meta.Id} ({change.Key}), deleted {old.Id} ({old.Key})");
                    }
                }

                case PlanAction.Delete:
                    await DeleteAsync(api, change.ExistingId!, steps, cancellationToken).ConfigureAwait(false);
                    oldGone = true;
                    state.ForgetTemplate(change.ExistingId!, change.ExistingKey);
                    return new AppliedChange(change, null, null, $"deleted {change.Address} ({change.Key}), id {change.ExistingId}");

                default:
                    return new AppliedChange(change, change.ExistingId, null, $"{change.Address} ({change.Key}) unchanged");
            }
        }
        catch (Exception e) when (e is RunAiException or OperationCanceledException or ObjectDisposedException or IOException or UnauthorizedAccessException)
        {
            // A call that failed without a clear answer (the connection dropped, a timeout, Ctrl+C or the client's Dispose
            // while it was sent) may have been carried out: the report says so rather than "nothing was changed"; the next
            // plan sees which. (A client or state disposed during the apply fails each change left, as a refusal does.)
            var uncertain = steps.InFlight is { } call && MayHaveActed(e)
                ? $"the {call} may have been carried out before its answer was lost; the next plan sees whether it was"
                : null;
            // A same-name replace whose create did not follow its delete: the template is missing, unless the create was
            // refused because a template holds the name again (someone else's, or this plan applied before).
            var missing = uncertain is null && change.Action == PlanAction.Replace && change.Key.Equals(change.ExistingKey) && steps.Count == 1 && e is not TemplateAlreadyExistsException;
            if (change.Action == PlanAction.Delete && steps.Count == 0 && uncertain is null && markedHere.Contains(change.ExistingId!)
                && state.PendingCreates.Any(p => p.Key.Equals(change.ExistingKey)))
            {
                // Never sent, or refused with an answer that says the server did nothing (a 403, say): the template stays
                // what it was, a lost create's, which only a prune deletes; the mark this apply made would have the next
                // plan delete it without one.
                state.RemovePendingDelete(change.ExistingId!);
            }

            var before = steps.Count == 0 ? uncertain ?? "nothing was changed on the target"
                : "done before: " + string.Join("; ", steps.All) + (uncertain is not null ? "; then " + uncertain : missing ? "; the template is missing on the target until the next apply creates it" : "");
            var what = e is OperationCanceledException ? "cancelled" : "failed: " + e.Message;
            return new AppliedChange(change, createdId ?? (oldGone ? null : change.ExistingId), e, $"{change.Action.ToString().ToLowerInvariant()} {change.Address} ({change.Key}) {what} ({before})");
        }
    }

    /// <summary>Whether a call that failed so, once sent, may have been carried out (its answer lost, or cut off by Ctrl+C or a Dispose).</summary>
    private static bool MayHaveActed(Exception failure) =>
        failure is OperationCanceledException or ObjectDisposedException || failure is RunAiException { MayHaveBeenProcessed: true };

    /// <summary>
    /// After an update whose answer was lost (it may have been carried out): what this project last applied at the
    /// address, and the update count that left, are no longer known, so the state no longer says. Otherwise the next plan
    /// would take this project's own update, if it went through, for a change made on the target since (and a plan of the
    /// code as it was before would say it "sets back" a change made there). The template stays recorded at the address.
    /// </summary>
    private static void ForgetWhatWasApplied(TemplateSetState state, PlannedChange change)
    {
        if (state.Find(change.Address) is not { } entry || !string.Equals(entry.Id, change.ExistingId, StringComparison.OrdinalIgnoreCase)
            || (entry.Applied is null && entry.UpdateCount is null))
        {
            return;
        }

        try
        {
            state.Record(entry with { Applied = null, UpdateCount = null });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The report carries the update's own failure, which says the update may have been carried out; a state file
            // that cannot be written keeps the old entry, as before (the next save writes the cleared one).
        }
    }

    /// <summary>
    /// Sends a create, recorded first as pending: if its answer never comes, the next plan takes the template found at
    /// that scope and name, with exactly the content sent, as the address's own.
    /// </summary>
    private static async Task<WorkloadTemplate> PostAsync(ITemplatesApi api, PlannedChange change, TemplateSetState state, Steps steps, CancellationToken cancellationToken)
    {
        // The intent stays on a failure that may hide a create: an answer lost, a timeout, a cancellation, or a refusal after
        // an earlier attempt that may have created (the client retries inside; its failure says so). A plan takes the
        // template at that scope and name only if it has exactly the content sent, and drops the intent otherwise; the
        // answer, when it comes, records the template and clears it.
        // Not begun once cancelled (e.g. between a replace's delete and its create): the report then says what is missing,
        // not that a create that was never sent may have been made.
        cancellationToken.ThrowIfCancellationRequested();
        var intent = new PendingCreate(change.Address, change.Key, TemplateJson.Serialize(change.Request!));
        state.AddPendingCreate(intent);
        WorkloadTemplate created;
        try
        {
            steps.Sending($"create of {change.Key}");
            created = await api.CreateAsync(change.Request!, cancellationToken).ConfigureAwait(false);
        }
        catch (TemplateAlreadyExistsException e) when (e.CreatedNothing)
        {
            // The refusal that says this create made nothing (its first POST was a 409): the name is someone else's.
            state.RemovePendingCreate(intent);
            throw;
        }
        catch (RunAiException e) when (!e.MayHaveBeenProcessed && e is not TemplateAlreadyExistsException)
        {
            // No attempt of this create can have been carried out (no connection could be made; or every answer said the
            // server did nothing: a 400, a 403, a 503 after the retries). The intent goes, or the next plan would take a
            // template someone else makes at this scope and name, as this one asked, for this create's, and replace or
            // delete it as this project's. (A 409 after an earlier failed attempt keeps it: that attempt may have made it.)
            state.RemovePendingCreate(intent);
            throw;
        }

        steps.Done($"created {created.Meta.Id} ({change.Key})");
        return created;
    }

    /// <summary>Deletes a template; one that is already gone counts as deleted.</summary>
    private static async Task DeleteAsync(ITemplatesApi api, string id, Steps steps, CancellationToken cancellationToken)
    {
        try
        {
            steps.Sending($"delete of {id}");
            await api.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            steps.Done($"deleted {id}");
        }
        catch (RunAiNotFoundException)
        {
            // Gone already (deleted by someone else since the plan): the goal is met.
            steps.Done($"{id} was already gone");
        }
    }

    /// <summary>What one change has done on the target so far, and the call it is waiting for, for its report.</summary>
    private sealed class Steps
    {
        private readonly List<string> _done = [];

        public IReadOnlyList<string> All => _done;

        public int Count => _done.Count;

        /// <summary>The call sent and not answered yet (e.g. <c>create of project 42/notebook</c>), or null.</summary>
        public string? InFlight { get; private set; }

        public void Sending(string call) => InFlight = call;

        public void Done(string step)
        {
            _done.Add(step);
            InFlight = null;
        }
    }

}
