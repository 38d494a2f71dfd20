using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using Xunit.Abstractions;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// Randomized update round trip against the emulator. Each case is a pair (old, new) of full templates that pass
/// <c>Build()</c>, at one address with one name and scope, differing in a few fields the DSL reaches (description,
/// assets, every member of the specific run parameters, the master's, the workload types, autoDelete, private).
/// Against a fresh emulator: apply old, apply new, then
/// <list type="number">
/// <item>the apply succeeded, and the plan chose the action the change needs (an update when only the name, the
/// description or the spec changed; a replace when the rest of the metadata did; nothing when the requests are one);</item>
/// <item>the template read back (by the id in the state) is the new request: no difference by <see cref="TemplateDiff"/>,
/// and none in its JSON either (a member removed in new is gone, not merged);</item>
/// <item>a second plan of new is all no-op;</item>
/// <item>the target holds that one template, the state records it alone, with nothing pending.</item>
/// </list>
/// Some pairs run with faults (503s, answers dropped after the server acted) during the second apply; once the faults
/// are off, applies settle on new with the same four checks. A failing pair is shrunk (fewer changed fields, fewer
/// fields in old) and printed with the fields that changed.
/// </summary>
public sealed class UpdateRoundTripTests(ITestOutputHelper output)
{
    private const int Seed = 20240611;
    private const string Address = "t";

    // ---------------------------------------------------------------------------------------------------------------
    // The tests
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>Generated pairs, no faults: every update or replace lands exactly and settles.</summary>
    [Fact]
    public async Task generated_pairs_land_exactly_and_settle()
    {
        await RunGeneratedAsync(count: 300, faults: false, seed: Seed);
    }

    /// <summary>Generated pairs whose second apply runs under 503s and dropped answers: with the faults off, they settle on new.</summary>
    [Fact]
    public async Task generated_pairs_under_faults_settle_once_faults_are_off()
    {
        await RunGeneratedAsync(count: 60, faults: true, seed: Seed + 7919);
    }

    /// <summary>
    /// Hand-picked pairs at the edges the generator reaches only by chance: null against empty lists, members the spec
    /// gives a default (autoDelete, private, servingPortAccess, autoscaling) removed, changes only an update cannot make.
    /// </summary>
    [Theory]
    [MemberData(nameof(EdgePairs))]
    public Task edge_pair(string name) => EdgePairSettlesAsync(name, FaultMode.None);

    /// <summary>The same edge pairs with the first request of the second apply's answer dropped (no retries), then an apply without faults.</summary>
    [Theory]
    [MemberData(nameof(EdgePairs))]
    public Task edge_pair_with_a_lost_answer(string name) => EdgePairSettlesAsync(name, FaultMode.DropFirst);

    private static async Task EdgePairSettlesAsync(string name, FaultMode mode)
    {
        var (old, changes) = EdgeCases[name];
        var failure = await RunPairAsync(old, changes, mode);
        failure.Should().BeNull(failure is null ? "" : Describe(old, changes) + Environment.NewLine + failure);
    }

