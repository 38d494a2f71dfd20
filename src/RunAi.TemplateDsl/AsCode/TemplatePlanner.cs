using System.Text;
using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>
/// Compares a <see cref="TemplateSet"/> with the templates on a target and says what would make them match, without
/// changing anything.
/// </summary>
/// <remarks>
/// <para>Each template of the set is found on the target by the id the <see cref="TemplateSetState"/> recorded for its
/// address (so a rename or a move to another scope updates or replaces the template it applied), or else by its scope,
/// scope id and name. A template found by scope and name that the state does not know is adopted when it already matches
/// (recorded, nothing sent); one that differs is someone else's until said otherwise: a <see cref="PlanAction.Conflict"/>,
/// left as it is, unless <c>adopt</c> is given, which updates it to match where an update can. It is never deleted or
/// replaced.</para>
/// <para>Templates the state recorded that the set no longer has are deleted only with <c>prune</c>; templates the state
/// never recorded are never deleted or replaced (an adopted one is only updated in place).</para>
/// </remarks>
public static class TemplatePlanner
{
    /// <summary>Builds every template of the set (the rule catalog applies) and plans the changes against the target.</summary>
    /// <param name="api">The target's template API (a tenant, or the emulator).</param>
    /// <param name="set">The desired templates.</param>
    /// <param name="state">What this project applied to the target before.</param>
    /// <param name="prune">Delete the templates this project applied before that the set no longer has.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="TemplateSetException">A template of the set is invalid, or two have the same scope and name.</exception>
    /// <exception cref="RunAiException">Listing the target's templates failed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="api"/>, <paramref name="set"/> or <paramref name="state"/> is null.</exception>
    public static Task<TemplatePlan> PlanAsync(ITemplatesApi api, TemplateSet set, TemplateSetState state, bool prune = false, CancellationToken cancellationToken = default) =>
        PlanAsync(api, set, state, prune, adopt: false, cancellationToken);

    /// <summary>
    /// Builds every template of the set and plans the changes against the target, taking over (with <paramref name="adopt"/>)
    /// templates found by scope and name that this project never applied and that differ from the set.
    /// </summary>
    /// <param name="api">The target's template API (a tenant, or the emulator).</param>
    /// <param name="set">The desired templates.</param>
    /// <param name="state">What this project applied to the target before.</param>
    /// <param name="prune">Delete the templates this project applied before that the set no longer has.</param>
    /// <param name="adopt">
    /// Update a template found by scope and name that the state does not record, and that differs from the set, to match
    /// it (from then on it is this project's). Without it such a template is a conflict and is left as it is: it may be
    /// another project's, made by hand, or this project's from before its state was lost.
    /// </param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="TemplateSetException">A template of the set is invalid, or two have the same scope and name.</exception>
    /// <exception cref="RunAiException">Listing the target's templates failed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="api"/>, <paramref name="set"/> or <paramref name="state"/> is null.</exception>
    public static async Task<TemplatePlan> PlanAsync(ITemplatesApi api, TemplateSet set, TemplateSetState state, bool prune, bool adopt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(state);
        var desired = BuildAll(set);
        var existing = await api.ListAsync(null, cancellationToken).ConfigureAwait(false);
        return Plan(desired, existing, state, prune, adopt);
    }

    /// <summary>Builds every template of the set, collecting every problem of every template before failing.</summary>
    /// <param name="set">The set.</param>
    /// <returns>Each template's address, request and key, in set order.</returns>
    /// <exception cref="TemplateSetException">A template is invalid, or two have the same scope and name.</exception>
    public static IReadOnlyList<BuiltTemplate> BuildAll(TemplateSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var built = new List<BuiltTemplate>(set.Count);
        var problems = new List<string>();
        var violations = new List<TemplateSetViolation>();
        var byKey = new Dictionary<TemplateKey, string>();
        foreach (var template in set)
        {
            WorkloadTemplateCreationRequest request;
            try
            {
                request = template.Template.Build();
            }
            catch (TemplateValidationException e)
            {
                problems.Add(e.Message);
                foreach (var violation in e.Violations)
                {
                    violations.Add(new TemplateSetViolation(template.Address, violation));
                }

                continue;
            }

            var key = TemplateKey.Of(request.Meta);
            if (byKey.TryGetValue(key, out var other))
            {
                problems.Add($"Templates '{other}' and '{template.Address}' are both {key}: a name can be used once per scope.");
                continue;
            }

            byKey.Add(key, template.Address);
            built.Add(new BuiltTemplate(template.Address, request, key));
        }

        if (problems.Count > 0)
        {
            throw new TemplateSetException(problems, violations);
        }

        return built;
    }

