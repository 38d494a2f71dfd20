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

    /// <summary>
    /// The notebook as a server would list it (a read model, by hand): updated at <paramref name="updatedAt"/> by
    /// <paramref name="updatedBy"/>, with its second node pool, and JSON members added to its metadata and run parameters.
    /// </summary>
    public static WorkloadTemplate FoundNotebook(string nodePool = "h100", string updatedBy = "alice", string updatedAt = "2026-01-01T00:00:00Z", string metaMembers = "", string envMembers = "") =>
        TemplateJson.Deserialize<WorkloadTemplate>(
            ("{'meta':{'name':'notebook','scope':'project','projectId':42,'workloadSupportedTypes':{'workspace':true},"
            + "'id':'6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b','kind':'workload-template','createdBy':'alice','createdAt':'2026-01-01T00:00:00Z',"
            + $"'updatedBy':'{updatedBy}','updatedAt':'{updatedAt}'").Replace('\'', '"')
            + metaMembers + "},"
            + $"'spec':{{'assets':{{'environment':{{'id':'{EnvironmentId}','name':'env'}}}},'specificEnv':{{'nodePools':['a100','{nodePool}']".Replace('\'', '"')
            + envMembers + "}}}");
}
