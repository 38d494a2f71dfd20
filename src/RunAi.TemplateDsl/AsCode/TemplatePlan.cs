using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>What a plan does with one template.</summary>
public enum PlanAction
{
    /// <summary>The template on the target is as the code says: nothing to do.</summary>
    NoOp,

    /// <summary>The template does not exist on the target: it is created.</summary>
    Create,

    /// <summary>The template exists and differs in fields an update can carry (name, description, spec): it is updated in place.</summary>
    Update,

    /// <summary>
    /// The template this project applied differs in what an update cannot change (scope, scope id, supported workload
    /// types, autoDelete, private): a new template is created, then the old one deleted, so the old one stays if the
    /// create fails. When scope and name stay the same the old one must be deleted first (the API allows one template
    /// per scope and name); if the create then fails, the template is missing until the next apply creates it.
    /// </summary>
    Replace,

    /// <summary>
    /// The template was applied by this project and is deleted: it is no longer in the set and the plan prunes, or this
    /// project replaced it and its delete did not complete before.
    /// </summary>
    Delete,

    /// <summary>The template was applied by this project but is no longer in its set; without prune it is kept and reported.</summary>
    Orphan,

    /// <summary>
    /// The change would replace or overwrite a template this project did not apply: one found by scope and name that
    /// differs in what an update cannot change, or one that holds the scope and name a rename or move needs. Nothing is
    /// done to it; the plan is an error until the code or the target changes (see <see cref="PlannedChange.Note"/>).
    /// </summary>
    Conflict,
}

/// <summary>One entry of a <see cref="TemplatePlan"/>: a template, what the plan does with it and why.</summary>
public sealed class PlannedChange
{
    internal PlannedChange(PlanAction action, string address, TemplateKey key, string? existingId, TemplateKey? existingKey, WorkloadTemplateCreationRequest? desired, IReadOnlyList<FieldChange> fields, string? note, WorkloadTemplate? existing = null, bool recordFirst = false)
    {
        // A saved plan compares the version of the template each entry touches (SavedPlan): an entry without it could not
        // notice that template changed since the plan was saved.
        System.Diagnostics.Debug.Assert(existingId is null || existing is not null, "An entry that touches a template on the target carries the template as the plan found it.");
        Existing = existing;
        RecordFirst = recordFirst;
        Action = action;
        Address = address;
        Key = key;
        ExistingId = existingId;
        ExistingKey = existingKey;
        Request = desired;
        Fields = fields.ToArray().AsReadOnly();
        Note = note;
    }

    /// <summary>What the plan does.</summary>
    public PlanAction Action { get; }

    /// <summary>The template's address in the set (for a delete or orphan: the address it had).</summary>
    public string Address { get; }

    /// <summary>The template's scope, scope id and name after the change (for a delete or orphan: as it is on the target).</summary>
    public TemplateKey Key { get; }

    /// <summary>The id of the template on the target that is kept, updated, replaced or deleted; null for a create.</summary>
    public string? ExistingId { get; }

    /// <summary>The key of the template on the target that is updated, replaced or deleted; null for a create.</summary>
    public TemplateKey? ExistingKey { get; }

    /// <summary>A copy of the request the code builds; null for a delete or orphan.</summary>
    /// <returns>A new copy on each call: changing it changes neither the plan nor what <see cref="TemplateApplier"/> sends.</returns>
    /// <remarks>
    /// The copy is made by this call (a serialisation round trip), so that planning copies nothing; keep it in a
    /// variable rather than calling again for every field.
    /// </remarks>
    public WorkloadTemplateCreationRequest? GetDesired() => WireCopy.Deep(Request);

    /// <summary>The fields that differ, target value before code value; empty for a create, delete or no-op.</summary>
    public IReadOnlyList<FieldChange> Fields { get; }

    /// <summary>Why, when the action alone does not say it (e.g. "adopted: found on the target by scope and name").</summary>
    public string? Note { get; }

    /// <summary>The request the code builds, as the applier sends it: never handed out (<see cref="GetDesired"/> copies it).</summary>
    internal WorkloadTemplateCreationRequest? Request { get; }