    internal static TemplatePlan Plan(
        IReadOnlyList<BuiltTemplate> desired,
        IReadOnlyList<WorkloadTemplate> existing,
        TemplateSetState state,
        bool prune,
        bool adopt = false)
    {
        var version = state.Version;
        var byId = new Dictionary<string, WorkloadTemplate>(StringComparer.OrdinalIgnoreCase);
        var byKey = new Dictionary<TemplateKey, WorkloadTemplate>();
        foreach (var template in existing)
        {
            byId[template.Meta.Id] = template;
            byKey.TryAdd(TemplateKey.Of(template.Meta), template);
        }

        // First the template each address recorded (so renames and moves, even in a chain, follow their own template),
        // then, for the addresses still without one, a template with their scope and name that no address claims (adopted).
        // Every template this project recorded, by id: at an address (the set's or one it dropped) or as a pending delete.
        var recordedAt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in state.Entries)
        {
            recordedAt.TryAdd(entry.Id, entry.Address);
        }

        foreach (var pending in state.PendingDeletes)
        {
            recordedAt.TryAdd(pending.Id, pending.Address + " (replaced, to delete)");
        }

        // A create whose answer never came: the template at its scope and name, recorded nowhere and exactly as that create
        // asked, is the address's own (one someone else made there, with other content, is not).
        var createdFor = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var droppedCreates = new List<PendingCreate>();
        foreach (var create in state.PendingCreates)
        {
            if (byKey.TryGetValue(create.Key, out var made) && !recordedAt.ContainsKey(made.Meta.Id)
                && create.Request is not null
                && TemplateDiff.Between(made.ToCreationRequest(), TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(create.Request)).Count == 0)
            {
                createdFor[made.Meta.Id] = create.Address;
                recordedAt[made.Meta.Id] = create.Address + " (its create's answer was lost)";
            }
            else
            {
                droppedCreates.Add(create);
            }
        }

        var claimedBy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var matches = new WorkloadTemplate?[desired.Count];
        var adopted = new bool[desired.Count];
        var fromLostCreate = new bool[desired.Count];
        // An address with several lost creates takes the one at the scope and name it wants now, else its latest.
        var wanted = desired.ToDictionary(d => d.Address, d => d.Key, StringComparer.Ordinal);
        var lostCreateOf = createdFor.GroupBy(p => p.Value, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(p => byId[p.Key]).OrderByDescending(t => wanted.TryGetValue(g.Key, out var k) && k.Equals(TemplateKey.Of(t.Meta))).ThenByDescending(t => t.Meta.CreatedAt).First(),
            StringComparer.Ordinal);
        for (var i = 0; i < desired.Count; i++)
        {
            if (state.Find(desired[i].Address) is { } recorded && byId.TryGetValue(recorded.Id, out var template) && claimedBy.TryAdd(template.Meta.Id, desired[i].Address))
            {
                matches[i] = template;
            }
            else if (lostCreateOf.TryGetValue(desired[i].Address, out var made) && claimedBy.TryAdd(made.Meta.Id, desired[i].Address))
            {
                // No template recorded at the address, but the one its lost create made: that is its template, whatever
                // the code says now (a rename or move from there is an update or replace of it).
                matches[i] = made;
                fromLostCreate[i] = true;
            }
        }

        for (var i = 0; i < desired.Count; i++)
        {
            if (matches[i] is null && byKey.TryGetValue(desired[i].Key, out var template) && claimedBy.TryAdd(template.Meta.Id, desired[i].Address))
            {
                // Adopted only when this project never recorded it; one recorded elsewhere moves to this address.
                matches[i] = template;
                adopted[i] = !recordedAt.ContainsKey(template.Meta.Id);
            }
        }

