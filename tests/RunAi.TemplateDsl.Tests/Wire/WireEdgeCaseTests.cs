using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAi.TemplateDsl.Tests.Wire;

/// <summary>
/// The wire format with hostile or unusual JSON (found by a review; each case failed before its fix): member names match
/// exactly, texts of unknown members must be text, date-times are RFC 3339 with an offset, numbers fit a double, a BOM
/// is skipped by every overload, and a list's entries are templates.
/// </summary>
public sealed class WireEdgeCaseTests
{
    private static string Minimal => JsonTree.Golden("minimal-template.json");

    /// <summary>The minimal template with one more member in <c>meta</c>, right after <c>name</c>.</summary>
    private static string WithMetaMember(string member, string value) =>
        Minimal.Replace("\"name\": \"notebook\",", "\"name\": \"notebook\", \"" + member + "\": " + value + ",", StringComparison.Ordinal);

    private static string WithCreatedAt(string text) =>
        Minimal.Replace("\"createdAt\": \"2026-03-14T09:26:53Z\"", "\"createdAt\": \"" + text + "\"", StringComparison.Ordinal);

    private static string WithSpecificEnv(string specificEnvJson) =>
        Minimal.Replace("\"assets\": {", "\"specificEnv\": " + specificEnvJson + ", \"assets\": {", StringComparison.Ordinal);

