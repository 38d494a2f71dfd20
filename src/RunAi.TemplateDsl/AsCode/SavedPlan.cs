using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>
/// A plan kept as JSON (<see cref="TemplatePlan.Save"/>) to apply later only as it is: each entry with its action, the
/// request it sends and the version of the target's template it found, and what an apply records in the state. A plan
/// made again just before applying is compared with it (<see cref="TemplatePlan.DifferencesFrom"/>): the same file from
/// both is the proof that the apply does what was reviewed.
/// </summary>
internal static class SavedPlan
{
    /// <summary>What the document's <c>format</c> says, so that another JSON file given by mistake is named as such.</summary>
    public const string Format = "runai-template-plan";

    /// <summary>The version of the document this package writes and reads.</summary>
    public const int CurrentVersion = 1;

    public static string Write(TemplatePlan plan) => JsonSerializer.Serialize(Of(plan), SavedPlanJsonContext.Default.SavedPlanFile);

    /// <summary>Reads a saved plan.</summary>
    /// <exception cref="FormatException">The text is not a plan this package saved, or one a newer package saved.</exception>
    public static SavedPlanFile Read(string json)
    {
        SavedPlanFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, SavedPlanJsonContext.Default.SavedPlanFile);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The saved plan is not a plan file (its JSON cannot be read at {TemplateJson.Location(e) ?? "its start"}). Give the file `plan --out` wrote.", e);
        }

        if (file is null || file.Format != Format)
        {
            throw new FormatException($"The saved plan is not a plan file (its \"format\" is not \"{Format}\"). Give the file `plan --out` wrote.");
        }

        if (file.Version > CurrentVersion)
        {
            throw new FormatException($"The saved plan was written by a newer RunAi.TemplateDsl (plan format {file.Version.ToString(CultureInfo.InvariantCulture)}; this one reads {CurrentVersion.ToString(CultureInfo.InvariantCulture)}): apply it with that version, or plan again with this one.");
        }

        if (Missing(file) is { } missing)
        {
            throw new FormatException($"The saved plan is not as `plan --out` wrote it: {missing}. Plan again rather than editing the file.");
        }

        return file;
    }

    /// <summary>The first member a saved plan lacks (or has null, or of a kind no plan has), as a path; null when it is whole.</summary>
    private static string? Missing(SavedPlanFile file)
    {
        if (file.Version < 1)
        {
            return "its \"version\" is missing";
        }

        if (file.Target is null || file.Changes is null || file.Forgotten is null || file.DroppedPendingDeletes is null || file.DroppedPendingCreates is null || file.State is null)
        {
            return "one of \"target\", \"state\", \"changes\", \"forgotten\", \"droppedPendingDeletes\", \"droppedPendingCreates\" is missing";
        }

        for (var i = 0; i < file.Changes.Count; i++)
        {
            var at = $"changes[{i.ToString(CultureInfo.InvariantCulture)}]";
            var change = file.Changes[i];
            if (change is null)
            {
                return at + " is null";
            }

            if (!Actions.Contains(change.Action))
            {
                return $"{at}.action is not one of {string.Join(", ", Actions)}";
            }

            if (string.IsNullOrEmpty(change.Address) || change.Key?.Scope is null || change.Key.Name is null || change.Fields is null || change.Fields.Contains(null!)
                || (change.ExistingId is null) != (change.Existing is null) || change.Existing is { Sha256: null or "" })
            {
                return at + " lacks its address, key, fields or the version of the template it found";
            }
        }

        return file.Forgotten.Any(e => e?.Key is null) || file.DroppedPendingDeletes.Contains(null!) || file.DroppedPendingCreates.Any(p => p?.Key is null)
            ? "an item of \"forgotten\", \"droppedPendingDeletes\" or \"droppedPendingCreates\" is null"
            : null;
    }

    /// <summary>The actions a saved plan names, as <see cref="Name"/> writes them.</summary>
    private static readonly string[] Actions = [.. Enum.GetValues<PlanAction>().Select(Name)];

    /// <summary>The document of a plan, as <see cref="Write"/> saves it and as a later plan is compared.</summary>
    public static SavedPlanFile Of(TemplatePlan plan) => new()
    {
        Format = Format,
        Version = CurrentVersion,
        Target = plan.State.Target,
        Prune = plan.Prune,
        Adopt = plan.Adopt,
        Summary = plan.ToString(),
        State = StateDigest(plan.State),
        Changes = [.. plan.Changes.Select(change => Of(plan.State, change))],
        Forgotten = [.. plan.Forgotten],
        DroppedPendingDeletes = [.. plan.DroppedPendingDeletes],
        DroppedPendingCreates = [.. plan.DroppedPendingCreates],
    };

    /// <summary>
    /// The SHA-256 of what the state records (templates, pending deletes and creates, in a fixed order): a plan made with
    /// another state file, or after another apply, is not the saved one even where its entries read the same.
    /// </summary>
    private static string StateDigest(TemplateSetState state)
    {
        var lines = state.Entries.Select(e => $"template\t{e.Address}\t{e.Id}\t{e.Key}")
            .Concat(state.PendingDeletes.Select(e => $"delete\t{e.Address}\t{e.Id}\t{e.Key}"))
            .Concat(state.PendingCreates.Select(p => $"create\t{p.Address}\t{p.Key}\t{p.Request}"))
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines))));
    }

    private static SavedChange Of(TemplateSetState state, PlannedChange change) => new()
    {
        Action = Name(change.Action),
        Address = change.Address,
        Key = change.Key,
        ExistingId = change.ExistingId,
        ExistingKey = change.ExistingKey,
        Existing = change.Existing is { } existing ? VersionOf(existing) : null,
        Fields = [.. change.Fields],
        Note = change.Note,
        Request = change.Request is { } request ? JsonDocument.Parse(TemplateJson.SerializeToUtf8Bytes(request)).RootElement : null,
        RecordFirst = change.RecordFirst,
        RecordsState = TemplatePlan.RecordsNoOp(state, change),
    };

    private static SavedTemplateVersion VersionOf(WorkloadTemplate template)
    {
        var meta = template.Meta;

        // What the template says, without the metadata the model does not know (what the server keeps beside it).
        var says = template.ToCreationRequest();
        says.Meta.AdditionalProperties = null;
        return new SavedTemplateVersion
        {
            Id = meta.Id,
            UpdatedAt = meta.UpdatedAt,
            UpdatedBy = meta.UpdatedBy,
            UpdateCount = meta.UpdateCount,
            Sha256 = TemplateDiff.Hash(says),
        };
    }

    private static string Name(PlanAction action) => action switch
    {
        PlanAction.NoOp => "no-op",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// What differs between a saved plan and a plan made now, each a line that names the template and what changed; empty
    /// when applying the plan made now does what the saved one says, in the same order.
    /// </summary>
    public static IReadOnlyList<string> Differences(SavedPlanFile saved, SavedPlanFile now)
    {
        var differences = new List<string>();
        if (!string.Equals(saved.Target, now.Target, StringComparison.Ordinal))
        {
            // Nothing else is comparable: another tenant, or the embedded emulator.
            differences.Add($"The saved plan is for target '{saved.Target}', not '{now.Target}'.");
            return differences;
        }

        if (saved.Prune != now.Prune || saved.Adopt != now.Adopt)
        {
            differences.Add($"The saved plan was made {Flags(saved)}; this one {Flags(now)}.");
        }

        // Entries pair by address, in order (a replaced template's unfinished delete may share its address).
        var unpaired = new List<SavedChange>(now.Changes);
        var paired = new List<SavedChange>();
        foreach (var before in saved.Changes)
        {
            var index = unpaired.FindIndex(c => c.Address == before.Address);
            if (index < 0)
            {
                differences.Add($"{before.Address}: the saved plan would {Verb(before)}; a plan made now does not have it (its code or the target changed).");
                continue;
            }

            var after = unpaired[index];
            unpaired.RemoveAt(index);
            paired.Add(after);
            Compare(before, after, differences);
        }

        foreach (var added in unpaired)
        {
            differences.Add($"{added.Address}: not in the saved plan; a plan made now would {Verb(added)}.");
        }

        if (differences.Count == 0 && !paired.Select(c => c.Address).SequenceEqual(now.Changes.Select(c => c.Address), StringComparer.Ordinal))
        {
            differences.Add("The changes are the same, but a plan made now orders them differently.");
        }

        if (saved.State != now.State)
        {
            differences.Add("The state file does not record what it did when the plan was saved: it changed since (an apply or a forget has run), or this run uses another state file (--state).");
        }

        Compare("forgets the recorded templates gone from the target", saved.Forgotten.Select(e => $"{e.Address} ({e.Id})"), now.Forgotten.Select(e => $"{e.Address} ({e.Id})"), differences);
        Compare("drops the unfinished deletes of", saved.DroppedPendingDeletes, now.DroppedPendingDeletes, differences);
        Compare("drops the unanswered creates of", saved.DroppedPendingCreates.Select(p => $"{p.Address} ({p.Key})"), now.DroppedPendingCreates.Select(p => $"{p.Address} ({p.Key})"), differences);
        return differences;
    }

    private static string Flags(SavedPlanFile plan) => (plan.Prune, plan.Adopt) switch
    {
        (false, false) => "without --prune or --adopt",
        (true, false) => "with --prune",
        (false, true) => "with --adopt",
        _ => "with --prune and --adopt",
    };

    private static string Verb(SavedChange change) => change.Action switch
    {
        "no-op" => "leave it unchanged",
        "orphan" => "keep it as an orphan",
        "conflict" => "report it as a conflict",
        var action => action + " it",
    } + $" ({change.ExistingKey?.ToString() ?? change.Key.ToString()})";

    private static void Compare(SavedChange before, SavedChange after, List<string> differences)
    {
        var what = new List<string>();
        if (before.Action != after.Action)
        {
            differences.Add($"{before.Address}: the saved plan would {Verb(before)}; a plan made now would {Verb(after)}.");
            return;
        }

        if (!Equals(before.Key, after.Key) || !Equals(before.ExistingKey, after.ExistingKey))
        {
            what.Add($"its scope and name ({Where(before)} in the saved plan, now {Where(after)})");
        }

        if (before.ExistingId != after.ExistingId)
        {
            what.Add($"the template on the target it applies to (id {before.ExistingId ?? "none"} in the saved plan, now {after.ExistingId ?? "none"})");
        }
        else if (!SameVersion(before.Existing, after.Existing))
        {
            what.Add(before.Existing!.UpdatedAt == after.Existing!.UpdatedAt && before.Existing.UpdateCount == after.Existing.UpdateCount
                ? $"the template on the target changed since the plan was saved, though its update time and count did not ({Version(after.Existing)}): compare it with the code"
                : $"the template on the target changed since the plan was saved ({Version(before.Existing)}; now {Version(after.Existing)})");
        }

        if (!RequestsEqual(before.Request, after.Request))
        {
            what.Add("the request its code builds changed" + RequestPaths(before.Request, after.Request));
        }

        if (!before.Fields.SequenceEqual(after.Fields) && what.Count == 0)
        {
            what.Add("the fields the plan changes");
        }

        if (before.Note != after.Note)
        {
            what.Add($"the plan's note (\"{before.Note ?? ""}\" in the saved plan, now \"{after.Note ?? ""}\")");
        }

        if (before.RecordFirst != after.RecordFirst || before.RecordsState != after.RecordsState)
        {
            what.Add("what apply records in the state file for it (the state file changed since the plan was saved)");
        }

        if (what.Count > 0)
        {
            differences.Add($"{before.Address} ({before.Action}): {string.Join("; ", what)}.");
        }
    }

    /// <summary>Whether the target's template is as it was: the same content and the same update (a change and its revert is a change).</summary>
    private static bool SameVersion(SavedTemplateVersion? before, SavedTemplateVersion? after) =>
        before is null || after is null
            ? before is null && after is null
            : before.Sha256 == after.Sha256 && before.UpdatedAt == after.UpdatedAt && before.UpdateCount == after.UpdateCount;

    private static string Where(SavedChange change) => change.ExistingKey is { } existing && !existing.Equals(change.Key) ? $"{existing} → {change.Key}" : change.Key.ToString();

    private static string Version(SavedTemplateVersion? version) => version is null
        ? "none"
        : $"updated {version.UpdatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "at an unknown time"} by {version.UpdatedBy ?? "unknown"}" + (version.UpdateCount is { } count ? $", update {count.ToString(CultureInfo.InvariantCulture)}" : "");

    private static bool RequestsEqual(JsonElement? before, JsonElement? after) =>
        before is null || after is null ? before is null && after is null : JsonElement.DeepEquals(before.Value, after.Value);

    /// <summary>Which members of the request differ, e.g. <c> (spec.specificEnv.command)</c>; empty when either side has none.</summary>
    private static string RequestPaths(JsonElement? before, JsonElement? after)
    {
        if (before is null || after is null)
        {
            return string.Empty;
        }

        try
        {
            var paths = TemplateDiff.Between(Request(before.Value), Request(after.Value)).Select(f => f.Path).ToList();
            return paths.Count == 0 ? string.Empty : " (" + string.Join(", ", paths.Take(5)) + (paths.Count > 5 ? $", and {(paths.Count - 5).ToString(CultureInfo.InvariantCulture)} more" : "") + ")";
        }
        catch (TemplateJsonException)
        {
            // A saved request edited by hand into something the model cannot read: that it differs is said already.
            return string.Empty;
        }
    }

    private static WorkloadTemplateCreationRequest Request(JsonElement element) =>
        TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(element.GetRawText());

    /// <summary>Compares two lists of what an apply records, in the state's terms.</summary>
    private static void Compare(string what, IEnumerable<string> before, IEnumerable<string> after, List<string> differences)
    {
        var saved = before.ToList();
        var now = after.ToList();
        if (!saved.SequenceEqual(now, StringComparer.Ordinal))
        {
            differences.Add($"The state file or the target changed since the plan was saved: the saved plan {what} {List(saved)}; a plan made now, {List(now)}.");
        }
    }

    private static string List(List<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}

/// <summary>The saved plan's document.</summary>
internal sealed class SavedPlanFile
{
    public string Format { get; set; } = "";

    public int Version { get; set; }

    public string Target { get; set; } = "";

    public bool Prune { get; set; }

    public bool Adopt { get; set; }

    /// <summary>The SHA-256 of what the state recorded when the plan was made.</summary>
    public string State { get; set; } = null!;

    /// <summary>For a reader of the file; not compared (the changes are).</summary>
    public string? Summary { get; set; }

    public List<SavedChange> Changes { get; set; } = null!;

    public List<StateEntry> Forgotten { get; set; } = null!;

    public List<string> DroppedPendingDeletes { get; set; } = null!;

    public List<PendingCreate> DroppedPendingCreates { get; set; } = null!;
}

/// <summary>One entry of a saved plan.</summary>
internal sealed class SavedChange
{
    public string Action { get; set; } = "";

    public string Address { get; set; } = "";

    public TemplateKey Key { get; set; } = null!;

    public string? ExistingId { get; set; }

    public TemplateKey? ExistingKey { get; set; }

    /// <summary>The template on the target as the plan found it: a later plan that finds it changed is not this plan.</summary>
    public SavedTemplateVersion? Existing { get; set; }

    public List<FieldChange> Fields { get; set; } = [];

    public string? Note { get; set; }

    /// <summary>The request the apply sends, as the API's JSON.</summary>
    public JsonElement? Request { get; set; }

    public bool RecordFirst { get; set; }

    public bool RecordsState { get; set; }
}

/// <summary>The version of a template on the target that a plan saw.</summary>
internal sealed class SavedTemplateVersion
{
    public string Id { get; set; } = "";

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public long? UpdateCount { get; set; }

    /// <summary>
    /// The SHA-256 of what the template says (as a creation request, the form plans compare): metadata members the server
    /// adds that the model does not know are not in it, so one that changes by itself (a usage count, say) does not make
    /// every saved plan stale; its update time and count are compared beside it.
    /// </summary>
    public string Sha256 { get; set; } = "";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SavedPlanFile))]
internal sealed partial class SavedPlanJsonContext : JsonSerializerContext;