        var changes = new List<PlannedChange>();
        for (var i = 0; i < desired.Count; i++)
        {
            var (address, request, key) = desired[i];
            var target = matches[i];
            if (target is null)
            {
                string? note = null;
                if (state.Find(address) is { } recorded)
                {
                    note = claimedBy.TryGetValue(recorded.Id, out var other)
                        ? $"the template this project applied here ({recorded.Id}) is recorded for '{other}' too, which keeps it"
                        : $"recreated: the template this project applied ({recorded.Id}) is gone from the target";
                }

                changes.Add(new PlannedChange(PlanAction.Create, address, key, null, null, request, [], note));
                continue;
            }

            var targetKey = TemplateKey.Of(target.Meta);
            var fields = TemplateDiff.Between(target.ToCreationRequest(), request);
            var fixedFields = string.Join(", ", fields.Where(f => !Updatable(f.Path)).Select(f => f.Path));
            var action = fields.Count == 0 ? PlanAction.NoOp : fixedFields.Length == 0 ? PlanAction.Update : PlanAction.Replace;
            string? why = adopted[i] ? "adopted: found on the target by scope and name"
                : recordedAt.TryGetValue(target.Meta.Id, out var was) && was != address ? $"moved from address '{was}'"
                : null;
            if (action == PlanAction.Replace)
            {
                why = adopted[i]
                    ? $"found on the target by scope and name, but not applied by this project, and it differs in {fixedFields}, which an update cannot change: left as it is. Delete it by hand, or declare it as it is, for this project to manage it"
                    : $"an update cannot change {fixedFields}: apply "
                      + (targetKey.Equals(key)
                          ? "deletes the template, then creates it again with a new id (absent in between, and if the create fails)"
                          : "creates the new template with a new id, then deletes the old one")
                      + $"; what refers to {target.Meta.Id} by id must be pointed at the new one";
                if (adopted[i])
                {
                    action = PlanAction.Conflict;
                }
            }
            else if (action == PlanAction.Update && adopted[i] && !adopt)
            {
                // Another project's, made by hand, or this one's before its state was lost: not overwritten unasked.
                var shown = string.Join(", ", fields.Take(3).Select(f => f.Path)) + (fields.Count > 3 ? $" and {fields.Count - 3} more" : string.Empty);
                why = $"found on the target by scope and name, but not applied by this project, and it differs in {shown}: left as it is, as it may be someone else's. To take it over and update it, plan and apply with --adopt; to leave it, give this template another name or scope";
                action = PlanAction.Conflict;
            }

            // Someone changed the template on the target since this project applied it (the plan sets that back), which
            // the reviewer of the plan should know: its update count grew, or the code builds what was last applied and
            // yet the template differs.
            if (action is PlanAction.Update or PlanAction.Replace && !adopted[i]
                && state.Find(address) is { } entry && string.Equals(entry.Id, target.Meta.Id, StringComparison.OrdinalIgnoreCase))
            {
                // The code builds what was last applied, yet the template differs: the difference was made on the target.
                // Otherwise only its update count says it was updated there (perhaps changed back since): the fields
                // below may hold such changes.
                var codeUnchanged = entry.Applied is { } applied && applied == TemplateDiff.Hash(request);
                string? drift = codeUnchanged
                    ? ChangedSince(target) + $", not in the code: the {(action == PlanAction.Update ? "update" : "replace")} sets it back"
                    : UpdatedSince(entry, target) ? UpdatedOnTarget(entry, target) + ": the fields below may include changes made there" : null;
                if (drift is not null)
                {
                    why = why is null ? drift : why + "; " + drift;
                }
            }

            // A rename or move onto a scope and name another template holds: fine when that template is one of the set's
            // and leaves them (the applier orders such changes); a conflict when no address of the set claims it.
            // A template this project applied and the set dropped frees its scope and name only when pruned; a replaced
            // one still to delete always does.
            if (action is PlanAction.Update or PlanAction.Replace && !key.Equals(targetKey)
                && byKey.TryGetValue(key, out var holder) && !claimedBy.ContainsKey(holder.Meta.Id))
            {
                var ours = createdFor.TryGetValue(holder.Meta.Id, out var creator) && creator == address;
                if (ours || (!recordedAt.ContainsKey(holder.Meta.Id) && TemplateDiff.Between(holder.ToCreationRequest(), request).Count == 0))
                {
                    // The template this address's move created, whose answer was lost (recorded as a pending create), or
                    // one exactly as the code says where the move takes it: it becomes the address's template, brought to
                    // the code like any other, and the template the address had is deleted, as the move would have done.
                    claimedBy[holder.Meta.Id] = address;
                    var holderFields = TemplateDiff.Between(holder.ToCreationRequest(), request);
                    var holderAction = holderFields.Count == 0 ? PlanAction.NoOp : holderFields.All(f => Updatable(f.Path)) ? PlanAction.Update : PlanAction.Replace;
                    var found = ours ? "created by this project's move, whose answer was lost" : "found on the target as the code says it";
                    // The address's previous template goes as the move intended; unless it too is only a lost create's
                    // (exactly like it may be someone else's): then it is an orphan, deleted only with prune.
                    var deletesPrevious = !fromLostCreate[i] || prune;
                    changes.Add(new PlannedChange(holderAction, address, key, holder.Meta.Id, key, request, holderFields, $"{found}; the template this address had ({target.Meta.Id}) {(deletesPrevious ? "will be deleted" : "is kept (prune to delete)")}", holder, recordFirst: ours));
                    changes.Add(deletesPrevious
                        ? new PlannedChange(PlanAction.Delete, address, targetKey, target.Meta.Id, targetKey, null, [], $"replaced by {holder.Meta.Id} ({key})", target)
                        : new PlannedChange(PlanAction.Orphan, address, targetKey, target.Meta.Id, targetKey, null, [], $"replaced by {holder.Meta.Id} ({key}); made by a create whose answer was lost, kept (prune to delete)", target));
                    continue;
                }

                if (!recordedAt.TryGetValue(holder.Meta.Id, out var holderAddress))
                {
                    action = PlanAction.Conflict;
                    why = $"{key} is held by template {holder.Meta.Id}, which this project did not apply: left as it is. Delete or rename it, or give this template another name";
                }
                else if (!prune && (state.Entries.Any(e => string.Equals(e.Id, holder.Meta.Id, StringComparison.OrdinalIgnoreCase)) || createdFor.ContainsKey(holder.Meta.Id)))
                {
                    action = PlanAction.Conflict;
                    why = $"{key} is held by '{holderAddress}', which this project applied and the set no longer has: prune to delete it";
                }
            }

            changes.Add(new PlannedChange(action, address, key, target.Meta.Id, targetKey, request, fields, why, target, recordFirst: fromLostCreate[i] || createdFor.ContainsKey(target.Meta.Id)));
        }