    [Theory]
    [InlineData("$.meta.name")]
    [InlineData("$.meta.scope")]
    [InlineData("$.spec")]
    [InlineData("$.spec.assets")]
    [InlineData("$.spec.assets.environment")]
    [InlineData("$.spec.assets.datasources[0].kind")]
    [InlineData("$.spec.specificEnv.nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].operator")]
    public void A_member_the_api_requires_that_is_null_is_refused_naming_it_rather_than_left_out(string path)
    {
        // With nulls left out, `Name = null!` (or a null from configuration) was written as a request without a name,
        // which only the server refused.
        var request = Template.Named("n").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d")
            .AddDataSource(DataSourceKind.Pvc, "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b")
            .WithNodeAffinity(n => n.Term(t => t.Exists("gpu"))).Build();
        switch (path)
        {
            case "$.meta.name": request.Meta.Name = null!; break;
            case "$.meta.scope": request.Meta.Scope = null!; break;
            case "$.spec": request.Spec = null!; break;
            case "$.spec.assets": request.Spec.Assets = null!; break;
            case "$.spec.assets.environment": request.Spec.Assets.Environment = null!; break;
            case "$.spec.assets.datasources[0].kind": request.Spec.Assets.Datasources![0].Kind = null!; break;
            default: request.Spec.SpecificEnv!.NodeAffinityRequired!.NodeSelectorTerms![0].MatchExpressions![0].Operator = null!; break;
        }

        var write = () => TemplateJson.Serialize(request);
        var bytes = () => TemplateJson.SerializeToUtf8Bytes(request);

        var thrown = write.Should().Throw<TemplateJsonException>().Which;
        thrown.Message.Should().StartWith($"A WorkloadTemplateCreationRequest cannot be written: {path} is null, and the API requires it.");
        thrown.Path.Should().Be(path);
        bytes.Should().Throw<TemplateJsonException>().Which.Path.Should().Be(path);
        var update = () => TemplateJson.Serialize(new WorkloadTemplateUpdateRequest { Meta = new AssetUpdateRequest { Name = null! }, Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = "e" } } });
        update.Should().Throw<TemplateJsonException>().Which.Path.Should().Be("$.meta.name");
    }

    // 1. JSON Schema's "properties" applies to the member with exactly that name (RFC 8259 §8.3 compares code unit by
    //    code unit). JsonSerializerDefaults.Web turned on PropertyNameCaseInsensitive, so "NAME" overwrote "name" and an
    //    unknown member that differs from a known one only in case was neither kept nor written back.
    [Fact]
    public void A_member_differing_from_a_known_one_only_in_case_is_an_unknown_member_kept_and_written_back()
    {
        var json = WithMetaMember("NAME", "\"shadow\"");

        var template = TemplateJson.Deserialize<WorkloadTemplate>(json);

        template.Meta.Name.Should().Be("notebook", "\"NAME\" is not the spec's \"name\"");
        template.Meta.AdditionalProperties.Should().ContainKey("NAME");
        JsonTree.ShouldEqual(TemplateJson.Serialize(template), json);
    }

    // Spec: Toleration.seconds is an integer with no format (Kubernetes' tolerationSeconds is 64-bit). It was an int: a
    // template tolerating a taint for 3,000,000,000 s could not be read, and with it the whole list it came in.
    [Fact]
    public void A_toleration_longer_than_a_32_bit_integer_of_seconds_is_read_and_written_back()
    {
        var json = WithSpecificEnv("""{"tolerations":[{"key":"maintenance","operator":"Exists","effect":"NoExecute","seconds":3000000000}]}""");

        var template = TemplateJson.Deserialize<WorkloadTemplate>(json);

        template.Spec.SpecificEnv!.Tolerations![0].Seconds.Should().Be(3_000_000_000L);
        JsonTree.ShouldEqual(TemplateJson.Serialize(template), json);
        TemplateJson.Serialize(Template.Named("t").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d")
                .AddToleration("maintenance", TolerationOperator.Exists, TolerationEffect.NoExecute, seconds: 3_000_000_000L).Build())
            .Should().Contain("\"seconds\":3000000000");
    }

    // 2. Spec: WorkloadTemplateListResponse.entries is an array whose items are WorkloadTemplate objects (not nullable).
    //    [null] was accepted, and TemplatesApi's look-up after a 409 dereferenced template.Meta (NullReferenceException).
    [Fact]
    public void A_null_entry_in_a_list_answer_is_rejected_naming_its_path()
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplateListResponse>("{\"entries\":[" + Minimal + ",null]}");

        act.Should().Throw<TemplateJsonException>().Which.Path.Should().Be("$.entries[1]");
    }

    // 3. An escaped lone surrogate (RFC 8259 §8.2: grammatical, behaviour unpredictable) is refused in a known member;
    //    in an unknown one it was accepted, and the template read then could not be written (Serialize and
    //    ToCreationRequest threw a bare JsonException). It is refused on read now.
    [Fact]
    public void An_unknown_member_with_a_lone_surrogate_is_either_refused_on_read_or_written_back()
    {
        var json = WithSpecificEnv("{\"gpuSharing\":\"\\ud800\"}");

        WorkloadTemplate template;
        try
        {
            template = TemplateJson.Deserialize<WorkloadTemplate>(json);
        }
        catch (TemplateJsonException)
        {
            return; // refusing it on read, as for a known member, is fine
        }

        FluentActions.Invoking(() => TemplateJson.Serialize(template)).Should().NotThrow();
        FluentActions.Invoking(() => template.ToCreationRequest()).Should().NotThrow();
    }

    // 4. README/XML doc: bad JSON raises TemplateJsonException. A .NET string with an unpaired surrogate escaped as a
    //    bare ArgumentException from the UTF-16 -> UTF-8 transcoding.
    [Fact]
    public void A_string_document_with_an_unpaired_surrogate_raises_TemplateJsonException()
    {
        var act = () => TemplateJson.Deserialize<ApiError>("{\"code\":500,\"message\":\"broken \uD800 text\"}");

        act.Should().Throw<TemplateJsonException>();
    }

    // 5. RFC 8259 §8.1: JSON text exchanged between systems MUST be encoded using UTF-8. Invalid UTF-8 in a known member
    //    is a TemplateJsonException; in an unknown member it was silently replaced by U+FFFD, so the "unknown members are
    //    written back unchanged" promise broke without a word (both Deserialize(bytes) and DeserializeAsync).
    [Fact]
    public async Task Invalid_utf8_in_an_unknown_member_is_refused_as_it_is_in_a_known_member()
    {
        var bytes = Encoding.UTF8.GetBytes(WithMetaMember("future", "\"Xab\""));
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;

        // The object's path; the message names the member.
        var error = FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplate>(bytes)).Should().Throw<TemplateJsonException>().Which;
        error.Path.Should().Be("$.meta");
        error.Message.Should().Contain("'future'");
        using var stream = new MemoryStream(bytes);
        await FluentActions.Awaiting(() => TemplateJson.DeserializeAsync<WorkloadTemplate>(stream)).Should().ThrowAsync<TemplateJsonException>();
    }

    // 5b. The same for the name of an unknown member: read as U+FFFD, it was written back under another name.
    [Fact]
    public void Invalid_utf8_in_the_name_of_an_unknown_member_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"code\":1,\"message\":\"m\",\"Xfuture\":1}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;

        FluentActions.Invoking(() => TemplateJson.Deserialize<ApiError>(bytes)).Should().Throw<TemplateJsonException>()
            .Which.Message.Should().Contain("it was not valid UTF-8");
    }

    // 5c. A list answer without "entries" (a proxy's page, an error sent with 200) was a NullReferenceException: the
    //     check for null entries ran before the reader's check of the required member.
    [Theory]
    [InlineData("{}")]
    [InlineData("{\"code\":400,\"message\":\"x\"}")]
    public void A_list_answer_without_entries_raises_TemplateJsonException_naming_it(string json)
    {
        FluentActions.Invoking(() => TemplateJson.Deserialize<WorkloadTemplateListResponse>(json)).Should().Throw<TemplateJsonException>()
            .Which.Message.Should().Contain("'entries'");
    }

    // 6. Spec: createdAt is "format": "date-time" = RFC 3339 §5.6, where full-time = partial-time time-offset (the offset
    //    is mandatory). Without one, GetDateTimeOffset took the machine's local zone: the instant read depended on TZ.
    [Theory]
    [InlineData("2026-03-14T09:26:53")]
    [InlineData("2026-03-14")]
    public void A_date_time_without_an_offset_is_rejected_not_read_in_the_local_zone(string text)
    {
        var act = () => TemplateJson.Deserialize<WorkloadTemplate>(WithCreatedAt(text));

        act.Should().Throw<TemplateJsonException>().Which.Path.Should().Be("$.meta.createdAt");
    }

    // 7. RFC 3339 §5.6 NOTE: "the "T" and "Z" characters in this syntax may alternatively be lower case "t" or "z"".
    //    Both were refused as "could not be converted to System.DateTimeOffset".
    [Theory]
    [InlineData("2026-03-14t09:26:53Z")]
    [InlineData("2026-03-14T09:26:53z")]
    public void RFC_3339_lower_case_t_and_z_are_read(string text)
    {
        var template = TemplateJson.Deserialize<WorkloadTemplate>(WithCreatedAt(text));

        template.Meta.CreatedAt.Should().Be(new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero));
    }

    // 8. A Go server (time.RFC3339Nano) sends up to 9 fraction digits; DateTimeOffset keeps 7 (100 ns): the fraction is
    //    read and cut to 7 digits, as the converter documents (it used to claim "written back with the same text").
    [Fact]
    public void A_date_time_with_nanoseconds_is_read_to_100_ns()
    {
        var template = TemplateJson.Deserialize<WorkloadTemplate>(WithCreatedAt("2026-03-14T09:26:53.123456789Z"));

        JsonNode.Parse(TemplateJson.Serialize(template))!["meta"]!["createdAt"]!.GetValue<string>().Should().Be("2026-03-14T09:26:53.1234567Z");
    }

    [Theory]
    [InlineData("2026-03-14T11:26:53+02:00", "2026-03-14T11:26:53+02:00")]
    [InlineData("2026-03-14T09:26:53.5Z", "2026-03-14T09:26:53.5Z")]
    [InlineData("2026-03-14T09:26:53.000Z", "2026-03-14T09:26:53Z")]
    public void RFC_3339_date_times_with_an_offset_or_a_fraction_are_read(string text, string written)
    {
        var template = TemplateJson.Deserialize<WorkloadTemplate>(WithCreatedAt(text));

        JsonNode.Parse(TemplateJson.Serialize(template))!["meta"]!["createdAt"]!.GetValue<string>().Should().Be(written);
    }

    // 9. RFC 8259 §6 lets a parser limit the range of numbers; 1e400 was read as +Infinity without a word, and then
    //    the model could not be written (Serialize and ToCreationRequest threw a bare ArgumentException).
    [Fact]
    public void A_number_beyond_the_range_of_double_is_refused_on_read()
    {
        var json = WithSpecificEnv("{\"autoScaling\":{\"metricThresholdPercentage\":1e400}}");

        var act = () => TemplateJson.Deserialize<WorkloadTemplate>(json);

        act.Should().Throw<TemplateJsonException>().Which.Path.Should().Be("$.spec.specificEnv.autoScaling.metricThresholdPercentage");
    }

    // 11. Judgement (RFC 8259 §8.1: a parser MAY ignore a BOM): DeserializeAsync skipped a UTF-8 BOM, Deserialize(bytes)
    //     refused the same bytes ("'0xEF' is an invalid start of a value"). Every overload skips it now.
    [Fact]
    public async Task A_utf8_byte_order_mark_is_treated_alike_by_every_overload()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Minimal)).ToArray();
        using var stream = new MemoryStream(bytes);

        var fromStream = await TemplateJson.DeserializeAsync<WorkloadTemplate>(stream);
        var fromBytes = TemplateJson.Deserialize<WorkloadTemplate>(bytes);

        fromBytes.Meta.Name.Should().Be(fromStream.Meta.Name);
    }
}
