using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RunAi.TemplateDsl.Emulator;
using RunAi.TemplateDsl.Tests.Client;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Emulator;

/// <summary>The emulator over raw HTTP: status codes and Error bodies of the spec, bearer checks, the token endpoint, faults.</summary>
public sealed class EmulatorHttpTests : IAsyncLifetime, IDisposable
{
    private const string Collection = "api/v1/asset/workload-template";
    private RunAiEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await StartEmulatorAsync();
        _http = new HttpClient { BaseAddress = _emulator.BaseUri };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.Token);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public void The_emulator_listens_on_127_0_0_1()
    {
        _emulator.BaseUri.Host.Should().Be("127.0.0.1");
        _emulator.Port.Should().BePositive();
        _emulator.BaseUrl.Should().Be($"http://127.0.0.1:{_emulator.Port}");
    }

    [Fact]
    public async Task A_request_without_a_valid_bearer_token_is_a_401_with_an_Error_body()
    {
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseUri };

        using var response = await anonymous.GetAsync(Collection);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        var error = TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync());
        error.Code.Should().Be(401);
        error.Message.Should().Be("Unauthorized");
    }

    [Fact]
    public async Task Create_is_202_with_a_WorkloadTemplate_body_and_delete_is_202_with_an_HttpResponse_body()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("raw")));
        created.StatusCode.Should().Be(HttpStatusCode.Accepted);
        created.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var template = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync());

        using var deleted = await _http.DeleteAsync($"{Collection}/{template.Meta.Id}");

        deleted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        TemplateJson.Deserialize<ApiResponse>(await deleted.Content.ReadAsStringAsync()).Code.Should().Be(202);
        using var again = await _http.DeleteAsync($"{Collection}/{template.Meta.Id}");
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        TemplateJson.Deserialize<ApiError>(await again.Content.ReadAsStringAsync()).Code.Should().Be(404);
    }

    [Fact]
    public async Task Malformed_json_and_missing_required_members_are_400_with_the_path()
    {
        using var truncated = await PostAsync("""{"meta":{"name":"x","scope":"project",""");
        using var missing = await PostAsync("""{"meta":{"name":"x","scope":"tenant"},"spec":{"assets":{}}}""");

        truncated.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await truncated.Content.ReadAsStringAsync()).Details.Should().Contain("$.meta");
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await missing.Content.ReadAsStringAsync()).Details.Should().Contain("environment");
    }

    [Fact]
    public async Task An_unknown_scope_is_a_400()
    {
        using var response = await PostAsync(TemplateJson.Serialize(Request("odd", new Scope("galaxy"))));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Details.Should().Contain("galaxy");
    }

    [Fact]
    public async Task Put_changes_only_what_the_update_schema_allows()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("fixed-scope", projectId: 3, supports: new WorkloadSupportedTypes { Training = true })));
        var template = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync());
        var body = """
            {"meta":{"name":"renamed","description":"new","scope":"tenant","projectId":99,"id":"00000000-0000-0000-0000-000000000000",
                     "createdBy":"mallory","workloadSupportedTypes":{"workspace":true}},
             "spec":{"assets":{"environment":"ENV"}}}
            """.Replace("ENV", EnvironmentId, StringComparison.Ordinal);

        using var response = await _http.PutAsync($"{Collection}/{template.Meta.Id}", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var updated = TemplateJson.Deserialize<WorkloadTemplate>(await response.Content.ReadAsStringAsync());
        updated.Meta.Name.Should().Be("renamed");
        updated.Meta.Description.Should().Be("new");
        updated.Meta.Id.Should().Be(template.Meta.Id);
        updated.Meta.Scope.Should().Be(Scope.Project);
        updated.Meta.ProjectId.Should().Be(3);
        updated.Meta.CreatedBy.Should().Be("emulator-user");
        updated.Meta.WorkloadSupportedTypes!.Training.Should().BeTrue();
        updated.Meta.WorkloadSupportedTypes.Workspace.Should().BeNull();
        updated.Spec.Assets.Compute.Should().BeNull("the spec is replaced as a whole");
    }

    [Fact]
    public async Task A_null_data_source_item_is_a_400_naming_its_path_on_create_and_update()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("keeps-its-sources")));
        var template = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync());
        var withNull = $$"""{"environment":"{{EnvironmentId}}","datasources":[{"id":"{{PvcId}}","kind":"pvc"},null]}""";

        using var create = await PostAsync("""{"meta":{"name":"null-source","scope":"tenant"},"spec":{"assets":""" + withNull + "}}");
        using var update = await _http.PutAsync(
            $"{Collection}/{template.Meta.Id}",
            new StringContent("""{"meta":{"name":"keeps-its-sources"},"spec":{"assets":""" + withNull + "}}", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { create, update })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var error = TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync());
            error.Code.Should().Be(400);
            error.Details.Should().StartWith("spec.assets.datasources[1]: a data source cannot be null");
        }

        var stored = (await _emulator.GetTemplatesAsync()).Should().ContainSingle().Which;
        stored.Spec.Assets.Datasources.Should().ContainSingle().Which.Id.Should().Be(PvcId, "the rejected update changed nothing");
    }

    [Theory]
    [InlineData(nameof(RunAiEmulatorOptions.Token), "")]
    [InlineData(nameof(RunAiEmulatorOptions.ReadOnlyToken), " t")]
    [InlineData(nameof(RunAiEmulatorOptions.ClientId), "")]
    [InlineData(nameof(RunAiEmulatorOptions.ClientSecret), "s ")]
    public async Task An_empty_token_or_client_credential_is_refused_at_start_naming_it(string name, string value)
    {
        // An unset CI variable: a token no request could present (the header is trimmed), or credentials anyone could give.
        var options = new RunAiEmulatorOptions();
        typeof(RunAiEmulatorOptions).GetProperty(name)!.SetValue(options, value);

        var start = () => RunAiEmulator.StartAsync(options);

        (await start.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().StartWith(name + " must not be empty or begin or end with white space");
    }

    [Fact]
    public async Task Null_items_of_lists_of_strings_are_a_400_naming_each_path_on_create_and_update()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("keeps-its-lists")));
        var template = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync());
        var spec = """
            {"assets":{"environment":"ENV","workloadVolumes":["v",null]},
             "specificEnv":{"nodePools":[null],"connections":[{"name":"c","authorizedUsers":["u",null]}],
              "nodeAffinityRequired":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"k","operator":"In","values":[null]}]}]},
              "servingPortAccess":{"authorizationType":"authorizedGroups","authorizedGroups":[null]}}}
            """.Replace("ENV", EnvironmentId, StringComparison.Ordinal);

        using var create = await PostAsync("""{"meta":{"name":"null-strings","scope":"tenant"},"spec":""" + spec + "}");
        using var update = await _http.PutAsync($"{Collection}/{template.Meta.Id}", new StringContent("""{"meta":{"name":"keeps-its-lists"},"spec":""" + spec + "}", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { create, update })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Details!.Split('\n').Should().BeEquivalentTo(
                "spec.assets.workloadVolumes[1]: an item cannot be null; give a string or leave the item out",
                "spec.specificEnv.nodePools[0]: an item cannot be null; give a string or leave the item out",
                "spec.specificEnv.servingPortAccess.authorizedGroups[0]: an item cannot be null; give a string or leave the item out",
                "spec.specificEnv.connections[0].authorizedUsers[1]: an item cannot be null; give a string or leave the item out",
                "spec.specificEnv.nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[0].values[0]: an item cannot be null; give a string or leave the item out");
        }

        TemplateJson.Serialize((await _emulator.GetTemplatesAsync()).Should().ContainSingle().Which).Should().Be(TemplateJson.Serialize(template), "nothing rejected was stored");
    }

    /// <summary>
    /// A null connection was stored and answered back (202, then in every list), though SpecificRunConnectionInfo is the
    /// one object item the spec does not make nullable.
    /// </summary>
    [Fact]
    public async Task A_null_connection_is_a_400_on_create_and_update_at_the_top_level_and_the_masters()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("keeps-its-connections")));
        var template = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync());
        var spec = """
            {"assets":{"environment":"ENV"},"specificEnv":{"connections":[{"name":"c"},null]},
             "distributed":{"distFramework":"PyTorch","numWorkers":2,"master":{"specificEnv":{"connections":[null]}}}}
            """.Replace("ENV", EnvironmentId, StringComparison.Ordinal);

        using var create = await PostAsync("""{"meta":{"name":"null-connection","scope":"tenant","workloadSupportedTypes":{"distributed":true,"distFramework":"PyTorch"}},"spec":""" + spec + "}");
        using var update = await _http.PutAsync($"{Collection}/{template.Meta.Id}", new StringContent("""{"meta":{"name":"keeps-its-connections"},"spec":""" + spec + "}", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { create, update })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Details!.Split('\n').Should().BeEquivalentTo(
                "spec.specificEnv.connections[1]: an item cannot be null; give a connection or leave the item out",
                "spec.distributed.master.specificEnv.connections[0]: an item cannot be null; give a connection or leave the item out");
        }

        TemplateJson.Serialize((await _emulator.GetTemplatesAsync()).Should().ContainSingle().Which).Should().Be(TemplateJson.Serialize(template), "nothing rejected was stored");
    }

    [Fact]
    public async Task The_masters_tool_types_and_data_sources_are_checked_as_the_spec_gives_them_on_create_and_update()
    {
        // The master's assets were stored as sent: a tool type the spec's enum does not list, and null items, answered 202.
        using var created = await PostAsync(TemplateJson.Serialize(Request("keeps-its-master")));
        var template = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync());
        var spec = """
            {"assets":{"environment":"ENV"},"distributed":{"numWorkers":2,"distFramework":"PyTorch",
             "master":{"assets":{"environment":{"id":"ENV","toolTypes":["jupyter-notebook","bogus",null]},"datasources":[null]}}}}
            """.Replace("ENV", EnvironmentId, StringComparison.Ordinal);

        using var create = await PostAsync("""{"meta":{"name":"odd-master","scope":"tenant","workloadSupportedTypes":{"distributed":true,"distFramework":"PyTorch"}},"spec":""" + spec + "}");
        using var update = await _http.PutAsync($"{Collection}/{template.Meta.Id}", new StringContent("""{"meta":{"name":"keeps-its-master"},"spec":""" + spec + "}", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { create, update })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Details!.Split('\n').Should().Equal(
                "spec.distributed.master.assets.environment.toolTypes[1]: 'bogus' is not one of " + string.Join(", ", ToolType.KnownValues.Select(t => t.Value)),
                "spec.distributed.master.assets.environment.toolTypes[2]: an item cannot be null; give a tool type or leave the item out",
                "spec.distributed.master.assets.datasources[0]: a data source cannot be null; give {\"id\", \"kind\"} or leave the item out");
        }

        TemplateJson.Serialize((await _emulator.GetTemplatesAsync()).Should().ContainSingle().Which).Should().Be(TemplateJson.Serialize(template), "nothing rejected was stored");
    }

    [Fact]
    public async Task A_data_source_sent_with_the_name_a_read_gives_it_is_stored_with_the_assets_name()
    {
        // Data sources pasted from a GET answer carry their name: the emulator answered 500 (the name went into the
        // stored reference's unknown members, next to its own name).
        var body = """{"meta":{"name":"pasted","scope":"tenant"},"spec":{"assets":{"environment":"ENV","datasources":[{"id":"PVC","kind":"pvc","name":"typed-by-hand","futureFlag":1}]}}}"""
            .Replace("ENV", EnvironmentId, StringComparison.Ordinal).Replace("PVC", PvcId, StringComparison.Ordinal);

        using var create = await PostAsync(body);

        create.StatusCode.Should().Be(HttpStatusCode.Accepted, await create.Content.ReadAsStringAsync());
        var source = TemplateJson.Deserialize<WorkloadTemplate>(await create.Content.ReadAsStringAsync()).Spec.Assets.Datasources.Should().ContainSingle().Which;
        source.Name.Should().NotBe("typed-by-hand", "the name is the asset's, not the request's");
        source.AdditionalProperties.Should().ContainSingle().Which.Key.Should().Be("futureFlag", "other unknown members are kept");
    }

    [Fact]
    public async Task Values_the_spec_enums_do_not_list_are_a_400_naming_each_path_on_create_and_update()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("keeps-its-values")));
        var template = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync());
        var env = """
            {"preemptibility":"maybe","restartPolicy":"Sometimes","podAffinity":{"type":"Foo","key":"k"},
             "tolerations":[{"name":"ok","operator":"Exists","effect":"NoSchedule"},{"name":"t","operator":"Foo","key":"k","effect":"Bar"}],
             "nodeAffinityRequired":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"k","operator":"In","values":["a"]},{"key":"k","operator":"Near","values":["a"]}]}]},
             "servingPortAccess":{"authorizationType":"everyone"}}
            """;
        var spec = """{"assets":{"environment":"ENV"},"specificEnv":PARAMS}""".Replace("PARAMS", env, StringComparison.Ordinal).Replace("ENV", EnvironmentId, StringComparison.Ordinal);
        var expected = new[]
        {
            "spec.specificEnv.preemptibility: 'maybe' is not one of preemptible, non-preemptible",
            "spec.specificEnv.restartPolicy: 'Sometimes' is not one of Always, Never, OnFailure",
            "spec.specificEnv.podAffinity.type: 'Foo' is not one of Required, Preferred",
            "spec.specificEnv.servingPortAccess.authorizationType: 'everyone' is not one of public, authenticatedUsers, authorizedUsers, authorizedGroups, authorizedUsersOrGroups",
            "spec.specificEnv.tolerations[1].operator: 'Foo' is not one of Equal, Exists",
            "spec.specificEnv.tolerations[1].effect: 'Bar' is not one of NoSchedule, NoExecute, PreferNoSchedule, Any",
            "spec.specificEnv.nodeAffinityRequired.nodeSelectorTerms[0].matchExpressions[1].operator: 'Near' is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt",
        };

        using var create = await PostAsync("""{"meta":{"name":"odd-values","scope":"tenant","workloadSupportedTypes":{"training":true}},"spec":""" + spec + "}");
        using var update = await _http.PutAsync($"{Collection}/{template.Meta.Id}", new StringContent("""{"meta":{"name":"keeps-its-values"},"spec":""" + spec + "}", Encoding.UTF8, "application/json"));
        using var framework = await PostAsync("""{"meta":{"name":"horovod","scope":"tenant","workloadSupportedTypes":{"distributed":true,"distFramework":"Horovod"}},"spec":{"assets":{"environment":"ENV"},"distributed":{"numWorkers":2,"distFramework":"Horovod","master":{"specificEnv":{"preemptibility":"maybe"}}}}}""".Replace("ENV", EnvironmentId, StringComparison.Ordinal));

        foreach (var response in new[] { create, update })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var error = TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync());
            error.Message.Should().Be("The request body does not fit the schema.");
            error.Details!.Split('\n').Should().BeEquivalentTo(expected);
        }

        framework.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await framework.Content.ReadAsStringAsync()).Details!.Split('\n').Should().Equal(
            "meta.workloadSupportedTypes.distFramework: 'Horovod' is not one of MPI, PyTorch, TF, XGBoost",
            "spec.distributed.distFramework: 'Horovod' is not one of MPI, PyTorch, TF, XGBoost, JAX",
            "spec.distributed.master.specificEnv.preemptibility: 'maybe' is not one of preemptible, non-preemptible");
        TemplateJson.Serialize((await _emulator.GetTemplatesAsync()).Should().ContainSingle().Which).Should().Be(TemplateJson.Serialize(template), "nothing rejected was stored");
    }

    [Fact]
    public async Task A_template_id_in_upper_case_names_the_same_template()
    {
        using var created = await PostAsync(TemplateJson.Serialize(Request("any-spelling")));
        var id = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync()).Meta.Id;
        var upper = id.ToUpperInvariant();
        upper.Should().NotBe(id);

        using var read = await _http.GetAsync($"{Collection}/{upper}");
        using var update = await _http.PutAsync($"{Collection}/{upper}", new StringContent("""{"meta":{"name":"renamed"},"spec":{"assets":{"environment":"ENV"}}}""".Replace("ENV", EnvironmentId, StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        using var delete = await _http.DeleteAsync($"{Collection}/{{{upper}}}");

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        TemplateJson.Deserialize<WorkloadTemplate>(await read.Content.ReadAsStringAsync()).Meta.Id.Should().Be(id);
        update.StatusCode.Should().Be(HttpStatusCode.Accepted);
        TemplateJson.Deserialize<WorkloadTemplate>(await update.Content.ReadAsStringAsync()).Meta.Name.Should().Be("renamed");
        delete.StatusCode.Should().Be(HttpStatusCode.Accepted, "a UUID in braces is the same UUID");
        (await _emulator.GetTemplatesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_with_an_Error_body()
    {
        // Kestrel refuses a declared length over its limit (30,000,000 bytes) on the first read of the body.
        var (status, body) = await RawAsync(
            "POST /" + Collection + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + _emulator.Token
            + "\r\nContent-Type: application/json\r\nContent-Length: 40000000\r\nConnection: close\r\n\r\n{\"meta\":");

        status.Should().Be(413);
        var error = TemplateJson.Deserialize<ApiError>(body);
        error.Code.Should().Be(413);
        error.Details.Should().Contain("Request body too large");
        (await _emulator.GetTemplatesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Malformed_chunked_framing_is_a_400_with_an_Error_body_at_the_template_and_token_routes()
    {
        foreach (var (path, authorization) in new[] { (Collection, "Authorization: Bearer " + _emulator.Token + "\r\n"), ("api/v1/token", string.Empty) })
        {
            var (status, body) = await RawAsync(
                "POST /" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

            status.Should().Be(400, path);
            var error = TemplateJson.Deserialize<ApiError>(body);
            error.Code.Should().Be(400);
            error.Details.Should().Contain("Bad chunk size data");
        }
    }

    [Theory]
    [InlineData(null, "RAI2001 spec.distributed:")]
    [InlineData("MPI", "RAI2004 meta.workloadSupportedTypes.distFramework:")]
    public async Task An_update_the_stored_metadata_forbids_is_a_400_with_the_rule_and_path_and_stores_nothing(string? framework, string finding)
    {
        var request = Request("ddp", supports: new WorkloadSupportedTypes { Training = true, Distributed = true, DistFramework = DistributedFramework.PyTorch });
        using var created = await PostAsync(TemplateJson.Serialize(request));
        created.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var id = TemplateJson.Deserialize<WorkloadTemplate>(await created.Content.ReadAsStringAsync()).Meta.Id;
        var update = Update(request, "changed");
        update.Spec.Distributed = framework is null ? null : new InfoDistributed { NumWorkers = 2, DistFramework = new DistributedFramework(framework) };
        TemplateValidator.Validate(update).Should().NotContain(v => v.Severity == RuleSeverity.Error, "the update request alone passes");

        using var response = await _http.PutAsync($"{Collection}/{id}", new StringContent(TemplateJson.Serialize(update), Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync());
        error.Message.Should().Be("The template breaks the rule catalog.");
        error.Details.Should().Contain(finding);
        var stored = (await _emulator.GetTemplatesAsync()).Should().ContainSingle().Which;
        stored.Meta.UpdateCount.Should().Be(0);
        stored.Meta.Description.Should().BeNull();
        stored.Spec.Distributed!.DistFramework.Should().Be(DistributedFramework.PyTorch);
        TemplateValidator.Validate(stored).Should().NotContain(v => v.Severity == RuleSeverity.Error);
    }

    [Fact]
    public async Task Two_spellings_of_one_cluster_id_are_one_scope_and_the_filter_takes_either()
    {
        const string upper = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";
        const string lower = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
        using var first = await PostAsync(TemplateJson.Serialize(Request("x", Scope.Cluster, clusterId: upper)));
        using var second = await PostAsync(TemplateJson.Serialize(Request("x", Scope.Cluster, clusterId: lower)));

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        TemplateJson.Deserialize<ApiError>(await second.Content.ReadAsStringAsync()).Details.Should().Contain("'x'").And.Contain(lower);
        // In either case of hex digit; braces or no dashes are a 400, as for meta.clusterId (A_query_value_is_read_as_strictly_as_the_bodies_are).
        foreach (var spelling in new[] { lower, upper })
        {
            foreach (var scope in new[] { string.Empty, "&scope=cluster" })
            {
                using var list = await _http.GetAsync($"{Collection}?clusterId={Uri.EscapeDataString(spelling)}{scope}");
                list.StatusCode.Should().Be(HttpStatusCode.OK);
                var found = TemplateJson.Deserialize<WorkloadTemplateListResponse>(await list.Content.ReadAsStringAsync()).Entries;
                found.Should().ContainSingle($"?clusterId={spelling}{scope}").Which.Meta.ClusterId.Should().Be(upper, "the template keeps the spelling it was created with");
            }
        }
    }

    [Fact]
    public async Task Fifty_concurrent_posts_of_one_name_store_one_template()
    {
        var body = TemplateJson.Serialize(Request("race"));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await PostAsync(body);
            return response.StatusCode;
        }));

        statuses.Count(s => s == HttpStatusCode.Accepted).Should().Be(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).Should().Be(49);
        (await _emulator.GetTemplatesAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task Invalid_query_parameters_are_a_400_listing_each()
    {
        using var response = await _http.GetAsync($"{Collection}?projectId=abc&isTraining=maybe&scope=system");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var details = TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Details;
        details.Should().Contain("projectId").And.Contain("isTraining").And.Contain("scope");
    }

    /// <summary>
    /// Query values were read leniently where the bodies are strict: "True" and " true" passed as true, "+7" as 7, the first
    /// of two values won, and a cluster id with braces or without dashes passed, one meta.clusterId is refused (RAI0006).
    /// Found by the conformance review.
    /// </summary>
    [Theory]
    [InlineData("isDistributed=True", "isDistributed: 'True' is not true or false")]
    [InlineData("isTraining=%20true", "isTraining: ' true' is not true or false")]
    [InlineData("isWorkspace=1", "isWorkspace: '1' is not true or false")]
    [InlineData("projectId=%2B7", "projectId: '+7' is not an integer")]
    [InlineData("projectId=%207", "projectId: ' 7' is not an integer")]
    [InlineData("projectId=7&projectId=abc", "projectId: given 2 times; give it once")]
    [InlineData("scope=tenant&scope=project", "scope: given 2 times; give it once")]
    [InlineData("clusterId=%7Baaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee%7D", "clusterId: '{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}' is not a UUID (8-4-4-4-12 hex digits)")]
    [InlineData("clusterId=aaaaaaaabbbb4ccc8dddeeeeeeeeeeee", "clusterId: 'aaaaaaaabbbb4ccc8dddeeeeeeeeeeee' is not a UUID (8-4-4-4-12 hex digits)")]
    public async Task A_query_value_is_read_as_strictly_as_the_bodies_are(string query, string problem)
    {
        using var response = await _http.GetAsync($"{Collection}?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Details.Should().Be(problem);
    }

    [Theory]
    [InlineData("isDistributed=false&projectId=-7&clusterId=AAAAAAAA-bbbb-4ccc-8ddd-eeeeeeeeeeee")]
    [InlineData("projectId=7&name=x&unknown=1&unknown=2")]
    public async Task Values_as_JSON_writes_them_are_taken(string query)
    {
        using var response = await _http.GetAsync($"{Collection}?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A method a path of the API does not take was a 404 "No route", as if the path or id were wrong (RFC 9110 §15.5.6).</summary>
    [Theory]
    [InlineData("PATCH", "api/v1/asset/workload-template/6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b", "GET, HEAD, PUT, DELETE")]
    [InlineData("POST", "api/v1/asset/workload-template/6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b", "GET, HEAD, PUT, DELETE")]
    [InlineData("DELETE", "api/v1/asset/workload-template", "GET, HEAD, POST")]
    [InlineData("PUT", "api/v1/asset/workload-template/", "GET, HEAD, POST")]
    [InlineData("GET", "api/v1/token", "POST")]
    public async Task A_method_a_path_does_not_take_is_a_405_with_the_methods_it_takes(string method, string path, string allowed)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "GET" ? null : new StringContent("{}", Encoding.UTF8, "application/json") });

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal(allowed.Split(", "));
        var error = TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync());
        error.Code.Should().Be(405);
        error.Details.Should().Contain("takes " + allowed + ", not " + method);
    }

    /// <summary>
    /// The emulator answered any Host: a page whose site re-resolves its name to 127.0.0.1 (DNS rebinding) could read and
    /// change the templates with the documented dev-token. Found by the security review.
    /// </summary>
    [Theory]
    [InlineData("attacker.example", false)]
    [InlineData("127.0.0.1.attacker.example", false)]
    [InlineData("localhost", true)]
    [InlineData("api.localhost", true)]
    [InlineData("127.0.0.1", true)]
    public async Task Only_requests_addressed_to_this_machines_loopback_are_answered(string host, bool answered)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Collection);
        request.Headers.Host = host + ":" + _emulator.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(answered ? HttpStatusCode.OK : HttpStatusCode.BadRequest);
        if (!answered)
        {
            TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Details.Should().Be($"Host '{host}' is not this emulator's address: it answers requests to 127.0.0.1, [::1], localhost and names under localhost only.");
        }
    }

    [Theory]
    [InlineData("api/v1/asset/nothing-here")]
    [InlineData("api/v1/asset/workload-template/abc/def.json")]
    [InlineData("api/v1/asset/workload-template//")]
    [InlineData("favicon.ico")]
    public async Task Unknown_routes_are_a_404_with_an_Error_body(string path)
    {
        using var response = await _http.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Code.Should().Be(404);
    }

    /// <summary>
    /// An issued token was forgotten only when presented after it expired: one never presented again was kept for good,
    /// about 260 bytes each (an emulator that runs all day, a client made per CI job). Found by the resource-leak review.
    /// </summary>
    [Fact]
    public async Task Expired_tokens_that_are_never_presented_again_are_forgotten()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await RunAiEmulator.StartAsync(new RunAiEmulatorOptions { TimeProvider = clock });
        using var anonymous = new HttpClient { BaseAddress = emulator.BaseUri };
        async Task<string> IssueAsync()
        {
            using var response = await anonymous.PostAsync("api/v1/token", new StringContent("""{"grantType":"client_credentials","clientID":"dev-client","clientSecret":"dev-secret"}""", Encoding.UTF8, "application/json"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            using var token = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return token.RootElement.GetProperty("accessToken").GetString()!;
        }

        for (var i = 0; i < RunAi.TemplateDsl.Emulator.Http.TokenService.SweepEvery; i++)
        {
            await IssueAsync();
        }

        emulator.IssuedTokens.Should().HaveCount(RunAi.TemplateDsl.Emulator.Http.TokenService.SweepEvery, "none has expired yet");
        clock.Advance(TimeSpan.FromHours(2));
        var last = string.Empty;
        for (var i = 0; i < RunAi.TemplateDsl.Emulator.Http.TokenService.SweepEvery; i++)
        {
            last = await IssueAsync();
        }

        emulator.IssuedTokens.Should().HaveCount(RunAi.TemplateDsl.Emulator.Http.TokenService.SweepEvery, "the expired ones went at the last issue");
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", last);
        using var list = await anonymous.GetAsync(Collection);
        list.StatusCode.Should().Be(HttpStatusCode.OK, "a valid token stays");
    }

    [Fact]
    public async Task The_token_endpoint_issues_tokens_for_the_configured_client_credentials_only()
    {
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseUri };
        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        using var ok = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"client_credentials","clientID":"dev-client","clientSecret":"dev-secret"}"""));
        using var wrong = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"client_credentials","clientID":"dev-client","clientSecret":"nope"}"""));
        using var grant = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"password","username":"u","password":"p"}"""));
        using var missing = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"client_credentials","clientID":"dev-client"}"""));

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        ok.Headers.CacheControl!.NoStore.Should().BeTrue();
        // The wire names as they are (the token bodies' types are internal to the library and to the emulator alike).
        using var token = System.Text.Json.JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        token.RootElement.GetProperty("expiresIn").GetInt64().Should().Be(3600);
        // The spec of POST /api/v1/token answers 200, 400, 500 or 503: wrong credentials are a 400, not a 401.
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var refused = TemplateJson.Deserialize<ApiError>(await wrong.Content.ReadAsStringAsync());
        refused.Code.Should().Be(400);
        refused.Message.Should().Be("Invalid client credentials.");
        refused.Details.Should().Contain("clientID").And.Contain("clientSecret");
        wrong.Headers.WwwAuthenticate.Should().BeEmpty();
        grant.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await missing.Content.ReadAsStringAsync()).Details.Should().StartWith("clientSecret: required");
        _emulator.Statistics.Unauthorized.Should().Be(0);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        using var list = await anonymous.GetAsync(Collection);
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        _emulator.Statistics.TokensIssued.Should().Be(1);
    }

    /// <summary>
    /// The token endpoint matched member names in any case, the template endpoints exactly: "clientId" (the spec's is
    /// clientID) passed against the emulator. Its malformed-body message named CLR types. Found by the conformance review.
    /// </summary>
    [Fact]
    public async Task The_token_endpoint_matches_the_specs_member_names_exactly_and_says_what_a_body_must_be()
    {
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseUri };
        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        using var miscased = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"client_credentials","clientId":"dev-client","clientSecret":"dev-secret"}"""));
        using var pascal = await anonymous.PostAsync("api/v1/token", Json("""{"GrantType":"client_credentials","ClientID":"dev-client","ClientSecret":"dev-secret"}"""));
        using var wrongKind = await anonymous.PostAsync("api/v1/token", Json("""{"grantType":"client_credentials","clientID":"dev-client","clientSecret":7}"""));

        miscased.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await miscased.Content.ReadAsStringAsync()).Details.Should().Be("clientID: required with grantType client_credentials.");
        pascal.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        wrongKind.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        TemplateJson.Deserialize<ApiError>(await wrongKind.Content.ReadAsStringAsync()).Details.Should()
            .Be("$.clientSecret: the body is not a token request: {\"grantType\": \"client_credentials\", \"clientID\": text, \"clientSecret\": text}.");
        _emulator.Statistics.TokensIssued.Should().Be(0);
    }

    [Fact]
    public async Task Injected_503s_come_with_and_without_Retry_After()
    {
        _emulator.Faults = new EmulatorFaults { UnavailableRate = 1, RetryAfterShare = 0.5, RetryAfter = TimeSpan.FromSeconds(2), Seed = 3 };
        var withHeader = 0;
        for (var i = 0; i < 20; i++)
        {
            using var response = await _http.GetAsync(Collection);
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            TemplateJson.Deserialize<ApiError>(await response.Content.ReadAsStringAsync()).Code.Should().Be(503);
            if (response.Headers.RetryAfter is { } retryAfter)
            {
                retryAfter.Delta.Should().Be(TimeSpan.FromSeconds(2));
                withHeader++;
            }
        }

        withHeader.Should().BeInRange(1, 19);
        _emulator.Statistics.InjectedUnavailable.Should().Be(20);
    }

    [Fact]
    public void Faults_read_as_words_in_the_standalone_emulators_banner()
    {
        // The banner printed the record: "EmulatorFaults { UnavailableRate = 0.5, ..., Seed = , IsActive = True }".
        EmulatorFaults.None.ToString().Should().Be("none");
        new EmulatorFaults { UnavailableRate = 0.3, RetryAfterShare = 0.5, DropAfterProcessingRate = 0.1, Latency = TimeSpan.FromMilliseconds(200), Seed = 7 }.ToString()
            .Should().Be("30% answered 503 (50% of them with Retry-After: 1 s), 10% dropped after processing, 200 ms added latency; seed 7");
        new EmulatorFaults { FirstRequestsDropped = 1 }.ToString().Should().Be("the first 1 dropped after processing");
        new EmulatorFaults { FirstRequestsUnavailable = 2, FirstRequestsDropped = 1 }.ToString()
            .Should().Be("the first 2 requests answered 503, the next 1 dropped after processing");
    }

    [Fact]
    public async Task A_dropped_connection_comes_after_the_request_was_processed()
    {
        _emulator.Faults = new EmulatorFaults { DropAfterProcessingRate = 1 };

        var post = () => PostAsync(TemplateJson.Serialize(Request("dropped")));

        await post.Should().ThrowAsync<HttpRequestException>();
        _emulator.Faults = EmulatorFaults.None;
        (await _emulator.GetTemplatesAsync()).Should().ContainSingle().Which.Meta.Name.Should().Be("dropped");
        _emulator.Statistics.InjectedDrops.Should().Be(1);
    }

    [Fact]
    public async Task The_deterministic_fault_prefix_fails_exactly_the_first_requests_then_serves_normally()
    {
        _emulator.Faults = new EmulatorFaults { FirstRequestsUnavailable = 2, FirstRequestsDropped = 1 };

        using var first = await _http.GetAsync(Collection);
        using var second = await _http.GetAsync(Collection);
        var third = () => PostAsync(TemplateJson.Serialize(Request("dropped-third")));
        await third.Should().ThrowAsync<HttpRequestException>();
        using var fourth = await _http.GetAsync(Collection);

        first.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        second.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        fourth.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _emulator.GetTemplatesAsync()).Should().ContainSingle("the dropped request was processed");
        _emulator.Statistics.InjectedUnavailable.Should().Be(2);
        _emulator.Statistics.InjectedDrops.Should().Be(1);
    }

    [Fact]
    public async Task Latency_is_added_to_template_operations()
    {
        _emulator.Faults = new EmulatorFaults { Latency = TimeSpan.FromMilliseconds(300) };
        var watch = Stopwatch.StartNew();

        using var response = await _http.GetAsync(Collection);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(280));
    }

    [Fact]
    public async Task Latency_is_added_to_the_requests_of_the_deterministic_fault_prefix_too()
    {
        _emulator.Faults = new EmulatorFaults { Latency = TimeSpan.FromMilliseconds(300), FirstRequestsUnavailable = 1 };
        var watch = Stopwatch.StartNew();

        using var response = await _http.GetAsync(Collection);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(280));
    }

    [Fact]
    public void Fault_rates_out_of_range_are_refused()
    {
        var set = () => _emulator.Faults = new EmulatorFaults { UnavailableRate = 0.8, DropAfterProcessingRate = 0.3 };

        set.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Start_refuses_invalid_options_with_ArgumentException_and_a_taken_port_with_IOException()
    {
        var port = () => RunAiEmulator.StartAsync(EmulatorOptions(o => o.Port = 70000));
        var faults = () => RunAiEmulator.StartAsync(EmulatorOptions(o => o.Faults = new EmulatorFaults { UnavailableRate = 2 }));
        var taken = () => RunAiEmulator.StartAsync(EmulatorOptions(o => o.Port = _emulator.Port));

        await port.Should().ThrowAsync<ArgumentException>();
        await faults.Should().ThrowAsync<ArgumentException>();
        await taken.Should().ThrowAsync<IOException>();
        var noFaults = () => RunAiEmulator.StartAsync(EmulatorOptions(o => o.Faults = null!));
        (await noFaults.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("options.Faults");
    }

    /// <summary>
    /// Sends bytes no HttpClient would send (a wrong framing, a length it does not mean to send) and reads the answer
    /// to the end of the connection: the status code and the body, de-chunked.
    /// </summary>
    private async Task<(int Status, string Body)> RawAsync(string request)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _emulator.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer).WaitAsync(TimeSpan.FromSeconds(30));
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        split.Should().BePositive("the answer has a head: " + text);
        var head = text[..split];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var rest = text[(split + 4)..];
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return (status, rest);
        }

        var body = new StringBuilder();
        while (true)
        {
            var end = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(rest[..end], 16);
            if (size == 0)
            {
                return (status, body.ToString());
            }

            body.Append(rest, end + 2, size);
            rest = rest[(end + 2 + size + 2)..];
        }
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _http.PostAsync(Collection, new StringContent(json, Encoding.UTF8, "application/json"));
}
