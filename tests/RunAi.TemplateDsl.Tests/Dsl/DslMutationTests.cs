using System.Text.Json;
using System.Text.Json.Nodes;
using RunAi.TemplateDsl.Tests.Rules;

namespace RunAi.TemplateDsl.Tests.Dsl;

/// <summary>
/// Behaviour of the DSL that manual mutation testing found unpinned: each test fails on one plausible regression
/// (named in its "Guards against" line) and passes on the library as written.
/// </summary>
public sealed class DslMutationTests
{
    private const string Env = Valid.EnvironmentId;
    private const string ClusterId = Valid.ClusterId;

    private static TemplateBuilder Base => Template.Named("x").WithEnvironment(Env);

    private static JsonNode Json(TemplateBuilder builder) => JsonNode.Parse(TemplateJson.Serialize(builder.ToRequest()))!;

    private static JsonNode SpecificEnv(TemplateBuilder builder) => Json(builder)["spec"]!["specificEnv"]!;

    // ------------------------------------------------------------------ scope: every In… replaces the scope and all of its ids

    public static TheoryData<string, Func<TemplateBuilder, TemplateBuilder>> EarlierScopes() => new()
    {
        { "project", b => b.InProject(3) },
        { "department", b => b.InDepartment("9") },
        { "cluster", b => b.InCluster(ClusterId) },
        { "all ids at once", b => b.InScope(Scope.System, projectId: 3, departmentId: "9", clusterId: ClusterId) },
    };

    // Guards against: an In… method that keeps an id of an earlier scope (InProject/InTenant not clearing, ClearScope forgetting clusterId).
    [Theory]
    [MemberData(nameof(EarlierScopes))]
    public void Every_In_method_replaces_the_scope_and_clears_the_ids_of_an_earlier_one(string earlier, Func<TemplateBuilder, TemplateBuilder> scope)
    {
        var start = scope(Base);

        Meta(start.InProject(42)).Should().Be("{\"scope\":\"project\",\"projectId\":42}", earlier);
        Meta(start.InDepartment("7")).Should().Be("{\"scope\":\"department\",\"departmentId\":\"7\"}", earlier);
        Meta(start.InCluster(Guid.Parse(ClusterId))).Should().Be("{\"scope\":\"cluster\",\"clusterId\":\"" + ClusterId + "\"}", earlier);
        Meta(start.InTenant()).Should().Be("{\"scope\":\"tenant\"}", earlier);

        static string Meta(TemplateBuilder b)
        {
            var meta = Json(b)["meta"]!.AsObject();
            meta.Remove("name");
            return meta.ToJsonString();
        }
    }

    // ------------------------------------------------------------------ meta.workloadSupportedTypes.distributed

    // Guards against: WithMaster or WithoutMaster alone not counting as a distributed declaration (no distributed: true, no spec.distributed).
    [Fact]
    public void WithMaster_or_WithoutMaster_alone_declares_the_template_distributed()
    {
        foreach (var builder in new[] { Base.InTenant().WithMaster(m => m.WithCommand("python master.py")), Base.InTenant().WithoutMaster() })
        {
            var json = Json(builder);

            json["meta"]!["workloadSupportedTypes"]!.ToJsonString().Should().Be("{\"distributed\":true}");
            json["spec"]!["distributed"].Should().NotBeNull();
        }
    }

    // Guards against: WithoutMaster(false) not written, or a distributed declaration dropping the flags declared before it.
    [Fact]
    public void The_distributed_flag_is_added_to_the_types_declared_before_not_in_place_of_them()
    {
        var json = Json(Base.InTenant().ForTraining().ForWorkspace(false).WithoutMaster(false));

        json["meta"]!["workloadSupportedTypes"]!.ToJsonString().Should().Be("{\"workspace\":false,\"training\":true,\"distributed\":true}");
        json["spec"]!["distributed"]!.ToJsonString().Should().Be("{\"noMaster\":false}");
    }

    // ------------------------------------------------------------------ With… replaces, Add… appends

