using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl;

/// <summary>
/// Declares who can send inference requests to the serving endpoint (<c>spec.specificEnv.servingPortAccess</c>).
/// Immutable: every call returns a new builder; every method replaces the value it sets.
/// </summary>
[WireBuilder("spec.specificEnv.servingPortAccess")]
public sealed class ServingPortAccessBuilder
{
    internal static readonly ServingPortAccessBuilder Empty = new(new ServingPortAccess());

    private readonly ServingPortAccess _value;

    private ServingPortAccessBuilder(ServingPortAccess value) => _value = value;

    /// <summary>No authorization required (the API's default): sets the type, and clears the users and groups (ignored with it, RAI5003).</summary>
    /// <returns>A new builder.</returns>
    [WireField("authorizationType", "public")]
    [WireField("authorizedUsers", null)]
    [WireField("authorizedGroups", null)]
    public ServingPortAccessBuilder Public() => Access(TemplateDsl.AuthorizationType.Public, null, null);

    /// <summary>Any authenticated user or service account: sets the type, and clears the users and groups (ignored with it, RAI5003).</summary>
    /// <returns>A new builder.</returns>
    [WireField("authorizationType", "authenticatedUsers")]
    [WireField("authorizedUsers", null)]
    [WireField("authorizedGroups", null)]
    public ServingPortAccessBuilder AuthenticatedUsers() => Access(TemplateDsl.AuthorizationType.AuthenticatedUsers, null, null);

    /// <summary>Only the listed users and service accounts: sets the type and the users together, and clears the groups (exclusive with users, RAI5001).</summary>
    /// <param name="users">At least one user.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="users"/> is null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="users"/> is null.</exception>
    [WireField("authorizationType", "authorizedUsers")]
    [WireField("authorizedGroups", null)]
    public ServingPortAccessBuilder OnlyUsers([WireField("authorizedUsers")] params string[] users)
    {
        DslClone.NoNullItems(users, nameof(users));
        return Access(TemplateDsl.AuthorizationType.AuthorizedUsers, [.. users], null);
    }

    /// <summary>Only members of the listed groups: sets the type and the groups together, and clears the users (exclusive with groups, RAI5001).</summary>
    /// <param name="groups">At least one group.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> is null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="groups"/> is null.</exception>
    [WireField("authorizationType", "authorizedGroups")]
    [WireField("authorizedUsers", null)]
    public ServingPortAccessBuilder OnlyGroups([WireField("authorizedGroups")] params string[] groups)
    {
        DslClone.NoNullItems(groups, nameof(groups));
        return Access(TemplateDsl.AuthorizationType.AuthorizedGroups, null, [.. groups]);
    }

    /// <summary>
    /// Sets the authorization type alone: the lower-level form, for <c>authorizedUsersOrGroups</c> or a type read from
    /// elsewhere. Prefer <see cref="Public"/>, <see cref="AuthenticatedUsers"/>, <see cref="OnlyUsers"/> and
    /// <see cref="OnlyGroups"/>, which set the type and its list together.
    /// </summary>
    /// <param name="type">The type; authorizedUsers and authorizedGroups need their list (RAI5002).</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> is null (it would silently leave the API's default, public).</exception>
    public ServingPortAccessBuilder AuthorizationType([WireField("authorizationType")] AuthorizationType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return With(v => v.AuthorizationType = type);
    }

    /// <summary>
    /// Sets the authorized users alone (replaces); exclusive with groups (RAI5001). The lower-level form: without
    /// <see cref="AuthorizationType"/> the type stays the API's default, public, which ignores the list (RAI5003); prefer
    /// <see cref="OnlyUsers"/>, which sets both.
    /// </summary>
    /// <param name="users">The users and service accounts.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="users"/> is null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="users"/> is null.</exception>
    public ServingPortAccessBuilder AuthorizedUsers([WireField("authorizedUsers")] params string[] users)
    {
        DslClone.NoNullItems(users, nameof(users));
        return With(v => v.AuthorizedUsers = [.. users]);
    }

