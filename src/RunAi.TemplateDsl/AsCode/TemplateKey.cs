using System.Globalization;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>
/// What makes a template unique on a tenant: its scope, the id of that scope and its name. Two templates with the same
/// key cannot exist (the API answers 409).
/// </summary>
/// <param name="Scope">The scope's wire name (<c>tenant</c>, <c>cluster</c>, <c>department</c>, <c>project</c>, <c>system</c>).</param>
/// <param name="ScopeId">The project, department or cluster id (a cluster's UUID in its lower-case form, however it was spelt); null for the tenant and system scopes.</param>
/// <param name="Name">The template name.</param>
public sealed record TemplateKey(string Scope, string? ScopeId, string Name)
{
    /// <summary>The key of a creation request.</summary>
    /// <param name="meta">The request's metadata.</param>
    /// <returns>The key.</returns>
    public static TemplateKey Of(AssetCreationRequest meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return new(meta.Scope.Value, ScopeIdOf(meta.Scope, meta.ProjectId, meta.DepartmentId, meta.ClusterId), meta.Name);
    }

    /// <summary>The key of a template read from the API.</summary>
    /// <param name="meta">The template's metadata.</param>
    /// <returns>The key.</returns>
    public static TemplateKey Of(AssetMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return new(meta.Scope.Value, ScopeIdOf(meta.Scope, meta.ProjectId, meta.DepartmentId, meta.ClusterId), meta.Name);
    }

    /// <summary>Whether <paramref name="other"/> is in the same scope (scope and scope id), whatever its name.</summary>
    /// <param name="other">The other key.</param>
    /// <returns>True when both name the same scope.</returns>
    public bool SameScopeAs(TemplateKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Scope, other.Scope, StringComparison.Ordinal) && string.Equals(ScopeId, other.ScopeId, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The scope for people: <c>project 42</c>, <c>tenant</c>.</summary>
    /// <returns>The scope and its id.</returns>
    public string DescribeScope() => ScopeId is null ? Scope : Scope + " " + ScopeId;

    /// <summary>The key for people: <c>project 42/pytorch-ddp</c>.</summary>
    /// <returns>The scope, its id and the name.</returns>
    public override string ToString() => DescribeScope() + "/" + Name;

    private static string? ScopeIdOf(Scope scope, int? projectId, string? departmentId, string? clusterId) =>
        scope == TemplateDsl.Scope.Project ? projectId?.ToString(CultureInfo.InvariantCulture)
        : scope == TemplateDsl.Scope.Department ? departmentId
        : scope == TemplateDsl.Scope.Cluster ? (Guid.TryParse(clusterId, out var uuid) ? uuid.ToString("D", CultureInfo.InvariantCulture) : clusterId)
        : null;
}
