namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>RAI0001–RAI0006: the generic schema constraints; each message names the field and the bound.</summary>
public sealed class SchemaRuleTests
{
    private const string Env = "spec.specificEnv.";
    private const string Term0 = Env + "nodeAffinityRequired.nodeSelectorTerms[0].";

    private static readonly TemplateBuilder T = Valid.Template;

    private static string Text(int length) => new('a', length);

    // ------------------------------------------------------------------------------------------------ RAI0001

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path)> Rai0001Cases = new()
    {
        ["blank meta.name"] = (T.Named("  "), "meta.name"),
        ["empty meta.name"] = (T.Named(""), "meta.name"),
        ["no scope"] = (TemplateDsl.Template.Named("no-scope").WithEnvironment(Valid.EnvironmentId), "meta.scope"),
        ["env var name"] = (T.AddEnvironmentVariable("", "1"), Env + "environmentVariables[0].name"),
        ["label name"] = (T.AddLabel(" ", "v"), Env + "labels[0].name"),
        ["annotation name"] = (T.AddAnnotation(" ", "v"), Env + "annotations[0].name"),
        ["match expression key"] = (T.WithNodeAffinity(n => n.Term(t => t.Exists(" "))), Term0 + "matchExpressions[0].key"),
        ["toleration key"] = (T.TolerateAny(" ", TolerationEffect.NoSchedule), Env + "tolerations[0].key"),
        ["pod affinity key"] = (T.WithPodAffinity(PodAffinityType.Required, " "), Env + "podAffinity.key"),
        ["credential assetId"] = (T.AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = "TOKEN", Credential = new EnvironmentVariableCredential { Key = "token" } }), Env + "environmentVariables[0].credential.assetId"),
        ["credential key"] = (T.AddEnvironmentVariableFromSecret("TOKEN", Valid.CredentialId, " "), Env + "environmentVariables[0].credential.key"),
        ["configMap name"] = (T.AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = "MODE", ConfigMap = new EnvironmentVariableConfigMap { Key = "mode" } }), Env + "environmentVariables[0].configMap.name"),
        ["configMap key"] = (T.AddEnvironmentVariableFromConfigMap("MODE", "settings", " "), Env + "environmentVariables[0].configMap.key"),
        ["podFieldRef path"] = (T.AddEnvironmentVariableFromPodField("POD", " "), Env + "environmentVariables[0].podFieldRef.path"),
        ["image pull secret name"] = (T.AddImagePullSecret(""), Env + "imagePullSecrets[0].name"),
        ["connection name"] = (T.AddConnection(" "), Env + "connections[0].name"),
    };

    public static TheoryData<string> Rai0001Names => Cases.Names(Rai0001Cases);

    [Theory]
    [MemberData(nameof(Rai0001Names))]
    public void RAI0001_a_missing_or_blank_mandatory_field_fails_Build_at_that_field(string field)
    {
        var (template, path) = Rai0001Cases[field];

        var violation = RuleAssert.OnlyError(template, "RAI0001", path);

        violation.Message.Should().Contain("'" + path.Split('.')[^1] + "'", "the message names the field");
    }

    [Fact]
    public void RAI0001_a_missing_scope_says_how_to_declare_one()
    {
        var violation = RuleAssert.OnlyError(TemplateDsl.Template.Named("no-scope").WithEnvironment(Valid.EnvironmentId), "RAI0001", "meta.scope");

        violation.Message.Should().Contain("InTenant()").And.Contain("InProject(");
    }

    private static readonly Dictionary<string, (Action<WorkloadTemplateCreationRequest> Break, string Path)> Rai0001TypedCases = new()
    {
        ["match expression operator"] = (r => r.Spec.SpecificEnv!.NodeAffinityRequired!.NodeSelectorTerms![0].MatchExpressions![0].Operator = null!, Term0 + "matchExpressions[0].operator"),
        ["toleration operator"] = (r => r.Spec.SpecificEnv!.Tolerations![0].Operator = null, Env + "tolerations[0].operator"),
        ["toleration effect"] = (r => r.Spec.SpecificEnv!.Tolerations![0].Effect = null, Env + "tolerations[0].effect"),
        ["pod affinity type"] = (r => r.Spec.SpecificEnv!.PodAffinity!.Type = null, Env + "podAffinity.type"),
        ["data source id"] = (r => r.Spec.Assets.Datasources![0].Id = null!, "spec.assets.datasources[0].id"),
        ["data source kind"] = (r => r.Spec.Assets.Datasources![0].Kind = null!, "spec.assets.datasources[0].kind"),
    };

    public static TheoryData<string> Rai0001TypedNames => Cases.Names(Rai0001TypedCases);

    /// <summary>The DSL takes these as typed, non-null arguments, so only a hand-built request can leave them out.</summary>
    [Theory]
    [MemberData(nameof(Rai0001TypedNames))]
    public void RAI0001_a_typed_field_left_out_of_a_hand_built_request_is_reported(string field)
    {
        var (breakIt, path) = Rai0001TypedCases[field];
        var request = Valid.Request(T
            .WithNodeAffinity(n => n.Term(t => t.Exists("nvidia.com/gpu")))
            .TolerateAny("nvidia.com/gpu", TolerationEffect.NoSchedule)
            .WithPodAffinity(PodAffinityType.Preferred, "topology.kubernetes.io/zone")
            .AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId));
        breakIt(request);

        var violations = TemplateValidator.Validate(request);

        violations.Should().ContainSingle();
        RuleAssert.Single(violations, "RAI0001", RuleSeverity.Error, path);
        request.Invoking(r => TemplateValidator.ThrowIfInvalid(r)).Should().Throw<TemplateValidationException>();
    }

    [Fact]
    public void RAI0001_near_miss_present_fields_and_a_sourceless_exclusion_pass()
    {
        RuleAssert.Passes(
            T.Named("a")
                .AddEnvironmentVariable("A", "1")
                .ExcludeEnvironmentVariable("POLICY_DEFAULT")
                .AddLabel("l", "v")
                .AddAnnotation("a", "v")
                .WithNodeAffinity(n => n.Term(t => t.Exists("k")))
                .TolerateAny("k", TolerationEffect.NoSchedule)
                .WithPodAffinity(PodAffinityType.Required, "k")
                .AddEnvironmentVariableFromSecret("S", Valid.CredentialId, "k")
                .AddEnvironmentVariableFromConfigMap("C", "c", "k")
                .AddEnvironmentVariableFromPodField("P", "metadata.name")
                .AddImagePullSecret("regcred")
                .AddConnection("jupyter"),
            "RAI0001");
    }

    // ------------------------------------------------------------------------------------------------ RAI0002

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path, string Message)> Rai0002Cases = new()
    {
        ["description 251"] = (T.WithDescription(Text(251)), "meta.description", "'description' must be 1 to 250 characters long; it has 251."),
        ["description empty"] = (T.WithDescription(""), "meta.description", "'description' must be 1 to 250 characters long; it has 0."),
        ["command empty"] = (T.WithCommand(""), Env + "command", "'command' must be 1 to 10000 characters long; it has 0."),
        ["command 10001"] = (T.WithCommand(Text(10001)), Env + "command", "'command' must be 1 to 10000 characters long; it has 10001."),
        ["args empty"] = (T.WithArgs(""), Env + "args", "'args' must be 1 to 10000 characters long; it has 0."),
        ["args 10001"] = (T.WithArgs(Text(10001)), Env + "args", "'args' must be 1 to 10000 characters long; it has 10001."),
        ["label name 64"] = (T.AddLabel(Text(64), "v"), Env + "labels[0].name", "'name' must be 1 to 63 characters long; it has 64."),
        ["annotation name 64"] = (T.AddAnnotation(Text(64), "v"), Env + "annotations[0].name", "'name' must be 1 to 63 characters long; it has 64."),
        ["annotation value 10001"] = (T.AddAnnotation("a", Text(10001)), Env + "annotations[0].value", "'value' must be at most 10000 characters long; it has 10001."),
        ["match key 64"] = (T.WithNodeAffinity(n => n.Term(t => t.Exists(Text(64)))), Term0 + "matchExpressions[0].key", "'key' must be at most 63 characters long; it has 64."),
        ["match value 10001"] = (T.WithNodeAffinity(n => n.Term(t => t.In("k", "ok", Text(10001)))), Term0 + "matchExpressions[0].values[1]", "A match expression value must be at most 10000 characters; it has 10001."),
        ["node pool 64"] = (T.WithNodePools("a100", Text(64)), Env + "nodePools[1]", "A node pool name must be at most 63 characters; '" + Text(37) + "…' has 64."),
        ["toleration name 254"] = (T.AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoSchedule, name: Text(254)), Env + "tolerations[0].name", "'name' must be 1 to 253 characters long; it has 254."),
        ["toleration name empty"] = (T.AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoSchedule, name: ""), Env + "tolerations[0].name", "'name' must be 1 to 253 characters long; it has 0."),
        ["toleration key 254"] = (T.TolerateAny(Text(254), TolerationEffect.NoSchedule), Env + "tolerations[0].key", "'key' must be at most 253 characters long; it has 254."),
        ["toleration value 10001"] = (T.Tolerate("k", Text(10001), TolerationEffect.NoSchedule), Env + "tolerations[0].value", "'value' must be at most 10000 characters long; it has 10001."),
        ["configMap name 254"] = (T.AddEnvironmentVariableFromConfigMap("C", Text(254), "k"), Env + "environmentVariables[0].configMap.name", "'name' must be 1 to 253 characters long; it has 254."),
        ["configMap key 64"] = (T.AddEnvironmentVariableFromConfigMap("C", "c", Text(64)), Env + "environmentVariables[0].configMap.key", "'key' must be 1 to 63 characters long; it has 64."),
        ["pod affinity key 64"] = (T.WithPodAffinity(PodAffinityType.Preferred, Text(64)), Env + "podAffinity.key", "'key' must be at most 63 characters long; it has 64."),
        ["image pull secret name 254"] = (T.AddImagePullSecret(Text(254)), Env + "imagePullSecrets[0].name", "'name' must be at most 253 characters long; it has 254."),
        ["containerPath empty"] = (T.AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId, containerPath: ""), "spec.assets.datasources[0].overrides.containerPath", "'containerPath' must be at least 1 character long; it has 0."),
        ["podFieldRef path 10001"] = (T.AddEnvironmentVariableFromPodField("P", Text(10001)), Env + "environmentVariables[0].podFieldRef.path", "'path' must be 1 to 10000 characters long; it has 10001."),
        ["connection externalUrl empty"] = (T.AddConnection("c", c => c.ExternalUrl("")), Env + "connections[0].externalUrl", "'externalUrl' must be at least 1 character long; it has 0."),
        ["nodeType empty"] = (T.WithNodeType(""), Env + "nodeType", "'nodeType' must be at least 1 character long; it has 0."),
    };

    public static TheoryData<string> Rai0002Names => Cases.Names(Rai0002Cases);

    [Theory]
    [MemberData(nameof(Rai0002Names))]
    public void RAI0002_text_out_of_its_length_bounds_fails_Build_naming_the_field_and_the_bound(string field)
    {
        var (template, path, message) = Rai0002Cases[field];

        RuleAssert.OnlyError(template, "RAI0002", path).Message.Should().Be(message);
    }

    [Fact]
    public void RAI0002_near_miss_texts_exactly_at_their_bounds_pass()
    {
        RuleAssert.Passes(
            T.WithDescription(Text(250))
                .WithCommand(Text(10000))
                .WithArgs("x")
                .AddLabel(Text(63), "v")
                .AddAnnotation(Text(63), Text(10000))
                .WithNodeAffinity(n => n.Term(t => t.In(Text(63), Text(10000))))
                .WithNodePools(Text(63))
                .AddToleration(Text(253), TolerationOperator.Equal, TolerationEffect.NoSchedule, value: Text(10000), name: Text(253))
                .AddEnvironmentVariableFromConfigMap("C", Text(253), Text(63))
                .WithPodAffinity(PodAffinityType.Preferred, Text(63))
                .AddImagePullSecret(Text(253))
                .AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId, containerPath: "/"),
            "RAI0002");
    }

    // ------------------------------------------------------------------------------------------------ RAI0003

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path)> Rai0003Cases = new()
    {
        ["configMap name with upper case and underscore"] = (T.AddEnvironmentVariableFromConfigMap("C", "My_Config", "k"), Env + "environmentVariables[0].configMap.name"),
        ["configMap name starting with a dash"] = (T.AddEnvironmentVariableFromConfigMap("C", "-config", "k"), Env + "environmentVariables[0].configMap.name"),
        ["configMap name ending with a dash"] = (T.AddEnvironmentVariableFromConfigMap("C", "config-", "k"), Env + "environmentVariables[0].configMap.name"),
        ["configMap name with a dot"] = (T.AddEnvironmentVariableFromConfigMap("C", "my.config", "k"), Env + "environmentVariables[0].configMap.name"),
        ["image pull secret name with upper case"] = (T.AddImagePullSecret("RegCred"), Env + "imagePullSecrets[0].name"),
        ["thresholdMetric with a dash"] = (T.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3).Metric("p99-latency", 200)), Env + "autoScaling.thresholdMetric"),
        ["thresholdMetric starting with a digit"] = (T.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3).Metric("2xx_rate", 200)), Env + "autoScaling.thresholdMetric"),
    };

    public static TheoryData<string> Rai0003Names => Cases.Names(Rai0003Cases);

    [Theory]
    [MemberData(nameof(Rai0003Names))]
    public void RAI0003_text_not_matching_its_pattern_fails_Build_quoting_the_pattern(string field)
    {
        var (template, path) = Rai0003Cases[field];

        var violation = RuleAssert.OnlyError(template, "RAI0003", path);

        violation.Message.Should().Contain(path.EndsWith("thresholdMetric", StringComparison.Ordinal) ? "^[a-zA-Z_:][a-zA-Z0-9_:]*$" : "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
    }

    [Fact]
    public void RAI0003_near_miss_names_matching_their_patterns_pass()
    {
        RuleAssert.Passes(
            T.AddEnvironmentVariableFromConfigMap("A", "my-config-2", "k")
                .AddEnvironmentVariableFromConfigMap("B", "c", "k")
                .AddImagePullSecret("regcred-0")
                .WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3).Metric("requests_per_second:sum", 200)),
            "RAI0003");
        RuleAssert.Passes(T.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3).Metric(":_Metric9", 1)), "RAI0003");
    }

    // ------------------------------------------------------------------------------------------------ RAI0004

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path, string Message)> Rai0004Cases = new()
    {
        ["nodePort 65536"] = (T.AddConnection("c", c => c.NodePort(65536)), Env + "connections[0].nodePort", "'nodePort' must be 0 to 65535; it is 65536."),
        ["nodePort -1"] = (T.AddConnection("c", c => c.NodePort(-1)), Env + "connections[0].nodePort", "'nodePort' must be 0 to 65535; it is -1."),
        ["terminationGracePeriodSeconds -1"] = (T.WithTerminationGracePeriod(-1), Env + "terminationGracePeriodSeconds", "'terminationGracePeriodSeconds' must be at least 0; it is -1."),
        ["toleration seconds 0"] = (T.AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoExecute, seconds: 0), Env + "tolerations[0].seconds", "'seconds' must be at least 1; it is 0."),
        ["minReplicas -1"] = (T.WithAutoscaling(a => a.MinReplicas(-1).MaxReplicas(1).Metric(AutoscalingMetrics.Concurrency, 8)), Env + "autoScaling.minReplicas", "'minReplicas' must be at least 0; it is -1."),
        ["maxReplicas 0"] = (T.WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(0)), Env + "autoScaling.maxReplicas", "'maxReplicas' must be at least 1; it is 0."),
        ["initialReplicas -1"] = (T.WithAutoscaling(a => a.InitialReplicas(-1)), Env + "autoScaling.initialReplicas", "'initialReplicas' must be at least 0; it is -1."),
        ["activationReplicas 0"] = (T.WithAutoscaling(a => a.ActivationReplicas(0)), Env + "autoScaling.activationReplicas", "'activationReplicas' must be at least 1; it is 0."),
        ["concurrencyHardLimit -1"] = (T.WithAutoscaling(a => a.ConcurrencyHardLimit(-1)), Env + "autoScaling.concurrencyHardLimit", "'concurrencyHardLimit' must be at least 0; it is -1."),
        ["scaleToZeroRetentionSeconds 3601"] = (T.WithAutoscaling(a => a.MinReplicas(0).ScaleToZeroRetention(3601)), Env + "autoScaling.scaleToZeroRetentionSeconds", "'scaleToZeroRetentionSeconds' must be 0 to 3600; it is 3601."),
        ["scaleToZeroRetentionSeconds -1"] = (T.WithAutoscaling(a => a.MinReplicas(0).ScaleToZeroRetention(-1)), Env + "autoScaling.scaleToZeroRetentionSeconds", "'scaleToZeroRetentionSeconds' must be 0 to 3600; it is -1."),
        ["scaleDownDelaySeconds 3601"] = (T.WithAutoscaling(a => a.ScaleDownDelay(3601)), Env + "autoScaling.scaleDownDelaySeconds", "'scaleDownDelaySeconds' must be 0 to 3600; it is 3601."),
        ["scaleDownDelaySeconds -1"] = (T.WithAutoscaling(a => a.ScaleDownDelay(-1)), Env + "autoScaling.scaleDownDelaySeconds", "'scaleDownDelaySeconds' must be 0 to 3600; it is -1."),
        ["metricThresholdPercentage 0"] = (T.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3).Metric(AutoscalingMetrics.Throughput, 100).MetricThresholdPercentage(0)), Env + "autoScaling.metricThresholdPercentage", "'metricThresholdPercentage' must be 1 to 100; it is 0."),
        ["metricThresholdPercentage 100.5"] = (T.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3).Metric(AutoscalingMetrics.Throughput, 100).MetricThresholdPercentage(100.5)), Env + "autoScaling.metricThresholdPercentage", "'metricThresholdPercentage' must be 1 to 100; it is 100.5."),
    };

    public static TheoryData<string> Rai0004Names => Cases.Names(Rai0004Cases);

    [Theory]
    [MemberData(nameof(Rai0004Names))]
    public void RAI0004_a_number_out_of_its_range_fails_Build_naming_the_field_and_the_bound(string field)
    {
        var (template, path, message) = Rai0004Cases[field];

        RuleAssert.OnlyError(template, "RAI0004", path).Message.Should().Be(message);
    }

    [Fact]
    public void RAI0004_an_out_of_range_initialization_timeout_is_an_error_beside_the_deprecation_warning()
    {
        var template = T.WithAutoscaling(a => a.InitializationTimeout(0));

        RuleAssert.Error(template, "RAI0004", Env + "autoScaling.initializationTimeoutSeconds").Message
            .Should().Be("'initializationTimeoutSeconds' must be at least 1; it is 0.");
        template.Validate().Select(v => v.RuleId).Should().BeEquivalentTo(["RAI0004", "RAI4008"]);
    }

    [Fact]
    public void RAI0004_near_miss_numbers_exactly_at_their_bounds_pass()
    {
        RuleAssert.Passes(
            T.AddConnection("low", c => c.NodePort(0))
                .AddConnection("high", c => c.NodePort(65535))
                .WithTerminationGracePeriod(0)
                .AddToleration("k", TolerationOperator.Exists, TolerationEffect.NoExecute, seconds: 1)
                .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(1).InitialReplicas(0).ActivationReplicas(1)
                    .ConcurrencyHardLimit(0).ScaleToZeroRetention(0).ScaleDownDelay(3600)),
            "RAI0004");
        RuleAssert.Passes(
            T.WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(4).ScaleToZeroRetention(3600).ScaleDownDelay(0)
                .Metric(AutoscalingMetrics.Concurrency, 8).MetricThresholdPercentage(100)),
            "RAI0004");
        RuleAssert.Passes(T.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(4).Metric(AutoscalingMetrics.Throughput, 8).MetricThresholdPercentage(1)), "RAI0004");
    }

    // ------------------------------------------------------------------------------------------------ RAI0005

    private static readonly Dictionary<string, (Func<TemplateBuilder, int, TemplateBuilder> Add, string Path)> Rai0005Cases = new()
    {
        ["annotations"] = ((t, n) => Repeat(t, n, (b, i) => b.AddAnnotation("a" + i, "v")), Env + "annotations"),
        ["labels"] = ((t, n) => Repeat(t, n, (b, i) => b.AddLabel("l" + i, "v")), Env + "labels"),
        ["tolerations"] = ((t, n) => Repeat(t, n, (b, i) => b.TolerateAny("k" + i, TolerationEffect.NoSchedule)), Env + "tolerations"),
        ["imagePullSecrets"] = ((t, n) => Repeat(t, n, (b, i) => b.AddImagePullSecret("s" + i)), Env + "imagePullSecrets"),
        ["nodePools"] = ((t, n) => t.WithNodePools(Enumerable.Range(0, n).Select(i => "pool" + i).ToArray()), Env + "nodePools"),
        ["nodeSelectorTerms"] = ((t, n) => t.WithNodeAffinity(a => Repeat(a, n, (b, i) => b.Term(x => x.Exists("k" + i)))), Env + "nodeAffinityRequired.nodeSelectorTerms"),
        ["matchExpressions"] = ((t, n) => t.WithNodeAffinity(a => a.Term(x => Repeat(x, n, (b, i) => b.Exists("k" + i)))), Term0 + "matchExpressions"),
        ["values"] = ((t, n) => t.WithNodeAffinity(a => a.Term(x => x.In("k", Enumerable.Range(0, n).Select(i => "v" + i).ToArray()))), Term0 + "matchExpressions[0].values"),
    };

    public static TheoryData<string> Rai0005Names => Cases.Names(Rai0005Cases);

    private static TB Repeat<TB>(TB start, int count, Func<TB, int, TB> add)
    {
        var builder = start;
        for (var i = 0; i < count; i++)
        {
            builder = add(builder, i);
        }

        return builder;
    }

    [Theory]
    [MemberData(nameof(Rai0005Names))]
    public void RAI0005_a_list_of_1001_items_fails_Build_naming_the_list_and_the_limit(string list)
    {
        var (add, path) = Rai0005Cases[list];

        RuleAssert.OnlyError(add(T, 1001), "RAI0005", path).Message.Should().Be("'" + list + "' has 1001 items; at most 1000 are allowed.");
    }

    [Theory]
    [MemberData(nameof(Rai0005Names))]
    public void RAI0005_near_miss_a_list_of_exactly_1000_items_passes(string list)
    {
        RuleAssert.Passes(Rai0005Cases[list].Add(T, 1000), "RAI0005");
    }

    // ------------------------------------------------------------------------------------------------ RAI0006

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path)> Rai0006Cases = new()
    {
        ["environment id"] = (T.WithEnvironment("pytorch-env"), "spec.assets.environment"),
        ["compute id"] = (T.WithCompute("8-gpus"), "spec.assets.compute"),
        ["data source id"] = (T.AddDataSource(DataSourceKind.Pvc, "imagenet"), "spec.assets.datasources[0].id"),
        ["clusterId"] = (T.InCluster("cluster-1"), "meta.clusterId"),
        ["credential assetId"] = (T.AddEnvironmentVariableFromSecret("TOKEN", "my-secret", "token"), Env + "environmentVariables[0].credential.assetId"),
        ["id in braces"] = (T.WithCompute("{" + Valid.ComputeId + "}"), "spec.assets.compute"),
        ["id without dashes"] = (T.WithCompute(Valid.ComputeId.Replace("-", "", StringComparison.Ordinal)), "spec.assets.compute"),
        ["id with a non-hex digit"] = (T.WithCompute("5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4g"), "spec.assets.compute"),
        ["id with an upper-case non-hex letter"] = (T.WithCompute("5C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E4G"), "spec.assets.compute"),
        ["id with a letter just past 'f'"] = (T.WithCompute("5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4`"), "spec.assets.compute"),
        ["id with a control character that folds onto a digit"] = (T.WithCompute("5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4\u0013"), "spec.assets.compute"),
        ["id with a dash out of place"] = (T.WithCompute("5c1d2e3f4-a5b-4c6d-8e7f-9a0b1c2d3e4f"), "spec.assets.compute"),
    };

    public static TheoryData<string> Rai0006Names => Cases.Names(Rai0006Cases);

    [Theory]
    [MemberData(nameof(Rai0006Names))]
    public void RAI0006_an_id_that_is_not_a_UUID_fails_Build_quoting_the_value(string field)
    {
        var (template, path) = Rai0006Cases[field];

        RuleAssert.OnlyError(template, "RAI0006", path).Message.Should().Contain("must be a UUID");
    }

    [Fact]
    public void RAI0006_near_miss_UUIDs_in_either_case_and_from_Guid_overloads_pass()
    {
        RuleAssert.Passes(
            T.WithEnvironment(Valid.EnvironmentId.ToUpperInvariant())
                .WithCompute(Guid.Parse(Valid.ComputeId))
                .AddDataSource(DataSourceKind.Git, Guid.Parse(Valid.DataSourceId))
                .InCluster(Guid.Parse(Valid.ClusterId))
                .AddEnvironmentVariableFromSecret("TOKEN", Valid.CredentialId, "token"),
            "RAI0006");
    }

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path)> BlankMandatoryIdCases = new()
    {
        ["master environment id, empty"] = (Valid.Distributed.WithMaster(m => m.WithEnvironment("")), "spec.distributed.master.assets.environment.id"),
        ["master environment id, white space"] = (Valid.Distributed.WithMaster(m => m.WithEnvironment(" ")), "spec.distributed.master.assets.environment.id"),
        ["credential assetId, empty"] = (T.AddEnvironmentVariableFromSecret("X", "", "k"), Env + "environmentVariables[0].credential.assetId"),
        ["credential assetId, white space"] = (T.AddEnvironmentVariableFromSecret("X", "  ", "k"), Env + "environmentVariables[0].credential.assetId"),
    };

    public static TheoryData<string> BlankMandatoryIdNames => Cases.Names(BlankMandatoryIdCases);

    [Theory]
    [MemberData(nameof(BlankMandatoryIdNames))]
    public void RAI0006_a_blank_mandatory_id_is_reported_as_missing_by_RAI0001_only_not_also_as_a_malformed_UUID(string field)
    {
        var (template, path) = BlankMandatoryIdCases[field];

        RuleAssert.OnlyError(template, "RAI0001", path);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void RAI0006_a_blank_environment_id_of_a_template_read_from_the_API_is_reported_by_RAI0001_only(string id)
    {
        var template = TemplateJson.Deserialize<WorkloadTemplate>(Wire.JsonTree.Golden("minimal-template.json"));
        template.Spec.Assets.Environment.Id = id;

        var violations = TemplateValidator.Validate(template);

        violations.Should().ContainSingle("got: {0}", string.Join(" | ", violations));
        RuleAssert.Single(violations, "RAI0001", RuleSeverity.Error, "spec.assets.environment.id");
    }

    private static readonly Dictionary<string, (TemplateBuilder Template, string Path)> BlankOptionalIdCases = new()
    {
        ["compute id"] = (T.WithCompute(""), "spec.assets.compute"),
        ["data source id"] = (T.AddDataSource(DataSourceKind.Pvc, " "), "spec.assets.datasources[0].id"),
        ["master compute id"] = (Valid.Distributed.WithMaster(m => m.WithEnvironment(Valid.EnvironmentId).WithCompute("")), "spec.distributed.master.assets.compute.id"),
        ["clusterId of a project-scoped template"] = (T.InScope(Scope.Project, projectId: 42, clusterId: " "), "meta.clusterId"),
    };

    public static TheoryData<string> BlankOptionalIdNames => Cases.Names(BlankOptionalIdCases);

    /// <summary>No other rule reports these ids when blank, so RAI0006 does: a blank id is reported once, never twice or not at all.</summary>
    [Theory]
    [MemberData(nameof(BlankOptionalIdNames))]
    public void RAI0006_a_blank_id_that_no_other_rule_requires_is_still_reported_once_by_RAI0006(string field)
    {
        var (template, path) = BlankOptionalIdCases[field];

        RuleAssert.OnlyError(template, "RAI0006", path);
    }

    [Fact]
    public void RAI0006_the_vectorized_UUID_test_agrees_with_the_analyzers_character_by_character_one()
    {
        // The run time checks UUIDs with SearchValues; the analyzer (netstandard2.0) walks the hex runs. Every
        // single-character change of a UUID, at every position, with characters near and far from hex digits and
        // dashes (Unicode digits and full-width letters included), and every length from 35 to 37, must get the same
        // answer from both, and exactly the strings the 8-4-4-4-12 shape allows must pass.
        var uuid = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
        var characters = "0 9 a f A F g G z - _ { } \u0660 \uff41 \u0000".Split(' ').Select(c => System.Text.RegularExpressions.Regex.Unescape(c)[0]).ToArray();
        var candidates = new List<string> { uuid, uuid.ToUpperInvariant(), uuid[..35], uuid + "0", "0" + uuid[..35], " " + uuid[1..], string.Empty, new string('-', 36) };
        for (var position = 0; position < uuid.Length; position++)
        {
            foreach (var c in characters)
            {
                candidates.Add(string.Concat(uuid.AsSpan(0, position), c.ToString(), uuid.AsSpan(position + 1)));
            }
        }

        var dashes = new[] { 8, 13, 18, 23 };
        foreach (var text in candidates)
        {
            var shape = text.Length == 36 && dashes.All(i => text[i] == '-') && RunAi.TemplateDsl.Rules.TemplateRules.HasHexRuns(text);
            RunAi.TemplateDsl.Rules.TemplateRules.IsUuid(text).Should().Be(shape, $"'{text}' is {(shape ? string.Empty : "not ")}8-4-4-4-12 hex");
        }

        candidates.Count(RunAi.TemplateDsl.Rules.TemplateRules.IsUuid).Should().BeGreaterThan(100, "most changes of one hex digit to another keep a UUID");
    }
}
