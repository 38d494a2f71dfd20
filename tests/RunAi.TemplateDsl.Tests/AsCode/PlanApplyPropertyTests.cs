using CsCheck;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// Plan and apply under generated sequences of code edits (renames, moves, type changes, dropped templates, prune) with
/// and without injected faults (503s, connections dropped after the server acted), against the emulator. After every
/// step: every template on the target is recorded by the state (nothing this project made is lost); after a fault-free
/// successful apply the next plan has nothing to do; and with the faults off, applies settle.
/// </summary>
public sealed class PlanApplyPropertyTests
{
    private static readonly string[] Addresses = ["a", "b", "c", "d"];

    /// <summary>One template as code: which name, scope, type and description it has.</summary>
    private sealed record Variant(int Name, int Scope, bool Training, int Description)
    {
        public TemplateBuilder Builder()
        {
            var b = Template.Named("n" + Name).WithEnvironment(EnvironmentId).WithDescription("d" + Description);
            b = Scope switch { 0 => b.InProject(1), 1 => b.InProject(2), _ => b.InTenant() };
            return Training ? b.ForTraining() : b.ForWorkspace();
        }

        public override string ToString() => $"n{Name}/{(Scope == 2 ? "tenant" : "p" + (Scope + 1))}/{(Training ? "train" : "ws")}/d{Description}";
    }

    private sealed record Step((bool Include, Variant Variant)[] Templates, bool Prune, bool Faults)
    {
        public TemplateSet Set()
        {
            var set = TemplateSet.Empty;
            for (var i = 0; i < Templates.Length; i++)
            {
                if (Templates[i].Include)
                {
                    set = set.Add(Addresses[i], Templates[i].Variant.Builder());
                }
            }

            return set;
        }

        public override string ToString() =>
            string.Join(", ", Templates.Select((t, i) => t.Include ? $"{Addresses[i]}={t.Variant}" : null).Where(t => t is not null))
            + (Prune ? " +prune" : "") + (Faults ? " +faults" : "");
    }

    private static readonly Gen<Variant> VariantGen = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 1], (n, s, t, d) => new Variant(n, s, t, d));

    private static readonly Gen<Step[]> Steps = Gen.Select(Gen.Select(Gen.Bool, VariantGen).Array[Addresses.Length], Gen.Bool, Gen.Int[0, 2], (t, p, f) => new Step(t, p, f == 0)).Array[1, 8];

    [Fact]
    public async Task Generated_edits_with_and_without_faults_never_lose_a_template_and_settle()
    {
        await Steps.SampleAsync(RunAsync, iter: 150, threads: 1, print: steps => string.Join(Environment.NewLine, steps.Select((s, i) => $"{i}: {s}")));
    }

    private static async Task RunAsync(Step[] steps)
    {
        var directory = Directory.CreateTempSubdirectory("runai-property-").FullName;
        try
        {
            await using var emulator = await StartEmulatorAsync();
            using var client = NewClient(emulator, o =>
            {
                o.MaxRetryAttempts = 1;
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(2);
            });
            var statePath = Path.Combine(directory, "state.json");
            TemplateSet? last = null;
            for (var i = 0; i < steps.Length; i++)
            {
                var step = steps[i];
                emulator.Faults = step.Faults
                    ? new EmulatorFaults { UnavailableRate = 0.3, DropAfterProcessingRate = 0.15, RetryAfter = TimeSpan.Zero, Seed = 1000 + i }
                    : EmulatorFaults.None;
                using var state = await TemplateSetState.LoadAsync(statePath, "property");
                TemplatePlan plan;
                try
                {
                    var set = step.Set();
                    plan = await TemplatePlanner.PlanAsync(client.Templates, set, state, step.Prune);
                    last = set;
                }
                catch (Exception e) when (e is TemplateSetException or ArgumentException or RunAiException)
                {
                    // Two templates with one scope and name (not a plan), or the listing failed under faults.
                    continue;
                }

                var result = await TemplateApplier.ApplyAsync(client.Templates, plan, state);
                state.Dispose();
                emulator.Faults = EmulatorFaults.None;
                await AssertEverythingRecordedAsync(emulator, statePath, $"after step {i}");
                if (!step.Faults && result.Succeeded)
                {
                    using var again = await TemplateSetState.LoadAsync(statePath, "property");
                    var next = await TemplatePlanner.PlanAsync(client.Templates, last, again, step.Prune);
                    next.HasChanges.Should().BeFalse($"a fault-free apply of step {i} succeeded, so its next plan has nothing to do: {string.Join("; ", next.Changes)}");
                }
            }

            if (last is null)
            {
                return;
            }

            // With the faults off, applies of the last set settle within three rounds.
            emulator.Faults = EmulatorFaults.None;
            for (var round = 0; round < 3; round++)
            {
                using var state = await TemplateSetState.LoadAsync(statePath, "property");
                var plan = await TemplatePlanner.PlanAsync(client.Templates, last, state);
                if (!plan.HasChanges)
                {
                    state.Dispose();
                    await AssertEverythingRecordedAsync(emulator, statePath, "at the end");
                    return;
                }

                await TemplateApplier.ApplyAsync(client.Templates, plan, state);
            }

            using var lastState = await TemplateSetState.LoadAsync(statePath, "property");
            var final = await TemplatePlanner.PlanAsync(client.Templates, last, lastState);
            final.HasChanges.Should().BeFalse($"applies without faults settle: {string.Join("; ", final.Changes)}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Only this project makes templates here, so every one on the target must be recorded by its state.</summary>
    private static async Task AssertEverythingRecordedAsync(RunAiEmulator emulator, string statePath, string when)
    {
        var state = await StateFile.ReadAsync(statePath, "property");
        foreach (var template in await emulator.GetTemplatesAsync())
        {
            var key = TemplateKey.Of(template.Meta);
            var recorded = state.Records(template.Meta.Id)
                || state.PendingCreates.Any(c => c.Key.Equals(key)
                    && TemplateDiff.Between(template.ToCreationRequest(), TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(c.Request)).Count == 0);
            recorded.Should().BeTrue($"{when}: template {template.Meta.Id} ({key}) is this project's and must be recorded");
        }
    }
}
