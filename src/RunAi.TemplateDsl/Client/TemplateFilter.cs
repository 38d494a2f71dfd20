namespace RunAi.TemplateDsl.Client;

/// <summary>
/// The query of <c>GET /api/v1/asset/workload-template</c>: the nine filters of the API. Unset members are not sent.
/// </summary>
public sealed record TemplateFilter
{
    /// <summary>Only templates with this name.</summary>
    public string? Name { get; init; }

    /// <summary>Only templates of this scope (tenant, cluster, department, project).</summary>
    public Scope? Scope { get; init; }

    /// <summary>
    /// A project id. With <see cref="Scope"/> <c>project</c>, only that project's templates; otherwise also the
    /// templates of its department, cluster, the tenant and the system.
    /// </summary>
    public int? ProjectId { get; init; }

    /// <summary>A department id. With <see cref="Scope"/> <c>department</c>, only that department's; otherwise also its cluster's, the tenant's and the system's.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>A cluster id (UUID). With <see cref="Scope"/> <c>cluster</c>, only that cluster's; otherwise also the tenant's and the system's.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Only distributed templates of this framework.</summary>
    public DistributedFramework? DistributedFramework { get; init; }

    /// <summary>Only templates that do (true) or do not (false) support distributed workloads.</summary>
    public bool? IsDistributed { get; init; }

    /// <summary>Only templates that do (true) or do not (false) support training workloads.</summary>
    public bool? IsTraining { get; init; }

    /// <summary>Only templates that do (true) or do not (false) support workspaces.</summary>
    public bool? IsWorkspace { get; init; }

    /// <summary>The query parameters this filter sends, in the spec's order, with the API's spellings.</summary>
    /// <returns>Name and value pairs.</returns>
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
        if (Name is not null)
        {
            yield return new("name", Name);
        }

        if (Scope is not null)
        {
            yield return new("scope", Scope.Value);
        }

        if (ProjectId is { } projectId)
        {
            yield return new("projectId", projectId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (DepartmentId is not null)
        {
            yield return new("departmentId", DepartmentId);
        }

        if (ClusterId is not null)
        {
            yield return new("clusterId", ClusterId);
        }

        if (DistributedFramework is not null)
        {
            yield return new("distributedFramework", DistributedFramework.Value);
        }

        if (IsDistributed is { } isDistributed)
        {
            yield return new("isDistributed", isDistributed ? "true" : "false");
        }

        if (IsTraining is { } isTraining)
        {
            yield return new("isTraining", isTraining ? "true" : "false");
        }

        if (IsWorkspace is { } isWorkspace)
        {
            yield return new("isWorkspace", isWorkspace ? "true" : "false");
        }
    }
}