    /// <summary>
    /// A write the emulator carries out but whose answer is lost, and whose one retry (for a create: the look-up before
    /// it) is answered 503: an update, the delete of a replace, the create of a replace. The apply fails, and the target
    /// did change. Its report must not say that nothing was changed, or that the template is missing (the client's
    /// exception is the retry's 503, which says "not processed"); with the faults off the next apply settles.
    /// </summary>
    [Theory]
    [InlineData("update")]
    [InlineData("replace")]
    [InlineData("replace-create")]
    public async Task a_lost_answer_then_a_503_on_the_retry_is_not_reported_as_nothing_changed(string kind)
    {
        var old = Model.Empty.With("scope", "project").With("environment", EnvironmentId).With("types", TypeSpec.TrainingOnly).With("command", "python train.py");
        var changed = kind == "update" ? old.With("command", "python train2.py") : old.With("private", true);
        var script = kind == "replace-create"
            ? new[] { EmulatorFaults.None, new EmulatorFaults { FirstRequestsDropped = 1 }, new EmulatorFaults { FirstRequestsUnavailable = 1 } }
            : [new EmulatorFaults { FirstRequestsDropped = 1 }, new EmulatorFaults { FirstRequestsUnavailable = 1 }];
        var directory = Directory.CreateTempSubdirectory("runai-roundtrip-").FullName;
        try
        {
            await using var emulator = await StartEmulatorAsync();
            using var handler = new ScriptedFaults(emulator);
            using var flurl = new Flurl.Http.FlurlClient(new HttpClient(handler));
            using var client = NewClient(emulator, o => o.MaxRetryAttempts = 1, flurl);
            var statePath = Path.Combine(directory, "state.json");
            var newSet = TemplateSet.Empty.Add(Address, Render(changed));
            string oldId;
            using (var state = await TemplateSetState.LoadAsync(statePath, "roundtrip"))
            {
                var plan = await TemplatePlanner.PlanAsync(client.Templates, TemplateSet.Empty.Add(Address, Render(old)), state);
                (await TemplateApplier.ApplyAsync(client.Templates, plan, state)).Succeeded.Should().BeTrue();
                oldId = state.Find(Address)!.Id;
            }

            AppliedChange applied;
            using (var state = await TemplateSetState.LoadAsync(statePath, "roundtrip"))
            {
                var plan = await TemplatePlanner.PlanAsync(client.Templates, newSet, state);
                plan.Changes.Single().Action.Should().Be(kind == "update" ? PlanAction.Update : PlanAction.Replace);

                // The write is carried out and its answer dropped; its retry (a create's look-up) is answered 503.
                foreach (var faults in script)
                {
                    handler.Next.Enqueue(faults);
                }

                var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state);
                applied = result.Changes.Single();
            }

            applied.Succeeded.Should().BeFalse("the retry was answered 503");
            var onTarget = await emulator.GetTemplatesAsync();
            var targetChanged = kind switch
            {
                "update" => onTarget.Single().Spec.SpecificEnv!.Command == "python train2.py",
                "replace" => onTarget.Count == 0,
                _ => onTarget.Single().Meta.Id != oldId && onTarget.Single().Meta.Private == true,
            };
            targetChanged.Should().BeTrue("the emulator carried out the write whose answer was lost");
            output.WriteLine(applied.Outcome);
            if (kind == "replace")
            {
                // Whether the delete was carried out is not known from its answers: the change names the template it was
                // deleting, and its outcome says the delete may have been carried out.
                applied.TemplateId.Should().Be(oldId);
                applied.Outcome.Should().Contain("may have been carried out");
            }

            applied.Outcome.Should().NotContain("nothing was changed", $"the {kind} was carried out before its answer was lost; outcome: {applied.Outcome}")
                .And.NotContain("missing on the target", $"the {kind} was carried out before its answer was lost; outcome: {applied.Outcome}");

            // Faults off: the next applies settle on new.
            for (var round = 0; round < 3; round++)
            {
                using var state = await TemplateSetState.LoadAsync(statePath, "roundtrip");
                var plan = await TemplatePlanner.PlanAsync(client.Templates, newSet, state);
                await TemplateApplier.ApplyAsync(client.Templates, plan, state);
                if (!plan.HasChanges)
                {
                    break;
                }
            }

            (await CheckSettledAsync(emulator, client, statePath, newSet, Render(changed).Build())).Should().BeNull();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Before each HTTP request, sets the emulator's faults to the next of a script (none when it is empty).</summary>
    private sealed class ScriptedFaults(RunAiEmulator emulator) : DelegatingHandler(new SocketsHttpHandler())
    {
        public System.Collections.Concurrent.ConcurrentQueue<EmulatorFaults> Next { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            emulator.Faults = Next.TryDequeue(out var faults) ? faults : EmulatorFaults.None;
            return base.SendAsync(request, cancellationToken);
        }
    }

    public static TheoryData<string> EdgePairs()
    {
        var data = new TheoryData<string>();
        foreach (var name in EdgeCases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    private static readonly Lazy<ImmutableSortedDictionary<string, (Model Old, ImmutableArray<Change> Changes)>> LazyEdgeCases = new(BuildEdgeCases);

    private static ImmutableSortedDictionary<string, (Model Old, ImmutableArray<Change> Changes)> EdgeCases => LazyEdgeCases.Value;

    private static ImmutableSortedDictionary<string, (Model, ImmutableArray<Change>)> BuildEdgeCases()
    {
        var basic = Model.Empty
            .With("environment", EnvironmentId)
            .With("types", TypeSpec.TrainingOnly)
            .With("command", "python train.py")
            .With("description", "before")
            .With("scope", "project");
        (Model, ImmutableArray<Change>) Pair(Model old, params Change[] changes) => (old, [.. changes]);
        Change Set(string field, object? value) => new(field, value, value is null ? "unset" : "set to " + Show(value));
        var cases = new Dictionary<string, (Model, ImmutableArray<Change>)>
        {
            ["nodePools empty list -> unset"] = Pair(basic.With("nodePools", L<string>()), Set("nodePools", null)),
            ["nodePools unset -> empty list"] = Pair(basic, Set("nodePools", L<string>())),
            ["nodePools [a] -> empty list"] = Pair(basic.With("nodePools", L("a")), Set("nodePools", L<string>())),
            ["workloadVolumes [v] -> unset"] = Pair(basic.With("workloadVolumes", L("v1")), Set("workloadVolumes", null)),
            ["supplementalGroups empty -> unset"] = Pair(basic.With("supplementalGroups", ""), Set("supplementalGroups", null)),
            ["nodeAffinity no terms -> unset"] = Pair(basic.With("nodeAffinity", L<Term>()), Set("nodeAffinity", null)),
            ["nodeAffinity empty term -> term"] = Pair(basic.With("nodeAffinity", L(new Term([]))), Set("nodeAffinity", L(new Term([new Expr("zone", "In", ["a"])])))),
            ["servingPortAccess empty -> unset"] = Pair(basic.With("servingPortAccess", Spa.Empty), Set("servingPortAccess", null)),
            ["servingPortAccess public -> unset"] = Pair(basic.With("servingPortAccess", new Spa("public", null, false)), Set("servingPortAccess", null)),
            ["servingPortAccess users -> groups"] = Pair(basic.With("servingPortAccess", new Spa("users", "u1,u2", null)), Set("servingPortAccess", new Spa("groups", "g1", null))),
            ["autoscaling full -> unset"] = Pair(basic.With("types", TypeSpec.InferenceOnly).With("autoscaling", Scaling(min: 0, max: 3, metric: ("concurrency", 5), pct: 70, stz: 30)), Set("autoscaling", null)),
            ["autoscaling drop one member"] = Pair(basic.With("types", TypeSpec.InferenceOnly).With("autoscaling", Scaling(min: 1, max: 3, metric: ("throughput", 5), pct: 70, delay: 10)), Set("autoscaling", Scaling(min: 1, max: 3, metric: ("throughput", 5)))),
            ["autoDelete true -> unset"] = Pair(basic.With("autoDelete", true), Set("autoDelete", null)),
            ["autoDelete false -> unset"] = Pair(basic.With("autoDelete", false), Set("autoDelete", null)),
            ["private true -> unset"] = Pair(basic.With("private", true), Set("private", null)),
            ["private unset -> false"] = Pair(basic, Set("private", false)),
            ["description -> unset"] = Pair(basic, Set("description", null)),
            ["types training -> training+workspace(false)"] = Pair(basic, Set("types", TypeSpec.TrainingOnly with { Workspace = false })),
            ["types training -> workspace"] = Pair(basic, Set("types", TypeSpec.WorkspaceOnly)),
            ["types distributed workers 2 -> 3"] = Pair(basic.With("types", TypeSpec.Dist("PyTorch", 2)), Set("types", TypeSpec.Dist("PyTorch", 3))),
            ["types distributed PyTorch -> MPI"] = Pair(basic.With("types", TypeSpec.Dist("PyTorch", 2)), Set("types", TypeSpec.Dist("MPI", 2))),
            ["master -> noMaster"] = Pair(basic.With("types", TypeSpec.Dist("PyTorch", 2)).With("master", Model.Empty.With("command", "python master.py").With("environment", EnvironmentId)), Set("master", null), Set("types", TypeSpec.Dist("PyTorch", 2) with { NoMaster = true })),
            ["master env var removed"] = Pair(basic.With("types", TypeSpec.Dist("PyTorch", 2)).With("master", Model.Empty.With("command", "m").With("environmentVariables", L(new EnvVar("value", "A", "1", null)))), Set("master", Model.Empty.With("command", "m"))),
            ["spec emptied (params all removed)"] = Pair(basic.With("labels", L(new Pair("l", "v"))), Set("command", null), Set("labels", null)),
            ["image pull secret exclude -> userCredential false"] = Pair(basic.With("imagePullSecrets", L(new Ips("reg", null, true))), Set("imagePullSecrets", L(new Ips("reg", false, false)))),
            ["annotation exclude -> value"] = Pair(basic.With("annotations", L(new Pair("a", null))), Set("annotations", L(new Pair("a", "x")))),
            ["env var value -> secret (same name)"] = Pair(basic.With("environmentVariables", L(new EnvVar("value", "A", "1", "d"))), Set("environmentVariables", L(new EnvVar("secret", "A", ComputeId, "k")))),
            ["data source override removed"] = Pair(basic.With("datasources", L(new DataSource("pvc", PvcId, "/data"))), Set("datasources", L(new DataSource("pvc", PvcId, null)))),
            ["data sources reordered"] = Pair(basic.With("datasources", L(new DataSource("pvc", PvcId, null), new DataSource("git", DataSourceIds[1], "/src"))), Set("datasources", L(new DataSource("git", DataSourceIds[1], "/src"), new DataSource("pvc", PvcId, null)))),
            ["toleration seconds removed"] = Pair(basic.With("tolerations", L(new Tol("full", "k", "v", "NoExecute", 30))), Set("tolerations", L(new Tol("full", "k", "v", "NoExecute", null)))),
            ["connection users -> groups"] = Pair(basic.With("connections", L(new Conn("jupyter", 30080, null, "u", null))), Set("connections", L(new Conn("jupyter", 30080, null, null, "g")))),
            ["terminateAfterPreemption false -> unset"] = Pair(basic.With("terminateAfterPreemption", false), Set("terminateAfterPreemption", null)),
            ["compute removed"] = Pair(basic.With("compute", ComputeId), Set("compute", null)),
            ["data source attached twice -> once"] = Pair(basic.With("datasources", L(new DataSource("pvc", PvcId, null), new DataSource("pvc", PvcId, "/x"))), Set("datasources", L(new DataSource("pvc", PvcId, "/x")))),
            ["env var exclude -> value, description removed"] = Pair(basic.With("environmentVariables", L(new EnvVar("exclude", "A", null, null), new EnvVar("value", "B", "1", "d"))), Set("environmentVariables", L(new EnvVar("value", "A", "2", null), new EnvVar("value", "B", "1", null)))),
            ["description 250 emoji -> other"] = Pair(basic.With("description", string.Concat(Enumerable.Repeat("🙂", 250))), Set("description", "plain")),
        };
        return cases.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Running a pair
    // ---------------------------------------------------------------------------------------------------------------

    private enum FaultMode
    {
        None,

        /// <summary>Random 503s and dropped answers (seeded) during the second apply, one retry per call.</summary>
        Random,

        /// <summary>The second apply's first write (create, update or delete) is carried out and its answer dropped; no retries.</summary>
        DropFirst,

        /// <summary>The second apply's second write (a replace's create) is carried out and its answer dropped; no retries.</summary>
        DropSecond,
    }

    /// <summary>
    /// Runs <paramref name="count"/> generated pairs from <paramref name="seed"/>. For a longer search, set
    /// RUNAI_ROUNDTRIP_SCALE (multiplies the count) and RUNAI_ROUNDTRIP_SEED (added to the seed).
    /// </summary>
    private async Task RunGeneratedAsync(int count, bool faults, int seed)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("RUNAI_ROUNDTRIP_SCALE"), CultureInfo.InvariantCulture, out var scale) && scale > 0)
        {
            count *= scale;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("RUNAI_ROUNDTRIP_SEED"), CultureInfo.InvariantCulture, out var offset))
        {
            seed += offset;
        }

        var failures = new List<string>();
        var started = DateTime.UtcNow;
        var actions = new Dictionary<string, int>();
        var covered = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var random = new Random(seed + i);
            var (old, changes) = GeneratePair(random, forceReplace: faults && i % 2 == 0);
            var mode = !faults ? FaultMode.None : (FaultMode)(1 + (i % 3));
            foreach (var change in changes)
            {
                Count(covered, change.Field + (change.Value is null ? " unset" : old[change.Field] is null ? " set" : " changed"));
            }

            var failure = await RunPairAsync(old, changes, mode, random.Next(), actions);
            if (failure is null)
            {
                continue;
            }

            var (smallOld, smallChanges, smallFailure) = await ShrinkAsync(old, changes, mode, failure);
            var report = $"pair #{i} (seed {seed + i}, faults {mode}) fails [{Category(failure)}]{Environment.NewLine}"
                + $"  smallest: {Describe(smallOld, smallChanges)}{Environment.NewLine}  {smallFailure.Replace("\n", "\n  ", StringComparison.Ordinal)}";
            output.WriteLine(report);
            failures.Add(report);
        }

