namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// The names a server gives the master's asset references, from its asset table. A request read back keeps them
/// (<see cref="WorkloadTemplate.ToCreationRequest"/>), but code refers to assets by id and cannot say them, as
/// <see cref="RunAi.TemplateDsl.AsCode.TemplateDiff"/> knows: a comparison of code with a template read back leaves them out.
/// </summary>
internal static class ServerNames
{
    /// <summary>The request, changed in place: its master's asset references without their names.</summary>
    public static WorkloadTemplateCreationRequest WithoutMasterAssetNames(WorkloadTemplateCreationRequest request)
    {
        if (request.Spec?.Distributed?.Master?.Assets is { } assets)
        {
            if (assets.Environment is { } environment)
            {
                environment.Name = null;
            }

            if (assets.Compute is { } compute)
            {
                compute.Name = null;
            }

            foreach (var source in assets.Datasources ?? [])
            {
                if (source is not null)
                {
                    source.Name = null;
                }
            }
        }

        return request;
    }
}
