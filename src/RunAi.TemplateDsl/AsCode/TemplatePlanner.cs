using System.Text;
using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>
/// Compares a <see cref="TemplateSet"/> with the templates on a target and says what would make them match, without
/// changing anything.
/// </summary>
/// <remarks>
/// <para>Each template of the set is found on the target by its scope, scope id and name, or else by the id the
/// <see cref="TemplateSetState"/> recorded for its address (so a rename or a move to another scope is recognised). A
/// template found by scope and name that the state does not know is adopted: updated to match, never deleted and
/// created again.</para>
/// <para>Templates the state recorded that the set no longer has are deleted only with <c>prune</c>; templates the state
/// never recorded are never touched.</para>
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
    public static async Task<TemplatePlan> PlanAsync(ITemplatesApi api, TemplateSet set, TemplateSetState state, bool prune = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(state);
        var desired = BuildAll(set);
        var existing = await api.ListAsync(null, cancellationToken).ConfigureAwait(false);
        return Plan(desired, existing, state, prune);
    }

    /// <summary>Builds every template of the set, collecting every problem of every template before failing.</summary>
    /// <param name="set">The set.</param>
    /// <returns>Each template's address, request and key, in set order.</returns>
    /// <exception cref="TemplateSetException">A template is invalid, or two have the same scope and name.</exception>
    public static IReadOnlyList<(string Address, WorkloadTemplateCreationRequest Request, TemplateKey Key)> BuildAll(TemplateSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var built = new List<(string, WorkloadTemplateCreationRequest, TemplateKey)>(set.Count);
        var problems = new List<string>();
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
                continue;
            }

            var key = TemplateKey.Of(request.Meta);
            if (byKey.TryGetValue(key, out var other))
            {
                problems.Add($"Templates '{other}' and '{template.Address}' are both {key}: a name can be used once per scope.");
                continue;
            }

            byKey.Add(key, template.Address);
            built.Add((template.Address, request, key));
        }

        if (problems.Count > 0)
        {
            throw new TemplateSetException(problems);
        }

        return built;
    }

    internal static TemplatePlan Plan(
        IReadOnlyList<(string Address, WorkloadTemplateCreationRequest Request, TemplateKey Key)> desired,
        IReadOnlyList<WorkloadTemplate> existing,
        TemplateSetState state,
        bool prune)
    {
        var byId = new Dictionary<string, WorkloadTemplate>(StringComparer.OrdinalIgnoreCase);
        var byKey = new Dictionary<TemplateKey, WorkloadTemplate>();
        foreach (var template in existing)
        {
            byId[template.Meta.Id] = template;
            byKey.TryAdd(TemplateKey.Of(template.Meta), template);
        }

        // First every template found by scope and name, then by the recorded id: a template another address now claims by
        // its scope and name belongs to that address.
        var claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var matches = new WorkloadTemplate?[desired.Count];
        for (var i = 0; i < desired.Count; i++)
        {
            if (byKey.TryGetValue(desired[i].Key, out var found))
            {
                matches[i] = found;
                claimed.Add(found.Meta.Id);
            }
        }

        var changes = new List<PlannedChange>();
        var superseded = new List<PlannedChange>();
        for (var i = 0; i < desired.Count; i++)
        {
            var (address, request, key) = desired[i];
            var recorded = state.Find(address);
            var recordedTemplate = recorded is not null && byId.TryGetValue(recorded.Id, out var r) ? r : null;
            var target = matches[i];
            string? note = null;
            if (target is null && recordedTemplate is not null && claimed.Add(recordedTemplate.Meta.Id))
            {
                target = recordedTemplate;
            }
            else if (target is not null && recordedTemplate is not null && !string.Equals(recordedTemplate.Meta.Id, target.Meta.Id, StringComparison.OrdinalIgnoreCase)
                && !claimed.Contains(recordedTemplate.Meta.Id))
            {
                // The address moved onto a template that already exists with its new scope and name: the one it had is deleted.
                claimed.Add(recordedTemplate.Meta.Id);
                var oldKey = TemplateKey.Of(recordedTemplate.Meta);
                superseded.Add(new PlannedChange(PlanAction.Delete, address, oldKey, recordedTemplate.Meta.Id, oldKey, null, [], $"superseded: '{address}' is now {key}, which already exists"));
            }

            if (target is null)
            {
                if (recorded is not null)
                {
                    note = $"recreated: the template this project applied ({recorded.Id}) is gone from the target";
                }

                changes.Add(new PlannedChange(PlanAction.Create, address, key, null, null, request, [], note));
                continue;
            }

            if (recorded is null || !string.Equals(recorded.Id, target.Meta.Id, StringComparison.OrdinalIgnoreCase))
            {
                note = "adopted: found on the target by scope and name";
            }

            var fields = TemplateDiff.Between(target.ToCreationRequest(), request);
            var targetKey = TemplateKey.Of(target.Meta);
            var action = fields.Count == 0 ? PlanAction.NoOp
                : fields.All(f => Updatable(f.Path)) ? PlanAction.Update
                : PlanAction.Replace;
            if (action == PlanAction.Replace)
            {
                var why = string.Join(", ", fields.Where(f => !Updatable(f.Path)).Select(f => f.Path));
                note = (note is null ? "" : note + "; ") + $"an update cannot change {why}";
            }

            changes.Add(new PlannedChange(action, address, key, target.Meta.Id, targetKey, request, fields, note));
        }

        changes.AddRange(superseded);

        var forgotten = new List<StateEntry>();
        var addresses = new HashSet<string>(desired.Select(d => d.Address), StringComparer.Ordinal);
        foreach (var entry in state.Entries)
        {
            if (addresses.Contains(entry.Address))
            {
                continue;
            }

            if (!byId.TryGetValue(entry.Id, out var template) || claimed.Contains(entry.Id))
            {
                forgotten.Add(entry);
                continue;
            }

            var entryKey = TemplateKey.Of(template.Meta);
            changes.Add(prune
                ? new PlannedChange(PlanAction.Delete, entry.Address, entryKey, entry.Id, entryKey, null, [], "no longer in the set")
                : new PlannedChange(PlanAction.Orphan, entry.Address, entryKey, entry.Id, entryKey, null, [], "no longer in the set; kept (prune to delete)"));
        }

        foreach (var pending in state.PendingDeletes)
        {
            if (byId.TryGetValue(pending.Id, out var template) && !claimed.Contains(pending.Id))
            {
                var pendingKey = TemplateKey.Of(template.Meta);
                changes.Add(new PlannedChange(PlanAction.Delete, pending.Address, pendingKey, pending.Id, pendingKey, null, [], "replaced earlier; its delete did not complete"));
            }
            else
            {
                forgotten.Add(pending);
            }
        }

        return new TemplatePlan(changes, forgotten);
    }

    /// <summary>Whether an update request can carry a change at this path: the name, the description and the whole spec.</summary>
    private static bool Updatable(string path) =>
        path == "meta.name" || path == "meta.description" || path == "spec" || path.StartsWith("spec.", StringComparison.Ordinal);
}

/// <summary>A template set that cannot be planned: invalid templates, or two templates with the same scope and name.</summary>
public sealed class TemplateSetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every problem, one per entry.</param>
    public TemplateSetException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
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
    }

    /// <summary>Every problem found, one per entry (an invalid template's entry lists all its violations).</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems)
    {
        var text = new StringBuilder().Append("The template set cannot be applied: ").Append(problems.Count).Append(problems.Count == 1 ? " problem." : " problems.");
        foreach (var problem in problems)
        {
            text.AppendLine().Append(problem);
        }

        return text.ToString();
    }
}
