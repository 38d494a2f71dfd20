using RunAi.TemplateDsl.Tests.Wire;

namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>
/// The rule catalog (RULES.md) at the spec's boundaries: lengths at, below and above each bound (counted in characters,
/// as JSON Schema counts them), numeric edges (NaN included), UUID and Kubernetes-name spellings, duplicates,
/// cross-field rules, paths and odd inputs (nulls where the model says never). Each test asserts what RULES.md and the
/// spec say.
/// </summary>
public sealed class RuleBoundaryTests
{
    private const string Env = "spec.specificEnv.";
    private const string Term0 = Env + "nodeAffinityRequired.nodeSelectorTerms[0].";

    /// <summary>U+1F600: one character (code point) of the JSON text, two UTF-16 code units in .NET.</summary>
    private const string Emoji = "\U0001F600";

    private static WorkloadTemplateCreationRequest Req(Action<SpecificRunParams>? env = null)
    {
        var request = Valid.Request(Valid.Template);
        if (env is not null)
        {
            request.Spec.SpecificEnv = new SpecificRunParams();
            env(request.Spec.SpecificEnv);
        }

        return request;
    }

    private static WorkloadTemplateCreationRequest Req(Action<WorkloadTemplateCreationRequest> edit)
    {
        var request = Valid.Request(Valid.Template);
        edit(request);
        return request;
    }

    private static IReadOnlyList<RuleViolation> V(WorkloadTemplateCreationRequest request) => TemplateValidator.Validate(request);

    private static string Dump(IEnumerable<RuleViolation> violations) => string.Join(" | ", violations);

    private static string Repeat(string unit, int count) => string.Concat(Enumerable.Repeat(unit, count));

    private static void OnlyOne(IReadOnlyList<RuleViolation> violations, string ruleId, string path)
    {
        violations.Should().ContainSingle("only {0} at {1} is expected, got: {2}", ruleId, path, Dump(violations));
        violations[0].RuleId.Should().Be(ruleId, Dump(violations));
        violations[0].Path.Should().Be(path, Dump(violations));
    }

    // ============================================================================================ RAI0002 lengths

