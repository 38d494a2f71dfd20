namespace RunAi.TemplateDsl.Tests.Wire;

public sealed class MalformedJsonTests
{
    [Fact]
    public async Task A_type_outside_the_wire_model_is_not_supported_in_either_direction()
    {
        FluentActions.Invoking(() => TemplateJson.Serialize(new Version(1, 0))).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => TemplateJson.SerializeToUtf8Bytes(new Version(1, 0))).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => TemplateJson.Deserialize<Version>("{}")).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => TemplateJson.Deserialize<Version>("{}"u8)).Should().Throw<NotSupportedException>();
        using var stream = new MemoryStream("{}"u8.ToArray());
        await FluentActions.Awaiting(() => TemplateJson.DeserializeAsync<Version>(stream)).Should().ThrowAsync<NotSupportedException>();
    }

    [Theory]
    [InlineData("{\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"", "$.meta")]
    [InlineData("{\"meta\":{\"name\":\"x\",\"scope\":\"tenant\",\"projectId\":\"forty-two\"},\"spec\":{\"assets\":{\"environment\":\"e\"}}}", "$.meta.projectId")]
    [InlineData("{\"meta\":{\"name\":\"x\",\"scope\":42},\"spec\":{\"assets\":{\"environment\":\"e\"}}}", "$.meta.scope")]
    [InlineData("{\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\"},\"specificEnv\":{\"nodePools\":\"a100\"}}}", "$.spec.specificEnv.nodePools")]
    [InlineData("{\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\"},\"specificEnv\":{\"nodeAffinityRequired\":{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"k\",\"operator\":\"In\",\"values\":[1]}]}]}}}}", "$.spec.specificEnv.nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values[0]")]
    public void Bad_json_raises_a_typed_exception_naming_the_path(string json, string path)
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json);

        var e = act.Should().Throw<TemplateJsonException>().Which;
        e.Path.Should().Be(path);
        e.Message.Should().Contain(path);
        e.TargetType.Should().Be<WorkloadTemplateCreationRequest>();
    }

    [Theory]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\",\"projectId\":\"42\"}", "$.meta.projectId", "Expected an integer (no fraction or exponent) from -2147483648 to 2147483647.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\",\"projectId\":3000000000}", "$.meta.projectId", "Expected an integer (no fraction or exponent) from -2147483648 to 2147483647.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\",\"autoDelete\":\"yes\"}", "$.meta.autoDelete", "Expected true or false.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"\"}", "$.meta.scope", "Expected a value of Scope, found an empty string.")]
    [InlineData("\"meta\":{\"name\":7,\"scope\":\"tenant\"}", "$.meta.name", "Expected a string, found Number.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\",\"description\":true}", "$.meta.description", "Expected a string.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\"},\"specificEnv\":{\"terminationGracePeriodSeconds\":1.5}}", "$.spec.specificEnv.terminationGracePeriodSeconds", "Expected an integer (no fraction or exponent) from -9223372036854775808 to 9223372036854775807.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\"},\"specificEnv\":{\"labels\":{}}}", "$.spec.specificEnv.labels", "Expected an array.")]
    [InlineData("\"meta\":[],\"spec\":{\"assets\":{\"environment\":\"e\"}}", "$.meta", "Expected an object (AssetCreationRequest).")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\",\"description\":\"\\ud800\"}", "$.meta.description", "The text is not valid UTF-8 or UTF-16 (an unpaired surrogate).")]
    [InlineData("\"meta\":{\"name\":\"\\ud800\",\"scope\":\"tenant\"}", "$.meta.name", "The text is not valid UTF-8 or UTF-16 (an unpaired surrogate).")]
    // A null the model does not take was "The constructor parameter 'Name' on type 'RunAi.TemplateDsl.AssetCreationRequest'
    // doesn't allow null values. Consider updating its nullability annotation.", which reads as a defect of the library.
    [InlineData("\"meta\":{\"name\":null,\"scope\":\"tenant\"}", "$.meta.name", "Expected a value, found null: the API requires this member.")]
    [InlineData("\"meta\":null", "$.meta", "Expected a value, found null: the API requires this member.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":null}}", "$.spec.assets.environment", "Expected a value, found null: the API requires this member.")]
    [InlineData("\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\",\"datasources\":[{\"id\":null,\"kind\":\"pvc\"}]}}", "$.spec.assets.datasources[0].id", "Expected a value, found null: the API requires this member.")]
    public void A_value_of_the_wrong_kind_is_named_in_the_JSONs_terms_not_as_a_dotnet_type(string members, string path, string expected)
    {
        // The serializer's own words were "could not be converted to System.Nullable`1[System.Int64]".
        var json = "{" + members + (members.Contains("\"spec\"", StringComparison.Ordinal) ? "" : ",\"spec\":{\"assets\":{\"environment\":\"e\"}}") + "}";

        var act = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json);

        var e = act.Should().Throw<TemplateJsonException>().Which;
        e.Path.Should().Be(path);
        e.Message.Should().EndWith(": " + expected).And.NotContain("System.").And.NotContain("nullability");
    }

    /// <summary>
    /// The reader's and serializer's own words named .NET types ("for type 'RunAi.TemplateDsl.SpecificRunCreationFields'")
    /// and options nobody can change ("Change the reader options"), and the emulator's 400s carried them.
    /// </summary>
    [Theory]
    [InlineData("{\"meta\":{\"name\":\"a\",\"scope\":\"tenant\"},\"spec\":{}}", "$.spec", "A required member is missing: 'assets'.")]
    [InlineData("{\"meta\":{\"name\":\"a\",},\"spec\":{}}", "$.meta", "A trailing comma: remove it.")]
    [InlineData("", "$", "There is no JSON: the text is empty.")]
    [InlineData("{}", "$", "Required members are missing, including: 'meta', 'spec'.")]
    [InlineData("{\"meta\":", "$.meta", "The JSON ends early: an object or array is not closed.")]
    [InlineData("plan", "$", "This is not a JSON value.")]
    public void What_the_reader_says_is_worded_in_the_JSONs_terms(string json, string path, string expected)
    {
        // The serializer lists missing members as the UI culture lists things ("'meta'; 'spec'" in German).
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("de-DE");
        TemplateJsonException e;
        try
        {
            e = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json)).Should().Throw<TemplateJsonException>().Which;
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }

        e.Path.Should().Be(path);
        e.Message.Should().EndWith(": " + expected).And.NotContain("RunAi.TemplateDsl.").And.NotContain("reader options");
    }

    [Theory]
    [InlineData("{\"spec\":{\"assets\":{\"environment\":\"e\"}}}", "meta")]
    [InlineData("{\"meta\":{\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\"}}}", "name")]
    [InlineData("{\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{}}", "assets")]
    [InlineData("{\"meta\":{\"name\":\"x\",\"scope\":\"tenant\"},\"spec\":{\"assets\":{\"environment\":\"e\"},\"specificEnv\":{\"nodeAffinityRequired\":{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"k\"}]}]}}}}", "operator")]
    public void A_missing_required_member_raises_a_typed_exception_naming_it(string json, string member)
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json);

        act.Should().Throw<TemplateJsonException>().Which.Message.Should().Contain($"'{member}'");
    }

    [Theory]
    [InlineData("meta", "meta")]
    [InlineData("meta.id", "id")]
    [InlineData("meta.scope", "scope")]
    [InlineData("meta.createdAt", "createdAt")]
    [InlineData("meta.updatedBy", "updatedBy")]
    [InlineData("spec.assets", "assets")]
    [InlineData("spec.assets.environment.id", "id")]
    public void A_read_template_missing_a_member_the_API_always_sends_is_rejected_naming_it(string path, string member)
    {
        // The read model marks these [JsonRequired] rather than C# required (see WireObject): reading must still fail.
        var template = JsonTree.Parse(JsonTree.Golden("minimal-template.json")).AsObject();
        var steps = path.Split('.');
        var parent = steps[..^1].Aggregate(template, (node, step) => node[step]!.AsObject());
        parent.Remove(steps[^1]).Should().BeTrue();

        var act = () => TemplateJson.Deserialize<WorkloadTemplate>(template.ToJsonString());

        act.Should().Throw<TemplateJsonException>().Which.Message.Should().Contain($"'{member}'");
    }

    [Fact]
    public void A_read_template_with_a_required_member_sent_as_null_is_rejected()
    {
        var template = JsonTree.Parse(JsonTree.Golden("minimal-template.json")).AsObject();
        template["meta"]!["createdBy"] = null;

        var act = () => TemplateJson.Deserialize<WorkloadTemplate>(template.ToJsonString());

        act.Should().Throw<TemplateJsonException>().Which.Path.Should().Be("$.meta.createdBy");
    }

    [Fact]
    public void A_required_member_sent_as_null_is_rejected_not_left_for_a_null_reference_later()
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>("{\"meta\":null,\"spec\":{\"assets\":{\"environment\":\"e\"}}}");

        act.Should().Throw<TemplateJsonException>().Which.Path.Should().Be("$.meta");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("[]")]
    public void A_document_that_is_not_an_object_is_rejected(string json)
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplate>(json);

        act.Should().Throw<TemplateJsonException>().Which.Path.Should().StartWith("$");
    }

    [Fact]
    public void An_empty_enum_string_is_rejected()
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>("{\"meta\":{\"name\":\"x\",\"scope\":\"\"},\"spec\":{\"assets\":{\"environment\":\"e\"}}}");

        act.Should().Throw<TemplateJsonException>().Which.Path.Should().Be("$.meta.scope");
    }
}
