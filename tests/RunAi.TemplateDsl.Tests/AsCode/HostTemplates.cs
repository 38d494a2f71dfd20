using RunAi.TemplateDsl.AsCode;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>The small template set the command host's tests run: a project notebook and a tenant training template.</summary>
internal static class HostTemplates
{
    /// <summary>The notebook, with a second node pool to vary it by.</summary>
    public static TemplateBuilder Notebook(string nodePool = "h100") => Template.Named("notebook")
        .InProject(42)
        .ForWorkspace()
        .WithEnvironment(EnvironmentId)
        .WithNodePools("a100", nodePool);

    /// <summary>The notebook and a training template.</summary>
    public static readonly TemplateSet Set = TemplateSet.Of(
        Notebook(),
        Template.Named("training").InTenant().ForTraining().WithEnvironment(EnvironmentId));
}
