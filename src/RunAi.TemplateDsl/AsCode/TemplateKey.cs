using System.Globalization;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>
/// What makes a template unique on a tenant: its scope, the id of that scope and its name. Two templates with the same
/// key cannot exist (the API answers 409).
/// </summary>
/// <remarks>
/// The scope id of a cluster scope is kept in one spelling, whichever way it is given (constructor, <c>with</c>, a state
/// file): a UUID becomes its lower-case form, so two spellings of one cluster make equal keys with one hash code. Every
/// other id is kept as given and compared exactly (ordinal), by equality and by <see cref="SameScopeAs"/> alike.
/// </remarks>
/// <param name="Scope">The scope's wire name (<c>tenant</c>, <c>cluster</c>, <c>department</c>, <c>project</c>, <c>system</c>).</param>
/// <param name="ScopeId">The project, department or cluster id (a cluster's UUID in its lower-case form, however it was spelt); null for the tenant and system scopes.</param>
/// <param name="Name">The template name.</param>
public sealed record TemplateKey(string Scope, string? ScopeId, string Name)
{
    private readonly string _scope = Scope;
    private readonly string? _scopeId = Canonical(Scope, ScopeId);

    /// <summary>The scope's wire name (<c>tenant</c>, <c>cluster</c>, <c>department</c>, <c>project</c>, <c>system</c>).</summary>
    public string Scope
    {
        get => _scope;
        init
        {
            _scope = value;
            _scopeId = Canonical(value, _scopeId);
        }
    }

    /// <summary>The project, department or cluster id (a cluster's UUID in its lower-case form, however it was spelt); null for the tenant and system scopes.</summary>
    public string? ScopeId
    {
        get => _scopeId;
        init => _scopeId = Canonical(_scope, value);
    }

    /// <summary>The key of a creation request.</summary>
    /// <param name="meta">The request's metadata.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="meta"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="meta"/> has no scope.</exception>
    public static TemplateKey Of(AssetCreationRequest meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        if (meta.Scope is null)
        {
            throw new ArgumentException("The metadata has no scope: a template's key is its scope, scope id and name.", nameof(meta));
        }

        return new(meta.Scope.Value, ScopeIdOf(meta.Scope, meta.ProjectId, meta.DepartmentId, meta.ClusterId), meta.Name);
    }

    /// <summary>The key of a template read from the API.</summary>
    /// <param name="meta">The template's metadata.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="meta"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="meta"/> has no scope.</exception>
    public static TemplateKey Of(AssetMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        if (meta.Scope is null)
        {
            throw new ArgumentException("The metadata has no scope: a template's key is its scope, scope id and name.", nameof(meta));
        }

        return new(meta.Scope.Value, ScopeIdOf(meta.Scope, meta.ProjectId, meta.DepartmentId, meta.ClusterId), meta.Name);
    }

    /// <summary>Whether <paramref name="other"/> is in the same scope (scope and scope id), whatever its name: as equality compares them.</summary>
    /// <param name="other">The other key.</param>
    /// <returns>True when both name the same scope.</returns>
    public bool SameScopeAs(TemplateKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Scope, other.Scope, StringComparison.Ordinal) && string.Equals(ScopeId, other.ScopeId, StringComparison.Ordinal);
    }

    /// <summary>The scope for people: <c>project 42</c>, <c>tenant</c>.</summary>
    /// <returns>The scope and its id.</returns>
    public string DescribeScope() => ScopeId is null ? Scope : Scope + " " + ScopeId;

    /// <summary>The key for people: <c>project 42/pytorch-ddp</c>.</summary>
    /// <returns>The scope, its id and the name.</returns>
    public override string ToString() => DescribeScope() + "/" + Name;

    /// <summary>The id of a template's scope as the API spells it: the project, department or cluster id; null for tenant and system.</summary>
    internal static string? ScopeIdOf(Scope scope, int? projectId, string? departmentId, string? clusterId) =>
        scope == TemplateDsl.Scope.Project ? projectId?.ToString(CultureInfo.InvariantCulture)
        : scope == TemplateDsl.Scope.Department ? departmentId
        : scope == TemplateDsl.Scope.Cluster ? clusterId
        : null;

    /// <summary>The one spelling of a scope id: a cluster's UUID in its lower-case "D" form; any other id as it is.</summary>
    private static string? Canonical(string? scope, string? scopeId) =>
        string.Equals(scope, TemplateDsl.Scope.Cluster.Value, StringComparison.Ordinal) && Guid.TryParse(scopeId, out var uuid)
            ? uuid.ToString("D", CultureInfo.InvariantCulture)
            : scopeId;
}
