using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>Plans and applies against the test's emulator, with a state file in a folder of the test's own, deleted after it.</summary>
public abstract class StateTestBase : EmulatorTestBase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("runai-state-").FullName;

    /// <summary>The test's state file (not there until a state is saved).</summary>
    protected string StatePath => Path.Combine(_directory, "state.json");

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A valid project template with an update-able description, compute and node pools.</summary>
    protected static TemplateBuilder Notebook(string name = "notebook") => Template.Named(name)
        .WithDescription("one GPU")
        .InProject(42)
        .ForWorkspace()
        .WithEnvironment(EnvironmentId)
        .WithCompute(ComputeId)
        .WithNodePools("a100", "h100");
}
