namespace RunAi.TemplateDsl.Emulator.Validation;

/// <summary>A rule a request breaks: the rule id of RULES.md, the JSON path (e.g. <c>meta.projectId</c>) and what is wrong.</summary>
internal readonly record struct RuleFinding(string RuleId, string Path, string Message)
{
    public override string ToString() => $"{RuleId} {Path}: {Message}";
}

/// <summary>
/// The one place where the emulator judges a request by the rule catalog. Only errors reject a request (400 with the
/// findings in <c>details</c>); warnings and infos do not.
/// </summary>
/// <remarks>
/// Until the catalog (<c>TemplateValidator</c>) is merged, these are the spec's structural checks, reported under the
/// catalog's ids. When it is, both methods become
/// <c>TemplateValidator.Validate(request).Where(v =&gt; v.Severity == RuleSeverity.Error).Select(v =&gt; new RuleFinding(v.RuleId, v.Path, v.Message)).ToList()</c>.
/// </remarks>
internal static class TemplateRules
{
    private static readonly HashSet<AssetKind> DataSourceKinds =
        [AssetKind.S3, AssetKind.Git, AssetKind.Nfs, AssetKind.Pvc, AssetKind.HostPath, AssetKind.ConfigMap, AssetKind.SecretVolume, AssetKind.DataVolume];

    public static IReadOnlyList<RuleFinding> Check(WorkloadTemplateCreationRequest request)
    {
        var findings = new List<RuleFinding>();
        var meta = request.Meta;
        CheckName(meta.Name, findings);
        CheckDescription(meta.Description, findings);
        if (meta.Scope == Scope.Project && meta.ProjectId is null)
        {
            findings.Add(new("RAI1001", "meta.projectId", "A project scoped template needs meta.projectId."));
        }
        else if (meta.Scope == Scope.Department && string.IsNullOrWhiteSpace(meta.DepartmentId))
        {
            findings.Add(new("RAI1001", "meta.departmentId", "A department scoped template needs meta.departmentId."));
        }
        else if (meta.Scope == Scope.Cluster && string.IsNullOrWhiteSpace(meta.ClusterId))
        {
            findings.Add(new("RAI1001", "meta.clusterId", "A cluster scoped template needs meta.clusterId."));
        }

        if (meta.ClusterId is { } clusterId && !Guid.TryParse(clusterId, out _))
        {
            findings.Add(new("RAI0006", "meta.clusterId", $"'{clusterId}' is not a UUID."));
        }

        CheckAssets(request.Spec.Assets, findings);
        return findings;
    }

    public static IReadOnlyList<RuleFinding> Check(WorkloadTemplateUpdateRequest request)
    {
        var findings = new List<RuleFinding>();
        CheckName(request.Meta.Name, findings);
        CheckDescription(request.Meta.Description, findings);
        CheckAssets(request.Spec.Assets, findings);
        return findings;
    }

    private static void CheckName(string name, List<RuleFinding> findings)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            findings.Add(new("RAI0001", "meta.name", "meta.name is mandatory and must not be blank."));
        }
    }

    private static void CheckDescription(string? description, List<RuleFinding> findings)
    {
        if (description is not null && description.Length is < 1 or > 250)
        {
            findings.Add(new("RAI0002", "meta.description", $"meta.description must have 1–250 characters, not {description.Length}."));
        }
    }

    private static void CheckAssets(AssetsIds assets, List<RuleFinding> findings)
    {
        if (string.IsNullOrWhiteSpace(assets.Environment))
        {
            findings.Add(new("RAI1003", "spec.assets.environment", "A template needs an environment asset."));
        }
        else if (!Guid.TryParse(assets.Environment, out _))
        {
            findings.Add(new("RAI0006", "spec.assets.environment", $"'{assets.Environment}' is not a UUID."));
        }

        if (assets.Compute is { } compute && !Guid.TryParse(compute, out _))
        {
            findings.Add(new("RAI0006", "spec.assets.compute", $"'{compute}' is not a UUID."));
        }

        for (var i = 0; i < (assets.Datasources?.Count ?? 0); i++)
        {
            var source = assets.Datasources![i];
            if (!Guid.TryParse(source.Id, out _))
            {
                findings.Add(new("RAI0006", $"spec.assets.datasources[{i}].id", $"'{source.Id}' is not a UUID."));
            }

            if (!DataSourceKinds.Contains(source.Kind))
            {
                findings.Add(new("RAI1004", $"spec.assets.datasources[{i}].kind", $"'{source.Kind.Value}' is not a data-source kind."));
            }
        }
    }
}