    /// <summary>Whether the template is recorded only by a lost create: the applier records it at the address before the change.</summary>
    internal bool RecordFirst { get; }

    /// <summary>The template on the target as the plan saw it; null exactly when <see cref="ExistingId"/> is (a create).</summary>
    internal WorkloadTemplate? Existing { get; }

    /// <summary>The scope and name this change takes that it does not hold yet; null when it takes none.</summary>
    internal TemplateKey? Needs =>
        Action == PlanAction.Create || (Action is PlanAction.Replace or PlanAction.Update && !Key.Equals(ExistingKey)) ? Key : null;

    /// <summary>The scope and name this change gives up (once it is done); null when it gives up none.</summary>
    internal TemplateKey? Frees =>
        Action == PlanAction.Delete || (Action is PlanAction.Replace or PlanAction.Update && ExistingKey is not null && !ExistingKey.Equals(Key)) ? ExistingKey : null;

    /// <summary>Whether applying this entry changes the target.</summary>
    public bool ChangesTarget => Action is PlanAction.Create or PlanAction.Update or PlanAction.Replace or PlanAction.Delete;

    /// <summary>The entry in one line, e.g. <c>update pytorch-ddp (project 42/pytorch-ddp): 2 fields</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        $"{Action.ToString().ToLowerInvariant()} {Address} ({Key}){(Fields.Count > 0 ? $": {Fields.Count} field{(Fields.Count == 1 ? "" : "s")}" : "")}{(Note is null ? "" : " — " + Note)}";
}

/// <summary>
/// The changes that make a target match a <see cref="TemplateSet"/>: each template of the set once (create, update,
/// replace, no-op, or conflict when that would touch a template this project did not apply), and the templates this
/// project applied before that the set no longer has (delete with prune, orphan without). Made by <see cref="TemplatePlanner"/>; carried out by <see cref="TemplateApplier"/>.
/// </summary>
public sealed class TemplatePlan
{
    internal TemplatePlan(IReadOnlyList<PlannedChange> changes, IReadOnlyList<StateEntry> forgotten, IReadOnlyList<string> droppedPendingDeletes, IReadOnlyList<PendingCreate> droppedPendingCreates, TemplateSetState state, long stateVersion, bool prune = false, bool adopt = false)
    {
        Prune = prune;
        Adopt = adopt;
        // Read-only copies: a plan is shown, approved, then applied, and what is applied must be what was approved.
        Changes = changes.ToArray().AsReadOnly();
        Forgotten = forgotten.ToArray().AsReadOnly();
        DroppedPendingDeletes = droppedPendingDeletes.ToArray().AsReadOnly();
        DroppedPendingCreates = droppedPendingCreates.ToArray().AsReadOnly();
        State = state;
        StateVersion = stateVersion;
    }

    /// <summary>Whether the plan was made to prune (deletes, not orphans, for the templates the set no longer has).</summary>
    internal bool Prune { get; }

    /// <summary>Whether the plan was made to adopt differing templates found by scope and name.</summary>
    internal bool Adopt { get; }

    /// <summary>The state the plan was made with: an apply with another is refused.</summary>
    internal TemplateSetState State { get; }

    /// <summary>The state's <see cref="TemplateSetState.Version"/> when the plan was made: an apply after the state changed is refused.</summary>
    internal long StateVersion { get; }

    /// <summary>Pending creates that found no template of their own at their scope and name: an apply drops them.</summary>
    internal IReadOnlyList<PendingCreate> DroppedPendingCreates { get; }

    /// <summary>Every entry, in the order the set lists its templates, then the deletes and orphans.</summary>
    public IReadOnlyList<PlannedChange> Changes { get; }

    /// <summary>Templates the state recorded that are gone from the target (deleted by someone else); an apply forgets them.</summary>
    public IReadOnlyList<StateEntry> Forgotten { get; }

    /// <summary>Ids of replaced templates the state still has to delete that are gone, or recorded again: an apply drops them.</summary>
    internal IReadOnlyList<string> DroppedPendingDeletes { get; }

