using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>
/// What a templates-as-code project has applied to one target: for each address of its <see cref="TemplateSet"/>, the
/// id and key of the template it created or adopted there, and the templates it replaced but has not deleted yet.
/// Kept in a JSON file next to the project; written after every change an apply makes (a new file renamed over the old one) so that a failed or interrupted apply leaves a file that says exactly what was done.
/// </summary>
/// <remarks>
/// Templates the state does not know are never deleted: a plan deletes only what this project created or adopted, and
/// only with prune or when this project replaced it, so templates other people manage on the same tenant are safe.
/// Instances are safe to use from several threads.
/// <para>
/// A state read from a file holds that file's lock (<c>PATH.lock</c>) until it is disposed, so that two plans or applies
/// of one state, in this process or another, cannot run at once and overwrite each other's records. Dispose it when the
/// plan or apply is done (<c>using var state = await TemplateSetState.LoadAsync(..)</c>). The lock is an operating
/// system lock on that file, released when the state is disposed or its process dies; the file itself stays, empty,
/// between runs (deleting it on release would let two runs lock two different files of that name at once).
/// </para>
/// <para>
/// Where .NET's file locking is turned off (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>, or the
/// <c>System.IO.DisableFileLocking</c> switch, e.g. for a network file system without locks), the lock is the file
/// <c>PATH.lock.owner</c> instead, created only if it does not exist, naming the process that holds it, and deleted on
/// release. The protection is the same among runs with locking off, but a process that dies leaves it behind: the next
/// run is refused, names the process the file records, and says to delete the file. A run with locking on refuses a
/// state whose <c>PATH.lock.owner</c> exists; a run with locking off cannot see the other's lock, so all runs of one state
/// must use one setting.
/// </para>
/// </remarks>
public sealed class TemplateSetState : IDisposable
{
    private const int CurrentVersion = 1;

    private readonly object _gate = new();
    private readonly object _fileGate = new();
    private readonly Dictionary<string, StateEntry> _entries;
    private readonly List<StateEntry> _pendingDeletes;
    private readonly List<PendingCreate> _pendingCreates;

    /// <summary>The state file's lock, held from <see cref="LoadAsync"/> until <see cref="Dispose"/>; null in memory or once disposed.</summary>
    private FileStream? _lock;

    private bool _disposed;

    // Counts the changes (see Version); 1 while an apply runs (see EnterApply).
    private long _version;
    private int _applying;

    private TemplateSetState(string? path, string target, Dictionary<string, StateEntry> entries, List<StateEntry> pendingDeletes, List<PendingCreate>? pendingCreates = null, FileStream? fileLock = null)
    {
        Path = path;
        Target = CanonicalTarget(target);
        _entries = entries;
        _pendingDeletes = pendingDeletes;
        _pendingCreates = pendingCreates ?? [];
        _lock = fileLock;
    }

    /// <summary>The file the state is saved to after each change (where a symbolic link given to <see cref="LoadAsync"/> points); null for a state kept in memory.</summary>
    public string? Path { get; }

    /// <summary>
    /// The target the state belongs to: a tenant's base URL (in one spelling: <c>https://tenant.run.ai/</c>, host in lower
    /// case, with the trailing slash), or a name such as <c>embedded-emulator</c>.
    /// </summary>
    public string Target { get; }