        output.WriteLine($"{count} pairs in {(DateTime.UtcNow - started).TotalSeconds:F1}s; outcomes: {string.Join(", ", actions.OrderBy(a => a.Key).Select(a => $"{a.Key} {a.Value}"))}");
        output.WriteLine("changes: " + string.Join(", ", covered.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        failures.Should().BeEmpty(string.Join(Environment.NewLine, failures));
    }

    /// <summary>Runs one pair against a fresh emulator; null when every check holds, otherwise the first check that failed.</summary>
    private static async Task<string?> RunPairAsync(Model oldModel, ImmutableArray<Change> changes, FaultMode mode, int faultSeed = 1, Dictionary<string, int>? actions = null)
    {
        var newModel = oldModel.Apply(changes);
        var oldBuilder = Render(oldModel);
        var newBuilder = Render(newModel);
        var oldRequest = oldBuilder.Build();
        var newRequest = newBuilder.Build();
        var directory = Directory.CreateTempSubdirectory("runai-roundtrip-").FullName;
        var trace = new List<string>();
        try
        {
            await using var emulator = await StartEmulatorAsync();
            using var client = NewClient(emulator, o =>
            {
                o.MaxRetryAttempts = mode switch { FaultMode.None => 4, FaultMode.Random => 1, _ => 0 };
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(2);
            });
            var statePath = Path.Combine(directory, "state.json");
            var oldSet = TemplateSet.Empty.Add(Address, oldBuilder);
            var newSet = TemplateSet.Empty.Add(Address, newBuilder);

            // Old, without faults.
            using (var state = await TemplateSetState.LoadAsync(statePath, "roundtrip"))
            {
                var plan = await TemplatePlanner.PlanAsync(client.Templates, oldSet, state);
                var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state);
                if (!result.Succeeded)
                {
                    return $"(0) apply of old failed: {string.Join("; ", result.Failures)}";
                }
            }

            var expected = ExpectedAction(oldRequest, newRequest);
            if (mode == FaultMode.None)
            {
                using var state = await TemplateSetState.LoadAsync(statePath, "roundtrip");
                var plan = await TemplatePlanner.PlanAsync(client.Templates, newSet, state);
                var change = plan.Changes.Single(c => c.Address == Address);
                Count(actions, change.Action.ToString());

                if (change.Action != expected)
                {
                    return $"(1) plan of new is {change.Action}, expected {expected}: {change}";
                }

                var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state);
                if (!result.Succeeded)
                {
                    return $"(1) apply of new failed ({change.Action}): {string.Join("; ", result.Failures)}";
                }
            }
            else
            {
                try
                {
                    using var state = await TemplateSetState.LoadAsync(statePath, "roundtrip");
                    ITemplatesApi api = client.Templates;
                    if (mode == FaultMode.Random)
                    {
                        emulator.Faults = new EmulatorFaults { UnavailableRate = 0.3, DropAfterProcessingRate = 0.25, RetryAfter = TimeSpan.Zero, Seed = faultSeed };
                    }
                    else
                    {
                        // The answer of the apply's first (or second) write is lost after the emulator carried it out.
                        api = new LoseAnswerOfWrite(client.Templates, emulator, mode == FaultMode.DropFirst ? 1 : 2);
                    }

                    var plan = await TemplatePlanner.PlanAsync(api, newSet, state);
                    trace.Add("faulty plan: " + Plan(plan));
                    var result = await TemplateApplier.ApplyAsync(api, plan, state);
                    trace.Add("faulty apply: " + Outcome(result));
                    Count(actions, $"{mode} {string.Join("+", plan.Changes.Select(c => c.Action))} {(result.Succeeded ? "succeeded" : "failed")} under faults");
                }
                catch (RunAiException e)
                {
                    // The listing failed under faults: nothing was sent.
                    trace.Add("faulty plan failed: " + e.Message);
                    Count(actions, $"{mode} listing failed under faults");
                }

                emulator.Faults = EmulatorFaults.None;
                for (var round = 0; round < 3; round++)
                {
                    using var state = await TemplateSetState.LoadAsync(statePath, "roundtrip");
                    var plan = await TemplatePlanner.PlanAsync(client.Templates, newSet, state);
                    trace.Add($"plan {round}: " + Plan(plan));

                    // Applied also without changes, as an apply does: it records what the plan adopts or recovers.
                    var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state);
                    trace.Add($"apply {round}: " + Outcome(result));
                    if (!plan.HasChanges)
                    {
                        Count(actions, $"settled after {round} more applies");
                        break;
                    }

                    if (!result.Succeeded && round == 2)
                    {
                        return $"(1) apply of new without faults, after the faulty one, failed: {string.Join("; ", result.Failures)}";
                    }
                }
            }

            var failure = await CheckSettledAsync(emulator, client, statePath, newSet, newRequest);
            return failure is null || trace.Count == 0 ? failure : failure + Environment.NewLine + "  trace: " + string.Join(Environment.NewLine + "    ", trace);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"(x) {e.GetType().Name}: {e.Message}";
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string?> CheckSettledAsync(RunAiEmulator emulator, RunAiClient client, string statePath, TemplateSet newSet, WorkloadTemplateCreationRequest newRequest)
    {
        var recorded = await StateFile.ReadAsync(statePath, "roundtrip");
        if (recorded.Find(Address) is not { } entry)
        {
            return "(2) the state records no template at the address";
        }

        var stored = await client.Templates.GetAsync(entry.Id);
        var diff = TemplateDiff.Between(stored.ToCreationRequest(), newRequest);
        if (diff.Count > 0)
        {
            return "(2) the template read back differs from new: " + string.Join("; ", diff.Select(f => $"{f.Path}: {f.Before ?? "unset"} -> {f.After ?? "unset"}"));
        }

        var storedJson = Canonical(ServerNames.WithoutMasterAssetNames(stored.ToCreationRequest()));
        var wantedJson = Canonical(newRequest);
        if (!JsonNode.DeepEquals(storedJson, wantedJson))
        {
            return $"(2) the template read back is not new in its JSON (TemplateDiff saw no difference):{Environment.NewLine}stored: {storedJson!.ToJsonString()}{Environment.NewLine}wanted: {wantedJson!.ToJsonString()}";
        }

        using (var state = await TemplateSetState.LoadAsync(statePath, "roundtrip"))
        {
            var again = await TemplatePlanner.PlanAsync(client.Templates, newSet, state);
            if (again.HasChanges || again.Changes.Any(c => c.Action != PlanAction.NoOp))
            {
                return "(3) a second plan of new has changes: " + string.Join("; ", again.Changes.Select(c => c + " " + string.Join(", ", c.Fields.Select(f => $"{f.Path}: {f.Before ?? "unset"} -> {f.After ?? "unset"}"))));
            }
        }

        var all = await emulator.GetTemplatesAsync();
        if (all.Count != 1 || !string.Equals(all[0].Meta.Id, entry.Id, StringComparison.OrdinalIgnoreCase))
        {
            return $"(4) the target holds {all.Count} templates ({string.Join(", ", all.Select(t => t.Meta.Id + " " + t.Meta.Name))}), expected only {entry.Id}";
        }

        recorded = await StateFile.ReadAsync(statePath, "roundtrip");
        if (recorded.Entries.Count != 1 || recorded.PendingDeletes.Count != 0 || recorded.PendingCreates.Count != 0)
        {
            return $"(4) the state is not one entry with nothing pending: {recorded.Entries.Count} entries, {recorded.PendingDeletes.Count} pending deletes, {recorded.PendingCreates.Count} pending creates";
        }

        return null;
    }