    /// <summary>
    /// Sets the authorized groups alone (replaces); exclusive with users (RAI5001). The lower-level form: without
    /// <see cref="AuthorizationType"/> the type stays the API's default, public, which ignores the list (RAI5003); prefer
    /// <see cref="OnlyGroups"/>, which sets both.
    /// </summary>
    /// <param name="groups">The groups.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> is null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="groups"/> is null.</exception>
    public ServingPortAccessBuilder AuthorizedGroups([WireField("authorizedGroups")] params string[] groups)
    {
        DslClone.NoNullItems(groups, nameof(groups));
        return With(v => v.AuthorizedGroups = [.. groups]);
    }

    /// <summary>Serves on the cluster-local network only (default false).</summary>
    /// <param name="clusterLocalOnly">Whether to serve only cluster-locally.</param>
    /// <returns>A new builder.</returns>
    public ServingPortAccessBuilder ClusterLocalAccessOnly([WireField("clusterLocalAccessOnly")] bool clusterLocalOnly = true) => With(v => v.ClusterLocalAccessOnly = clusterLocalOnly);

    internal ServingPortAccess ToWire() => DslClone.Of(_value);

    /// <summary>The type with exactly these lists (null: not set).</summary>
    private ServingPortAccessBuilder Access(AuthorizationType type, List<string>? users, List<string>? groups) => With(v =>
    {
        v.AuthorizationType = type;
        v.AuthorizedUsers = users;
        v.AuthorizedGroups = groups;
    });

    private ServingPortAccessBuilder With(Action<ServingPortAccess> change)
    {
        var copy = DslClone.Of(_value);
        change(copy);
        return new ServingPortAccessBuilder(copy);
    }
}

/// <summary>
/// Declares a connection of the environment's tools (<c>spec.specificEnv.connections[]</c>).
/// Immutable: every call returns a new builder; every method replaces the value it sets.
/// </summary>
[WireBuilder("spec.specificEnv.connections[]")]
public sealed class ConnectionBuilder
{
    private readonly SpecificRunConnectionInfo _value;

    internal ConnectionBuilder(string name) => _value = new SpecificRunConnectionInfo { Name = name };

    private ConnectionBuilder(SpecificRunConnectionInfo value) => _value = value;

    /// <summary>Sets the host port connected with the container port (custom-port connections).</summary>
    /// <param name="port">0 to 65535.</param>
    /// <returns>A new builder.</returns>
    public ConnectionBuilder NodePort([WireField("nodePort")] int port) => With(v => v.NodePort = port);

    /// <summary>
    /// Sets the URL associated with the container port: required if, and only if, the environment asset's connection
    /// has <c>isCustomExternalUrl</c> set (the API's words); at least 1 character.
    /// </summary>
    /// <param name="url">The URL, e.g. <c>https://serving.example.com/llm</c>.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
    public ConnectionBuilder ExternalUrl([WireField("externalUrl")] string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return With(v => v.ExternalUrl = url);
    }

    /// <summary>Sets the users or applications allowed to access the URL (replaces); exclusive with groups (RAI5001).</summary>
    /// <param name="users">The users.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="users"/> is null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="users"/> is null.</exception>
    public ConnectionBuilder AuthorizedUsers([WireField("authorizedUsers")] params string[] users)
    {
        DslClone.NoNullItems(users, nameof(users));
        return With(v => v.AuthorizedUsers = [.. users]);
    }

    /// <summary>Sets the groups allowed to access the connection (replaces); exclusive with users (RAI5001).</summary>
    /// <param name="groups">The groups.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> is null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="groups"/> is null.</exception>
    public ConnectionBuilder AuthorizedGroups([WireField("authorizedGroups")] params string[] groups)
    {
        DslClone.NoNullItems(groups, nameof(groups));
        return With(v => v.AuthorizedGroups = [.. groups]);
    }

    internal SpecificRunConnectionInfo ToWire() => DslClone.Of(_value);

    private ConnectionBuilder With(Action<SpecificRunConnectionInfo> change)
    {
        var copy = DslClone.Of(_value);
        change(copy);
        return new ConnectionBuilder(copy);
    }
}