        var forgotten = new List<StateEntry>();
        var recordedIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var addresses = new HashSet<string>(desired.Select(d => d.Address), StringComparer.Ordinal);
        foreach (var entry in state.Entries)
        {
            recordedIds.Add(entry.Id);
            if (addresses.Contains(entry.Address))
            {
                continue;
            }

            if (claimedBy.ContainsKey(entry.Id))
            {
                // Taken over by an address of the set: recording it there drops this entry.
                continue;
            }

            if (!byId.TryGetValue(entry.Id, out var template))
            {
                forgotten.Add(entry);
                continue;
            }

            var entryKey = TemplateKey.Of(template.Meta);
            var updated = UpdatedSince(entry, template) ? UpdatedOnTarget(entry, template) : null;
            changes.Add(prune
                ? new PlannedChange(PlanAction.Delete, entry.Address, entryKey, entry.Id, entryKey, null, [], "no longer in the set" + (updated is null ? "" : $"; {updated}: the delete takes it as it is now"), template)
                : new PlannedChange(PlanAction.Orphan, entry.Address, entryKey, entry.Id, entryKey, null, [], "no longer in the set; kept (prune to delete)" + (updated is null ? "" : $"; {updated}: a prune would delete it as it is now"), template));
        }

        // A lost create whose address kept another template (or took one since): a duplicate this project made. One of an
        // address the set no longer has: this project's, like a recorded one. Either is an orphan, or pruned.
        foreach (var (id, creatorAddress) in createdFor)
        {
            if (addresses.Contains(creatorAddress) && !claimedBy.ContainsKey(id))
            {
                var duplicate = byId[id];
                var duplicateKey = TemplateKey.Of(duplicate.Meta);
                // Deleted only with prune, as an orphan: one exactly like it may be someone else's (the create was refused as a 409).
                var why = $"made by a create of '{creatorAddress}' whose answer was lost, while the address kept another template: a duplicate";
                changes.Add(prune
                    ? new PlannedChange(PlanAction.Delete, creatorAddress, duplicateKey, id, duplicateKey, null, [], why, duplicate)
                    : new PlannedChange(PlanAction.Orphan, creatorAddress, duplicateKey, id, duplicateKey, null, [], why + "; kept (prune to delete)", duplicate));
                continue;
            }

            if (!addresses.Contains(creatorAddress) && !claimedBy.ContainsKey(id))
            {
                var made = byId[id];
                var madeKey = TemplateKey.Of(made.Meta);
                changes.Add(prune
                    ? new PlannedChange(PlanAction.Delete, creatorAddress, madeKey, id, madeKey, null, [], "no longer in the set (created by an apply whose answer was lost)", made)
                    : new PlannedChange(PlanAction.Orphan, creatorAddress, madeKey, id, madeKey, null, [], "no longer in the set (created by an apply whose answer was lost); kept (prune to delete)", made));
            }
        }