    /// <summary>
    /// One spelling of a target, so that a host of one's own opens the command host's state file: an http(s) URL with
    /// its host in lower case and its path ending in a slash (<c>https://T.run.ai</c> is <c>https://t.run.ai/</c>, as
    /// <see cref="Client.RunAiClient.BaseUrl"/> spells it); any other name as it is.
    /// </summary>
    private static string CanonicalTarget(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? (uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/")
            : target;

    /// <summary>A state in memory (not saved), for a target.</summary>
    /// <param name="target">The target's base URL or name.</param>
    /// <returns>An empty state.</returns>
    public static TemplateSetState InMemory(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return new(null, target, new(StringComparer.Ordinal), []);
    }

    /// <summary>
    /// Takes the state file's lock (<c>PATH.lock</c>) and reads the file, or starts an empty state when there is none.
    /// The lock is held until the state is disposed.
    /// </summary>
    /// <param name="path">The state file.</param>
    /// <param name="target">
    /// The target this run applies to: the tenant's base URL (any spelling of it: <c>https://T.run.ai</c> and
    /// <c>https://t.run.ai/</c> are one target), or a name; a file written for another target is refused.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state; dispose it to release the lock.</returns>
    /// <exception cref="TemplateSetStateException">
    /// Another plan or apply holds the lock (a state of this file, in this process or another, is not disposed yet); or
    /// the file is not a state file, or belongs to another target.
    /// </exception>
    public static async Task<TemplateSetState> LoadAsync(string path, string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        path = System.IO.Path.GetFullPath(path);

        // A symbolic link is followed: the saves (which replace the file) and the lock are the file it points to, so
        // that the link stays a link and runs through the link and through the file exclude each other.
        if (File.Exists(path) && new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } linked)
        {
            path = linked.FullName;
        }

        if (System.IO.Path.EndsInDirectorySeparator(path))
        {
            // Taken as a file, it would become a folder (for its lock) that no save can write to.
            throw new TemplateSetStateException($"The state file '{path}' ends with a folder separator: give the path of a file (--state {System.IO.Path.Combine(path, "state.json")}).");
        }

        if (Directory.Exists(path))
        {
            throw new TemplateSetStateException($"The state file '{path}' is a folder. Give the path of a file in it (--state {System.IO.Path.Combine(path, "state.json")}).");
        }

        var fileLock = TakeLock(path, exclusiveCreate: FileLockingDisabled);
        try
        {
            var state = await ReadAsync(path, target, fileLock, cancellationToken).ConfigureAwait(false);
            fileLock = null;
            return state;
        }
        finally
        {
            fileLock?.Dispose();
        }
    }

    /// <summary>
    /// Whether <see cref="Dispose"/> was called: the lock is released and changes are refused (a plan can still read the
    /// state; <see cref="TemplateApplier.ApplyAsync"/> refuses it).
    /// </summary>
    public bool IsDisposed => Volatile.Read(ref _disposed);

    /// <summary>Releases the state file's lock. The state stays readable; a change after this throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        FileStream? held;
        lock (_fileGate)
        {
            _disposed = true;
            held = _lock;
            _lock = null;
        }

        held?.Dispose();
    }

    /// <summary>Without its lock, another plan or apply may be writing the file: a change after Dispose is refused before it is made.</summary>
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>
    /// Whether .NET's advisory file locking is off in this process, read as the runtime reads it: the
    /// <c>System.IO.DisableFileLocking</c> switch, else <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> (<c>true</c> or
    /// <c>1</c>). Opening a file with <see cref="FileShare.None"/> then locks nothing on Linux and macOS.
    /// </summary>
    internal static bool FileLockingDisabled =>
        !OperatingSystem.IsWindows()
        && (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled)
            ? disabled
            : Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is { } value
              && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Takes the state's lock: <c>PATH.lock</c> opened exclusively (an advisory lock the operating system releases when
    /// the process dies), kept when released. With <paramref name="exclusiveCreate"/> (file locking is off, see
    /// <see cref="FileLockingDisabled"/>) the lock is <c>PATH.lock.owner</c>, created only if there is none, recording
    /// which process holds it, and deleted when released.
    /// </summary>
    internal static FileStream TakeLock(string path, bool exclusiveCreate)
    {
        var lockPath = path + (exclusiveCreate ? ".lock.owner" : ".lock");
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            if (!exclusiveCreate)
            {
                var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                var ownerFile = path + ".lock.owner";
                if (File.Exists(ownerFile))
                {
                    // A run with file locking off holds the state by that file, which this lock does not see: refused too.
                    // (That run does not see this lock: every process on one state must use one setting.)
                    held.Dispose();
                    throw new TemplateSetStateException(
                        $"Another plan or apply is using the state file '{path}' with file locking off: its lock '{ownerFile}' exists ({HolderOf(ownerFile)}). "
                        + "Runs of one state must all have file locking on or all off (DOTNET_SYSTEM_IO_DISABLEFILELOCKING). "
                        + $"If no other plan or apply of this state is running, delete '{ownerFile}' and run again.");
                }

                return held;
            }

            // Readable while held, so that a refused run can say who holds it.
            var owner = new FileStream(lockPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.DeleteOnClose);
            WriteHolder(owner);
            return owner;
        }
        catch (IOException e) when (exclusiveCreate && File.Exists(lockPath))
        {
            throw new TemplateSetStateException(
                $"Another plan or apply is using the state file '{path}', or one stopped without releasing it: its lock '{lockPath}' exists ({HolderOf(lockPath)}). "
                + "File locking is off in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking), so the lock is that file, and a run that dies leaves it behind. "
                + $"If no other plan or apply of this state is running, delete '{lockPath}' and run again.",
                e);
        }
        catch (IOException e) when (IsHeld(e))
        {
            throw new TemplateSetStateException($"Another plan or apply is using the state file '{path}' (its lock '{lockPath}' is held). Wait for it to finish, then run again.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TemplateSetStateException($"The state file's lock '{lockPath}' cannot be created: {e.Message} Use a state file in a folder you can write (--state PATH).", e);
        }
    }

