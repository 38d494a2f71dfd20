namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>RAI5001–RAI5004: <c>servingPortAccess</c> and <c>connections</c>.</summary>
public sealed class AccessRuleTests
{
    private const string Access = "spec.specificEnv.servingPortAccess.";
    private const string Connections = "spec.specificEnv.connections";

    private static TemplateBuilder Serving(Func<ServingPortAccessBuilder, ServingPortAccessBuilder> configure) => Valid.Inference.WithServingPortAccess(configure);

    // ------------------------------------------------------------------------------------------------ RAI5001

    [Fact]
    public void RAI5001_serving_port_users_and_groups_together_fail_Build_at_authorizedGroups()
    {
        var violation = RuleAssert.OnlyError(Serving(s => s.OnlyUsers("alice").AuthorizedGroups("ml-team")), "RAI5001", Access + "authorizedGroups");

        violation.Message.Should().Be("authorizedUsers and authorizedGroups are mutually exclusive: keep one of them.");
    }

    [Fact]
    public void The_Only_shortcuts_replace_the_other_list_so_the_last_one_wins_without_RAI5001()
    {
        var access = Serving(s => s.OnlyGroups("ml-team").OnlyUsers("alice")).Build().Spec.SpecificEnv!.ServingPortAccess!;

        access.AuthorizationType.Should().Be(AuthorizationType.AuthorizedUsers);
        access.AuthorizedUsers.Should().Equal("alice");
        access.AuthorizedGroups.Should().BeNull("OnlyUsers means only these users");
        Serving(s => s.OnlyUsers("alice").OnlyGroups("ml-team")).Build().Spec.SpecificEnv!.ServingPortAccess!.AuthorizedUsers.Should().BeNull();
    }

    [Fact]
    public void Public_and_AuthenticatedUsers_clear_the_lists_they_would_ignore_so_no_RAI5003()
    {
        Serving(s => s.OnlyUsers("alice").Public()).Validate().Should().BeEmpty();
        Serving(s => s.OnlyGroups("ml-team").AuthenticatedUsers()).Validate().Should().BeEmpty();
        Serving(s => s.OnlyGroups("ml-team").AuthenticatedUsers()).Build().Spec.SpecificEnv!.ServingPortAccess!.AuthorizedGroups.Should().BeNull();
    }

    [Fact]
    public void A_null_list_of_users_or_groups_is_an_ArgumentNullException_naming_it()
    {
        string[] none = null!;
        var builder = ServingPortAccessBuilderOf();

        builder.Invoking(b => b.OnlyUsers(none)).Should().Throw<ArgumentNullException>().WithParameterName("users");
        builder.Invoking(b => b.AuthorizedGroups(none)).Should().Throw<ArgumentNullException>().WithParameterName("groups");
        Valid.Inference.Invoking(t => t.AddConnection("c", c => c.AuthorizedUsers(none))).Should().Throw<ArgumentNullException>().WithParameterName("users");

        static ServingPortAccessBuilder ServingPortAccessBuilderOf()
        {
            ServingPortAccessBuilder? captured = null;
            Valid.Inference.WithServingPortAccess(s => captured = s);
            return captured!;
        }
    }

    [Fact]
    public void RAI5001_authorizedUsersOrGroups_with_both_lists_fails_Build()
    {
        RuleAssert.OnlyError(
            Serving(s => s.AuthorizationType(AuthorizationType.AuthorizedUsersOrGroups).AuthorizedUsers("alice").AuthorizedGroups("ml-team")),
            "RAI5001",
            Access + "authorizedGroups");
    }

    [Fact]
    public void RAI5001_a_connection_with_users_and_groups_fails_Build_at_that_connection()
    {
        RuleAssert.OnlyError(
            Valid.Template.AddConnection("jupyter", c => c.AuthorizedGroups("ml-team")).AddConnection("tensorboard", c => c.AuthorizedUsers("alice").AuthorizedGroups("ml-team")),
            "RAI5001",
            Connections + "[1].authorizedGroups");
    }

    [Fact]
    public void RAI5001_near_miss_either_list_alone_passes()
    {
        RuleAssert.Passes(Serving(s => s.OnlyGroups("ml-team")), "RAI5001");
        RuleAssert.Passes(Serving(s => s.OnlyUsers("alice", "bob")), "RAI5001");
        RuleAssert.Passes(Valid.Template.AddConnection("jupyter", c => c.AuthorizedUsers("alice")).AddConnection("tensorboard", c => c.AuthorizedGroups("ml-team")), "RAI5001");
    }

