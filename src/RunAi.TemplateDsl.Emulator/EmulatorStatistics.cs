namespace RunAi.TemplateDsl.Emulator;

/// <summary>Counters of what the emulator did since it started (thread-safe, live).</summary>
public sealed class EmulatorStatistics
{
    private long _requests;
    private long _unavailable;
    private long _dropped;
    private long _unauthorized;
    private long _forbidden;
    private long _tokensIssued;
    private long _created;
    private long _updated;
    private long _deleted;
    private long _conflicts;
    private long _rejected;

    /// <summary>Made by the emulator only: read its counters from <see cref="RunAiEmulator.Statistics"/>.</summary>
    internal EmulatorStatistics()
    {
    }

    /// <summary>Template operation requests received (faulted ones included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests answered 503 by fault injection.</summary>
    public long InjectedUnavailable => Interlocked.Read(ref _unavailable);

    /// <summary>Connections dropped after the request was processed, by fault injection.</summary>
    public long InjectedDrops => Interlocked.Read(ref _dropped);

    /// <summary>Requests answered 401.</summary>
    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    /// <summary>Requests answered 403.</summary>
    public long Forbidden => Interlocked.Read(ref _forbidden);

    /// <summary>Access tokens issued by the token endpoint.</summary>
    public long TokensIssued => Interlocked.Read(ref _tokensIssued);

    /// <summary>Templates created.</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Templates updated.</summary>
    public long Updated => Interlocked.Read(ref _updated);

    /// <summary>Templates deleted.</summary>
    public long Deleted => Interlocked.Read(ref _deleted);

    /// <summary>Requests answered 409.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Requests answered 400.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>The counters on one line.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"requests {Requests}, injected 503 {InjectedUnavailable}, injected drops {InjectedDrops}, 401 {Unauthorized}, 403 {Forbidden}, 400 {Rejected}, 409 {Conflicts}, tokens issued {TokensIssued}, created {Created}, updated {Updated}, deleted {Deleted}";

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Unavailable() => Interlocked.Increment(ref _unavailable);

    internal void Dropped() => Interlocked.Increment(ref _dropped);

    internal void Unauthenticated() => Interlocked.Increment(ref _unauthorized);

    internal void Denied() => Interlocked.Increment(ref _forbidden);

    internal void TokenIssued() => Interlocked.Increment(ref _tokensIssued);

    internal void TemplateCreated() => Interlocked.Increment(ref _created);

    internal void TemplateUpdated() => Interlocked.Increment(ref _updated);

    internal void TemplateDeleted() => Interlocked.Increment(ref _deleted);

    internal void Conflict() => Interlocked.Increment(ref _conflicts);

    internal void BadRequest() => Interlocked.Increment(ref _rejected);
}