    /// <summary>
    /// The action the change needs, judged on the requests' JSON (not by TemplateDiff): replace when the metadata an
    /// update cannot carry differs (autoDelete and private unset are false, the spec's default; so are the workload type
    /// flags; an object that sets nothing is none), update when anything else differs, otherwise nothing.
    /// </summary>
    private static PlanAction ExpectedAction(WorkloadTemplateCreationRequest old, WorkloadTemplateCreationRequest @new)
    {
        var a = Canonical(old)!;
        var b = Canonical(@new)!;
        if (JsonNode.DeepEquals(a, b))
        {
            return PlanAction.NoOp;
        }

        var fixedA = a["meta"]!.DeepClone().AsObject();
        var fixedB = b["meta"]!.DeepClone().AsObject();
        foreach (var meta in new[] { fixedA, fixedB })
        {
            meta.Remove("name");
            meta.Remove("description");
        }

        return JsonNode.DeepEquals(fixedA, fixedB) ? PlanAction.Update : PlanAction.Replace;
    }

    /// <summary>A request's JSON with the spec's defaults written out as absent (autoDelete, private false).</summary>
    private static JsonNode? Canonical(WorkloadTemplateCreationRequest request)
    {
        var node = JsonNode.Parse(TemplateJson.Serialize(request))!;
        var meta = node["meta"]!.AsObject();
        RemoveFalse(meta, "autoDelete", "private");
        if (meta["workloadSupportedTypes"] is JsonObject types)
        {
            RemoveFalse(types, "inference", "workspace", "training", "distributed");
        }

        RemoveEmptyObjects(node);
        return node;

        static void RemoveFalse(JsonObject owner, params string[] members)
        {
            foreach (var member in members)
            {
                if (owner[member] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False)
                {
                    owner.Remove(member);
                }
            }
        }

        // A member whose object sets nothing is the same as no member (list items stay: an item is there or not).
        static void RemoveEmptyObjects(JsonNode? value)
        {
            if (value is JsonObject o)
            {
                foreach (var (name, member) in o.ToList())
                {
                    RemoveEmptyObjects(member);
                    if (member is JsonObject { Count: 0 })
                    {
                        o.Remove(name);
                    }
                }
            }
            else if (value is JsonArray a)
            {
                foreach (var item in a)
                {
                    RemoveEmptyObjects(item);
                }
            }
        }
    }

    private static string Plan(TemplatePlan plan) =>
        string.Join("; ", plan.Changes.Select(c => c.ToString()))
        + (plan.Forgotten.Count > 0 ? $" [forgets {string.Join(", ", plan.Forgotten.Select(f => f.Id))}]" : "")
        + (plan.DroppedPendingCreates.Count > 0 ? $" [drops {plan.DroppedPendingCreates.Count} pending creates]" : "");

    private static string Outcome(ApplyResult result) => string.Join("; ", result.Changes.Select(c => c.Outcome));

    private static void Count(Dictionary<string, int>? counts, string what)
    {
        if (counts is not null)
        {
            counts[what] = counts.GetValueOrDefault(what) + 1;
        }
    }

    /// <summary>The client's API; before its n-th write (create, update or delete) the emulator is set to drop that request's answer after carrying it out.</summary>
    private sealed class LoseAnswerOfWrite(ITemplatesApi inner, RunAiEmulator emulator, int n) : ITemplatesApi
    {
        private int _writes;

        public Task<IReadOnlyList<WorkloadTemplate>> ListAsync(TemplateFilter? filter = null, CancellationToken cancellationToken = default) => inner.ListAsync(filter, cancellationToken);

        public Task<WorkloadTemplate> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<WorkloadTemplate> CreateAsync(WorkloadTemplateCreationRequest request, CancellationToken cancellationToken = default)
        {
            Arm();
            return inner.CreateAsync(request, cancellationToken);
        }

        public Task<WorkloadTemplate> UpdateAsync(string id, WorkloadTemplateUpdateRequest request, CancellationToken cancellationToken = default)
        {
            Arm();
            return inner.UpdateAsync(id, request, cancellationToken);
        }

        public Task<ApiResponse> DeleteAsync(string id, CancellationToken cancellationToken = default)
        {
            Arm();
            return inner.DeleteAsync(id, cancellationToken);
        }

        private void Arm() => emulator.Faults = Interlocked.Increment(ref _writes) == n ? new EmulatorFaults { FirstRequestsDropped = 1 } : EmulatorFaults.None;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shrinking
    // ---------------------------------------------------------------------------------------------------------------

    private static string Category(string failure) => failure.Length > 3 ? failure[..3] : failure;

    /// <summary>Fewer changes, then fewer fields in old, then unset old values of changed fields: while the pair still fails the same check.</summary>
    private static async Task<(Model, ImmutableArray<Change>, string)> ShrinkAsync(Model old, ImmutableArray<Change> changes, FaultMode mode, string failure)
    {
        var category = Category(failure);
        var budget = 60;
        async Task<string?> StillFails(Model o, ImmutableArray<Change> c)
        {
            if (budget-- <= 0 || !Valid(o) || !Valid(o.Apply(c)))
            {
                return null;
            }

            var f = await RunPairAsync(o, c, mode);
            return f is not null && Category(f) == category ? f : null;
        }

        var progress = true;
        while (progress && budget > 0)
        {
            progress = false;
            for (var i = 0; i < changes.Length && changes.Length > 1; i++)
            {
                var fewer = changes.RemoveAt(i);
                if (await StillFails(old, fewer) is { } f)
                {
                    (changes, failure, progress) = (fewer, f, true);
                    i--;
                }
            }

            foreach (var field in old.Fields.Keys.ToList())
            {
                if (field is "environment" or "scope" || changes.Any(c => c.Field == field))
                {
                    continue;
                }

                var smaller = old.Without(field);
                if (await StillFails(smaller, changes) is { } f)
                {
                    (old, failure, progress) = (smaller, f, true);
                }
            }

            foreach (var change in changes)
            {
                if (change.Value is not null && old.Fields.ContainsKey(change.Field) && change.Field != "environment")
                {
                    var smaller = old.Without(change.Field);
                    if (await StillFails(smaller, changes) is { } f)
                    {
                        (old, failure, progress) = (smaller, f, true);
                    }
                }
            }
        }

        return (old, changes, failure);
    }

    private static bool Valid(Model model)
    {
        try
        {
            Render(model).Build();
            return true;
        }
        catch (TemplateValidationException)
        {
            return false;
        }
    }