    /// <summary>Whether an entry is a <see cref="PlanAction.Conflict"/>: the plan cannot bring the target to the set.</summary>
    public bool HasConflicts => Changes.Any(c => c.Action == PlanAction.Conflict);

    /// <summary>
    /// Whether applying the plan changes the target. A plan without changes may still adopt templates (found by scope and
    /// name, already as the code says): applying it records them in the state, so that a later prune knows them.
    /// </summary>
    public bool HasChanges
    {
        get
        {
            foreach (var change in Changes)
            {
                if (change.ChangesTarget)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Whether applying the plan changes the state file even where it changes nothing on the target: a template adopted
    /// as it is (found by scope and name), one recorded at another address (moved), entries of templates gone from the
    /// target, pending creates or deletes to drop. A CI job that applies only when the plan has changes should apply then
    /// too (the command host's plan exits 2), or a later prune or rename will not know these templates. Read from the state
    /// as it is now: false once the plan is applied.
    /// </summary>
    public bool ChangesState
    {
        get
        {
            if (Forgotten.Count > 0 || DroppedPendingDeletes.Count > 0 || DroppedPendingCreates.Count > 0)
            {
                return true;
            }

            foreach (var change in Changes)
            {
                if (RecordsNoOp(State, change))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Whether an apply records a change that needs nothing on the target: one adopted, recorded at another address or
    /// under another scope and name (a rename whose answer was lost), or still marked to delete (an interrupted replace
    /// this plan undoes). One predicate for the applier and <see cref="ChangesState"/>, which read the state as it is now.
    /// </summary>
    internal static bool RecordsNoOp(TemplateSetState state, PlannedChange change) =>
        change.Action == PlanAction.NoOp && change.ExistingId is { } id
        && (state.Find(change.Address) is not { } recorded || recorded.Id != id || !recorded.Key.Equals(change.ExistingKey)
            || state.IsPendingDelete(id));

    /// <summary>
    /// The plan as a JSON document to keep with its review and apply later only as it is: each entry with its action,
    /// the exact request it sends, the version of the target's template it found (when and by whom it was last updated,
    /// and a hash of it), and what an apply records in the state file. The command host's <c>plan --out FILE</c> writes it.
    /// </summary>
    /// <returns>The document (indented JSON).</returns>
    public string Save() => SavedPlan.Write(this);

    /// <summary>
    /// What differs between this plan and a saved one (<see cref="Save"/>), e.g. because the code, the target or the state
    /// file changed since it was saved. Make the plan again just before applying and apply it only when this is empty:
    /// then the apply does what the saved plan says, in the same order. The command host's <c>apply --plan FILE</c> does so.
    /// </summary>
    /// <param name="savedPlan">The text <see cref="Save"/> returned.</param>
    /// <returns>One line per difference, naming the template and what changed; empty when the plans agree.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="savedPlan"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="savedPlan"/> is not a saved plan, or one a newer package saved.</exception>
    public IReadOnlyList<string> DifferencesFrom(string savedPlan)
    {
        ArgumentNullException.ThrowIfNull(savedPlan);
        return SavedPlan.Differences(SavedPlan.Read(savedPlan), SavedPlan.Of(this)).ToArray().AsReadOnly();
    }

    /// <summary>How many entries have an action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The count.</returns>
    public int Count(PlanAction action)
    {
        var count = 0;
        foreach (var change in Changes)
        {
            if (change.Action == action)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The summary line, e.g. <c>1 to create, 2 to update, 0 to replace, 0 to delete, 3 unchanged</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var orphans = Count(PlanAction.Orphan);
        var conflicts = Count(PlanAction.Conflict);
        return $"{Count(PlanAction.Create)} to create, {Count(PlanAction.Update)} to update, {Count(PlanAction.Replace)} to replace, {Count(PlanAction.Delete)} to delete, {Count(PlanAction.NoOp)} unchanged"
            + (orphans > 0 ? $", {orphans} orphaned (kept; prune to delete)" : "")
            + (conflicts > 0 ? $", {conflicts} in conflict (not applied)" : "");
    }
}
