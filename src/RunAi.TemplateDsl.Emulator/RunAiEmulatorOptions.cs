namespace RunAi.TemplateDsl.Emulator;

/// <summary>How a <see cref="RunAiEmulator"/> runs: port, storage, credentials, assets and faults.</summary>
public sealed class RunAiEmulatorOptions
{
    /// <summary>The bearer token accepted when <see cref="Token"/> is not set.</summary>
    public const string DefaultToken = "dev-token";

    /// <summary>The client id accepted at the token endpoint when <see cref="ClientId"/> is not set.</summary>
    public const string DefaultClientId = "dev-client";

    /// <summary>The client secret accepted at the token endpoint when <see cref="ClientSecret"/> is not set.</summary>
    public const string DefaultClientSecret = "dev-secret";

    /// <summary>
    /// Whether a token or client credential cannot be used: empty, or with white space at an end (an unset CI variable).
    /// Such a token no request can present (the header value is trimmed); such credentials anyone could give.
    /// </summary>
    internal static bool IsUnusableSecret(string value) => value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one (see <see cref="RunAiEmulator.BaseUrl"/>).</summary>
    public int Port { get; set; }

    /// <summary>The SQLite database file; null keeps the templates in memory (lost when the emulator stops).</summary>
    public string? DatabasePath { get; set; }

    /// <summary>A static bearer token that may read and write; null accepts <see cref="DefaultToken"/>.</summary>
    public string? Token { get; set; }

    /// <summary>A static bearer token that may only read: writes with it are answered 403.</summary>
    public string? ReadOnlyToken { get; set; }

    /// <summary>The client id the token endpoint accepts; null accepts <see cref="DefaultClientId"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret the token endpoint accepts; null accepts <see cref="DefaultClientSecret"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The lifetime of the access tokens the token endpoint issues. Default one hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The asset table: names (and kinds, tool types) of the assets templates refer to by id.</summary>
    public IList<EmulatorAsset> Assets { get; } = [];

    /// <summary>Answer 400 for an asset id not in <see cref="Assets"/> (otherwise it gets a generated name).</summary>
    public bool StrictAssets { get; set; }

    /// <summary>Known projects: their names (for <c>projectName</c>) and where they sit (for the list filters).</summary>
    public IList<EmulatorProject> Projects { get; } = [];

    /// <summary>Faults to inject into the template operations; can be changed while running with <see cref="RunAiEmulator.Faults"/>.</summary>
    public EmulatorFaults Faults { get; set; } = EmulatorFaults.None;

    /// <summary>
    /// Whether Ctrl+C and SIGTERM stop the emulator (ASP.NET Core's console lifetime: <see cref="RunAiEmulator.WaitForShutdownAsync"/>
    /// returns). Default true. Set false when the emulator runs inside a program that handles the signals itself and
    /// stops the emulator when it is done, as the command host does: the console lifetime would otherwise take the
    /// signals from it.
    /// </summary>
    public bool StopOnProcessSignals { get; set; } = true;

    /// <summary>The clock for timestamps and token expiry. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The tenant id written into every template's metadata. Default 1.</summary>
    public int TenantId { get; set; } = 1;
}

/// <summary>An asset the emulator knows by id, so templates that refer to it show its name.</summary>
public sealed class EmulatorAsset
{
    /// <summary>The asset id (UUID).</summary>
    public required string Id { get; init; }

    /// <summary>The asset's name.</summary>
    public required string Name { get; init; }

    /// <summary>The asset's kind (environment, compute, pvc, …), if known.</summary>
    public AssetKind? Kind { get; init; }

    /// <summary>For an environment: the tool types of its connections.</summary>
    public IReadOnlyList<ToolType>? ToolTypes { get; init; }
}

/// <summary>A project the emulator knows: its name, department and cluster.</summary>
public sealed class EmulatorProject
{
    /// <summary>The project id.</summary>
    public required int Id { get; init; }

    /// <summary>The project name, returned as <c>meta.projectName</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The department the project belongs to.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>The cluster (UUID) the project belongs to.</summary>
    public string? ClusterId { get; init; }
}

/// <summary>
/// Faults injected into the template operations (<c>/api/v1/asset/…</c>; the token endpoint is spared). For each
/// request one draw decides: with probability <see cref="UnavailableRate"/> it is answered 503 without being processed;
/// with probability <see cref="DropAfterProcessingRate"/> it is processed and then its connection is dropped before the
/// answer is sent; otherwise it is served normally.
/// </summary>
public sealed record EmulatorFaults
{
    /// <summary>No faults.</summary>
    public static EmulatorFaults None { get; } = new();