    // ------------------------------------------------------------------------------------------------ RAI5002

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path, string Message)> Rai5002Cases = new()
    {
        ["authorizedUsers without users"] = (Serving(s => s.AuthorizationType(AuthorizationType.AuthorizedUsers)), Access + "authorizedUsers", "authorizationType 'authorizedUsers' needs authorizedUsers: list the users."),
        ["authorizedUsers with groups instead"] = (Serving(s => s.AuthorizationType(AuthorizationType.AuthorizedUsers).AuthorizedGroups("ml-team")), Access + "authorizedUsers", "authorizationType 'authorizedUsers' needs authorizedUsers: list the users."),
        ["authorizedGroups without groups"] = (Serving(s => s.AuthorizationType(AuthorizationType.AuthorizedGroups)), Access + "authorizedGroups", "authorizationType 'authorizedGroups' needs authorizedGroups: list the groups."),
        ["authorizedUsersOrGroups with neither"] = (Serving(s => s.AuthorizationType(AuthorizationType.AuthorizedUsersOrGroups)), Access + "authorizationType", "authorizationType 'authorizedUsersOrGroups' needs exactly one of authorizedUsers or authorizedGroups; neither is set."),
    };

    public static TheoryData<string> Rai5002Names => Cases.Names(Rai5002Cases);

    [Theory]
    [MemberData(nameof(Rai5002Names))]
    public void RAI5002_an_authorization_type_without_its_list_fails_Build(string name)
    {
        var (template, path, message) = Rai5002Cases[name];

        RuleAssert.OnlyError(template, "RAI5002", path).Message.Should().Be(message);
    }

    [Fact]
    public void RAI5002_near_miss_each_authorization_type_with_its_list_passes()
    {
        RuleAssert.Passes(Serving(s => s.OnlyUsers("alice")), "RAI5002");
        RuleAssert.Passes(Serving(s => s.OnlyGroups("ml-team")), "RAI5002");
        RuleAssert.Passes(Serving(s => s.AuthorizationType(AuthorizationType.AuthorizedUsersOrGroups).AuthorizedUsers("alice")), "RAI5002");
        RuleAssert.Passes(Serving(s => s.AuthorizationType(AuthorizationType.AuthorizedUsersOrGroups).AuthorizedGroups("ml-team")), "RAI5002");
    }

    // ------------------------------------------------------------------------------------------------ RAI5003

    [Fact]
    public void RAI5003_users_listed_with_public_access_are_a_warning_and_Build_still_succeeds()
    {
        var violation = RuleAssert.OnlyNotice(Serving(s => s.Public().AuthorizedUsers("alice")), "RAI5003", RuleSeverity.Warning, Access + "authorizedUsers");

        violation.Message.Should().StartWith("Users or groups listed with authorizationType 'public' are ignored");
    }

    [Fact]
    public void RAI5003_groups_listed_with_authenticated_users_are_a_warning()
    {
        RuleAssert.OnlyNotice(Serving(s => s.AuthenticatedUsers().AuthorizedGroups("ml-team")), "RAI5003", RuleSeverity.Warning, Access + "authorizedGroups");
    }

    [Fact]
    public void RAI5003_users_listed_without_an_authorization_type_fall_under_the_public_default()
    {
        var violation = RuleAssert.OnlyNotice(Serving(s => s.AuthorizedUsers("alice")), "RAI5003", RuleSeverity.Warning, Access + "authorizedUsers");

        violation.Message.Should().Contain("'public' (the default)");
    }

    [Fact]
    public void RAI5003_near_miss_public_or_authenticated_access_without_lists_passes()
    {
        RuleAssert.Passes(Serving(s => s.Public()), "RAI5003");
        RuleAssert.Passes(Serving(s => s.AuthenticatedUsers().ClusterLocalAccessOnly()), "RAI5003");
    }

    // ------------------------------------------------------------------------------------------------ RAI5004

    [Fact]
    public void RAI5004_two_connections_with_the_same_name_fail_Build_at_the_second()
    {
        var violation = RuleAssert.OnlyError(
            Valid.Template.AddConnection("jupyter").AddConnection("tensorboard").AddConnection("jupyter", c => c.NodePort(30080)),
            "RAI5004",
            Connections + "[2].name");

        violation.Message.Should().Be("Connection names must be unique: 'jupyter' is also used at connections[0].");
    }

    [Fact]
    public void RAI5004_near_miss_distinct_connection_names_pass()
    {
        RuleAssert.Passes(Valid.Template.AddConnection("jupyter").AddConnection("tensorboard").AddConnection("Jupyter"), "RAI5004");
    }
}