    private static string Describe(Model old, ImmutableArray<Change> changes) =>
        $"old = {old}; changed: {string.Join("; ", changes.Select(c => c.ToString()))}";

    // ---------------------------------------------------------------------------------------------------------------
    // The model: a template as a map of fields to plain values, rendered through the DSL
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>A change of one field: its new value (null: unset) and what it did, for the report.</summary>
    private sealed record Change(string Field, object? Value, string What)
    {
        public override string ToString() => $"{Field}: {What}";
    }

    /// <summary>A template (or a master, or a nested object): field name to value; absent means not declared.</summary>
    private sealed record Model(ImmutableSortedDictionary<string, object> Fields)
    {
        public static readonly Model Empty = new(ImmutableSortedDictionary.Create<string, object>(StringComparer.Ordinal));

        public Model With(string field, object? value) => value is null ? Without(field) : new(Fields.SetItem(field, value));

        public Model Without(string field) => new(Fields.Remove(field));

        public Model Apply(ImmutableArray<Change> changes) => changes.Aggregate(this, (m, c) => m.With(c.Field, c.Value));

        public object? this[string field] => Fields.GetValueOrDefault(field);

        public override string ToString() => "{" + string.Join(", ", Fields.Select(f => f.Key + "=" + Show(f.Value))) + "}";
    }

    /// <summary>A list value with a readable text.</summary>
    private sealed record Lst<T>(ImmutableArray<T> Items)
    {
        public override string ToString() => "[" + string.Join(", ", Items.Select(i => Show(i))) + "]";
    }

    private static Lst<T> L<T>(params T[] items) => new([.. items]);

