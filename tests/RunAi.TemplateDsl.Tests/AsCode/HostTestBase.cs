using RunAi.TemplateDsl.AsCode;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>Runs the command host in-process (<see cref="HostRun"/>) in a folder of the test's own, deleted after it.</summary>
public abstract class HostTestBase : IDisposable
{
    /// <summary>Makes the test's folder.</summary>
    /// <param name="prefix">The folder name's start, to tell the test classes' folders apart.</param>
    protected HostTestBase(string prefix) => Folder = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The test's folder: the host's current folder (its .runai and .runai-emulator folders go there).</summary>
    protected string Folder { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The variables that point the host at <paramref name="tenant"/> (an emulator standing in for a tenant).</summary>
    private protected static Dictionary<string, string> TenantVariables(RunAi.TemplateDsl.Emulator.RunAiEmulator tenant) =>
        new() { ["RUNAI_BASE_URL"] = tenant.BaseUrl, ["RUNAI_TOKEN"] = tenant.Token };

    /// <summary>
    /// Applies <see cref="HostTemplates.Set"/> to <paramref name="tenant"/> through the host, and returns the variables that
    /// point the host at it: the start of the tests about what happens after an apply.
    /// </summary>
    private protected async Task<Dictionary<string, string>> SetAppliedToAsync(RunAi.TemplateDsl.Emulator.RunAiEmulator tenant)
    {
        var environment = TenantVariables(tenant);
        var applied = await RunAsync(HostTemplates.Set, environment, "apply");
        applied.Exit.Should().Be(RunAi.TemplateDsl.Cli.TemplatesHost.Success, applied.Output);
        return environment;
    }

    /// <summary>One run of the host over <paramref name="set"/> in <see cref="Folder"/>.</summary>
    private protected Task<HostRun> RunAsync(TemplateSet set, Dictionary<string, string>? environment, params string[] args) =>
        HostRun.RunAsync(Folder, set, environment, args);
}