    /// <summary>The share of requests answered 503 without being processed, 0–1.</summary>
    public double UnavailableRate { get; init; }

    /// <summary>The share of those 503 answers that carry a <c>Retry-After</c> header, 0–1.</summary>
    public double RetryAfterShare { get; init; }

    /// <summary>The <c>Retry-After</c> sent, rounded up to whole seconds (0 is allowed). Default 1 second.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The share of requests whose connection is dropped after the request was processed, 0–1.</summary>
    public double DropAfterProcessingRate { get; init; }

    /// <summary>
    /// The first this many template requests after these faults are set are answered 503 without being processed,
    /// before any random draw: a deterministic failure for tests.
    /// </summary>
    public int FirstRequestsUnavailable { get; init; }

    /// <summary>
    /// The next this many template requests (after <see cref="FirstRequestsUnavailable"/>) are processed and then their
    /// connection is dropped: a deterministic lost answer for tests.
    /// </summary>
    public int FirstRequestsDropped { get; init; }

    /// <summary>Latency added to every template operation.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The seed of the draws, for a repeatable run; null seeds at random.</summary>
    public int? Seed { get; init; }

    /// <summary>Whether any fault is configured.</summary>
    public bool IsActive => UnavailableRate > 0 || DropAfterProcessingRate > 0 || Latency > TimeSpan.Zero || FirstRequestsUnavailable > 0 || FirstRequestsDropped > 0;

    /// <summary>
    /// The faults set, in words, e.g. <c>30% answered 503 (half of them with Retry-After: 1 s), 10% dropped after
    /// processing, 200 ms added latency</c>; <c>none</c> when no fault is set.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (FirstRequestsUnavailable > 0)
        {
            parts.Add(string.Format(invariant, "the first {0} requests answered 503", FirstRequestsUnavailable));
        }

        if (FirstRequestsDropped > 0)
        {
            parts.Add(string.Format(invariant, "the {0} {1} dropped after processing", FirstRequestsUnavailable > 0 ? "next" : "first", FirstRequestsDropped));
        }

        if (UnavailableRate > 0)
        {
            // The share of Retry-After is of these (the first requests' 503s have none).
            parts.Add(string.Format(invariant, "{0:0.##}% answered 503", UnavailableRate * 100)
                + (RetryAfterShare > 0 ? string.Format(invariant, " ({0:0.##}% of them with Retry-After: {1:0.###} s)", RetryAfterShare * 100, RetryAfter.TotalSeconds) : string.Empty));
        }

        if (DropAfterProcessingRate > 0)
        {
            parts.Add(string.Format(invariant, "{0:0.##}% dropped after processing", DropAfterProcessingRate * 100));
        }

        if (Latency > TimeSpan.Zero)
        {
            parts.Add(string.Format(invariant, "{0:0.###} ms added latency", Latency.TotalMilliseconds));
        }

        if (parts.Count == 0)
        {
            return "none";
        }

        return string.Join(", ", parts) + (Seed is { } seed ? string.Format(invariant, "; seed {0}", seed) : string.Empty);
    }

    /// <summary>The longest <see cref="Latency"/>: what one <see cref="Task.Delay(TimeSpan)"/> can wait.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    internal void Validate()
    {
        if (UnavailableRate is < 0 or > 1 || DropAfterProcessingRate is < 0 or > 1 || UnavailableRate + DropAfterProcessingRate > 1 || RetryAfterShare is < 0 or > 1)
        {
            throw new ArgumentException("Fault rates must be within 0–1 and UnavailableRate + DropAfterProcessingRate at most 1.");
        }

        if (RetryAfter < TimeSpan.Zero || Latency < TimeSpan.Zero || FirstRequestsUnavailable < 0 || FirstRequestsDropped < 0)
        {
            throw new ArgumentException("RetryAfter, Latency, FirstRequestsUnavailable and FirstRequestsDropped must not be negative.");
        }

        if (Latency > MaxLatency)
        {
            // Task.Delay's limit: past it every delayed request would fail with a 500.
            throw new ArgumentException($"Latency must be at most {MaxLatency} (about 49.7 days); it is {Latency}.");
        }
    }
}