    private static string Show(object? value) => value switch
    {
        null => "unset",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private sealed record TypeSpec(bool? Training, bool? Workspace, bool? Inference, string? Framework, int? Workers, bool? NoMaster)
    {
        public static TypeSpec TrainingOnly => new(true, null, null, null, null, null);

        public static TypeSpec WorkspaceOnly => new(null, true, null, null, null, null);

        public static TypeSpec InferenceOnly => new(null, null, true, null, null, null);

        public static TypeSpec Dist(string framework, int workers) => new(null, null, null, framework, workers, null);

        public override string ToString() =>
            string.Join("+", new[]
            {
                Training is { } t ? "training:" + t : null,
                Workspace is { } w ? "workspace:" + w : null,
                Inference is { } i ? "inference:" + i : null,
                Framework is not null ? $"distributed({Framework},{Workers})" : null,
                NoMaster is { } n ? "noMaster:" + n : null,
            }.Where(s => s is not null));
    }

    private sealed record DataSource(string Kind, string Id, string? Path)
    {
        public override string ToString() => $"{Kind}:{Id[..4]}{(Path is null ? "" : "@" + Path)}";
    }

    /// <summary>A label or annotation; a null value is an exclusion.</summary>
    private sealed record Pair(string Name, string? Value)
    {
        public override string ToString() => Value is null ? "exclude " + Name : Name + "=" + Value;
    }

    private sealed record EnvVar(string Kind, string Name, string? A, string? B)
    {
        public override string ToString() => $"{Name}<{Kind}>{A}{(B is null ? "" : "/" + B)}";
    }

    private sealed record Ips(string Name, bool? UserCredential, bool Exclude)
    {
        public override string ToString() => Exclude ? "exclude " + Name : Name + (UserCredential is { } u ? " user:" + u : "");
    }

    private sealed record Conn(string Name, int? NodePort, string? Url, string? Users, string? Groups)
    {
        public override string ToString() => $"{Name}(port {NodePort?.ToString(CultureInfo.InvariantCulture) ?? "-"}, url {Url ?? "-"}, users {Users ?? "-"}, groups {Groups ?? "-"})";
    }

    private sealed record Expr(string Key, string Op, ImmutableArray<string> Values)
    {
        public override string ToString() => $"{Key} {Op} {string.Join("|", Values)}";
    }

    private sealed record Term(ImmutableArray<Expr> Exprs)
    {
        public override string ToString() => "(" + string.Join(" && ", Exprs) + ")";
    }

    /// <summary>A toleration: kind equal, exists, full (with seconds) or exclude.</summary>
    private sealed record Tol(string Kind, string Key, string? Value, string? Effect, int? Seconds)
    {
        public override string ToString() => Kind switch
        {
            "exclude" => "exclude " + Key,
            _ => $"{Key}{(Value is null ? "" : "=" + Value)}:{Effect}/{Kind}{(Seconds is { } s ? " " + s + "s" : "")}",
        };
    }

    /// <summary>Serving port access: a mode (none, public, authenticated, users, groups) with its list, and cluster-local only.</summary>
    private sealed record Spa(string Mode, string? List, bool? ClusterLocal)
    {
        public static readonly Spa Empty = new("none", null, null);

        public override string ToString() => $"{Mode}{(List is null ? "" : "(" + List + ")")}{(ClusterLocal is { } c ? " clusterLocal:" + c : "")}";
    }

    private static Model Scaling(int? min = null, int? max = null, (string, int)? metric = null, double? pct = null, int? stz = null, int? delay = null)
    {
        var m = Model.Empty;
        if (min is { } a) m = m.With("minReplicas", a);
        if (max is { } b) m = m.With("maxReplicas", b);
        if (metric is { } c) m = m.With("metric", new Metric(c.Item1, c.Item2));
        if (pct is { } d) m = m.With("metricThresholdPercentage", d);
        if (stz is { } e) m = m.With("scaleToZeroRetention", e);
        if (delay is { } f) m = m.With("scaleDownDelay", f);
        return m;
    }

    private sealed record Metric(string Name, int Threshold)
    {
        public override string ToString() => Name + ">" + Threshold.ToString(CultureInfo.InvariantCulture);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rendering through the DSL
    // ---------------------------------------------------------------------------------------------------------------

    private static readonly string[] EnvironmentIds = [EnvironmentId, "0b6f5c1e-9d0a-4f3b-8e2c-7a1d3c5e7f90", "c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f"];
    private static readonly string[] ComputeIds = [ComputeId, "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"];
    private static readonly string[] DataSourceIds = [PvcId, "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"];
    private static readonly string[] Scopes = ["project", "department", "cluster", "tenant"];

    /// <summary>The template for a model; the scope is the pair's (<c>scope</c>, one of four, never changed by the pair).</summary>
    private static TemplateBuilder Render(Model model)
    {
        var b = Template.Named("round-trip");
        b = (model["scope"] as string ?? "project") switch
        {
            "project" => b.InProject(7),
            "department" => b.InDepartment("3"),
            "cluster" => b.InCluster(ClusterA),
            _ => b.InTenant(),
        };
        foreach (var (field, value) in model.Fields)
        {
            b = field switch
            {
                "scope" => b,
                "description" => b.WithDescription((string)value),
                "environment" => b.WithEnvironment((string)value),
                "compute" => b.WithCompute((string)value),
                "datasources" => ((Lst<DataSource>)value).Items.Aggregate(b, (x, d) => x.AddDataSource(Kind(d.Kind), d.Id, d.Path)),
                "workloadVolumes" => b.WithWorkloadVolumes([.. ((Lst<string>)value).Items]),
                "autoDelete" => b.WithAutoDelete((bool)value),
                "private" => b.WithPrivate((bool)value),
                "types" => RenderTypes(b, (TypeSpec)value),
                "master" => b.WithMaster(m => RenderMaster(m, (Model)value)),
                _ => RenderParam(b, field, value),
            };
        }

        return b;
    }

    private static TemplateBuilder RenderTypes(TemplateBuilder b, TypeSpec t)
    {
        if (t.Training is { } training) b = b.ForTraining(training);
        if (t.Workspace is { } workspace) b = b.ForWorkspace(workspace);
        if (t.Inference is { } inference) b = b.ForInference(inference);
        if (t.Framework is { } framework) b = b.Distributed(DistributedFramework.KnownValues.Single(f => f.Value == framework), t.Workers ?? 1);
        if (t.NoMaster is { } noMaster) b = b.WithoutMaster(noMaster);
        return b;
    }

    private static MasterBuilder RenderMaster(MasterBuilder m, Model model)
    {
        foreach (var (field, value) in model.Fields)
        {
            m = field switch
            {
                "environment" => m.WithEnvironment((string)value),
                "compute" => m.WithCompute((string)value),
                "datasources" => ((Lst<DataSource>)value).Items.Aggregate(m, (x, d) => x.AddDataSource(Kind(d.Kind), d.Id, d.Path)),
                "workloadVolumes" => m.WithWorkloadVolumes([.. ((Lst<string>)value).Items]),
                "toolTypes" => m.WithToolTypes([.. ((Lst<string>)value).Items.Select(t => ToolType.KnownValues.Single(k => k.Value == t))]),
                _ => RenderParam(m, field, value),
            };
        }

        return m;
    }

    private static AssetKind Kind(string kind) => AssetKind.KnownValues.Single(k => k.Value == kind);

    private static T Known<T>(IReadOnlyList<T> values, string value)
        where T : WireValue<T> => values.Single(v => v.Value == value);

    /// <summary>One member of the specific run parameters, on a template or a master.</summary>
    private static TSelf RenderParam<TSelf>(TSelf b, string field, object value)
        where TSelf : RunParamsBuilder<TSelf> => field switch
    {
        "command" => b.WithCommand((string)value),
        "args" => b.WithArgs((string)value),
        "category" => b.WithCategory((string)value),
        "nodeType" => b.WithNodeType((string)value),
        "priorityClass" => b.WithPriorityClass((string)value),
        "preemptibility" => b.WithPreemptibility(Known(Preemptibility.KnownValues, (string)value)),
        "restartPolicy" => b.WithRestartPolicy(Known(RestartPolicy.KnownValues, (string)value)),
        "autoDeletionTimeAfterCompletionSeconds" => b.WithAutoDeletionAfterCompletion((long)value),
        "backoffLimit" => b.WithBackoffLimit((long)value),
        "completions" => b.WithCompletions((int)value),
        "parallelism" => b.WithParallelism((int)value),
        "runAsUid" => b.WithRunAsUid((long)value),
        "runAsGid" => b.WithRunAsGid((long)value),
        "supplementalGroups" => b.WithSupplementalGroups((string)value),
        "terminateAfterPreemption" => b.WithTerminateAfterPreemption((bool)value),
        "terminationGracePeriodSeconds" => b.WithTerminationGracePeriod((long)value),
        "allowOverQuota" => b.WithAllowOverQuota((bool)value),
        "nodePools" => b.WithNodePools([.. ((Lst<string>)value).Items]),
        "podAffinity" => b.WithPodAffinity(Known(PodAffinityType.KnownValues, ((string, string))value is var (t, _) ? t : ""), (((string, string))value).Item2),
        "connections" => ((Lst<Conn>)value).Items.Aggregate(b, (x, c) => x.AddConnection(c.Name, cb =>
        {
            if (c.NodePort is { } port) cb = cb.NodePort(port);
            if (c.Url is { } url) cb = cb.ExternalUrl(url);
            if (c.Users is { } users) cb = cb.AuthorizedUsers(Split(users));
            if (c.Groups is { } groups) cb = cb.AuthorizedGroups(Split(groups));
            return cb;
        })),
        "annotations" => ((Lst<Pair>)value).Items.Aggregate(b, (x, p) => p.Value is null ? x.ExcludeAnnotation(p.Name) : x.AddAnnotation(p.Name, p.Value)),
        "labels" => ((Lst<Pair>)value).Items.Aggregate(b, (x, p) => p.Value is null ? x.ExcludeLabel(p.Name) : x.AddLabel(p.Name, p.Value)),
        "environmentVariables" => ((Lst<EnvVar>)value).Items.Aggregate(b, (x, v) => v.Kind switch
        {
            "value" => x.AddEnvironmentVariable(v.Name, v.A!, v.B),
            "secret" => x.AddEnvironmentVariableFromSecret(v.Name, v.A!, v.B!),
            "configMap" => x.AddEnvironmentVariableFromConfigMap(v.Name, v.A!, v.B!),
            "podField" => x.AddEnvironmentVariableFromPodField(v.Name, v.A!),
            _ => x.ExcludeEnvironmentVariable(v.Name),
        }),
        "imagePullSecrets" => ((Lst<Ips>)value).Items.Aggregate(b, (x, s) => s.Exclude ? x.ExcludeImagePullSecret(s.Name) : x.AddImagePullSecret(s.Name, s.UserCredential)),
        "tolerations" => ((Lst<Tol>)value).Items.Aggregate(b, (x, t) => t.Kind switch
        {
            "equal" => x.Tolerate(t.Key, t.Value!, Known(TolerationEffect.KnownValues, t.Effect!)),
            "exists" => x.TolerateAny(t.Key, Known(TolerationEffect.KnownValues, t.Effect!)),
            "full" => x.AddToleration(t.Key, t.Value is null ? TolerationOperator.Exists : TolerationOperator.Equal, Known(TolerationEffect.KnownValues, t.Effect!), t.Value, t.Seconds, "tol-" + t.Key),
            _ => x.ExcludeToleration(t.Key),
        }),
        "nodeAffinity" => b.WithNodeAffinity(n => ((Lst<Term>)value).Items.Aggregate(n, (x, term) => x.Term(tb => term.Exprs.Aggregate(tb, (y, e) => y.Match(e.Key, Known(MatchOperator.KnownValues, e.Op), [.. e.Values]))))),
        "autoscaling" => b.WithAutoscaling(a => ((Model)value).Fields.Aggregate(a, (x, f) => f.Key switch
        {
            "minReplicas" => x.MinReplicas((int)f.Value),
            "maxReplicas" => x.MaxReplicas((int)f.Value),
            "initialReplicas" => x.InitialReplicas((int)f.Value),
            "activationReplicas" => x.ActivationReplicas((int)f.Value),
            "concurrencyHardLimit" => x.ConcurrencyHardLimit((int)f.Value),
            "scaleToZeroRetention" => x.ScaleToZeroRetention((int)f.Value),
            "scaleDownDelay" => x.ScaleDownDelay((int)f.Value),
            "metricThresholdPercentage" => x.MetricThresholdPercentage((double)f.Value),
            "initializationTimeout" => x.InitializationTimeout((int)f.Value),
            "metric" => x.Metric(((Metric)f.Value).Name, ((Metric)f.Value).Threshold),
            _ => throw new InvalidOperationException(f.Key),
        })),
        "servingPortAccess" => b.WithServingPortAccess(s =>
        {
            var spa = (Spa)value;
            s = spa.Mode switch
            {
                "public" => s.Public(),
                "authenticated" => s.AuthenticatedUsers(),
                "users" => s.OnlyUsers(Split(spa.List!)),
                "groups" => s.OnlyGroups(Split(spa.List!)),
                _ => s,
            };
            return spa.ClusterLocal is { } local ? s.ClusterLocalAccessOnly(local) : s;
        }),
        _ => throw new InvalidOperationException("unknown field " + field),
    };

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');

    // ---------------------------------------------------------------------------------------------------------------
    // Generation
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>A field: how to make a value, and how to change one (a list: add, remove, reorder, change an item).</summary>
    private sealed record Field(string Name, Func<Random, object> Make, Func<Random, object, (object Value, string What)>? Change = null, bool Required = false);

    private static T Pick<T>(Random r, params T[] values) => values[r.Next(values.Length)];

    private static string Word(Random r, string prefix) => prefix + r.Next(0, 4).ToString(CultureInfo.InvariantCulture);

    private static Field Scalar(string name, Func<Random, object> make, bool required = false) => new(name, make, null, required);

    /// <summary>A list field; <paramref name="mayBeEmpty"/>: the DSL can declare it empty (a replacing With… with no items).</summary>
    private static Field List<T>(string name, Func<Random, T> item, Func<Random, T, T>? changeItem = null, bool mayBeEmpty = false, int max = 3) =>
        new(name, r => new Lst<T>([.. Enumerable.Range(0, r.Next(mayBeEmpty && r.Next(5) == 0 ? 0 : 1, max + 1)).Select(_ => item(r))]), (r, v) =>
        {
            var items = ((Lst<T>)v).Items;
            var op = r.Next(5);
            if (op == 0 || items.Length == 0)
            {
                var at = r.Next(items.Length + 1);
                var added = item(r);
                return (new Lst<T>(items.Insert(at, added)), $"item {Show(added)} added at {at}");
            }

            if (op == 1 && (items.Length > 1 || mayBeEmpty))
            {
                var at = r.Next(items.Length);
                return (new Lst<T>(items.RemoveAt(at)), $"item {at} ({Show(items[at])}) removed");
            }

            if (op == 2 && items.Length > 1)
            {
                var reversed = items.Reverse().ToImmutableArray();
                return (new Lst<T>(reversed), "items reordered");
            }

            var which = r.Next(items.Length);
            var changed = changeItem is not null ? changeItem(r, items[which]) : item(r);
            return (new Lst<T>(items.SetItem(which, changed)), $"item {which} changed: {Show(items[which])} -> {Show(changed)}");
        });

    /// <summary>A nested object (autoscaling, master): its own fields, changed one at a time.</summary>
    private static Field Nested(string name, Field[] fields, int min = 1, int max = 4) =>
        new(name, r => MakeModel(r, fields, min, max), (r, v) =>
        {
            var (value, what) = ChangeModel(r, fields, (Model)v);
            return (value, what);
        });

    private static Model MakeModel(Random r, Field[] fields, int min, int max)
    {
        var model = Model.Empty;
        foreach (var f in fields.Where(f => f.Required))
        {
            model = model.With(f.Name, f.Make(r));
        }

        var count = r.Next(min, max + 1);
        for (var i = 0; i < count; i++)
        {
            var f = fields[r.Next(fields.Length)];
            model = model.With(f.Name, f.Make(r));
        }

        return model;
    }

    private static (Model Value, string What) ChangeModel(Random r, Field[] fields, Model model)
    {
        var f = fields[r.Next(fields.Length)];
        var current = model[f.Name];
        if (current is null)
        {
            var made = f.Make(r);
            return (model.With(f.Name, made), $"{f.Name} set to {Show(made)}");
        }

        if (!f.Required && r.Next(3) == 0)
        {
            return (model.Without(f.Name), $"{f.Name} ({Show(current)}) unset");
        }

        if (f.Change is not null)
        {
            var (value, what) = f.Change(r, current);
            return (model.With(f.Name, value), $"{f.Name} {what}");
        }

        var next = f.Make(r);
        return (model.With(f.Name, next), $"{f.Name} {Show(current)} -> {Show(next)}");
    }

    private static Field[] ParamFields() =>
    [
        Scalar("command", r => Pick(r, "python train.py", "python serve.py", "bash run.sh")),
        Scalar("args", r => Pick(r, "--epochs 3", "--epochs 5", "-v")),
        Scalar("category", r => Pick(r, "Train", "Build", "Deploy")),
        Scalar("nodeType", r => Pick(r, "a100", "h100")),
        Scalar("priorityClass", r => Pick(r, PriorityClasses.Low, PriorityClasses.High, PriorityClasses.Medium)),
        Scalar("preemptibility", r => Pick(r, "preemptible", "non-preemptible")),
        Scalar("restartPolicy", r => Pick(r, "Always", "Never", "OnFailure")),
        Scalar("autoDeletionTimeAfterCompletionSeconds", r => (long)Pick(r, 0, 60, 86400)),
        Scalar("backoffLimit", r => (long)Pick(r, 0, 3, 6)),
        Scalar("completions", r => Pick(r, 1, 2)),
        Scalar("parallelism", r => Pick(r, 1, 4)),
        Scalar("runAsUid", r => (long)Pick(r, 0, 1000)),
        Scalar("runAsGid", r => (long)Pick(r, 0, 1000)),
        Scalar("supplementalGroups", r => Pick(r, "", "2000", "2000,3000")),
        Scalar("terminateAfterPreemption", r => r.Next(2) == 0),
        Scalar("terminationGracePeriodSeconds", r => (long)Pick(r, 0, 30)),
        Scalar("allowOverQuota", r => r.Next(2) == 0),
        List("nodePools", r => Word(r, "pool"), mayBeEmpty: true),
        Scalar("podAffinity", r => (Pick(r, "Required", "Preferred"), Pick(r, "topology.kubernetes.io/zone", "kubernetes.io/hostname"))),
        List("connections", r => new Conn(Word(r, "c"), r.Next(3) == 0 ? 30000 + r.Next(3) : null, r.Next(3) == 0 ? "https://x/" + r.Next(3) : null, r.Next(3) == 0 ? Pick(r, "u1", "u1,u2", "") : null, r.Next(4) == 0 ? Pick(r, "g1", "g1,g2") : null),
            (r, c) => c with { NodePort = r.Next(2) == 0 ? null : 30000 + r.Next(3), Url = r.Next(2) == 0 ? null : "https://y/" + r.Next(3), Users = r.Next(2) == 0 ? null : Pick(r, "u3", "u1,u3"), Groups = null }),
        List("annotations", r => new Pair(Word(r, "a"), r.Next(4) == 0 ? null : Word(r, "v")), (r, p) => p with { Value = r.Next(4) == 0 ? null : Word(r, "w") }),
        List("labels", r => new Pair(Word(r, "l"), r.Next(4) == 0 ? null : Word(r, "v")), (r, p) => p with { Value = r.Next(4) == 0 ? null : Word(r, "w") }),
        List("environmentVariables", MakeEnvVar, (r, v) => MakeEnvVar(r) with { Name = v.Name }),
        List("imagePullSecrets", r => r.Next(4) == 0 ? new Ips(Word(r, "reg"), null, true) : new Ips(Word(r, "reg"), r.Next(3) switch { 0 => null, 1 => true, _ => false }, false),
            (r, s) => s with { Exclude = r.Next(4) == 0, UserCredential = r.Next(3) switch { 0 => null, 1 => true, _ => false } }),
        List("tolerations", MakeToleration, (r, t) => MakeToleration(r) with { Key = t.Key }),
        List("nodeAffinity", r => new Term([.. Enumerable.Range(0, r.Next(1, 3)).Select(_ => MakeExpr(r))]),
            (r, t) => r.Next(2) == 0 && t.Exprs.Length > 1 ? new Term(t.Exprs.RemoveAt(0)) : new Term(t.Exprs.Add(MakeExpr(r))), mayBeEmpty: true, max: 2),
        Nested("autoscaling", AutoscalingFields(), min: 1, max: 4),
        Scalar("servingPortAccess", r => new Spa(Pick(r, "none", "public", "authenticated", "users", "groups") is var mode ? mode : "", null, r.Next(3) switch { 0 => null, 1 => true, _ => false }) is var s && s.Mode is "users" or "groups" ? s with { List = Pick(r, "x1", "x1,x2") } : s),
    ];

    private static EnvVar MakeEnvVar(Random r) => r.Next(5) switch
    {
        0 => new EnvVar("value", Word(r, "V"), Word(r, "val"), r.Next(2) == 0 ? null : "described"),
        1 => new EnvVar("secret", Word(r, "V"), Pick(r, ComputeId, DataSourceIds[2]), Word(r, "key")),
        2 => new EnvVar("configMap", Word(r, "V"), Word(r, "cm"), Word(r, "key")),
        3 => new EnvVar("podField", Word(r, "V"), Pick(r, "metadata.name", "status.podIP"), null),
        _ => new EnvVar("exclude", Word(r, "V"), null, null),
    };

    private static Tol MakeToleration(Random r) => r.Next(4) switch
    {
        0 => new Tol("equal", Word(r, "k"), Word(r, "v"), Pick(r, "NoSchedule", "PreferNoSchedule", "NoExecute"), null),
        1 => new Tol("exists", Word(r, "k"), null, Pick(r, "NoSchedule", "NoExecute"), null),
        2 => new Tol("full", Word(r, "k"), r.Next(2) == 0 ? null : Word(r, "v"), "NoExecute", r.Next(2) == 0 ? null : Pick(r, 30, 300)),
        _ => new Tol("exclude", Word(r, "k"), null, null, null),
    };

    private static Expr MakeExpr(Random r) => r.Next(4) switch
    {
        0 => new Expr(Word(r, "zone"), Pick(r, "In", "NotIn"), [.. Enumerable.Range(0, r.Next(1, 3)).Select(_ => Word(r, "z"))]),
        1 => new Expr(Word(r, "label"), Pick(r, "Exists", "DoesNotExist"), []),
        _ => new Expr("nvidia.com/gpu.count", Pick(r, "Gt", "Lt"), [r.Next(1, 9).ToString(CultureInfo.InvariantCulture)]),
    };

    private static Field[] AutoscalingFields() =>
    [
        Scalar("minReplicas", r => Pick(r, 0, 1, 2)),
        Scalar("maxReplicas", r => Pick(r, 1, 3, 5)),
        Scalar("initialReplicas", r => Pick(r, 0, 1)),
        Scalar("activationReplicas", r => Pick(r, 1, 2)),
        Scalar("concurrencyHardLimit", r => Pick(r, 0, 10)),
        Scalar("scaleToZeroRetention", r => Pick(r, 0, 60)),
        Scalar("scaleDownDelay", r => Pick(r, 0, 30)),
        Scalar("metricThresholdPercentage", r => Pick(r, 50.0, 70.0, 85.5)),
        Scalar("initializationTimeout", r => Pick(r, 10, 60)),
        Scalar("metric", r => new Metric(Pick(r, "throughput", "concurrency", "latency"), Pick(r, 5, 10))),
    ];

    private static Field[] MasterFields() =>
    [
        Scalar("environment", r => Pick(r, EnvironmentIds)),
        Scalar("compute", r => Pick(r, ComputeIds)),
        List("datasources", MakeDataSource, (r, d) => d with { Path = r.Next(2) == 0 ? null : "/m" + r.Next(3) }),
        List("workloadVolumes", r => Word(r, "vol")),
        List("toolTypes", r => Pick(r, "jupyter-notebook", "tensorboard", "visual-studio-code")),
        .. ParamFields().Where(f => f.Name is "command" or "args" or "environmentVariables" or "labels" or "nodePools" or "tolerations" or "priorityClass" or "connections"),
    ];

    private static DataSource MakeDataSource(Random r) => new(Pick(r, "pvc", "git", "s3", "nfs", "hostPath", "config-map"), Pick(r, DataSourceIds), r.Next(2) == 0 ? null : "/d" + r.Next(3));

    private static readonly Field[] TopFields =
    [
        Scalar("environment", r => Pick(r, EnvironmentIds), required: true),
        Scalar("description", r => Pick(r, "one GPU", "two GPUs", new string('x', 250), "ünïcode ✓")),
        Scalar("compute", r => Pick(r, ComputeIds)),
        List("datasources", MakeDataSource, (r, d) => d with { Path = r.Next(2) == 0 ? null : "/e" + r.Next(3) }),
        List("workloadVolumes", r => Word(r, "vol"), mayBeEmpty: true),
        Scalar("autoDelete", r => r.Next(2) == 0),
        Scalar("private", r => r.Next(2) == 0),
        new("types", MakeTypes, (r, t) =>
        {
            var current = (TypeSpec)t;
            if (current.Framework is not null && r.Next(2) == 0)
            {
                var next = current with { Workers = current.Workers == 1 ? 3 : 1 };
                return (next, $"workers {current.Workers} -> {next.Workers}");
            }

            var other = MakeTypes(r);
            return (other, $"{current} -> {other}");
        }),
        Nested("master", MasterFields(), min: 1, max: 4),
        .. ParamFields(),
    ];

    private static TypeSpec MakeTypes(Random r) => r.Next(9) switch
    {
        0 => TypeSpec.TrainingOnly,
        1 => TypeSpec.WorkspaceOnly,
        2 => TypeSpec.InferenceOnly,
        3 => new TypeSpec(true, true, null, null, null, null),
        4 => new TypeSpec(false, true, null, null, null, null),
        5 => TypeSpec.Dist("PyTorch", r.Next(1, 4)),
        6 => TypeSpec.Dist("MPI", r.Next(1, 4)) with { NoMaster = true },
        7 => TypeSpec.Dist("TF", 2) with { Training = true },
        _ => new TypeSpec(null, null, true, null, null, null) with { Training = false },
    };

    /// <summary>
    /// A valid old template (each field declared with even odds, one at a time, kept only while the template stays
    /// valid), and 1–4 changes of distinct fields, mostly of fields old declares, each kept only when new stays valid.
    /// </summary>
    private static (Model Old, ImmutableArray<Change> Changes) GeneratePair(Random r, bool forceReplace = false)
    {
        var old = Model.Empty.With("scope", Pick(r, Scopes)).With("environment", Pick(r, EnvironmentIds));
        if (r.Next(4) == 0)
        {
            // A quarter of the pairs start distributed with a master of its own, so that the master's fields change too.
            old = old.With("types", TypeSpec.Dist(Pick(r, "PyTorch", "MPI", "XGBoost"), r.Next(1, 4)));
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var candidate = old.With("master", TopFields.Single(f => f.Name == "master").Make(r));
                if (Valid(candidate))
                {
                    old = candidate;
                    break;
                }
            }
        }

        foreach (var field in TopFields.OrderBy(_ => r.Next()))
        {
            if (field.Required || old[field.Name] is not null || r.Next(100) >= 55)
            {
                continue;
            }

            for (var attempt = 0; attempt < 5; attempt++)
            {
                var candidate = old.With(field.Name, field.Make(r));
                if (Valid(candidate))
                {
                    old = candidate;
                    break;
                }
            }
        }

        var count = r.Next(1, 5);
        var changes = ImmutableArray.CreateBuilder<Change>();
        var current = old;
        for (var i = 0; i < count; i++)
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                Field field;
                if (forceReplace && i == 0)
                {
                    var replaced = Pick(r, "types", "types", "autoDelete", "private");
                    field = TopFields.Single(f => f.Name == replaced);
                }
                else
                {
                    var declared = TopFields.Where(f => old[f.Name] is not null).ToArray();
                    field = r.Next(4) > 0 && declared.Length > 0 ? Pick(r, declared) : Pick(r, TopFields);
                }

                if (changes.Any(c => c.Field == field.Name))
                {
                    continue;
                }

                var change = ChangeOf(r, field, current[field.Name]);
                var candidate = current.With(change.Field, change.Value);
                if (Valid(candidate))
                {
                    changes.Add(change);
                    current = candidate;
                    break;
                }
            }
        }

        return (old, changes.ToImmutable());
    }

    private static Change ChangeOf(Random r, Field field, object? value)
    {
        if (value is null)
        {
            var made = field.Make(r);
            return new Change(field.Name, made, $"unset -> {Show(made)}");
        }

        if (!field.Required && r.Next(4) == 0)
        {
            return new Change(field.Name, null, $"{Show(value)} -> unset");
        }

        if (field.Change is not null)
        {
            var (next, what) = field.Change(r, value);
            return new Change(field.Name, next, what);
        }

        var other = field.Make(r);
        return new Change(field.Name, other, $"{Show(value)} -> {Show(other)}");
    }
}