        var dropped = new List<string>();
        foreach (var pending in state.PendingDeletes)
        {
            // A replaced template still to delete, unless it is gone, or an address records or claims it again (recording
            // it there drops the pending delete).
            if (claimedBy.ContainsKey(pending.Id))
            {
                continue;
            }

            if (byId.TryGetValue(pending.Id, out var template) && !recordedIds.Contains(pending.Id))
            {
                var pendingKey = TemplateKey.Of(template.Meta);
                changes.Add(new PlannedChange(PlanAction.Delete, pending.Address, pendingKey, pending.Id, pendingKey, null, [], "replaced earlier; its delete did not complete", template));
            }
            else
            {
                dropped.Add(pending.Id);
            }
        }

        return new TemplatePlan(WithCycles(changes), forgotten, dropped, droppedCreates, state, version, prune, adopt);
    }

    /// <summary>Whether the template was updated on the target after this project's apply left it (its update count grew).</summary>
    private static bool UpdatedSince(StateEntry entry, WorkloadTemplate target) =>
        entry.UpdateCount is { } applied && target.Meta.UpdateCount is { } now && now > applied;

    private static string ChangedSince(WorkloadTemplate target) =>
        $"changed on the target since this project applied it (last updated {LastUpdate(target)})";

    private static string UpdatedOnTarget(StateEntry entry, WorkloadTemplate target) =>
        $"updated on the target since this project applied it (update {entry.UpdateCount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} → {target.Meta.UpdateCount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, last {LastUpdate(target)})";

    private static string LastUpdate(WorkloadTemplate target) =>
        $"{target.Meta.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)} by {target.Meta.UpdatedBy}";

    /// <summary>
    /// Changes that wait on each other in a circle (two templates swapping names, a rename into a key another change
    /// leaves only by taking this one's) cannot be done: the API never holds two templates with one scope and name.
    /// They become conflicts, so an apply neither tries them forever nor leaves a half-done swap; so does every change
    /// that needs a scope and name a conflict holds.
    /// </summary>
    private static List<PlannedChange> WithCycles(List<PlannedChange> changes)
    {
        var active = changes.Where(c => c.ChangesTarget).ToList();
        // Who frees each scope and name, found once: comparing every change with every other took 2 s for 20,000 creates.
        var freers = new Dictionary<TemplateKey, List<PlannedChange>>();
        foreach (var d in active)
        {
            if (d.Frees is { } freed)
            {
                (freers.TryGetValue(freed, out var list) ? list : freers[freed] = []).Add(d);
            }
        }

        var waitsOn = active.ToDictionary(
            c => c,
            c => c.Needs is { } key && freers.TryGetValue(key, out var list) ? list.Where(d => !ReferenceEquals(c, d)).ToList() : []);
        var inCycle = new HashSet<PlannedChange>();
        foreach (var start in active)
        {
            // Reachable from start through waits, back to start: start is in a cycle.
            var seen = new HashSet<PlannedChange>();
            var stack = new Stack<PlannedChange>(waitsOn[start]);
            while (stack.Count > 0)
            {
                var next = stack.Pop();
                if (ReferenceEquals(next, start))
                {
                    inCycle.Add(start);
                    break;
                }

                if (seen.Add(next))
                {
                    foreach (var further in waitsOn[next])
                    {
                        stack.Push(further);
                    }
                }
            }
        }

        var names = string.Join(", ", inCycle.Select(c => $"'{c.Address}' ({c.ExistingKey} → {c.Key})"));
        var result = changes.Select(c => inCycle.Contains(c)
            ? new PlannedChange(PlanAction.Conflict, c.Address, c.Key, c.ExistingId, c.ExistingKey, c.Request, c.Fields, $"a circle of renames or moves ({names}): each needs a scope and name another one holds. Rename one of them to a temporary name and apply, then to its final name", c.Existing)
            : c).ToList();

        // A conflict keeps the scope and name it holds: a change that needs them cannot be made either (until the
        // conflict is resolved), and so on down a chain.
        while (true)
        {
            var held = result.Where(c => c.Action == PlanAction.Conflict && c.ExistingKey is not null).ToDictionary(c => c.ExistingKey!, c => c.Address);
            var blocked = result.FindIndex(c => c.ChangesTarget && c.Needs is { } key && held.ContainsKey(key));
            if (blocked < 0)
            {
                return result;
            }

            var c = result[blocked];
            result[blocked] = new PlannedChange(PlanAction.Conflict, c.Address, c.Key, c.ExistingId, c.ExistingKey, c.Request, c.Fields, $"needs {c.Key}, which '{held[c.Needs!]}' holds until its own conflict is resolved", c.Existing);
        }
    }

    /// <summary>Whether an update request can carry a change at this path: the name, the description and the whole spec.</summary>
    private static bool Updatable(string path) =>
        path == "meta.name" || path == "meta.description" || path == "spec" || path.StartsWith("spec.", StringComparison.Ordinal);
}

