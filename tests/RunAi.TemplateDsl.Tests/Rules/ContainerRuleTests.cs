namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>RAI6001–RAI6004: environment variables, labels, annotations and supplemental groups.</summary>
public sealed class ContainerRuleTests
{
    private const string Env = "spec.specificEnv.";

    private static readonly TemplateBuilder T = Valid.Template;

    // ------------------------------------------------------------------------------------------------ RAI6001

    [Fact]
    public void RAI6001_a_variable_with_a_value_and_a_config_map_fails_Build_at_the_variable()
    {
        var violation = RuleAssert.OnlyError(
            T.AddEnvironmentVariable("OK", "1").AddEnvironmentVariable(new EnvironmentVariableOfAsset
            {
                Name = "MODE",
                Value = "fast",
                ConfigMap = new EnvironmentVariableConfigMap { Name = "settings", Key = "mode" },
            }),
            "RAI6001",
            Env + "environmentVariables[1]");

        violation.Message.Should().Be("The environment variable 'MODE' takes one source: value, credential, configMap and podFieldRef are mutually exclusive; 2 are set.");
    }

    [Fact]
    public void RAI6001_every_extra_source_is_counted()
    {
        var violation = RuleAssert.OnlyError(
            T.AddEnvironmentVariable(new EnvironmentVariableOfAsset
            {
                Name = "TOKEN",
                Value = "x",
                Credential = new EnvironmentVariableCredential { AssetId = Valid.CredentialId, Key = "token" },
                ConfigMap = new EnvironmentVariableConfigMap { Name = "settings", Key = "token" },
                PodFieldRef = new EnvironmentVariablePodFieldReference { Path = "metadata.name" },
            }),
            "RAI6001",
            Env + "environmentVariables[0]");

        violation.Message.Should().EndWith("4 are set.");
    }

    [Fact]
    public void RAI6001_a_variable_without_a_name_is_not_called_null()
    {
        var violations = T.AddEnvironmentVariable(new EnvironmentVariableOfAsset
        {
            Value = "x",
            PodFieldRef = new EnvironmentVariablePodFieldReference { Path = "metadata.name" },
        }).Validate();

        violations.Should().ContainSingle(v => v.RuleId == "RAI6001").Which.Message.Should()
            .Be("An environment variable takes one source: value, credential, configMap and podFieldRef are mutually exclusive; 2 are set.");
        violations.Should().Contain(v => v.RuleId == "RAI0001" && v.Path == Env + "environmentVariables[0].name", "the missing name is its own finding");
    }

    [Fact]
    public void RAI6001_near_miss_each_single_source_method_passes()
    {
        RuleAssert.Passes(
            T.AddEnvironmentVariable("A", "1", "plain")
                .AddEnvironmentVariableFromSecret("B", Valid.CredentialId, "token")
                .AddEnvironmentVariableFromConfigMap("C", "settings", "mode")
                .AddEnvironmentVariableFromPodField("D", "metadata.name")
                .ExcludeEnvironmentVariable("E"),
            "RAI6001");
    }

    // ------------------------------------------------------------------------------------------------ RAI6002

    [Fact]
    public void RAI6002_the_same_variable_set_twice_is_a_warning_at_the_second()
    {
        var violation = RuleAssert.OnlyNotice(
            T.AddEnvironmentVariable("MODE", "fast").AddEnvironmentVariableFromConfigMap("MODE", "settings", "mode"),
            "RAI6002",
            RuleSeverity.Warning,
            Env + "environmentVariables[1].name");

        violation.Message.Should().Contain("also at environmentVariables[0]");
    }

    [Fact]
    public void RAI6002_near_miss_names_differing_in_case_are_different_variables()
    {
        RuleAssert.Passes(T.AddEnvironmentVariable("MODE", "fast").AddEnvironmentVariable("mode", "slow"), "RAI6002");
    }

    // ------------------------------------------------------------------------------------------------ RAI6003

    [Fact]
    public void RAI6003_the_same_label_set_twice_is_a_warning_at_the_second()
    {
        var violation = RuleAssert.OnlyNotice(
            T.AddLabel("team", "ml").AddLabel("tier", "gpu").AddLabel("team", "research"),
            "RAI6003",
            RuleSeverity.Warning,
            Env + "labels[2].name");

        violation.Message.Should().StartWith("The label 'team' is set twice (also at labels[0])");
    }

    [Fact]
    public void RAI6003_the_same_annotation_set_twice_is_a_warning_at_the_second()
    {
        var violation = RuleAssert.OnlyNotice(T.AddAnnotation("owner", "a").AddAnnotation("owner", "b"), "RAI6003", RuleSeverity.Warning, Env + "annotations[1].name");

        violation.Message.Should().StartWith("The annotation 'owner' is set twice");
    }

    [Fact]
    public void RAI6003_near_miss_a_label_and_an_annotation_may_share_a_name()
    {
        RuleAssert.Passes(T.AddLabel("team", "ml").AddAnnotation("team", "ml").AddLabel("tier", "gpu"), "RAI6003");
    }

    // ------------------------------------------------------------------------------------------------ RAI6004

    [Theory]
    [InlineData("2000;3000")]
    [InlineData("admin")]
    [InlineData("2000,")]
    [InlineData(",2000")]
    [InlineData("2000,,3000")]
    [InlineData("20 00")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData(" ")]
    public void RAI6004_supplemental_groups_that_are_not_a_list_of_integers_fail_Build(string groups)
    {
        var violation = RuleAssert.OnlyError(T.WithSupplementalGroups(groups), "RAI6004", Env + "supplementalGroups");

        violation.Message.Should().Contain("'" + groups + "' is not");
    }

    [Theory]
    [InlineData("")]
    [InlineData("2000")]
    [InlineData("2000,3000")]
    [InlineData("2000, 3000")]
    [InlineData(" 2000 , 3000 ")]
    public void RAI6004_near_miss_integer_lists_and_the_empty_revert_pass(string groups)
    {
        RuleAssert.Passes(T.WithSupplementalGroups(groups), "RAI6004");
    }

    [Fact]
    public void RAI6004_near_miss_the_typed_overload_writes_a_valid_list()
    {
        var template = T.WithSupplementalGroups(2000L, 3000L);

        RuleAssert.Passes(template, "RAI6004");
        template.Build().Spec.SpecificEnv!.SupplementalGroups.Should().Be("2000,3000");
    }
}