    /// <summary>Field → (writes a text into a valid request, min, max, path). Every other member stays valid.</summary>
    private static readonly Dictionary<string, (Action<WorkloadTemplateCreationRequest, string> Set, int Min, int Max, string Path)> Lengths = new()
    {
        ["description"] = ((r, s) => r.Meta.Description = s, 1, 250, "meta.description"),
        ["command"] = ((r, s) => E(r).Command = s, 1, 10000, Env + "command"),
        ["args"] = ((r, s) => E(r).Args = s, 1, 10000, Env + "args"),
        ["nodeType"] = ((r, s) => E(r).NodeType = s, 1, int.MaxValue, Env + "nodeType"),
        ["label name"] = ((r, s) => E(r).Labels = [new Label { Name = s, Value = "v" }], 1, 63, Env + "labels[0].name"),
        ["annotation name"] = ((r, s) => E(r).Annotations = [new Annotation { Name = s, Value = "v" }], 1, 63, Env + "annotations[0].name"),
        ["annotation value"] = ((r, s) => E(r).Annotations = [new Annotation { Name = "a", Value = s }], 0, 10000, Env + "annotations[0].value"),
        ["node pool"] = ((r, s) => E(r).NodePools = [s], 0, 63, Env + "nodePools[0]"),
        ["toleration name"] = ((r, s) => E(r).Tolerations = [new Toleration { Name = s, Key = "k", Operator = TolerationOperator.Equal, Value = "v", Effect = TolerationEffect.NoSchedule }], 1, 253, Env + "tolerations[0].name"),
        ["toleration key"] = ((r, s) => E(r).Tolerations = [new Toleration { Key = s, Operator = TolerationOperator.Equal, Value = "v", Effect = TolerationEffect.NoSchedule }], 1, 253, Env + "tolerations[0].key"),
        ["toleration value"] = ((r, s) => E(r).Tolerations = [new Toleration { Key = "k", Operator = TolerationOperator.Equal, Value = s, Effect = TolerationEffect.NoSchedule }], 0, 10000, Env + "tolerations[0].value"),
        ["image pull secret name"] = ((r, s) => E(r).ImagePullSecrets = [new ImagePullSecret { Name = s }], 1, 253, Env + "imagePullSecrets[0].name"),
        ["configMap name"] = ((r, s) => E(r).EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = "X", ConfigMap = new EnvironmentVariableConfigMap { Name = s, Key = "k" } }], 1, 253, Env + "environmentVariables[0].configMap.name"),
        ["configMap key"] = ((r, s) => E(r).EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = "X", ConfigMap = new EnvironmentVariableConfigMap { Name = "cm", Key = s } }], 1, 63, Env + "environmentVariables[0].configMap.key"),
        ["podFieldRef path"] = ((r, s) => E(r).EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = "X", PodFieldRef = new EnvironmentVariablePodFieldReference { Path = s } }], 1, 10000, Env + "environmentVariables[0].podFieldRef.path"),
        ["externalUrl"] = ((r, s) => E(r).Connections = [new SpecificRunConnectionInfo { Name = "c", ExternalUrl = s }], 1, int.MaxValue, Env + "connections[0].externalUrl"),
        ["match key"] = ((r, s) => E(r).NodeAffinityRequired = new NodeAffinityRequired { NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new MatchExpression { Key = s, Operator = MatchOperator.Exists }] }] }, 1, 63, Term0 + "matchExpressions[0].key"),
        ["match value"] = ((r, s) => E(r).NodeAffinityRequired = new NodeAffinityRequired { NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new MatchExpression { Key = "k", Operator = MatchOperator.In, Values = [s] }] }] }, 0, 10000, Term0 + "matchExpressions[0].values[0]"),
        ["podAffinity key"] = ((r, s) => E(r).PodAffinity = new PodAffinity { Type = PodAffinityType.Required, Key = s }, 1, 63, Env + "podAffinity.key"),
        ["containerPath"] = ((r, s) => r.Spec.Assets.Datasources = [new AssetIdAndKind { Id = Valid.DataSourceId, Kind = AssetKind.Pvc, Overrides = new DataSourceOverrides { ContainerPath = s } }], 1, int.MaxValue, "spec.assets.datasources[0].overrides.containerPath"),
    };

    private static SpecificRunParams E(WorkloadTemplateCreationRequest r) => r.Spec.SpecificEnv ??= new SpecificRunParams();

    public static TheoryData<string> LengthNames => Cases.Names(Lengths);

    /// <summary>The bounded fields that take any text: not the names whose DNS pattern refuses every non-ASCII character (RAI0003).</summary>
    public static TheoryData<string> BoundedLengthsOfAnyText()
    {
        var data = new TheoryData<string>();
        foreach (var name in BoundedLengthNames())
        {
            if (name is not ("configMap name" or "image pull secret name"))
            {
                data.Add(name);
            }
        }

        return data;
    }

    public static TheoryData<string> BoundedLengthNames()
    {
        var data = new TheoryData<string>();
        foreach (var (name, c) in Lengths)
        {
            if (c.Max != int.MaxValue)
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LengthNames))]
    public void RAI0002_a_text_exactly_at_either_bound_passes(string field)
    {
        var (set, min, max, _) = Lengths[field];
        foreach (var length in new[] { min, max == int.MaxValue ? 20000 : max }.Distinct())
        {
            var request = Req(r => set(r, new string('a', length)));
            V(request).Should().BeEmpty("{0} of length {1} is within {2}..{3}", field, length, min, max);
        }
    }

    [Theory]
    [MemberData(nameof(BoundedLengthNames))]
    public void RAI0002_one_character_over_the_maximum_is_the_only_violation_at_the_field(string field)
    {
        var (set, _, max, path) = Lengths[field];

        var violations = V(Req(r => set(r, new string('a', max + 1))));

        OnlyOne(violations, "RAI0002", path);
        violations[0].Message.Should().Contain(max.ToString(System.Globalization.CultureInfo.InvariantCulture), "the message names the bound");
        violations[0].Message.Should().Contain((max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "the message says the length found");
    }

    [Theory]
    [InlineData("description")]
    [InlineData("command")]
    [InlineData("args")]
    [InlineData("nodeType")]
    [InlineData("toleration name")]
    [InlineData("configMap name")]
    [InlineData("configMap key")]
    [InlineData("podFieldRef path")]
    [InlineData("externalUrl")]
    [InlineData("containerPath")]
    [InlineData("label name")]
    [InlineData("annotation name")]
    public void RAI0002_an_empty_text_below_minLength_1_is_reported_at_the_field(string field)
    {
        var (set, _, _, path) = Lengths[field];

        var violations = V(Req(r => set(r, string.Empty)));

        violations.Should().Contain(v => v.RuleId == "RAI0002" && v.Path == path, Dump(violations));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData(" leading and trailing ")]
    public void RAI0002_white_space_satisfies_minLength_of_an_optional_text(string text)
    {
        // The spec's minLength 1 counts characters, white space included; only mandatory fields are RAI0001's when blank.
        V(Req(r => r.Meta.Description = text)).Should().BeEmpty();
        V(Req(env: e => e.Command = text)).Should().BeEmpty();
    }

    /// <summary>
    /// JSON Schema (which the spec's minLength/maxLength are): "The length of a string instance is defined as the number
    /// of its characters as defined by RFC 8259" — Unicode characters (code points), not UTF-16 code units. A text of
    /// exactly <c>max</c> astral characters (each a surrogate pair in .NET) is within the bound.
    /// </summary>
    [Theory]
    [MemberData(nameof(BoundedLengthsOfAnyText))]
    public void RAI0002_length_counts_characters_not_UTF16_code_units(string field)
    {
        var (set, _, max, path) = Lengths[field];
        var atMax = Req(r => set(r, Repeat(Emoji, max)));

        V(atMax).Should().NotContain(v => v.RuleId == "RAI0002" && v.Path == path, "{0} astral characters are {0} characters for the spec", max);
    }

    [Fact]
    public void RAI0002_the_spec_itself_accepts_250_emoji_as_a_description_and_refuses_251()
    {
        // Ground truth from a real JSON Schema validator over the spec's own schema.
        var atMax = Req(r => r.Meta.Description = Repeat(Emoji, 250));
        var over = Req(r => r.Meta.Description = Repeat(Emoji, 251));

        SpecSchemas.Errors("WorkloadTemplateCreationRequest", TemplateJson.Serialize(atMax)).Should().BeEmpty();
        SpecSchemas.Errors("WorkloadTemplateCreationRequest", TemplateJson.Serialize(over)).Should().NotBeEmpty();

        V(atMax).Should().BeEmpty("the spec accepts it: {0}", Dump(V(atMax)));
        var violations = V(over);
        OnlyOne(violations, "RAI0002", "meta.description");
        violations[0].Message.Should().Contain("it has 251", "the length reported is the spec's");
    }

    [Fact]
    public void RAI0002_a_node_pool_of_32_emoji_is_32_characters_within_63()
    {
        V(Req(env: e => e.NodePools = [Repeat(Emoji, 32)])).Should().BeEmpty();
    }

    [Fact]
    public void RAI0002_through_the_DSL_a_description_of_250_emoji_builds()
    {
        var template = Valid.Template.WithDescription(Repeat(Emoji, 250));

        template.Invoking(t => t.Build()).Should().NotThrow("250 characters is within the spec's maxLength 250");
    }

    [Fact]
    public void messages_quoting_a_long_text_do_not_cut_a_surrogate_pair_in_half()
    {
        // Quote() keeps 37 UTF-16 units + '…': with astral characters that can leave a lone high surrogate.
        // 70 characters, over the node pool's 63; quoted as 37 UTF-16 units, the 37th would be half an emoji.
        var violations = V(Req(env: e => e.NodePools = [Repeat(Emoji, 70)]));

        violations.Should().ContainSingle(Dump(violations));
        var message = violations[0].Message;
        for (var i = 0; i < message.Length; i++)
        {
            if (char.IsHighSurrogate(message[i]))
            {
                (i + 1 < message.Length && char.IsLowSurrogate(message[i + 1])).Should().BeTrue("the message must be well-formed UTF-16; a lone high surrogate at {0}", i);
                i++;
            }
            else
            {
                char.IsLowSurrogate(message[i]).Should().BeFalse("a lone low surrogate at {0}", i);
            }
        }
    }

    [Fact]
    public void RAI0002_BMP_non_ASCII_is_one_character_each()
    {
        // é, ß, 中: one UTF-16 unit and one code point each; at the bound it passes, one over it fails.
        V(Req(r => r.Meta.Description = Repeat("é", 250))).Should().BeEmpty();
        OnlyOne(V(Req(r => r.Meta.Description = Repeat("中", 251))), "RAI0002", "meta.description");
    }

    [Fact]
    public void RAI0002_label_values_have_no_maximum_but_annotation_values_do()
    {
        V(Req(env: e => e.Labels = [new Label { Name = "a", Value = new string('v', 100_000) }])).Should().BeEmpty();
        OnlyOne(V(Req(env: e => e.Annotations = [new Annotation { Name = "a", Value = new string('v', 10_001) }])), "RAI0002", Env + "annotations[0].value");
    }

    // ============================================================================================ RAI0001

    [Fact]
    public void RAI0001_a_creation_request_without_meta_reports_the_missing_name_and_scope()
    {
        var request = Req(r => r.Meta = null!);

        var violations = V(request);

        violations.Should().Contain(v => v.RuleId == "RAI0001" && v.Path == "meta.name", "meta.name is mandatory (RULES.md RAI0001), got: {0}", Dump(violations));
        violations.Should().Contain(v => v.RuleId == "RAI0001" && v.Path == "meta.scope", "meta.scope is mandatory, got: {0}", Dump(violations));
    }

    [Fact]
    public void RAI0001_json_refuses_a_null_meta_so_a_null_meta_only_comes_from_code()
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>("{\"meta\":null,\"spec\":null}");
        act.Should().Throw<TemplateJsonException>();
    }

    [Fact]
    public void RAI1003_a_creation_request_without_spec_needs_an_environment()
    {
        var request = Req(r => r.Spec = null!);

        var violations = V(request);

        violations.Should().Contain(v => v.Severity == RuleSeverity.Error && v.Path.StartsWith("spec", StringComparison.Ordinal), "spec (and its environment) is mandatory: RAI1003 'A template needs an environment asset', got: {0}", Dump(violations));
    }

    [Fact]
    public void RAI0001_an_update_request_without_meta_reports_the_missing_name()
    {
        var update = Valid.Template.BuildUpdate();
        update.Meta = null!;

        var violations = TemplateValidator.Validate(update);

        violations.Should().Contain(v => v.RuleId == "RAI0001" && v.Path == "meta.name", "got: {0}", Dump(violations));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    public void RAI0001_a_blank_scope_is_a_missing_scope(string scope)
    {
        var violations = V(Req(r => r.Meta.Scope = new Scope(scope)));

        violations.Should().Contain(v => v.RuleId == "RAI0001" && v.Path == "meta.scope", "RULES.md: 'A mandatory field is missing or blank', got: {0}", Dump(violations));
    }

    [Fact]
    public void RAI0001_a_blank_scope_read_from_json_is_a_missing_scope()
    {
        var request = TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(
            "{\"meta\":{\"name\":\"x\",\"scope\":\" \"},\"spec\":{\"assets\":{\"environment\":\"" + Valid.EnvironmentId + "\"}}}");

        var violations = V(request);

        violations.Should().Contain(v => v.RuleId == "RAI0001" && v.Path == "meta.scope", "RULES.md: 'A mandatory field is missing or blank', got: {0}", Dump(violations));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\u00A0")]
    [InlineData("\r\n")]
    public void RAI0001_blank_mandatory_texts_are_reported(string blank)
    {
        V(Req(r => r.Meta.Name = blank)).Should().Contain(v => v.RuleId == "RAI0001" && v.Path == "meta.name");
        V(Req(env: e => e.EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = blank, Value = "1" }]))
            .Should().Contain(v => v.RuleId == "RAI0001" && v.Path == Env + "environmentVariables[0].name");
        V(Req(env: e => e.Connections = [new SpecificRunConnectionInfo { Name = blank }]))
            .Should().Contain(v => v.RuleId == "RAI0001" && v.Path == Env + "connections[0].name");
    }

    [Fact]
    public void RAI0001_master_assets_without_an_environment_are_reported_when_built_by_hand_as_by_the_DSL()
    {
        // The DSL's WithMaster(m => m.WithCompute(..)) is RAI0001 at ...master.assets.environment.id (EdgeCaseRuleTests).
        // The same master built by hand without the environment object: AssetsRef.required = [environment].
        var request = Valid.Request(Valid.Distributed);
        request.Spec.Distributed!.Master = new InfoDistMaster { Assets = new AssetsRef { Environment = null!, Compute = new AssetRef { Id = Valid.ComputeId, Name = "c" } } };

        var violations = V(request);

        violations.Should().Contain(v => v.Severity == RuleSeverity.Error && v.Path.StartsWith("spec.distributed.master.assets.environment", StringComparison.Ordinal), "got: {0}", Dump(violations));
    }

    [Fact]
    public void RAI0001_json_refuses_master_assets_without_an_environment_member()
    {
        var json = "{\"meta\":{\"name\":\"d\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"" + Valid.EnvironmentId + "\"},"
            + "\"distributed\":{\"numWorkers\":2,\"master\":{\"assets\":{\"compute\":{\"id\":\"" + Valid.ComputeId + "\",\"name\":\"c\"}}}}}}";
        var act = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json);
        act.Should().Throw<TemplateJsonException>();
    }

    [Fact]
    public void RAI0001_master_assets_with_a_null_environment_are_refused_by_the_JSON_reader_at_their_path()
    {
        var json = "{\"meta\":{\"name\":\"d\",\"scope\":\"tenant\",\"workloadSupportedTypes\":{\"distributed\":true,\"distFramework\":\"PyTorch\"}},"
            + "\"spec\":{\"assets\":{\"environment\":\"" + Valid.EnvironmentId + "\"},"
            + "\"distributed\":{\"numWorkers\":2,\"distFramework\":\"PyTorch\",\"master\":{\"assets\":{\"environment\":null,\"compute\":{\"id\":\"" + Valid.ComputeId + "\",\"name\":\"c\"}}}}}}";

        // The spec's literal schema lets this through (EnvironmentAssetRef has no "type", so null satisfies it); the model
        // does not (environment is required and not nullable), and the reader says where. Built by hand, it is RAI0001
        // (the test above).
        SpecSchemas.Errors("WorkloadTemplateCreationRequest", json).Should().BeEmpty();

        var read = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json);

        read.Should().Throw<TemplateJsonException>().WithMessage("*$.spec.distributed.master.assets.environment*");
    }

    // ============================================================================================ RAI0003 patterns

    [Theory]
    [InlineData("a", true)]
    [InlineData("0", true)]
    [InlineData("0abc", true)]
    [InlineData("a-b", true)]
    [InlineData("a--b", true)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("-", false)]
    [InlineData("a.b", false)]
    [InlineData("A", false)]
    [InlineData("aB", false)]
    [InlineData("a_b", false)]
    [InlineData("a b", false)]
    [InlineData(" a", false)]
    [InlineData("a\n", false)]
    [InlineData("é", false)]
    [InlineData("ａ", false)]
    public void RAI0003_DNS_label_pattern_of_configMap_and_image_pull_secret_names(string name, bool matches)
    {
        var cm = V(Req(env: e => e.EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = "X", ConfigMap = new EnvironmentVariableConfigMap { Name = name, Key = "k" } }]));
        var secret = V(Req(env: e => e.ImagePullSecrets = [new ImagePullSecret { Name = name }]));

        if (matches)
        {
            cm.Should().BeEmpty();
            secret.Should().BeEmpty();
        }
        else
        {
            OnlyOne(cm, "RAI0003", Env + "environmentVariables[0].configMap.name");
            OnlyOne(secret, "RAI0003", Env + "imagePullSecrets[0].name");
            cm[0].Message.Should().Contain("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
        }
    }

    [Fact]
    public void RAI0003_a_DNS_label_longer_than_63_is_allowed_up_to_the_spec_s_253()
    {
        // The spec pairs the label pattern with maxLength 253; the catalog follows the spec (no 63 limit).
        V(Req(env: e => e.ImagePullSecrets = [new ImagePullSecret { Name = new string('a', 200) }])).Should().BeEmpty();
    }

    [Theory]
    [InlineData("throughput", true)]
    [InlineData("_", true)]
    [InlineData(":", true)]
    [InlineData("a1", true)]
    [InlineData("ns:metric_total", true)]
    [InlineData("Z", true)]
    [InlineData("1a", false)]
    [InlineData("", false)]
    [InlineData("a-b", false)]
    [InlineData("a b", false)]
    [InlineData("a\n", false)]
    [InlineData("ä", false)]
    [InlineData("a.b", false)]
    public void RAI0003_threshold_metric_pattern(string metric, bool matches)
    {
        var violations = V(Req(env: e => e.AutoScaling = new SpecificRunAutoScaling { MinReplicas = 1, MaxReplicas = 3, ThresholdMetric = metric, ThresholdValue = 5 }));

        if (matches)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            OnlyOne(violations, "RAI0003", Env + "autoScaling.thresholdMetric");
        }
    }

    // ============================================================================================ RAI0004 numbers

    private static IReadOnlyList<RuleViolation> Scaling(Action<SpecificRunAutoScaling> set)
    {
        return V(Req(env: e =>
        {
            e.AutoScaling = new SpecificRunAutoScaling();
            set(e.AutoScaling);
        }));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(65535, true)]
    [InlineData(65536, false)]
    [InlineData(int.MaxValue, false)]
    [InlineData(int.MinValue, false)]
    public void RAI0004_connection_node_port(int port, bool ok)
    {
        var violations = V(Req(env: e => e.Connections = [new SpecificRunConnectionInfo { Name = "c" }, new SpecificRunConnectionInfo { Name = "d", NodePort = port }]));

        if (ok)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            OnlyOne(violations, "RAI0004", Env + "connections[1].nodePort");
            violations[0].Message.Should().Contain("0 to 65535");
        }
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, true)]
    [InlineData(long.MaxValue, true)]
    public void RAI0004_termination_grace_period(long seconds, bool ok)
    {
        var violations = V(Req(env: e => e.TerminationGracePeriodSeconds = seconds));
        if (ok)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            OnlyOne(violations, "RAI0004", Env + "terminationGracePeriodSeconds");
        }
    }

    [Fact]
    public void RAI0004_the_message_quotes_the_number_given()
    {
        var violations = V(Req(env: e => e.TerminationGracePeriodSeconds = long.MinValue));

        OnlyOne(violations, "RAI0004", Env + "terminationGracePeriodSeconds");
        violations[0].Message.Should().Contain("-9223372036854775808", "the message should say the value given, not a rounded double: {0}", violations[0].Message);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(int.MaxValue, true)]
    [InlineData(-1, false)]
    public void RAI0004_toleration_seconds(int seconds, bool ok)
    {
        var violations = V(Req(env: e => e.Tolerations = [new Toleration { Key = "k", Operator = TolerationOperator.Exists, Effect = TolerationEffect.NoExecute, Seconds = seconds }]));
        if (ok)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            OnlyOne(violations, "RAI0004", Env + "tolerations[0].seconds");
        }
    }

    public static TheoryData<string, int, bool> ReplicaBounds() => new()
    {
        { "minReplicas", -1, false }, { "minReplicas", 0, true },
        { "maxReplicas", 0, false }, { "maxReplicas", 1, true },
        { "initialReplicas", -1, false }, { "initialReplicas", 0, true },
        { "activationReplicas", 0, false }, { "activationReplicas", 1, true },
        { "concurrencyHardLimit", -1, false }, { "concurrencyHardLimit", 0, true }, { "concurrencyHardLimit", int.MaxValue, true },
        { "scaleToZeroRetentionSeconds", -1, false }, { "scaleToZeroRetentionSeconds", 0, true }, { "scaleToZeroRetentionSeconds", 3600, true }, { "scaleToZeroRetentionSeconds", 3601, false },
        { "scaleDownDelaySeconds", -1, false }, { "scaleDownDelaySeconds", 0, true }, { "scaleDownDelaySeconds", 3600, true }, { "scaleDownDelaySeconds", 3601, false },
    };

    [Theory]
    [MemberData(nameof(ReplicaBounds))]
    public void RAI0004_autoscaling_integer_bounds(string field, int value, bool ok)
    {
        // A context in which no cross-field rule fires: min 0, max 1 (the default), metric throughput.
        var violations = Scaling(a =>
        {
            a.MinReplicas = 0;
            a.MaxReplicas = 1;
            a.ThresholdMetric = "throughput";
            a.ThresholdValue = 10;
            switch (field)
            {
                case "minReplicas": a.MinReplicas = value; a.MaxReplicas = null; a.ThresholdMetric = null; a.ThresholdValue = null; break;
                case "maxReplicas": a.MaxReplicas = value; break;
                case "initialReplicas": a.InitialReplicas = value; break;
                case "activationReplicas": a.ActivationReplicas = value; break;
                case "concurrencyHardLimit": a.ConcurrencyHardLimit = value; break;
                case "scaleToZeroRetentionSeconds": a.ScaleToZeroRetentionSeconds = value; break;
                case "scaleDownDelaySeconds": a.ScaleDownDelaySeconds = value; break;
            }
        });

        if (ok)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().Contain(v => v.RuleId == "RAI0004" && v.Path == Env + "autoScaling." + field, Dump(violations));
            violations.Where(v => v.Severity == RuleSeverity.Error && v.RuleId != "RAI0004").Should().BeEmpty("a single out-of-range number is one finding: {0}", Dump(violations));
        }
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(100.0, true)]
    [InlineData(50.5, true)]
    [InlineData(0.999, false)]
    [InlineData(100.0001, false)]
    [InlineData(0.0, false)]
    [InlineData(1e-300, false)]
    [InlineData(-1.0, false)]
    [InlineData(double.PositiveInfinity, false)]
    [InlineData(double.NegativeInfinity, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.MaxValue, false)]
    [InlineData(double.Epsilon, false)]
    public void RAI0004_metric_threshold_percentage_is_a_number_from_1_to_100(double percentage, bool ok)
    {
        var violations = Scaling(a =>
        {
            a.ThresholdMetric = "throughput";
            a.ThresholdValue = 10;
            a.MetricThresholdPercentage = percentage;
        });

        if (ok)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            OnlyOne(violations, "RAI0004", Env + "autoScaling.metricThresholdPercentage");
        }
    }

    [Fact]
    public void RAI0004_negative_zero_percentage_is_below_1()
    {
        OnlyOne(Scaling(a => { a.ThresholdMetric = "throughput"; a.ThresholdValue = 10; a.MetricThresholdPercentage = -0.0; }), "RAI0004", Env + "autoScaling.metricThresholdPercentage");
    }

    [Fact]
    public void RAI0004_a_NaN_percentage_is_refused_by_Build_rather_than_by_the_serializer_later()
    {
        var template = Valid.Inference.WithAutoscaling(a => a.Metric("throughput", 10).MetricThresholdPercentage(double.NaN));

        // Why it matters: a request carrying NaN cannot be written (TemplateJsonContext uses NumberHandling.Strict).
        var handBuilt = Req(env: e => e.AutoScaling = new SpecificRunAutoScaling { ThresholdMetric = "throughput", ThresholdValue = 10, MetricThresholdPercentage = double.NaN });
        ((Action)(() => TemplateJson.Serialize(handBuilt))).Should().Throw<ArgumentException>();

        var built = template.Invoking(t => t.Build());
        built.Should().Throw<TemplateValidationException>("NaN is not a number from 1 to 100 (RAI0004); the spec's JSON cannot even carry it");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, true)]
    [InlineData(int.MinValue, true)]
    [InlineData(1, false)]
    public void RAI2001_number_of_workers(int workers, bool violates)
    {
        var request = Valid.Request(Valid.Distributed);
        request.Spec.Distributed!.NumWorkers = workers;

        var violations = V(request);
        if (violates)
        {
            OnlyOne(violations, "RAI2001", "spec.distributed.numWorkers");
        }
        else
        {
            violations.Should().BeEmpty();
        }
    }

    // ============================================================================================ RAI0006 UUIDs

    [Theory]
    [InlineData("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", true)]
    [InlineData("7A3B9C1D-2E4F-4A6B-8C0D-1E2F3A4B5C6D", true)]
    [InlineData("7a3B9c1D-2e4F-4a6b-8C0d-1e2f3a4b5c6d", true)]
    [InlineData("00000000-0000-0000-0000-000000000000", true)]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", true)]
    [InlineData("{7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d}", false)]
    [InlineData("(7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d)", false)]
    [InlineData("7a3b9c1d2e4f4a6b8c0d1e2f3a4b5c6d", false)]
    [InlineData("urn:uuid:7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", false)]
    [InlineData("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6", false)]
    [InlineData("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d0", false)]
    [InlineData(" 7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6", false)]
    [InlineData("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6 ", false)]
    [InlineData("7a3b9c1d-2e4f-4a6b-8c0d1-e2f3a4b5c6d", false)]
    [InlineData("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c-d", false)]
    [InlineData("7a3b9c1g-2e4f-4a6b-8c0d-1e2f3a4b5c6d", false)]
    [InlineData("７a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", false)]
    [InlineData("7a3b9c1d_2e4f_4a6b_8c0d_1e2f3a4b5c6d", false)]
    public void RAI0006_UUID_spellings(string id, bool ok)
    {
        var cases = new (Action<WorkloadTemplateCreationRequest> Set, string Path)[]
        {
            (r => r.Spec.Assets.Environment = id, "spec.assets.environment"),
            (r => r.Spec.Assets.Compute = id, "spec.assets.compute"),
            (r => r.Spec.Assets.Datasources = [new AssetIdAndKind { Id = id, Kind = AssetKind.Pvc }], "spec.assets.datasources[0].id"),
            (r => { r.Meta.Scope = Scope.Cluster; r.Meta.ProjectId = null; r.Meta.ClusterId = id; }, "meta.clusterId"),
            (r => E(r).EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = "T", Credential = new EnvironmentVariableCredential { AssetId = id, Key = "k" } }], Env + "environmentVariables[0].credential.assetId"),
        };

        foreach (var (set, path) in cases)
        {
            var violations = V(Req(set));
            if (ok)
            {
                violations.Should().BeEmpty("{0} = {1}", path, id);
            }
            else
            {
                OnlyOne(violations, "RAI0006", path);
                violations[0].Message.Should().Contain(id.Length <= 40 ? id : id[..37]);
            }
        }
    }

    // ============================================================================================ RAI1xxx scope, assets

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void RAI1001_any_int_is_a_project_id_the_spec_sets_no_bound(int id)
    {
        V(Req(r => r.Meta.ProjectId = id)).Should().BeEmpty();
    }

    [Fact]
    public void RAI1001_an_empty_cluster_id_is_one_finding_an_empty_department_id_two_as_documented()
    {
        // RAI1001.md: "an empty department id is also reported by RAI0002"; a blank cluster id is RAI1001's alone.
        var cluster = V(Req(r => { r.Meta.Scope = Scope.Cluster; r.Meta.ProjectId = null; r.Meta.ClusterId = string.Empty; }));
        OnlyOne(cluster, "RAI1001", "meta.clusterId");

        var department = V(Req(r => { r.Meta.Scope = Scope.Department; r.Meta.ProjectId = null; r.Meta.DepartmentId = string.Empty; }));
        department.Select(v => v.RuleId).Should().BeEquivalentTo(new[] { "RAI1001", "RAI0002" });
        department.Should().OnlyContain(v => v.Path == "meta.departmentId");
    }

    [Fact]
    public void RAI1002_system_scope_is_only_a_warning()
    {
        var violations = V(Req(r => { r.Meta.Scope = Scope.System; r.Meta.ProjectId = null; }));
        OnlyOne(violations, "RAI1002", "meta.scope");
        violations[0].Severity.Should().Be(RuleSeverity.Warning);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void RAI1003_a_blank_environment_is_no_environment(string id)
    {
        OnlyOne(V(Req(r => r.Spec.Assets.Environment = id)), "RAI1003", "spec.assets.environment");
    }

    [Theory]
    [InlineData("PVC")]
    [InlineData("pvc ")]
    [InlineData("hostpath")]
    [InlineData("configMap")]
    [InlineData("compute")]
    [InlineData("workload-template")]
    public void RAI1004_kinds_are_exact_spellings(string kind)
    {
        OnlyOne(V(Req(r => r.Spec.Assets.Datasources = [new AssetIdAndKind { Id = Valid.DataSourceId, Kind = new AssetKind(kind) }])), "RAI1004", "spec.assets.datasources[0].kind");
    }

    [Fact]
    public void RAI1005_duplicates_are_found_across_kinds_and_null_items_and_point_at_the_first()
    {
        var violations = V(Req(r => r.Spec.Assets.Datasources =
        [
            null!,
            new AssetIdAndKind { Id = Valid.DataSourceId, Kind = AssetKind.Pvc },
            new AssetIdAndKind { Id = Valid.OtherDataSourceId, Kind = AssetKind.Pvc },
            new AssetIdAndKind { Id = Valid.DataSourceId.ToUpperInvariant(), Kind = AssetKind.Nfs },
        ]));

        OnlyOne(violations, "RAI1005", "spec.assets.datasources[3].id");
        violations[0].Message.Should().Contain("datasources[1]");
    }

    // ============================================================================================ RAI2xxx

    [Fact]
    public void RAI2003_noMaster_with_an_empty_master_is_no_conflict_and_with_a_false_value_is()
    {
        var empty = Valid.Request(Valid.Distributed);
        empty.Spec.Distributed!.NoMaster = true;
        empty.Spec.Distributed.Master = new InfoDistMaster { SpecificEnv = new SpecificRunParams { Labels = [] } };
        V(empty).Should().BeEmpty();

        var set = Valid.Request(Valid.Distributed);
        set.Spec.Distributed!.NoMaster = true;
        set.Spec.Distributed.Master = new InfoDistMaster { SpecificEnv = new SpecificRunParams { AllowOverQuota = false } };
        OnlyOne(V(set), "RAI2003", "spec.distributed.master");
    }

    [Fact]
    public void RAI2004_and_RAI2005_edges()
    {
        var disagree = Valid.Request(Valid.Distributed);
        disagree.Meta.WorkloadSupportedTypes!.DistFramework = DistributedFramework.TF;
        OnlyOne(V(disagree), "RAI2004", "meta.workloadSupportedTypes.distFramework");

        var notDistributed = Valid.Request(Valid.Template);
        notDistributed.Meta.WorkloadSupportedTypes = new WorkloadSupportedTypes { Distributed = false, DistFramework = DistributedFramework.PyTorch };
        OnlyOne(V(notDistributed), "RAI2004", "meta.workloadSupportedTypes.distFramework");

        // completions in the master of a distributed template: RAI2005 at the master's path.
        var master = Valid.Request(Valid.Distributed);
        master.Spec.Distributed!.Master = new InfoDistMaster { SpecificEnv = new SpecificRunParams { Completions = 0 } };
        OnlyOne(V(master), "RAI2005", "spec.distributed.master.specificEnv.completions");

        // backoffLimit 0 on an inference-only template is still set.
        var inference = Valid.Request(Valid.Inference);
        inference.Spec.SpecificEnv = new SpecificRunParams { BackoffLimit = 0 };
        OnlyOne(V(inference), "RAI2006", Env + "backoffLimit");
    }

    // ============================================================================================ RAI3xxx scheduling

    [Theory]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("-0", false)]
    [InlineData("+4", false)]
    [InlineData("007", false)]
    [InlineData("-9223372036854775808", false)]
    [InlineData("", true)]
    [InlineData("4.0", true)]
    [InlineData("1e3", true)]
    [InlineData("0x10", true)]
    [InlineData("4 ", true)]
    [InlineData("1,000", true)]
    [InlineData("1_000", true)]
    [InlineData("\u0663", true)]
    [InlineData("\u22124", true)]
    [InlineData("\uFF14", true)]
    [InlineData("-9223372036854775809", true)]
    public void RAI3004_Gt_Lt_values_are_parsed_as_Kubernetes_does(string value, bool violates)
    {
        foreach (var op in new[] { MatchOperator.Gt, MatchOperator.Lt })
        {
            var violations = V(Req(env: e => e.NodeAffinityRequired = new NodeAffinityRequired { NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new MatchExpression { Key = "k", Operator = op, Values = [value] }] }] }));
            if (violates)
            {
                OnlyOne(violations, "RAI3004", Term0 + "matchExpressions[0].values[0]");
            }
            else
            {
                violations.Should().BeEmpty();
            }
        }
    }

    [Fact]
    public void RAI3001_to_RAI3003_value_counts_at_their_edges()
    {
        IReadOnlyList<RuleViolation> Of(MatchOperator op, List<string>? values) =>
            V(Req(env: e => e.NodeAffinityRequired = new NodeAffinityRequired { NodeSelectorTerms = [new NodeSelectorTerm { MatchExpressions = [new MatchExpression { Key = "k", Operator = op, Values = values }] }] }));

        OnlyOne(Of(MatchOperator.In, null), "RAI3001", Term0 + "matchExpressions[0].values");
        OnlyOne(Of(MatchOperator.NotIn, []), "RAI3001", Term0 + "matchExpressions[0].values");
        Of(MatchOperator.In, [string.Empty]).Should().BeEmpty("an empty label value is a value in Kubernetes");
        Of(MatchOperator.Exists, []).Should().BeEmpty();
        Of(MatchOperator.DoesNotExist, null).Should().BeEmpty();
        OnlyOne(Of(MatchOperator.Exists, [string.Empty]), "RAI3002", Term0 + "matchExpressions[0].values");
        OnlyOne(Of(MatchOperator.Gt, []), "RAI3003", Term0 + "matchExpressions[0].values");
        OnlyOne(Of(MatchOperator.Lt, ["1", "2"]), "RAI3003", Term0 + "matchExpressions[0].values");
    }

    [Fact]
    public void RAI3xxx_paths_index_the_right_term_expression_and_value()
    {
        var violations = V(Req(env: e => e.NodeAffinityRequired = new NodeAffinityRequired
        {
            NodeSelectorTerms =
            [
                new NodeSelectorTerm { MatchExpressions = [new MatchExpression { Key = "a", Operator = MatchOperator.Exists }] },
                new NodeSelectorTerm
                {
                    MatchExpressions =
                    [
                        new MatchExpression { Key = "b", Operator = MatchOperator.In, Values = ["x"] },
                        null!,
                        new MatchExpression { Key = "c", Operator = MatchOperator.Gt, Values = ["x"] },
                    ],
                },
                null!,
                new NodeSelectorTerm { MatchExpressions = [] },
            ],
        }));

        var n = Env + "nodeAffinityRequired.nodeSelectorTerms";
        violations.Select(v => (v.RuleId, v.Path)).Should().BeEquivalentTo(new[]
        {
            ("RAI3004", n + "[1].matchExpressions[2].values[0]"),
            ("RAI3005", n + "[2]"),
            ("RAI3005", n + "[3]"),
        }, Dump(violations));
    }

    [Theory]
    [InlineData("high", false)]
    [InlineData("High", true)]
    [InlineData(" high", true)]
    [InlineData("high ", true)]
    [InlineData("very_high", true)]
    public void RAI3006_priority_class_is_an_exact_spelling(string priority, bool violates)
    {
        var violations = V(Req(env: e => { e.PriorityClass = priority; e.Preemptibility = Preemptibility.Preemptible; }));
        if (violates)
        {
            OnlyOne(violations, "RAI3006", Env + "priorityClass");
        }
        else
        {
            violations.Should().BeEmpty();
        }
    }

    [Theory]
    [InlineData("Exists", "", null)]
    [InlineData("Exists", " ", "RAI3008")]
    [InlineData("Exists", "x", "RAI3008")]
    [InlineData("Equal", "", null)]
    [InlineData("Equal", "x", null)]
    public void RAI3008_value_with_Exists(string op, string value, string? rule)
    {
        var violations = V(Req(env: e => e.Tolerations = [new Toleration { Key = "k", Operator = new TolerationOperator(op), Value = value, Effect = TolerationEffect.NoSchedule }]));
        if (rule is null)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            OnlyOne(violations, rule, Env + "tolerations[0].value");
        }
    }

    [Theory]
    [InlineData("NoExecute", null)]
    [InlineData("NoSchedule", "RAI3009")]
    [InlineData("PreferNoSchedule", "RAI3009")]
    [InlineData("Any", "RAI3009")]
    public void RAI3009_seconds_only_with_NoExecute(string effect, string? rule)
    {
        var violations = V(Req(env: e => e.Tolerations = [new Toleration { Key = "k", Operator = TolerationOperator.Exists, Effect = new TolerationEffect(effect), Seconds = 30 }]));
        if (rule is null)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            OnlyOne(violations, rule, Env + "tolerations[0].seconds");
            violations[0].Message.Should().Contain(effect);
        }
    }

    [Fact]
    public void RAI3010_node_pools_are_case_sensitive_and_the_repetition_points_at_the_first()
    {
        V(Req(env: e => e.NodePools = ["a100", "A100"])).Should().BeEmpty();

        var violations = V(Req(env: e => e.NodePools = [null!, "a100", "h100", "a100"]));
        OnlyOne(violations, "RAI3010", Env + "nodePools[3]");
        violations[0].Message.Should().Contain("nodePools[1]");
    }

    // ============================================================================================ RAI4xxx autoscaling

    public static TheoryData<int?, int?, string?, string?> ReplicaCombinations() => new()
    {
        // min, max, metric, expected rule (null: valid)
        { 0, 1, null, null },
        { 0, null, null, null },
        { null, 1, null, null },
        { 2, 2, null, null },
        { 0, 2, null, "RAI4003" },
        { null, 2, null, "RAI4003" },
        { 1, 2, null, "RAI4003" },
        { 3, 2, null, "RAI4002" },
        { 0, 2, "throughput", null },
        { 0, 2, "concurrency", null },
        { 0, 2, "latency", "RAI4004" },
        { 0, 1, "latency", "RAI4004" },
        { 0, 2, "Throughput", "RAI4004" },
        { 1, 2, "latency", null },
    };

    [Theory]
    [MemberData(nameof(ReplicaCombinations))]
    public void RAI4002_to_RAI4004_replica_ranges_and_metrics(int? min, int? max, string? metric, string? rule)
    {
        var violations = Scaling(a =>
        {
            a.MinReplicas = min;
            a.MaxReplicas = max;
            a.ThresholdMetric = metric;
            a.ThresholdValue = metric is null ? null : 10;
        });

        if (rule is null)
        {
            violations.Should().BeEmpty();
        }
        else
        {
            violations.Should().ContainSingle(Dump(violations));
            violations[0].RuleId.Should().Be(rule, Dump(violations));
        }
    }

    [Fact]
    public void RAI4001_and_RAI4007_use_the_server_s_defaults()
    {
        OnlyOne(Scaling(a => a.ScaleToZeroRetentionSeconds = 0), "RAI4001", Env + "autoScaling.scaleToZeroRetentionSeconds");
        Scaling(a => { a.MinReplicas = 0; a.ScaleToZeroRetentionSeconds = 0; }).Should().BeEmpty();

        // maxReplicas defaults to minReplicas, or 1 when minReplicas is 0.
        OnlyOne(Scaling(a => { a.MinReplicas = 3; a.InitialReplicas = 4; }), "RAI4007", Env + "autoScaling.initialReplicas");
        Scaling(a => { a.MinReplicas = 3; a.InitialReplicas = 3; }).Should().BeEmpty();
        OnlyOne(Scaling(a => { a.MinReplicas = 0; a.ActivationReplicas = 2; }), "RAI4007", Env + "autoScaling.activationReplicas");
        Scaling(a => { a.MinReplicas = 0; a.ActivationReplicas = 1; }).Should().BeEmpty();
        OnlyOne(Scaling(a => a.InitialReplicas = 2), "RAI4007", Env + "autoScaling.initialReplicas");
    }

    [Fact]
    public void RAI4005_to_RAI4008_edges()
    {
        Scaling(a => { a.ThresholdMetric = "concurrency"; a.ThresholdValue = 0; a.MetricThresholdPercentage = 1; }).Should().BeEmpty();
        OnlyOne(Scaling(a => { a.ThresholdMetric = "latency"; a.ThresholdValue = 1; a.MetricThresholdPercentage = 50; }), "RAI4005", Env + "autoScaling.metricThresholdPercentage");
        OnlyOne(Scaling(a => a.ThresholdValue = -5), "RAI4006", Env + "autoScaling.thresholdMetric");
        OnlyOne(Scaling(a => a.ThresholdMetric = "latency"), "RAI4006", Env + "autoScaling.thresholdValue");
        var timeout = Scaling(a => a.InitializationTimeoutSeconds = 1);
        OnlyOne(timeout, "RAI4008", Env + "autoScaling.initializationTimeoutSeconds");
        timeout[0].Severity.Should().Be(RuleSeverity.Warning);
    }

    // ============================================================================================ RAI5xxx access

    [Fact]
    public void RAI5001_to_RAI5003_authorization_types_at_their_edges()
    {
        IReadOnlyList<RuleViolation> Of(AuthorizationType? type, List<string>? users, List<string>? groups) =>
            V(Req(env: e => e.ServingPortAccess = new ServingPortAccess { AuthorizationType = type, AuthorizedUsers = users, AuthorizedGroups = groups }));

        OnlyOne(Of(AuthorizationType.AuthorizedUsersOrGroups, ["u"], ["g"]), "RAI5001", Env + "servingPortAccess.authorizedGroups");
        OnlyOne(Of(AuthorizationType.AuthorizedUsersOrGroups, [], null), "RAI5002", Env + "servingPortAccess.authorizationType");
        Of(AuthorizationType.AuthorizedUsersOrGroups, ["u"], []).Should().BeEmpty();
        Of(AuthorizationType.AuthorizedUsersOrGroups, null, ["g"]).Should().BeEmpty();
        OnlyOne(Of(AuthorizationType.AuthorizedUsers, [], ["g"]), "RAI5002", Env + "servingPortAccess.authorizedUsers");
        OnlyOne(Of(AuthorizationType.AuthorizedGroups, ["u"], null), "RAI5002", Env + "servingPortAccess.authorizedGroups");
        var warning = Of(AuthorizationType.AuthenticatedUsers, null, ["g"]);
        OnlyOne(warning, "RAI5003", Env + "servingPortAccess.authorizedGroups");
        warning[0].Severity.Should().Be(RuleSeverity.Warning);
        Of(null, [], []).Should().BeEmpty();
    }

    [Fact]
    public void RAI5004_connection_names_are_case_sensitive_and_the_third_points_at_the_first()
    {
        V(Req(env: e => e.Connections = [new SpecificRunConnectionInfo { Name = "jupyter" }, new SpecificRunConnectionInfo { Name = "Jupyter" }])).Should().BeEmpty();

        var violations = V(Req(env: e => e.Connections = [null!, new SpecificRunConnectionInfo { Name = "a" }, new SpecificRunConnectionInfo { Name = "b" }, new SpecificRunConnectionInfo { Name = "a" }]));
        OnlyOne(violations, "RAI5004", Env + "connections[3].name");
        violations[0].Message.Should().Contain("connections[1]");
    }

    // ============================================================================================ RAI6xxx container

    [Fact]
    public void RAI6001_to_RAI6003_edges()
    {
        var four = V(Req(env: e => e.EnvironmentVariables =
        [
            new EnvironmentVariableOfAsset
            {
                Name = "X",
                Value = "v",
                Credential = new EnvironmentVariableCredential { AssetId = Valid.CredentialId, Key = "k" },
                ConfigMap = new EnvironmentVariableConfigMap { Name = "cm", Key = "k" },
                PodFieldRef = new EnvironmentVariablePodFieldReference { Path = "metadata.name" },
            },
        ]));
        OnlyOne(four, "RAI6001", Env + "environmentVariables[0]");
        four[0].Message.Should().Contain("4 are set");

        V(Req(env: e => e.EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = "a", Value = "1" }, new EnvironmentVariableOfAsset { Name = "A", Value = "1" }])).Should().BeEmpty();
        V(Req(env: e => e.Labels = [new Label { Name = "app", Value = "1" }, new Label { Name = "App", Value = "1" }])).Should().BeEmpty();
        OnlyOne(V(Req(env: e => e.Labels = [null!, new Label { Name = "app", Value = "1" }, new Label { Name = "app", Value = "2" }])), "RAI6003", Env + "labels[2].name");
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1000, 2000", false)]
    [InlineData(" 1000 , 2000 ", false)]
    [InlineData("4294967295", false)]
    [InlineData("9223372036854775807", false)]
    [InlineData("-5", true)]
    [InlineData("+5", true)]
    [InlineData("1000,", true)]
    [InlineData(",1000", true)]
    [InlineData("1000,,2000", true)]
    [InlineData("10 00", true)]
    [InlineData("1000;2000", true)]
    [InlineData("1000,\t2000", true)]
    [InlineData("   ", true)]
    [InlineData("1e3", true)]
    [InlineData("\u0661\u0662", true)]
    public void RAI6004_supplemental_groups(string groups, bool violates)
    {
        var violations = V(Req(env: e => e.SupplementalGroups = groups));
        if (violates)
        {
            OnlyOne(violations, "RAI6004", Env + "supplementalGroups");
        }
        else
        {
            violations.Should().BeEmpty();
        }
    }

    [Fact]
    public void RAI6004_a_group_id_beyond_a_64_bit_integer_is_not_an_integer_group_id()
    {
        // Kubernetes' supplementalGroups is []int64 (as RAI3004's IsInteger says for Gt/Lt: "fits a 64-bit signed integer,
        // as Kubernetes parses it"); 2^63 cannot be a group id.
        OnlyOne(V(Req(env: e => e.SupplementalGroups = "9223372036854775808")), "RAI6004", Env + "supplementalGroups");
    }

    // ============================================================================================ master, paths

    [Fact]
    public void master_rules_apply_with_master_paths_and_right_indexes()
    {
        var request = Valid.Request(Valid.Distributed);
        request.Spec.Distributed!.Master = new InfoDistMaster
        {
            SpecificEnv = new SpecificRunParams
            {
                Tolerations = [null!, new Toleration { Key = "k", Operator = TolerationOperator.Exists, Effect = TolerationEffect.NoSchedule }, new Toleration { Key = "k", Operator = TolerationOperator.Exists, Value = "v", Effect = TolerationEffect.NoSchedule }],
                NodePools = [new string('p', 64)],
            },
        };

        var violations = V(request);

        violations.Select(v => (v.RuleId, v.Path)).Should().BeEquivalentTo(new[]
        {
            ("RAI0002", "spec.distributed.master.specificEnv.nodePools[0]"),
            ("RAI3008", "spec.distributed.master.specificEnv.tolerations[2].value"),
        }, Dump(violations));
    }

    // ============================================================================================ never throws

    [Fact]
    public void Validate_never_throws_on_nulls_in_lists_and_empty_objects()
    {
        static SpecificRunParams Odd() => new()
        {
            Connections = [null!, new SpecificRunConnectionInfo(), new SpecificRunConnectionInfo { AuthorizedUsers = [null!], AuthorizedGroups = [null!] }],
            Annotations = [null!, new Annotation()],
            Labels = [null!, new Label()],
            EnvironmentVariables = [null!, new EnvironmentVariableOfAsset(), new EnvironmentVariableOfAsset { Credential = new(), ConfigMap = new(), PodFieldRef = new() }],
            ImagePullSecrets = [null!, new ImagePullSecret()],
            NodeAffinityRequired = new NodeAffinityRequired
            {
                NodeSelectorTerms = [null!, new NodeSelectorTerm(), new NodeSelectorTerm { MatchExpressions = [null!, new MatchExpression { Key = null!, Operator = null!, Values = [null!] }, new MatchExpression { Key = "k", Operator = MatchOperator.Gt, Values = [null!] }] }],
            },
            NodePools = [null!, null!, string.Empty],
            PodAffinity = new PodAffinity(),
            Tolerations = [null!, new Toleration(), new Toleration { Exclude = true }],
            AutoScaling = new SpecificRunAutoScaling(),
            ServingPortAccess = new ServingPortAccess { AuthorizedUsers = [null!], AuthorizedGroups = [] },
            SupplementalGroups = string.Empty,
            PriorityClass = string.Empty,
        };

        var request = Req(r =>
        {
            r.Meta.WorkloadSupportedTypes = new WorkloadSupportedTypes();
            r.Spec.Assets.Datasources = [null!, new AssetIdAndKind { Id = null!, Kind = null! }, new AssetIdAndKind { Id = "x", Kind = AssetKind.Pvc, Overrides = new DataSourceOverrides() }];
            r.Spec.Assets.WorkloadVolumes = [null!];
            r.Spec.SpecificEnv = Odd();
            r.Spec.Distributed = new InfoDistributed
            {
                Master = new InfoDistMaster
                {
                    Assets = new AssetsRef { Environment = new EnvironmentAssetRef { Id = null!, ToolTypes = [null!] }, Compute = new AssetRef { Id = null! }, Datasources = [null!, new DatasourceRef()] },
                    SpecificEnv = Odd(),
                },
            };
        });

        var act = () => V(request);
        act.Should().NotThrow();

        var template = new WorkloadTemplate { Meta = new AssetMeta(), Spec = new SpecificRunInfoFields { Assets = new AssetsRef(), SpecificEnv = Odd(), Distributed = new InfoDistributed { Master = new InfoDistMaster() } } };
        ((Action)(() => TemplateValidator.Validate(template))).Should().NotThrow();
        ((Action)(() => TemplateValidator.Validate(new WorkloadTemplate()))).Should().NotThrow();
        ((Action)(() => TemplateValidator.Validate(new WorkloadTemplateUpdateRequest { Meta = null!, Spec = null! }))).Should().NotThrow();
        ((Action)(() => TemplateValidator.Validate(new WorkloadTemplateCreationRequest { Meta = null!, Spec = null! }))).Should().NotThrow();
        ((Action)(() => TemplateValidator.Validate(new WorkloadTemplateCreationRequest { Meta = new AssetCreationRequest { Name = null!, Scope = null! }, Spec = new SpecificRunCreationFields { Assets = null! } }))).Should().NotThrow();

        // After an odd input the pooled arena is clean: a valid request still validates clean.
        V(Req(env: null)).Should().BeEmpty();
    }

    [Fact]
    public void RAI0005_a_list_over_the_limit_is_reported_once_and_its_items_are_not_judged()
    {
        // Judging every item of a list that must be cut anyway against the ones before it (the duplicate checks) made a
        // 40,000-item list take 12 s to validate, and held the emulator's CPU long after its client gave up.
        var pools = Enumerable.Range(0, 1001).Select(i => "p" + (i % 10)).ToList();
        var labels = Enumerable.Range(0, 1001).Select(_ => new Label { Name = "same", Value = "v" }).ToList();

        var violations = V(Req(env: e => { e.NodePools = pools; e.Labels = labels; }));

        violations.Select(v => (v.RuleId, v.Path)).Should().BeEquivalentTo([("RAI0005", Env + "nodePools"), ("RAI0005", Env + "labels")]);
        V(Req(env: e => e.NodePools = [.. pools.Take(1000)])).Should().OnlyContain(v => v.RuleId == "RAI3010", "within the limit, each item is judged");
    }

    [Fact]
    public void RAI0005_null_items_count_and_1000_nulls_do_not_throw()
    {
        var exactly = V(Req(env: e => e.NodePools = Enumerable.Repeat<string>(null!, 1000).ToList()));
        exactly.Should().BeEmpty();
        OnlyOne(V(Req(env: e => e.NodePools = Enumerable.Range(0, 1001).Select(i => "p" + i).ToList())), "RAI0005", Env + "nodePools");
    }

    [Fact]
    public void A_null_environment_variable_or_image_pull_secret_is_skipped_not_judged_as_one_without_a_name()
    {
        // Null items do come from tenants (an export reads environmentVariables[0]: null); a variable without a name is
        // RAI0001, a missing item is not a variable.
        var request = Valid.Request(Valid.Template);
        request.Spec.SpecificEnv = new SpecificRunParams
        {
            EnvironmentVariables = [null!, new EnvironmentVariableOfAsset { Name = "A", Value = "1" }],
            ImagePullSecrets = [null!, new ImagePullSecret { Name = "reg" }],
        };

        TemplateValidator.Validate(request).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Duplicates_in_a_long_list_are_found_as_an_item_by_item_scan_finds_them(int seed)
    {
        // Past 64 items a list is indexed once instead of scanned for each item (50,000 variables took minutes); what
        // each duplicate cites must not change: the first earlier item, or "an earlier item" after an unknown one.
        var random = new Random(seed);
        foreach (var count in new[] { 40, 64, 65, 200 })
        {
            var keys = Enumerable.Range(0, count).Select(_ => random.Next(6) == 0 ? null : "p" + random.Next(count / 3)).ToList();
            var arena = new RunAi.TemplateDsl.Rules.FactArena();
            var root = RunAi.TemplateDsl.Validation.WireFacts.Of(Valid.Request(Valid.Template.WithNodePools("x")), arena);
            var pools = arena.Array();
            foreach (var key in keys)
            {
                pools.Add(key is null ? arena.Rent().SetUnknown() : arena.Rent().SetText(key));
            }

            root["spec"]["specificEnv"].Set("nodePools", pools);
            var violations = new List<RuleViolation>();

            RunAi.TemplateDsl.Rules.TemplateRules.Check(root, violations, isUpdate: false);

            violations.Where(v => v.RuleId == "RAI3010").Select(v => v.Path + " " + v.Message).Should().Equal(Scanned(keys), $"{count} items");
        }

        // The reference: each item against every earlier one, as the rule is written for short lists.
        static IEnumerable<string> Scanned(List<string?> keys)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i] is not { } key)
                {
                    continue;
                }

                var unknownBefore = false;
                for (var j = 0; j < i; j++)
                {
                    if (keys[j] == key)
                    {
                        var at = unknownBefore ? "an earlier item of nodePools" : $"nodePools[{j}]";
                        yield return $"spec.specificEnv.nodePools[{i}] The node pool '{key}' is listed twice (also at {at}); remove the repetition.";
                        break;
                    }

                    unknownBefore |= keys[j] is null;
                }
            }
        }
    }

    [Fact]
    public void A_node_of_the_pool_is_absent_whether_it_is_new_or_reused()
    {
        // Nodes are reset when returned, not when rented: a new one must start as a reset one does (the enum's default is
        // Unknown, which the rules never judge; the analyzer lost diagnostics in evaluations that grew their pool).
        var arena = new RunAi.TemplateDsl.Rules.FactArena();
        var fresh = Enumerable.Range(0, 100).Select(_ => arena.Rent()).ToList();
        fresh.Should().OnlyContain(n => n.Kind == RunAi.TemplateDsl.Rules.FactKind.Absent);

        fresh.ForEach(n => n.SetText("x"));
        arena.Clear();

        Enumerable.Range(0, 100).Select(_ => arena.Rent()).Should().OnlyContain(n => n.Kind == RunAi.TemplateDsl.Rules.FactKind.Absent && n.Text == null && n.Count == 0);
    }

    [Fact]
    public void A_validation_leaves_none_of_the_templates_texts_in_the_threads_pool_and_a_huge_one_lets_its_nodes_go()
    {
        // The pool of fact nodes lives as long as its thread (a thread-pool thread: as long as the process); an
        // environment variable's value may be a secret. Run on a thread of its own so that the pool is this test's. A
        // passing template is judged without the tree: both templates break a rule, so that their trees are built.
        var alive = true;
        var pooled = int.MaxValue;
        var thread = new Thread(() =>
        {
            var secret = ValidateWithSecret();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            alive = secret.IsAlive;

            var huge = Valid.Request(Valid.Template);
            huge.Spec.SpecificEnv = new SpecificRunParams
            {
                EnvironmentVariables = Enumerable.Range(0, 5000).Select(i => new EnvironmentVariableOfAsset { Name = i == 4999 ? "V0" : "V" + i, Value = "x" }).ToList(),
            };
            TemplateValidator.Validate(huge).Should().ContainSingle().Which.Path.Should().Be("spec.specificEnv.environmentVariables[4999].name");
            pooled = RunAi.TemplateDsl.Validation.WireFacts.Arena.Pooled;
        });
        thread.Start();
        thread.Join();

        alive.Should().BeFalse("the value of a template validated and dropped must not be kept by the thread's pool of fact nodes");
        pooled.Should().BeLessThanOrEqualTo(RunAi.TemplateDsl.Rules.FactArena.MaxPooled, "one template of 5,000 variables must not keep 15,000 nodes alive on its thread");

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static WeakReference ValidateWithSecret()
        {
            var value = new string('s', 40);
            var request = Valid.Request(Valid.Template);
            request.Spec.SpecificEnv = new SpecificRunParams { EnvironmentVariables = [new EnvironmentVariableOfAsset { Name = "TOKEN", Value = value }], NodePools = ["a", "a"] };
            TemplateValidator.Validate(request).Should().ContainSingle().Which.RuleId.Should().Be("RAI3010");
            return new WeakReference(value);
        }
    }
}