    /// <summary>Records the holder in a lock file that is the lock itself, for the message of the run it refuses.</summary>
    private static void WriteHolder(FileStream stream)
    {
        try
        {
            var holder = System.Text.Encoding.UTF8.GetBytes(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"process {Environment.ProcessId} on {Environment.MachineName}, since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z"));
            stream.Write(holder);
            stream.Flush();
        }
        catch
        {
            // The file is the lock whatever it says; without the record, the refused run says less.
            stream.Dispose();
            throw;
        }
    }

    /// <summary>What a lock file that is the lock itself says about its holder.</summary>
    private static string HolderOf(string lockPath)
    {
        try
        {
            var text = File.ReadAllText(lockPath).Trim();
            return text.Length is > 0 and <= 200 ? "held by " + text : "its holder is not recorded";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "its holder cannot be read";
        }
    }

    /// <summary>
    /// Whether opening the lock failed because another holder has it: EWOULDBLOCK from the advisory lock on Linux (11)
    /// and macOS (35), a sharing or lock violation on Windows. Anything else (no such folder, read-only file system) is
    /// not a lock someone holds.
    /// </summary>
    private static bool IsHeld(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static async Task<TemplateSetState> ReadAsync(string path, string target, FileStream fileLock, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new(path, target, new(StringComparer.Ordinal), [], fileLock: fileLock);
        }

        StateFile? file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync(stream, StateJsonContext.Default.StateFile, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            if (HasConflictMarkers(path))
            {
                throw new TemplateSetStateException($"The state file '{path}' has git merge conflict markers ({TemplateJson.Location(e) ?? "unreadable"}): resolve the conflict by keeping the side of the branch applied last, then plan (the other side's templates that still match the code are adopted again; its orphans are not).", e);
            }

            throw new TemplateSetStateException($"The state file '{path}' is not valid JSON ({TemplateJson.Location(e) ?? "unreadable"}). If it is not this project's state (a path given by mistake), give the state's path instead: do not delete it. If it is, restore it from a backup, or delete it to adopt the target's templates by scope and name again.", e);
        }

        if (file is null || file.Version != CurrentVersion)
        {
            throw new TemplateSetStateException($"The state file '{path}' has version {file?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; this version of RunAi.TemplateDsl reads version {CurrentVersion}."
                + (file is not null && file.Version > CurrentVersion
                    ? " A newer RunAi.TemplateDsl wrote it: upgrade the package of this project (every run of one state must use a version that reads it)."
                    : " It was not written so by plan or apply (it was edited, or is another file): restore it from a backup, or delete it to adopt the target's templates by scope and name again."));
        }

        if (!string.Equals(CanonicalTarget(file.Target), CanonicalTarget(target), StringComparison.Ordinal))
        {
            throw new TemplateSetStateException($"The state file '{path}' belongs to target '{file.Target}', not '{target}'. If both are one tenant under two addresses, use the address the state has; otherwise use a state file per target (--state PATH).");
        }

        CheckShape(path, file);
        var entries = new Dictionary<string, StateEntry>(StringComparer.Ordinal);
        foreach (var entry in file.Templates)
        {
            entries[entry.Address] = entry;
        }

        return new(path, target, entries, [.. file.PendingDeletes], [.. file.PendingCreates], fileLock);
    }

    /// <summary>
    /// Refuses a file that is JSON of the right version but not a whole state (edited by hand, or written by something
    /// else): a record without its address, id, scope or name would make a plan adopt, recreate or delete the wrong
    /// template. The message names the file and the member.
    /// </summary>
    private static void CheckShape(string path, StateFile file)
    {
        string? problem = null;
        if (file.Templates is null || file.PendingDeletes is null || file.PendingCreates is null)
        {
            problem = (file.Templates is null ? "templates" : file.PendingDeletes is null ? "pendingDeletes" : "pendingCreates") + " is null; it must be a list";
        }
        else
        {
            problem = EntriesProblem("templates", file.Templates) ?? EntriesProblem("pendingDeletes", file.PendingDeletes) ?? RepeatedAddress(file.Templates);
            for (var i = 0; problem is null && i < file.PendingCreates.Count; i++)
            {
                var create = file.PendingCreates[i];
                problem = create is null ? $"pendingCreates[{i}] is null"
                    : string.IsNullOrWhiteSpace(create.Address) ? $"pendingCreates[{i}].address is missing"
                    : KeyProblem($"pendingCreates[{i}].key", create.Key)
                    ?? (string.IsNullOrWhiteSpace(create.Request) ? $"pendingCreates[{i}].request is missing" : RequestProblem($"pendingCreates[{i}].request", create.Request));
            }
        }

        if (problem is not null)
        {
            throw new TemplateSetStateException($"The state file '{path}' is not a whole state: {problem}. Restore it from a backup or version control, or delete it to adopt the target's templates by scope and name again.");
        }

        // The request a plan compares with the template found by scope and name: read now, so that a damaged one is this
        // message, not an exception in the middle of a plan.
        static string? RequestProblem(string member, string request)
        {
            try
            {
                TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(request);
                return null;
            }
            catch (TemplateJsonException e)
            {
                return $"{member} is not a creation request ({e.Message})";
            }
        }

        // One template per address, as the state writes it: of two (a hand edit, a merge of two branches' files) the
        // last would silently win, and a plan then deletes or recreates the other's template.
        static string? RepeatedAddress(List<StateEntry> entries)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                if (!first.TryAdd(entries[i].Address, i))
                {
                    return $"templates[{i}].address '{entries[i].Address}' is recorded at templates[{first[entries[i].Address]}] too; an address records one template";
                }
            }

            return null;
        }

        static string? EntriesProblem(string list, List<StateEntry> entries)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var problem = entry is null ? $"{list}[{i}] is null"
                    : string.IsNullOrWhiteSpace(entry.Address) ? $"{list}[{i}].address is missing"
                    : string.IsNullOrWhiteSpace(entry.Id) ? $"{list}[{i}].id is missing"
                    : KeyProblem($"{list}[{i}].key", entry.Key);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        static string? KeyProblem(string at, TemplateKey? key) =>
            key is null ? at + " is missing"
            : string.IsNullOrWhiteSpace(key.Scope) ? at + ".scope is missing"
            : string.IsNullOrWhiteSpace(key.Name) ? at + ".name is missing"
            : null;
    }

    /// <summary>Whether a file that is not JSON holds a git merge's conflict markers (a state file committed on two branches).</summary>
    private static bool HasConflictMarkers(string path)
    {
        try
        {
            // Read on the failure path only; a state file is small.
            var text = File.ReadAllText(path);
            return text.Contains("\n<<<<<<< ", StringComparison.Ordinal) || text.StartsWith("<<<<<<< ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The template recorded for an address, or null.</summary>
    /// <param name="address">The address in the set.</param>
    /// <returns>The recorded id and key, or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public StateEntry? Find(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            return _entries.GetValueOrDefault(address);
        }
    }

    /// <summary>Whether a template is marked to delete (without copying the list, as <see cref="PendingDeletes"/> does).</summary>
    internal bool IsPendingDelete(string id)
    {
        lock (_gate)
        {
            return _pendingDeletes.Exists(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Whether a template is recorded at an address or as a pending delete.</summary>
    /// <param name="id">The template id.</param>
    /// <returns>True when recorded.</returns>
    public bool Records(string id)
    {
        lock (_gate)
        {
            return _entries.Values.Any(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase))
                || _pendingDeletes.Exists(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Every recorded template, by address order.</summary>
    public IReadOnlyList<StateEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Values.OrderBy(e => e.Address, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>
    /// Creates that were sent and whose answer never came (a lost connection, a timeout, a stop): the template may exist
    /// at that scope and name without its id being recorded. A plan takes a template found there as the address's own.
    /// </summary>
    public IReadOnlyList<PendingCreate> PendingCreates
    {
        get
        {
            lock (_gate)
            {
                return [.. _pendingCreates];
            }
        }
    }

    /// <summary>
    /// Records, before a create is sent, that the address may get a template at this scope and name; saves. Earlier
    /// intents of the address at other scopes and names stay.
    /// </summary>
    /// <param name="create">The address and the scope and name of the template to create.</param>
    internal void AddPendingCreate(PendingCreate create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Change(
            () =>
            {
                _pendingCreates.RemoveAll(c => c.Address == create.Address && c.Key.Equals(create.Key));
                _pendingCreates.Add(create);
            },
            undoIfNotSaved: true);
    }

    /// <summary>Forgets a create that certainly did not happen, or whose template is gone; saves.</summary>
    /// <param name="create">The pending create.</param>
    internal void RemovePendingCreate(PendingCreate create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Change(() => _pendingCreates.RemoveAll(c => c.Address == create.Address && c.Key.Equals(create.Key)));
    }

    /// <summary>Templates that were replaced (a new one was created in their place) and still have to be deleted.</summary>
    public IReadOnlyList<StateEntry> PendingDeletes
    {
        get
        {
            lock (_gate)
            {
                return [.. _pendingDeletes];
            }
        }
    }

    /// <summary>
    /// Records the template at an address, replacing what was recorded there; saves. A template is recorded once: an
    /// entry of another address with the same id, and a pending delete of it, are dropped (the template moved to this
    /// address); so is a pending create of the template's scope and name (this is its answer). A pending create of the
    /// address at another scope and name stays: what it made, if anything, is still this project's.
    /// </summary>
    /// <param name="entry">The address, id and key.</param>
    internal void Record(StateEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Change(() =>
        {
            foreach (var other in _entries.Values.Where(e => e.Address != entry.Address && string.Equals(e.Id, entry.Id, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                _entries.Remove(other.Address);
            }

            _pendingDeletes.RemoveAll(e => string.Equals(e.Id, entry.Id, StringComparison.OrdinalIgnoreCase));
            _pendingCreates.RemoveAll(c => c.Key.Equals(entry.Key));
            _entries[entry.Address] = entry;
        });
    }

    /// <summary>Forgets a template wherever it is recorded (it was deleted, or is gone from the target); saves.</summary>
    /// <param name="id">The template id.</param>
    /// <param name="key">Its scope and name, when known: a pending create there is forgotten too (what it made is gone).</param>
    internal void ForgetTemplate(string id, TemplateKey? key = null) => Change(() =>
    {
        foreach (var entry in _entries.Values.Where(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            _entries.Remove(entry.Address);
        }

        _pendingDeletes.RemoveAll(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
        if (key is not null)
        {
            _pendingCreates.RemoveAll(c => c.Key.Equals(key));
        }
    });

    /// <summary>
    /// Stops managing what is recorded at addresses the set no longer has: forgets the template recorded at each, and
    /// the creates sent for it whose answer never came; saves once. The templates stay on the target as they are: plans
    /// no longer list them as orphans, and a prune never deletes them. A template an earlier apply replaced, and still
    /// has to delete, stays to delete. Forget only what the set no longer has: a template whose scope and name the set
    /// still builds (at another address) is found again, or moved, by the next plan.
    /// </summary>
    /// <param name="addresses">The addresses, as the set had them.</param>
    /// <returns>The templates that were recorded at the addresses, in the order given (none for an address that had only creates whose answer never came).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="addresses"/> or one of them is null.</exception>
    /// <exception cref="TemplateSetStateException">Nothing is recorded at one of the addresses; nothing is forgotten then.</exception>
    /// <exception cref="InvalidOperationException">An apply of this state is running.</exception>
    /// <exception cref="ObjectDisposedException">The state is disposed (without its file's lock, another run may be writing the file).</exception>
    public IReadOnlyList<StateEntry> Forget(params string[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (var address in addresses)
        {
            ArgumentNullException.ThrowIfNull(address, nameof(addresses));
        }

        ThrowIfDisposed();
        var forgotten = new List<StateEntry>();
        if (addresses.Length == 0)
        {
            return forgotten;
        }

        Change(
            () =>
            {
                // Under the lock EnterApply takes: an apply cannot start between this check and the change.
                if (_applying != 0)
                {
                    throw new InvalidOperationException("An apply of this state is running: forget addresses once it has ended (it may record one of them meanwhile).");
                }

                var unknown = addresses.Where(a => !_entries.ContainsKey(a) && !_pendingCreates.Exists(c => c.Address == a)).Distinct(StringComparer.Ordinal).ToList();
                if (unknown.Count > 0)
                {
                    var recorded = _entries.Keys.Concat(_pendingCreates.Select(c => c.Address)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    throw new TemplateSetStateException(
                        $"Nothing is recorded at {Quoted(unknown)} in {(Path is null ? "the state" : "the state file '" + Path + "'")}, so nothing was forgotten. "
                        + (recorded.Count == 0 ? "It records no template." : $"It records {Quoted(recorded.Take(10))}{(recorded.Count > 10 ? $" and {recorded.Count - 10} more" : string.Empty)}."));
                }

                foreach (var address in addresses.Distinct(StringComparer.Ordinal))
                {
                    if (_entries.Remove(address, out var entry))
                    {
                        forgotten.Add(entry);
                    }

                    _pendingCreates.RemoveAll(c => c.Address == address);
                }
            },
            undoIfNotSaved: true);
        return forgotten;

        static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => "'" + n + "'"));
    }

    /// <summary>Adds a replaced template to the templates still to delete; saves.</summary>
    /// <param name="entry">The replaced template.</param>
    /// <returns>True when it was added; false when it was already to delete.</returns>
    internal bool AddPendingDelete(StateEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var added = false;
        Change(
            () =>
            {
                added = !_pendingDeletes.Exists(e => string.Equals(e.Id, entry.Id, StringComparison.OrdinalIgnoreCase));
                if (added)
                {
                    _pendingDeletes.Add(entry);
                }
            },
            undoIfNotSaved: true);
        return added;
    }

    /// <summary>Removes a template from the templates still to delete (it is deleted, or already gone); saves.</summary>
    /// <param name="id">The template id.</param>
    internal void RemovePendingDelete(string id) => Change(() => _pendingDeletes.RemoveAll(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Counts the changes made to the state; a plan remembers it, so that an apply after a change is refused.</summary>
    internal long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Marks an apply of this state as running (two at once would each record and drop what the other is doing);
    /// false when one runs already. <see cref="ExitApply"/> ends it.
    /// </summary>
    internal bool EnterApply()
    {
        lock (_gate)
        {
            return Interlocked.CompareExchange(ref _applying, 1, 0) == 0;
        }
    }

    /// <summary>Ends what <see cref="EnterApply"/> began.</summary>
    internal void ExitApply() => Volatile.Write(ref _applying, 0);

    /// <summary>
    /// Makes a change and saves the whole state, one change at a time. Under the lock <see cref="Dispose"/> takes, so a
    /// change is refused before it is made once the state is disposed, even by another thread meanwhile: without the
    /// file's lock, another run may be writing the file. Saved as a new file renamed over the old one, so a crash
    /// mid-write leaves the previous state, never half a file.
    /// </summary>
    /// <param name="change">The change, made under the state's lock.</param>
    /// <param name="undoIfNotSaved">
    /// For an intent recorded before a call (a create or delete about to be sent): when the save fails the call is not
    /// made, so the change is undone in memory too; a later save would otherwise write an intent that never was. A
    /// record of what a call did stays, saved or not: it is true, and the next save writes it.
    /// </param>
    private void Change(Action change, bool undoIfNotSaved = false)
    {
        lock (_fileGate)
        {
            ThrowIfDisposed();
            byte[]? bytes = null;
            (Dictionary<string, StateEntry> Entries, List<StateEntry> Deletes, List<PendingCreate> Creates)? before = null;
            lock (_gate)
            {
                if (undoIfNotSaved && Path is not null)
                {
                    before = (new Dictionary<string, StateEntry>(_entries, StringComparer.Ordinal), [.. _pendingDeletes], [.. _pendingCreates]);
                }

                change();
                Interlocked.Increment(ref _version);
                if (Path is not null)
                {
                    var file = new StateFile
                    {
                        Version = CurrentVersion,
                        Target = Target,
                        Templates = [.. _entries.Values.OrderBy(e => e.Address, StringComparer.Ordinal)],
                        PendingDeletes = [.. _pendingDeletes],
                        PendingCreates = [.. _pendingCreates],
                    };
                    bytes = JsonSerializer.SerializeToUtf8Bytes(file, StateJsonContext.Default.StateFile);
                }
            }

            if (bytes is not null)
            {
                try
                {
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                    // Made new, after taking away what has the name (a file or link left by a run that died): a symbolic link
                    // planted there in a shared folder would otherwise be followed, overwriting whatever it points to.
                    // CreateNew follows no link; a link planted again in between fails the save instead.
                    var temporary = Path + ".tmp";
                    File.Delete(temporary);
                    try
                    {
                        // Written to disk before the rename: a rename can reach the disk before the data does, and a crash
                        // then leaves an empty state file in place of the last good one.
                        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                        {
                            stream.Write(bytes, 0, bytes.Length);
                            stream.Flush(flushToDisk: true);
                        }

                        File.Move(temporary, Path!, overwrite: true);
                    }
                    finally
                    {
                        if (File.Exists(temporary))
                        {
                            File.Delete(temporary);
                        }
                    }
                }
                catch when (before is { } undo)
                {
                    lock (_gate)
                    {
                        _entries.Clear();
                        foreach (var (address, entry) in undo.Entries)
                        {
                            _entries[address] = entry;
                        }

                        _pendingDeletes.Clear();
                        _pendingDeletes.AddRange(undo.Deletes);
                        _pendingCreates.Clear();
                        _pendingCreates.AddRange(undo.Creates);
                    }

                    throw;
                }
            }
        }
    }
}

/// <summary>A template a project applied: where it is on the target and at which address of the set.</summary>
/// <param name="Address">The template's address in the <see cref="TemplateSet"/>.</param>
/// <param name="Id">The template's id on the target.</param>
/// <param name="Key">The template's scope, scope id and name on the target.</param>
public sealed record StateEntry(string Address, string Id, TemplateKey Key)
{
    /// <summary>
    /// The SHA-256 of the creation request this project last applied at the address (sent, or found on the target as
    /// it is); null when none is recorded (a state written by an earlier version). A later plan whose code builds the
    /// same request but finds the template different says that it was changed on the target, not in the code.
    /// </summary>
    public string? Applied { get; init; }

    /// <summary>
    /// The template's update count as this project's last apply left it (from the API's answer, or as found when adopted);
    /// null when unknown. A later plan that finds a higher count says the template was changed on the target since.
    /// </summary>
    public long? UpdateCount { get; init; }
}

/// <summary>A state file that cannot be used.</summary>
public sealed class TemplateSetStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public TemplateSetStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateSetStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TemplateSetStateException()
    {
    }
}

/// <summary>The state file's JSON.</summary>
internal sealed class StateFile
{
    public int Version { get; set; }

    public string Target { get; set; } = "";

    public List<StateEntry> Templates { get; set; } = [];

    public List<StateEntry> PendingDeletes { get; set; } = [];

    public List<PendingCreate> PendingCreates { get; set; } = [];
}

/// <summary>A create that was sent for an address and whose answer never came.</summary>
/// <param name="Address">The template's address in the <see cref="TemplateSet"/>.</param>
/// <param name="Key">The scope, scope id and name the create asked for.</param>
/// <param name="Request">The creation request sent, as JSON: only a template with exactly this content is taken for its result.</param>
public sealed record PendingCreate(string Address, TemplateKey Key, string Request);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateFile))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
