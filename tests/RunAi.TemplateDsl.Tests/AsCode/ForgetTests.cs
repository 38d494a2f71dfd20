using System.Text.Json;
using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Cli;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// <c>forget ADDRESS…</c> and <see cref="TemplateSetState.Forget"/>: a template the set no longer has stops being this
/// project's (no orphan line, never pruned) and stays on the target as it is; what cannot be forgotten changes nothing.
/// </summary>
public sealed class ForgetTests() : HostTestBase("runai-forget-")
{
    [Fact]
    public async Task Forgetting_an_orphan_keeps_the_template_on_the_tenant_and_out_of_every_later_plan_and_prune()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var notebookOnly = TemplateSet.Of(Notebook());
        (await RunAsync(notebookOnly, environment, "plan")).Output.Should().Contain("!   orphan  training");
        using var client = NewClient(tenant);
        var training = (await client.Templates.ListAsync()).Single(t => t.Meta.Name == "training");

        var forgot = await RunAsync(notebookOnly, environment, "forget", "training");

        forgot.Exit.Should().Be(TemplatesHost.Success, forgot.Output);
        forgot.Output.Should().Contain("State: " + Path.Combine(Folder, ".runai", "state.json"));
        forgot.Output.Should().Contain($"Forgot training: tenant/training ({training.Meta.Id}) stays on the target; this project no longer manages it.");
        var plan = await RunAsync(notebookOnly, environment, "plan", "--prune");
        plan.Exit.Should().Be(TemplatesHost.Success, plan.Output);
        plan.Output.Should().Contain("No changes.").And.NotContain("training");
        (await RunAsync(notebookOnly, environment, "apply", "--prune")).Exit.Should().Be(TemplatesHost.Success);
        (await client.Templates.GetAsync(training.Meta.Id)).Meta.UpdatedAt.Should().Be(training.Meta.UpdatedAt, "the template is left as it is");
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, ".runai", "state.json")));
        state.RootElement.GetProperty("templates").EnumerateArray().Select(e => e.GetProperty("address").GetString()).Should().Equal("notebook");
    }

    [Fact]
    public async Task A_plan_saved_before_a_forget_is_not_applied_after_it()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var notebookOnly = TemplateSet.Of(Notebook());
        var saved = Path.Combine(Folder, "plan.json");
        (await RunAsync(notebookOnly, environment, "plan", "--prune", "--out", saved)).Output.Should().Contain("-   delete  training");

        (await RunAsync(notebookOnly, environment, "forget", "training")).Exit.Should().Be(TemplatesHost.Success);
        var applied = await RunAsync(notebookOnly, environment, "apply", "--plan", saved);

        applied.Exit.Should().Be(TemplatesHost.Error, applied.Output);
        applied.Output.Should().Contain("nothing was applied").And.Contain("The state file does not record what it did when the plan was saved");
        using var client = NewClient(tenant);
        (await client.Templates.ListAsync()).Select(t => t.Meta.Name).Should().BeEquivalentTo(["notebook", "training"], "the reviewed delete was of a template this project has since let go");
    }

    [Fact]
    public async Task An_address_still_in_the_set_or_not_recorded_is_refused_and_nothing_is_forgotten()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = await SetAppliedToAsync(tenant);
        var statePath = Path.Combine(Folder, ".runai", "state.json");
        var before = await File.ReadAllTextAsync(statePath);

        var inSet = await RunAsync(TemplateSet.Of(Notebook()), environment, "forget", "notebook");
        inSet.Exit.Should().Be(TemplatesHost.Error);
        inSet.Output.Should().Contain("'notebook' is still in the template set: remove it from the code first.");

        var unknown = await RunAsync(TemplateSet.Of(Notebook()), environment, "forget", "training", "traning");
        unknown.Exit.Should().Be(TemplatesHost.Error);
        unknown.Output.Should().Contain("Nothing is recorded at 'traning' in the state file").And.Contain("so nothing was forgotten. It records 'notebook', 'training'.");

        var moved = await RunAsync(TemplateSet.Of(Notebook()).Add("train2", Set[1].Template), environment, "forget", "training");
        moved.Exit.Should().Be(TemplatesHost.Error, "the set still builds tenant/training: the next plan moves it to train2");
        moved.Output.Should().Contain("'training' records tenant/training, which the set still builds at 'train2': the next plan moves it there.");

        var none = await RunAsync(TemplateSet.Of(Notebook()), environment, "forget");
        none.Exit.Should().Be(TemplatesHost.Error, "an address is required");
        (await File.ReadAllTextAsync(statePath)).Should().Be(before, "a refused forget writes nothing, not even the address it could forget");
    }

    [Fact]
    public async Task Forgetting_needs_only_the_state_not_the_tenant_nor_its_credentials()
    {
        Dictionary<string, string> environment;
        string url;
        await using (var tenant = await StartEmulatorAsync())
        {
            environment = await SetAppliedToAsync(tenant);
            url = tenant.BaseUrl;
        }

        // The tenant is gone and the token is not given: forgetting changes only the state, which records the tenant by URL.
        var forgot = await RunAsync(TemplateSet.Of(Notebook()), new() { ["RUNAI_BASE_URL"] = url }, "forget", "training");

        forgot.Exit.Should().Be(TemplatesHost.Success, forgot.Output);
        forgot.Output.Should().Contain("Target: " + new Uri(url).AbsoluteUri).And.Contain("Forgot training: tenant/training");
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, ".runai", "state.json")));
        state.RootElement.GetProperty("templates").EnumerateArray().Select(e => e.GetProperty("address").GetString()).Should().Equal("notebook");
        environment.Should().ContainKey("RUNAI_TOKEN", "the apply above had the token the forget went without");
    }

    [Fact]
    public async Task Forgetting_with_no_state_says_so_and_starts_or_makes_nothing()
    {
        var forgot = await RunAsync(TemplateSet.Of(Notebook()), null, "forget", "training");

        forgot.Exit.Should().Be(TemplatesHost.Error);
        forgot.Output.Should().Contain($"There is no state file at '{Path.Combine(Folder, TemplatesHost.EmulatorDirectory, "state.json")}': nothing was applied to embedded emulator");
        Directory.Exists(Path.Combine(Folder, TemplatesHost.EmulatorDirectory)).Should().BeFalse("the embedded emulator is not started, and no folder or lock is made for a state that is not there");
    }

    [Fact]
    public async Task An_address_starting_with_an_at_sign_is_that_address_not_a_response_file()
    {
        await using var tenant = await StartEmulatorAsync();
        var environment = TenantVariables(tenant);
        (await RunAsync(TemplateSet.Of(Notebook()).Add("@team", Set[1].Template), environment, "apply")).Exit.Should().Be(TemplatesHost.Success);

        var forgot = await RunAsync(TemplateSet.Of(Notebook()), environment, "forget", "@team");

        forgot.Exit.Should().Be(TemplatesHost.Success, forgot.Output);
        forgot.Output.Should().Contain("Forgot @team: tenant/training");
    }

    [Fact]
    public async Task The_state_forgets_an_address_its_entry_and_its_lost_creates_and_saves_once_all_are_known()
    {
        var path = Path.Combine(Folder, "state.json");
        var key = TemplateKey.Of(new AssetCreationRequest { Name = "gone", Scope = Scope.Tenant });
        using (var state = await TemplateSetState.LoadAsync(path, "test"))
        {
            state.Record(new StateEntry("kept", "11111111-1111-4111-8111-111111111111", TemplateKey.Of(new AssetCreationRequest { Name = "kept", Scope = Scope.Tenant })));
            state.Record(new StateEntry("gone", "22222222-2222-4222-8222-222222222222", key));
            state.AddPendingCreate(new PendingCreate("gone", TemplateKey.Of(new AssetCreationRequest { Name = "gone-2", Scope = Scope.Tenant }), "{}"));
            state.AddPendingCreate(new PendingCreate("lost", TemplateKey.Of(new AssetCreationRequest { Name = "lost", Scope = Scope.Tenant }), "{}"));
            var version = state.Version;

            state.Invoking(s => s.Forget("gone", "missing")).Should().Throw<TemplateSetStateException>()
                .WithMessage($"Nothing is recorded at 'missing' in the state file '{path}', so nothing was forgotten. It records 'gone', 'kept', 'lost'.");
            state.Forget().Should().BeEmpty();
            state.Version.Should().Be(version, "forgetting no address is no change either: a plan made before stays good");
            state.Version.Should().Be(version, "a refused forget is no change");
            state.Find("gone").Should().NotBeNull();

            state.Forget("gone", "lost", "gone").Should().Equal(new StateEntry("gone", "22222222-2222-4222-8222-222222222222", key));
            state.Invoking(s => s.Forget((string)null!)).Should().Throw<ArgumentNullException>().WithParameterName("addresses");
        }

        using var reloaded = await TemplateSetState.LoadAsync(path, "test");
        reloaded.Entries.Select(e => e.Address).Should().Equal("kept");
        reloaded.PendingCreates.Should().BeEmpty("the creates sent for a forgotten address are forgotten with it");
        reloaded.Invoking(s => s.Forget("gone")).Should().Throw<TemplateSetStateException>().WithMessage("*It records 'kept'.");
    }
}