/// <summary>A rule violation of one template of a <see cref="TemplateSet"/>: where in the set, and what.</summary>
/// <param name="Address">The address of the template in the set.</param>
/// <param name="Violation">The violation: rule id, severity, JSON path and what to change.</param>
public sealed record TemplateSetViolation(string Address, RuleViolation Violation);

/// <summary>A template of a <see cref="TemplateSet"/>, built: what <see cref="TemplatePlanner.BuildAll"/> returns for each.</summary>
/// <param name="Address">The template's address in the set.</param>
/// <param name="Request">The creation request its <see cref="TemplateBuilder.Build"/> made.</param>
/// <param name="Key">Its scope, scope id and name: where it goes on the target.</param>
public sealed record BuiltTemplate(string Address, WorkloadTemplateCreationRequest Request, TemplateKey Key);

/// <summary>A template set that cannot be planned: invalid templates, or two templates with the same scope and name.</summary>
public sealed class TemplateSetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every problem, one per entry.</param>
    public TemplateSetException(IReadOnlyList<string> problems)
        : this(problems, [])
    {
    }

    /// <summary>Creates the exception with the rule violations behind the problems.</summary>
    /// <param name="problems">Every problem, one per entry.</param>
    /// <param name="violations">The rule violations of the invalid templates, each with its template's address.</param>
    public TemplateSetException(IReadOnlyList<string> problems, IReadOnlyList<TemplateSetViolation> violations)
        : base(Describe(problems))
    {
        ArgumentNullException.ThrowIfNull(violations);
        Problems = Array.AsReadOnly([.. problems]);
        Violations = Array.AsReadOnly([.. violations]);
    }

    /// <summary>Creates the exception.</summary>
    public TemplateSetException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The problem.</param>
    public TemplateSetException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateSetException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
        Violations = [];
    }

    /// <summary>Every problem found, one per entry (an invalid template's entry lists all its violations).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// The rule violations of the invalid templates, each with its template's address, for filtering by
    /// <see cref="RuleViolation.RuleId"/>, <see cref="RuleViolation.Path"/> or address: the errors that failed the plan and
    /// those templates' warnings and infos (as <see cref="TemplateValidationException.Violations"/>). A problem that is no
    /// rule's (two templates with one scope and name) is only in <see cref="Problems"/>; empty for an exception made from a
    /// message.
    /// </summary>
    public IReadOnlyList<TemplateSetViolation> Violations { get; }

    private static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var text = new StringBuilder().Append("The template set cannot be applied: ").Append(problems.Count).Append(problems.Count == 1 ? " problem." : " problems.");
        foreach (var problem in problems)
        {
            text.AppendLine().Append(problem);
        }

        return text.ToString();
    }
}