    // Guards against: WithWorkloadVolumes (template or master) appending to the earlier volumes instead of replacing them.
    [Fact]
    public void WithWorkloadVolumes_replaces_the_earlier_volumes()
    {
        var request = Base.InTenant().WithWorkloadVolumes("a", "b").WithWorkloadVolumes("c")
            .Distributed(DistributedFramework.PyTorch, 2)
            .WithMaster(m => m.WithEnvironment(Env).WithWorkloadVolumes("m1").WithWorkloadVolumes("m2").WithToolTypes(ToolType.TensorBoard).WithToolTypes(ToolType.JupyterNotebook))
            .ToRequest();

        request.Spec.Assets.WorkloadVolumes.Should().Equal("c");
        request.Spec.Distributed!.Master!.Assets!.WorkloadVolumes.Should().Equal("m2");
        request.Spec.Distributed.Master.Assets.Environment.ToolTypes.Should().Equal(ToolType.JupyterNotebook);
    }

    // Guards against: a data source without a container path written with an empty "overrides": {} object.
    [Fact]
    public void A_data_source_without_a_container_path_writes_no_overrides()
    {
        var json = Json(Base.InTenant().AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId).AddDataSource(DataSourceKind.Git, Valid.OtherDataSourceId, "/src"));

        json["spec"]!["assets"]!["datasources"]!.ToJsonString().Should().Be(
            "[{\"id\":\"" + Valid.DataSourceId + "\",\"kind\":\"pvc\"},{\"id\":\"" + Valid.OtherDataSourceId + "\",\"kind\":\"git\",\"overrides\":{\"containerPath\":\"/src\"}}]");
    }

    // ------------------------------------------------------------------ shortcuts write the operator and values they are named for

    // Guards against: a shortcut (In/NotIn/Exists/DoesNotExist/Gt/Lt) writing another operator, or Exists writing "values": [].
    [Fact]
    public void Each_match_shortcut_writes_its_operator_and_exactly_its_values()
    {
        var affinity = SpecificEnv(Base.InTenant().WithNodeAffinity(n => n.Term(t => t
            .In("zone", "a", "b").NotIn("pool", "spot").Exists("gpu").DoesNotExist("cordoned").Gt("gpu.count", 4).Lt("gpu.memory", -1))))["nodeAffinityRequired"]!;

        affinity.ToJsonString().Should().Be(
            "{\"nodeSelectorTerms\":[{\"matchExpressions\":["
            + "{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"a\",\"b\"]},"
            + "{\"key\":\"pool\",\"operator\":\"NotIn\",\"values\":[\"spot\"]},"
            + "{\"key\":\"gpu\",\"operator\":\"Exists\"},"
            + "{\"key\":\"cordoned\",\"operator\":\"DoesNotExist\"},"
            + "{\"key\":\"gpu.count\",\"operator\":\"Gt\",\"values\":[\"4\"]},"
            + "{\"key\":\"gpu.memory\",\"operator\":\"Lt\",\"values\":[\"-1\"]}]}]}");
    }

    // Guards against: a node affinity configured without terms written as an object without its nodeSelectorTerms list.
    [Fact]
    public void A_node_affinity_without_terms_writes_an_empty_term_list()
    {
        SpecificEnv(Base.InTenant().WithNodeAffinity(n => n))["nodeAffinityRequired"]!.ToJsonString().Should().Be("{\"nodeSelectorTerms\":[]}");
    }

    // Guards against: TolerateAny writing operator Equal (or a value), or Tolerate writing Exists.
    [Fact]
    public void Tolerate_writes_Equal_with_the_value_and_TolerateAny_writes_Exists_without_one()
    {
        var tolerations = SpecificEnv(Base.InTenant().Tolerate("gpu", "present", TolerationEffect.NoSchedule).TolerateAny("dedicated", TolerationEffect.NoExecute))["tolerations"]!;

        tolerations.ToJsonString().Should().Be(
            "[{\"operator\":\"Equal\",\"key\":\"gpu\",\"value\":\"present\",\"effect\":\"NoSchedule\"},{\"operator\":\"Exists\",\"key\":\"dedicated\",\"effect\":\"NoExecute\"}]");
    }

    // Guards against: Public writing another authorization type, or OnlyGroups/OnlyUsers keeping the other list set before.
    [Fact]
    public void Each_serving_port_access_shortcut_writes_its_type_and_only_its_own_list()
    {
        static string Access(Func<ServingPortAccessBuilder, ServingPortAccessBuilder> configure) =>
            SpecificEnv(Valid.Inference.WithServingPortAccess(configure))["servingPortAccess"]!.ToJsonString();

        Access(s => s.OnlyUsers("alice").OnlyGroups("ml-team")).Should().Be("{\"authorizationType\":\"authorizedGroups\",\"authorizedGroups\":[\"ml-team\"]}");
        Access(s => s.OnlyGroups("ml-team").OnlyUsers("alice")).Should().Be("{\"authorizationType\":\"authorizedUsers\",\"authorizedUsers\":[\"alice\"]}");
        Access(s => s.OnlyGroups("ml-team").Public()).Should().Be("{\"authorizationType\":\"public\"}");
        Access(s => s.OnlyUsers("alice").AuthenticatedUsers()).Should().Be("{\"authorizationType\":\"authenticatedUsers\"}");
    }

    // Guards against: the supplementary group ids joined with another separator (", ") than the API's plain comma.
    [Fact]
    public void Supplemental_group_ids_are_written_comma_separated_without_spaces()
    {
        SpecificEnv(Base.InTenant().WithSupplementalGroups(2000, 0, 3000))["supplementalGroups"]!.GetValue<string>().Should().Be("2000,0,3000");
        SpecificEnv(Base.InTenant().WithSupplementalGroups(Array.Empty<long>()))["supplementalGroups"]!.GetValue<string>().Should().BeEmpty();
    }

    // ------------------------------------------------------------------ nothing set, nothing written

    // Guards against: a template or master without run parameters written with an empty "specificEnv": {}.
    [Fact]
    public void A_template_or_master_without_run_parameters_writes_no_specificEnv()
    {
        var request = Base.InTenant().Distributed(DistributedFramework.PyTorch, 2).WithMaster(m => m.WithEnvironment(Env)).ToRequest();

        request.Spec.SpecificEnv.Should().BeNull();
        request.Spec.Distributed!.Master!.SpecificEnv.Should().BeNull();
        TemplateJson.Serialize(request).Should().NotContain("specificEnv");
    }

    // ------------------------------------------------------------------ null and invalid arguments

    // Guards against: the master's WithWorkloadVolumes accepting a null item (sent as JSON null) instead of naming the parameter.
    [Fact]
    public void The_masters_WithWorkloadVolumes_refuses_a_null_item_naming_the_parameter()
    {
        var act = () => Valid.Distributed.WithMaster(m => m.WithEnvironment(Env).WithWorkloadVolumes("a", null!));

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("volumes");
    }

    // Guards against: a negative supplementary group id reported under another parameter name than the method's.
    [Fact]
    public void A_negative_supplementary_group_id_is_refused_naming_the_parameter()
    {
        var act = () => Valid.Template.WithSupplementalGroups(2000, -1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("groupIds");
    }

    // ------------------------------------------------------------------ immutability: no state shared with what goes in or out

    // Guards against: AddEnvironmentVariable keeping the caller's object (or its dictionaries of unknown members) instead of a copy.
    [Fact]
    public void A_variable_handed_in_is_copied_with_its_unknown_members_so_later_changes_do_not_reach_the_builder()
    {
        var extra = JsonDocument.Parse("""{"since":"v2.99"}""").RootElement.Clone();
        var variableMembers = new Dictionary<string, JsonElement> { ["futureVariable"] = extra };
        var podMembers = new Dictionary<string, JsonElement> { ["futurePod"] = extra };
        var variable = new EnvironmentVariableOfAsset
        {
            Name = "POD",
            PodFieldRef = new EnvironmentVariablePodFieldReference { Path = "metadata.name", AdditionalProperties = podMembers },
            AdditionalProperties = variableMembers,
        };
        var builder = Valid.Template.AddEnvironmentVariable(variable);
        var before = TemplateJson.Serialize(builder.ToRequest());

        variable.Name = "CHANGED";
        variableMembers["late"] = extra;
        podMembers["late"] = extra;

        TemplateJson.Serialize(builder.ToRequest()).Should().Be(before);
    }

    // Guards against: the copy of a variable's unknown members keeping elements of the caller's JsonDocument, which the
    // caller may dispose while the builder lives (the builder then fails to build).
    [Fact]
    public void A_variable_handed_in_keeps_its_unknown_members_after_the_callers_json_document_is_disposed()
    {
        TemplateBuilder builder;
        using (var document = JsonDocument.Parse("""{"since":"v2.99","tags":["a","b"]}"""))
        {
            builder = Valid.Template.AddEnvironmentVariable(new EnvironmentVariableOfAsset
            {
                Name = "FUTURE",
                Value = "1",
                AdditionalProperties = new Dictionary<string, JsonElement> { ["future"] = document.RootElement },
            });
        }

        TemplateJson.Serialize(builder.Build()).Should().Contain("""
            {"name":"FUTURE","value":"1","future":{"since":"v2.99","tags":["a","b"]}}
            """.Trim());
    }

    // Guards against: a built request sharing the pod affinity, a connection's user list or unknown members with the builder.
    [Fact]
    public void Changing_any_object_of_a_built_request_does_not_reach_the_builder()
    {
        var extra = JsonDocument.Parse("1").RootElement.Clone();
        var builder = DslTests.Everything().AddEnvironmentVariable(new EnvironmentVariableOfAsset
        {
            Name = "POD2",
            PodFieldRef = new EnvironmentVariablePodFieldReference { Path = "metadata.uid", AdditionalProperties = new Dictionary<string, JsonElement> { ["a"] = extra } },
            AdditionalProperties = new Dictionary<string, JsonElement> { ["b"] = extra },
        });
        var before = TemplateJson.Serialize(builder.ToRequest());
        var request = builder.ToRequest();
        var env = request.Spec.SpecificEnv!;

        env.PodAffinity!.Key = "mutated";
        env.Connections![0].AuthorizedUsers!.Add("mallory");
        env.Connections[1].AuthorizedGroups!.Add("intruders");
        env.ServingPortAccess!.AuthorizedGroups!.Add("intruders");
        env.Tolerations![0].Seconds = 1;
        env.Annotations![0].Value = "mutated";
        env.Labels![0].Value = "mutated";
        env.ImagePullSecrets![0].UserCredential = true;
        env.EnvironmentVariables![^1].AdditionalProperties!["c"] = extra;
        env.EnvironmentVariables[^1].PodFieldRef!.AdditionalProperties!["c"] = extra;
        request.Spec.Assets.Datasources![0].Overrides!.ContainerPath = "/mutated";
        request.Spec.Assets.WorkloadVolumes!.Add("mutated");

        TemplateJson.Serialize(builder.ToRequest()).Should().Be(before);
    }
    /// <summary>
    /// The serving port's users, which the test above cannot reach (its template lists groups, and a template has one or
    /// the other, RAI5001): a copy that shared that list went unnoticed by every test (found by mutation testing).
    /// </summary>
    [Fact]
    public void Changing_the_serving_ports_users_of_a_built_request_does_not_reach_the_builder()
    {
        var builder = Valid.Inference.WithServingPortAccess(a => a.OnlyUsers("alice"));
        var before = TemplateJson.Serialize(builder.ToRequest());

        builder.ToRequest().Spec.SpecificEnv!.ServingPortAccess!.AuthorizedUsers!.Add("mallory");

        before.Should().Contain("\"alice\"");
        TemplateJson.Serialize(builder.ToRequest()).Should().Be(before);
    }

    // ------------------------------------------------------------------ more With… replaces / Add… appends

    // Guards against: AuthorizedUsers/AuthorizedGroups of the serving port or of a connection appending to the earlier list instead of replacing it.
    [Fact]
    public void The_user_and_group_lists_of_access_and_connections_are_replaced_not_appended()
    {
        var env = Valid.Inference
            .WithServingPortAccess(s => s.AuthorizedUsers("a", "b").AuthorizedUsers("c").AuthorizedGroups("g1").AuthorizedGroups("g2"))
            .AddConnection("jupyter", c => c.AuthorizedUsers("a").AuthorizedUsers("b").AuthorizedGroups("g1", "g2").AuthorizedGroups("g3"))
            .ToRequest().Spec.SpecificEnv!;

        env.ServingPortAccess!.AuthorizedUsers.Should().Equal("c");
        env.ServingPortAccess.AuthorizedGroups.Should().Equal("g2");
        env.Connections!.Single().AuthorizedUsers.Should().Equal("b");
        env.Connections!.Single().AuthorizedGroups.Should().Equal("g3");
    }

    // Guards against: Term replacing the earlier terms instead of appending one (terms are ORed).
    [Fact]
    public void Term_appends_a_term()
    {
        var terms = Base.InTenant().WithNodeAffinity(n => n.Term(t => t.Exists("a")).Term(t => t.Exists("b"))).ToRequest()
            .Spec.SpecificEnv!.NodeAffinityRequired!.NodeSelectorTerms!;

        terms.Select(t => t.MatchExpressions!.Single().Key).Should().Equal("a", "b");
    }

    // Guards against: WithNodeAffinity/WithAutoscaling/WithServingPortAccess/WithMaster configuring on top of the earlier setting instead of replacing it.
    [Fact]
    public void A_configuring_With_method_starts_from_nothing_and_replaces_the_earlier_setting()
    {
        var request = Valid.Inference
            .WithNodeAffinity(n => n.Term(t => t.Exists("old"))).WithNodeAffinity(n => n.Term(t => t.Exists("new")))
            .WithAutoscaling(a => a.MinReplicas(0).ScaleToZeroRetention(300)).WithAutoscaling(a => a.MaxReplicas(2))
            .WithServingPortAccess(s => s.ClusterLocalAccessOnly()).WithServingPortAccess(s => s.Public())
            .Distributed(DistributedFramework.PyTorch, 2)
            .WithMaster(m => m.WithEnvironment(Env).WithCommand("old")).WithMaster(m => m.WithArgs("--new"))
            .ToRequest();
        var json = JsonNode.Parse(TemplateJson.Serialize(request))!["spec"]!;

        json["specificEnv"]!["nodeAffinityRequired"]!.ToJsonString().Should().Be("{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"new\",\"operator\":\"Exists\"}]}]}");
        json["specificEnv"]!["autoScaling"]!.ToJsonString().Should().Be("{\"maxReplicas\":2}");
        json["specificEnv"]!["servingPortAccess"]!.ToJsonString().Should().Be("{\"authorizationType\":\"public\"}");
        json["distributed"]!["master"]!.ToJsonString().Should().Be("{\"specificEnv\":{\"args\":\"--new\"}}");
    }

    // Guards against: WithNodePools() with no pools writing nothing instead of the empty list it sets (nodePools has no EmptyIsAbsent).
    [Fact]
    public void WithNodePools_without_pools_writes_an_empty_list()
    {
        SpecificEnv(Base.InTenant().WithNodePools("a100").WithNodePools())["nodePools"]!.ToJsonString().Should().Be("[]");
    }

    // ------------------------------------------------------------------ each method writes its own member

    // Guards against: a Guid overload formatting otherwise than the text overload ("D", lower case) or dropping an argument (containerPath).
    [Fact]
    public void The_Guid_overloads_of_the_template_write_what_the_text_ones_write()
    {
        var data = Guid.Parse(Valid.DataSourceId);
        var byGuid = Template.Named("x").InCluster(Guid.Parse(ClusterId)).WithEnvironment(Guid.Parse(Env.ToUpperInvariant()))
            .WithCompute(Guid.Parse(Valid.ComputeId)).AddDataSource(DataSourceKind.Pvc, data, "/data");
        var byText = Template.Named("x").InCluster(ClusterId).WithEnvironment(Env)
            .WithCompute(Valid.ComputeId).AddDataSource(DataSourceKind.Pvc, Valid.DataSourceId, "/data");

        TemplateJson.Serialize(byGuid.ToRequest()).Should().Be(TemplateJson.Serialize(byText.ToRequest()));
        byGuid.ToRequest().Spec.Assets.Environment.Should().Be(Env);
    }

    // Guards against: WithPrivate and WithAutoDelete writing each other's member, or meta.private not copied into the request.
    [Fact]
    public void WithPrivate_and_WithAutoDelete_write_their_own_meta_members()
    {
        var meta = Json(Base.InTenant().WithPrivate().WithAutoDelete(false))["meta"]!;

        meta["private"]!.GetValue<bool>().Should().BeTrue();
        meta["autoDelete"]!.GetValue<bool>().Should().BeFalse();
        Json(Base.InTenant().WithPrivate(false))["meta"]!.AsObject().Should().NotContainKey("autoDelete");
    }

    // Guards against: the config map's name and key written in each other's place.
    [Fact]
    public void A_config_map_variable_writes_the_map_name_and_the_key_in_place()
    {
        SpecificEnv(Base.InTenant().AddEnvironmentVariableFromConfigMap("DATASET", "dataset-config", "path"))["environmentVariables"]!.ToJsonString()
            .Should().Be("[{\"name\":\"DATASET\",\"configMap\":{\"name\":\"dataset-config\",\"key\":\"path\"}}]");
    }

    // Guards against: a master with tool types only (no other asset) written without assets, losing the tool types.
    [Fact]
    public void A_masters_tool_types_alone_are_written()
    {
        var master = Valid.Distributed.WithMaster(m => m.WithToolTypes(ToolType.TensorBoard)).ToRequest().Spec.Distributed!.Master!;

        master.Assets!.Environment.ToolTypes.Should().Equal(ToolType.TensorBoard);
    }

    // Guards against: copying a variable's unknown members with a case-insensitive dictionary (JSON names are case-sensitive).
    [Fact]
    public void Unknown_members_of_a_variable_that_differ_only_in_case_are_both_kept()
    {
        var variable = TemplateJson.Deserialize<SpecificRunParams>("""{"environmentVariables":[{"name":"A","value":"1","future":1,"FUTURE":2}]}""").EnvironmentVariables!.Single();

        var written = SpecificEnv(Base.InTenant().AddEnvironmentVariable(variable))["environmentVariables"]![0]!;

        written["future"]!.GetValue<int>().Should().Be(1);
        written["FUTURE"]!.GetValue<int>().Should().Be(2);
    }
    // Guards against: a copy-paste slip that writes one member's value under another's name (runAsGid = runAsUid,
    // completions = parallelism, …): every scalar gets a distinct value, and each is read back under its own name.
    [Fact]
    public void Every_scalar_run_parameter_is_written_with_its_own_value()
    {
        var env = SpecificEnv(Base.InTenant()
            .WithCommand("cmd").WithArgs("args").WithCategory("cat").WithNodeType("nt").WithPriorityClass(PriorityClasses.Low).WithSupplementalGroups("5,6")
            .WithAutoDeletionAfterCompletion(11).WithBackoffLimit(12).WithCompletions(13).WithParallelism(14)
            .WithRunAsUid(15).WithRunAsGid(16).WithTerminationGracePeriod(17)
            .WithTerminateAfterPreemption(false).WithAllowOverQuota(true)
            .WithPreemptibility(Preemptibility.Preemptible).WithRestartPolicy(RestartPolicy.Never)
            .WithPodAffinity(PodAffinityType.Preferred, "zone")
            .AddLabel("label", "label-value").AddAnnotation("annotation", "annotation-value").AddImagePullSecret("secret", userCredential: true));

        Wire.JsonTree.ShouldEqual(env.ToJsonString(), """
            {
              "command": "cmd", "args": "args", "category": "cat", "nodeType": "nt", "priorityClass": "low", "supplementalGroups": "5,6",
              "autoDeletionTimeAfterCompletionSeconds": 11, "backoffLimit": 12, "completions": 13, "parallelism": 14,
              "runAsUid": 15, "runAsGid": 16, "terminationGracePeriodSeconds": 17,
              "terminateAfterPreemption": false, "allowOverQuota": true,
              "preemptibility": "preemptible", "restartPolicy": "Never",
              "podAffinity": { "type": "Preferred", "key": "zone" },
              "labels": [ { "name": "label", "value": "label-value" } ],
              "annotations": [ { "name": "annotation", "value": "annotation-value" } ],
              "imagePullSecrets": [ { "name": "secret", "userCredential": true } ]
            }
            """);
    }

    [Fact]
    public void A_connection_builder_is_not_changed_by_a_call_on_it_whose_result_is_discarded()
    {
        // Immutable like every builder: only the builder the lambda returns counts.
        var connection = Valid.Template.AddConnection("jupyter", c =>
        {
            var users = c.AuthorizedUsers("alice");
            _ = users.ExternalUrl("https://discarded.example.com");
            _ = c.NodePort(30080);
            return users;
        }).ToRequest().Spec.SpecificEnv!.Connections!.Single();

        connection.AuthorizedUsers.Should().Equal("alice");
        connection.ExternalUrl.Should().BeNull();
        connection.NodePort.Should().BeNull();
    }
}
