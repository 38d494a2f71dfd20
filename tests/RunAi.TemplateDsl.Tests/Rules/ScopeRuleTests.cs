namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>RAI1001–RAI1005: meta, scope and assets.</summary>
public sealed class ScopeRuleTests
{
    private static readonly TemplateBuilder T = Valid.Template;

    // ------------------------------------------------------------------------------------------------ RAI1001

    public static TheoryData<string, string> Rai1001Scopes => new()
    {
        { "project", "meta.projectId" },
        { "department", "meta.departmentId" },
        { "cluster", "meta.clusterId" },
    };

    [Theory]
    [MemberData(nameof(Rai1001Scopes))]
    public void RAI1001_a_scope_without_its_id_fails_Build_at_the_missing_id(string scope, string path)
    {
        var violation = RuleAssert.OnlyError(T.InScope(new Scope(scope)), "RAI1001", path);

        violation.Message.Should().Be(
            "Scope '" + scope + "' needs '" + path[5..] + "': a " + scope + "-scoped template must say which " + scope + " it belongs to.");
    }

    [Fact]
    public void RAI1001_a_blank_cluster_id_counts_as_missing_and_is_not_also_a_malformed_uuid()
    {
        RuleAssert.OnlyError(T.InCluster(" "), "RAI1001", "meta.clusterId");
    }

    [Fact]
    public void RAI1001_a_blank_department_id_counts_as_missing()
    {
        RuleAssert.OnlyError(T.InScope(Scope.Department, departmentId: " "), "RAI1001", "meta.departmentId");
    }

    [Fact]
    public void RAI1001_an_id_of_another_scope_does_not_stand_in_for_the_scope_s_own_id()
    {
        RuleAssert.OnlyError(T.InScope(Scope.Cluster, projectId: 42, departmentId: "7"), "RAI1001", "meta.clusterId");
    }

    [Fact]
    public void RAI1001_near_miss_every_typed_scope_method_supplies_its_id()
    {
        RuleAssert.Passes(T.InProject(42), "RAI1001");
        RuleAssert.Passes(T.InDepartment("7"), "RAI1001");
        RuleAssert.Passes(T.InCluster(Guid.Parse(Valid.ClusterId)), "RAI1001");
        RuleAssert.Passes(T.InTenant(), "RAI1001");
        RuleAssert.Passes(T.InScope(Scope.Tenant), "RAI1001");
        RuleAssert.Passes(T.InScope(Scope.Project, projectId: 42), "RAI1001");
    }

    // ------------------------------------------------------------------------------------------------ RAI1002

    [Fact]
    public void RAI1002_system_scope_is_a_warning_and_Build_still_succeeds()
    {
        var violation = RuleAssert.OnlyNotice(T.InScope(Scope.System), "RAI1002", RuleSeverity.Warning, "meta.scope");

        violation.Message.Should().Contain("internal purposes only").And.Contain("'tenant'");
    }

    [Fact]
    public void RAI1002_near_miss_tenant_scope_is_not_warned()
    {
        RuleAssert.Passes(T.InTenant(), "RAI1002");
    }

    // ------------------------------------------------------------------------------------------------ RAI1003

    [Fact]
    public void RAI1003_a_template_without_an_environment_fails_Build_at_spec_assets_environment()
    {
        var violation = RuleAssert.OnlyError(Template.Named("no-env").InProject(42), "RAI1003", "spec.assets.environment");

        violation.Message.Should().Contain("WithEnvironment(id)");
    }

    [Fact]
    public void RAI1003_a_blank_environment_id_counts_as_no_environment()
    {
        RuleAssert.OnlyError(T.WithEnvironment(" "), "RAI1003", "spec.assets.environment");
    }

    [Fact]
    public void RAI1003_near_miss_an_environment_given_as_a_Guid_passes()
    {
        RuleAssert.Passes(Template.Named("guid-env").InProject(42).WithEnvironment(Guid.Parse(Valid.EnvironmentId)), "RAI1003");
    }

    // ------------------------------------------------------------------------------------------------ RAI1004

    public static TheoryData<string> NonDataSourceKinds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var kind in AssetKind.KnownValues.Except(DataSourceKinds))
            {
                data.Add(kind.Value);
            }

            data.Add("bucket");
            return data;
        }
    }

    public static TheoryData<string> DataSourceKindValues
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var kind in DataSourceKinds)
            {
                data.Add(kind.Value);
            }

            return data;
        }
    }

    private static AssetKind[] DataSourceKinds =>
    [
        DataSourceKind.S3, DataSourceKind.Git, DataSourceKind.Nfs, DataSourceKind.Pvc,
        DataSourceKind.HostPath, DataSourceKind.ConfigMap, DataSourceKind.SecretVolume, DataSourceKind.DataVolume,
    ];

    [Theory]
    [MemberData(nameof(NonDataSourceKinds))]
    public void RAI1004_a_data_source_of_a_kind_that_is_not_a_data_source_fails_Build(string kind)
    {
        var violation = RuleAssert.OnlyError(T.AddDataSource(new AssetKind(kind), Valid.DataSourceId), "RAI1004", "spec.assets.datasources[0].kind");

        violation.Message.Should().Contain("'" + kind + "' is not");
    }

    [Fact]
    public void RAI1004_the_path_points_at_the_offending_data_source()
    {
        RuleAssert.OnlyError(
            T.AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId).AddDataSource(AssetKind.Compute, Valid.OtherDataSourceId),
            "RAI1004",
            "spec.assets.datasources[1].kind");
    }

    [Theory]
    [MemberData(nameof(DataSourceKindValues))]
    public void RAI1004_near_miss_every_data_source_kind_passes(string kind)
    {
        RuleAssert.Passes(T.AddDataSource(new AssetKind(kind), Valid.DataSourceId), "RAI1004");
    }

    // ------------------------------------------------------------------------------------------------ RAI1005

    [Fact]
    public void RAI1005_the_same_data_source_attached_twice_is_a_warning_at_the_second()
    {
        var violation = RuleAssert.OnlyNotice(
            T.AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId, "/data")
                .AddDataSource(DataSourceKind.Git, Valid.OtherDataSourceId)
                .AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId, "/other"),
            "RAI1005",
            RuleSeverity.Warning,
            "spec.assets.datasources[2].id");

        violation.Message.Should().Contain("also at datasources[0]");
    }

    [Fact]
    public void RAI1005_near_miss_different_data_sources_of_the_same_kind_pass()
    {
        RuleAssert.Passes(T.AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId).AddDataSource(DataSourceKind.Pvc, Valid.OtherDataSourceId), "RAI1005");
    }
}
