namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>Edge cases found in review: empty lists, exclusions, number ranges, id spelling, suggestions.</summary>
public sealed class EdgeCaseRuleTests
{
    private const string Env = "spec.specificEnv.";

    [Fact]
    public void RAI5002_an_empty_list_does_not_satisfy_the_authorization_type()
    {
        RuleAssert.OnlyError(Valid.Template.WithServingPortAccess(s => s.OnlyUsers()), "RAI5002", Env + "servingPortAccess.authorizedUsers");
        RuleAssert.OnlyError(Valid.Template.WithServingPortAccess(s => s.OnlyGroups()), "RAI5002", Env + "servingPortAccess.authorizedGroups");
    }

    [Fact]
    public void RAI5001_an_empty_list_beside_a_full_one_is_not_a_conflict()
    {
        Valid.Template.WithServingPortAccess(s => s.OnlyGroups("team").AuthorizedUsers()).Validate().Should().BeEmpty();
        Valid.Template.AddConnection("c", c => c.AuthorizedUsers("alice").AuthorizedGroups()).Validate().Should().BeEmpty();
    }

    [Fact]
    public void RAI0001_an_exclusion_of_a_policy_toleration_needs_only_its_name()
    {
        Valid.Template.ExcludeToleration("policy-gpu").Validate().Should().BeEmpty();
        RuleAssert.Error(Valid.Template.AddToleration("", TolerationOperator.Equal, TolerationEffect.NoSchedule, "v"), "RAI0001", Env + "tolerations[0].key");
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    public void RAI0001_an_exclusion_of_a_policy_toleration_with_a_blank_name_fails_Build_at_the_name(string name)
    {
        RuleAssert.OnlyError(Valid.Template.ExcludeToleration(name), "RAI0001", Env + "tolerations[0].name");
    }

    [Fact]
    public void RAI0001_an_exclusion_of_a_policy_toleration_with_an_empty_name_is_also_too_short()
    {
        // As for a label or annotation name: RAI0001 (blank) and RAI0002 (shorter than 1 character).
        var violations = Valid.Template.ExcludeToleration(string.Empty).Validate();

        violations.Select(v => (v.RuleId, v.Path)).Should().BeEquivalentTo(new[] { ("RAI0001", Env + "tolerations[0].name"), ("RAI0002", Env + "tolerations[0].name") });
    }

    [Fact]
    public void RAI0001_a_hand_built_exclusion_of_a_toleration_without_a_name_is_reported()
    {
        var request = Valid.Request(Valid.Template);
        request.Spec.SpecificEnv = new SpecificRunParams { Tolerations = [new Toleration { Exclude = true }] };

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle("got: {0}", string.Join(" | ", violations));
        RuleAssert.Single(violations, "RAI0001", RuleSeverity.Error, Env + "tolerations[0].name");
    }

    [Fact]
    public void RAI0001_near_miss_a_toleration_that_is_not_an_exclusion_needs_no_name()
    {
        var request = Valid.Request(Valid.Template.TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule));
        request.Spec.SpecificEnv!.Tolerations![0].Exclude = false;

        TemplateValidator.Validate(request).Should().BeEmpty();
        RuleAssert.Passes(Valid.Template.TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule), "RAI0001");
    }

    [Fact]
    public void RAI1005_the_same_uuid_in_another_letter_case_is_the_same_data_source()
    {
        var template = Valid.Template
            .AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId)
            .AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId.ToUpperInvariant());

        RuleAssert.OnlyNotice(template, "RAI1005", RuleSeverity.Warning, "spec.assets.datasources[1].id");
    }

    [Theory]
    [InlineData("9223372036854775807", false)]
    [InlineData("-9223372036854775808", false)]
    [InlineData("9223372036854775808", true)]
    [InlineData("+4", false)]
    [InlineData(" 4", true)]
    public void RAI3004_the_value_must_fit_a_64_bit_integer(string value, bool violates)
    {
        var ids = Valid.Template.WithNodeAffinity(n => n.Term(t => t.Match("gpu.count", MatchOperator.Gt, value))).Validate().Select(v => v.RuleId);

        if (violates)
        {
            ids.Should().Equal("RAI3004");
        }
        else
        {
            ids.Should().BeEmpty();
        }
    }

    [Fact]
    public void RAI6004_cannot_be_broken_through_the_typed_overload_negative_ids_are_refused()
    {
        var act = () => Valid.Template.WithSupplementalGroups(1000, -5);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("groupIds");
    }

    [Theory]
    [InlineData("hihg", "high")]
    [InlineData("Medium_High", "medium-high")]
    [InlineData("", null)]
    [InlineData("urgent", null)]
    public void RAI3006_suggests_the_nearest_priority_class_only_when_it_is_close(string given, string? suggestion)
    {
        var message = RuleAssert.OnlyError(Valid.Template.WithPriorityClass(given).WithPreemptibility(Preemptibility.Preemptible), "RAI3006", Env + "priorityClass").Message;

        if (suggestion is null)
        {
            message.Should().NotContain("did you mean");
        }
        else
        {
            message.Should().Contain($"did you mean '{suggestion}'?");
        }
    }

    [Fact]
    public void RAI0001_master_assets_without_an_environment_are_reported_not_sent_as_an_empty_object()
    {
        var template = Valid.Distributed.WithMaster(m => m.WithCompute(Valid.ComputeId));

        RuleAssert.OnlyError(template, "RAI0001", "spec.distributed.master.assets.environment.id");
        Valid.Distributed.WithMaster(m => m.WithEnvironment(Valid.EnvironmentId).WithCompute(Valid.ComputeId)).Validate().Should().BeEmpty();
    }
}
