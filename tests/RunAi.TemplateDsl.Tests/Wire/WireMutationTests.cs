namespace RunAi.TemplateDsl.Tests.Wire;

/// <summary>
/// Behaviour of the JSON layer that manual mutation testing found unpinned: each test fails on one plausible regression
/// (named in its "Guards against" line) and passes on the library as written.
/// </summary>
public sealed class WireMutationTests
{
    private static string Minimal => JsonTree.Golden("minimal-template.json");

    private const string BadScope = "{\"meta\":{\"name\":\"x\",\"scope\":42},\"spec\":{\"assets\":{\"environment\":\"e\"}}}";

    // Guards against: Deserialize(string) not skipping a leading byte order mark (U+FEFF) the other overloads skip.
    [Fact]
    public void The_string_overload_skips_a_byte_order_mark_too()
    {
        var withBom = TemplateJson.Deserialize<WorkloadTemplate>("\uFEFF" + Minimal);

        JsonTree.ShouldEqual(TemplateJson.Serialize(withBom), Minimal);
    }

    // Guards against: the serializer's own " Path: … | LineNumber: …" suffix left in the message after the path stated first.
    [Fact]
    public void An_error_message_states_the_path_once_and_not_the_serializers_suffix()
    {
        var json = BadScope.Replace("\"scope\":42", "\"scope\":\"tenant\",\"projectId\":\"forty-two\"", StringComparison.Ordinal);

        var message = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json))
            .Should().Throw<TemplateJsonException>().Which.Message;

        message.Should().StartWith("Invalid WorkloadTemplateCreationRequest JSON at $.meta.projectId (line 1, position ");
        message.Should().NotContain("Path:").And.NotContain("LineNumber").And.NotContain("BytePositionInLine");
        message.Should().EndWith(".");
    }

    // Guards against: a converter's own message (e.g. a wire value of the wrong JSON type) lost or changed in the wrapping.
    [Fact]
    public void A_converters_message_follows_the_path_and_position()
    {
        var message = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(BadScope))
            .Should().Throw<TemplateJsonException>().Which.Message;

        message.Should().MatchRegex(@"^Invalid WorkloadTemplateCreationRequest JSON at \$\.meta\.scope \(line 1, position \d+\): Expected a string \(Scope\), found Number\.$");
    }

    // Guards against: the serializer's 0-based line number shown as is instead of the 1-based line people count.
    [Fact]
    public void An_error_message_counts_lines_from_one()
    {
        var json = "{\n\"meta\":\n{\"name\":\"x\",\"scope\":42},\"spec\":{\"assets\":{\"environment\":\"e\"}}}";

        var e = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json)).Should().Throw<TemplateJsonException>().Which;

        e.Message.Should().StartWith("Invalid WorkloadTemplateCreationRequest JSON at $.meta.scope (line 3, position ");
        e.Path.Should().Be("$.meta.scope");
    }

    // Guards against: a double member accepting (or failing obscurely on) a JSON string such as "70" or "NaN" instead of saying a number was expected.
    [Theory]
    [InlineData("\"70\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    public void A_text_where_a_number_is_expected_is_refused_saying_so(string value)
    {
        var json = Minimal.Replace("\"assets\": {", "\"specificEnv\": {\"autoScaling\":{\"metricThresholdPercentage\":" + value + "}}, \"assets\": {", StringComparison.Ordinal);

        var e = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplate>(json)).Should().Throw<TemplateJsonException>().Which;

        e.Path.Should().Be("$.spec.specificEnv.autoScaling.metricThresholdPercentage");
        e.Message.Should().EndWith(": Expected a number, found String.");
    }
    // Guards against: an overload (DeserializeAsync) returning null for the JSON document "null" instead of refusing it at $.
    [Fact]
    public async Task The_document_null_is_refused_at_the_root_by_every_overload()
    {
        using var stream = new MemoryStream("null"u8.ToArray());

        var fromString = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplate>("null")).Should().Throw<TemplateJsonException>().Which;
        var fromBytes = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplate>("null"u8)).Should().Throw<TemplateJsonException>().Which;
        var fromStream = (await FluentActions.Awaiting(() => TemplateJson.DeserializeAsync<WorkloadTemplate>(stream)).Should().ThrowAsync<TemplateJsonException>()).Which;

        foreach (var e in new[] { fromString, fromBytes, fromStream })
        {
            e.Path.Should().Be("$");
            e.Message.Should().Be("Expected a WorkloadTemplate JSON object at $, found null.");
        }
    }
    // Guards against: a date-time text longer than the converter's buffer escaping as an ArgumentException instead of a TemplateJsonException.
    [Fact]
    public void A_date_time_text_too_long_to_be_one_is_refused_with_the_path()
    {
        var json = Minimal.Replace("\"createdAt\": \"2026-03-14T09:26:53Z\"", "\"createdAt\": \"2026-03-14T09:26:53." + new string('1', 80) + "Z\"", StringComparison.Ordinal);

        var e = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplate>(json)).Should().Throw<TemplateJsonException>().Which;

        e.Path.Should().Be("$.meta.createdAt");
        e.Message.Should().Contain("RFC 3339");
    }
}
