using System.Reflection;
using System.Text.Json.Nodes;
using RunAi.TemplateDsl.Rules;
using RunAi.TemplateDsl.Tests.Wire;
using RunAi.TemplateDsl.Validation;

namespace RunAi.TemplateDsl.Tests.Dsl;

public sealed class DslTests
{
    internal const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
    internal const string Compute = "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    internal const string Secret = "0f5c4a2e-8b1d-4c3e-9a7f-2d6b8e1c3a5f";

    [Fact]
    public void A_builder_shows_its_name_and_scope_and_never_throws_when_incomplete()
    {
        Template.Named("pytorch-ddp").InProject(42).ToString().Should().Be("Template 'pytorch-ddp' (project 42)");
        Template.Named("a").InDepartment("7").ToString().Should().Be("Template 'a' (department 7)");
        Template.Named("a").InCluster(Guid.Parse("11111111-2222-4333-8444-555555555555")).ToString().Should().Be("Template 'a' (cluster 11111111-2222-4333-8444-555555555555)");
        Template.Named("a").InTenant().ToString().Should().Be("Template 'a' (tenant)");
        Template.Named("a").ToString().Should().Be("Template 'a' (no scope)");
        Template.Named("a").InScope(Scope.Project).ToString().Should().Be("Template 'a' (project)");
        Template.Named(null!).ToString().Should().Be("Template without a name (no scope)");
        new RunAi.TemplateDsl.AsCode.DesiredTemplate("ddp", Template.Named("pytorch-ddp").InProject(42)).ToString().Should().Contain("Template 'pytorch-ddp' (project 42)");
    }

    [Fact]
    public void The_Guid_overloads_of_the_master_and_of_secret_variables_write_what_the_text_ones_write()
    {
        const string Data = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
        TemplateBuilder Master(Func<MasterBuilder, MasterBuilder> master) => Template.Named("ddp").InTenant().WithEnvironment(Env)
            .Distributed(DistributedFramework.PyTorch, workers: 2).WithMaster(master);

        var byGuid = Master(m => m.WithEnvironment(Guid.Parse(Env.ToUpperInvariant())).WithCompute(Guid.Parse(Compute)).AddDataSource(DataSourceKind.Git, Guid.Parse(Data), "/src")
            .AddEnvironmentVariableFromSecret("TOKEN", Guid.Parse(Secret), "token"));
        var byText = Master(m => m.WithEnvironment(Env).WithCompute(Compute).AddDataSource(DataSourceKind.Git, Data, "/src")
            .AddEnvironmentVariableFromSecret("TOKEN", Secret, "token"));

        TemplateJson.Serialize(byGuid.Build()).Should().Be(TemplateJson.Serialize(byText.Build()), "a Guid is written in its lower-case 'D' form");
    }

    /// <summary>A template that sets every member of SpecificRunParams through the DSL.</summary>
    internal static TemplateBuilder Everything() => Template.Named("everything")
        .WithDescription("every field")
        .InProject(42)
        .ForInference()
        .WithEnvironment(Env)
        .WithCompute(Compute)
        .AddDataSource(DataSourceKind.Pvc, "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", containerPath: "/data")
        .WithWorkloadVolumes("scratch")
        .AddConnection("jupyter", c => c.NodePort(30080).ExternalUrl("https://nb.example.com").AuthorizedUsers("alice"))
        .AddConnection("tensorboard", c => c.AuthorizedGroups("ml-team"))
        .AddAnnotation("team", "vision")
        .ExcludeAnnotation("policy-annotation")
        .ExcludeLabel("policy-label")
        .ExcludeImagePullSecret("policy-secret")
        .ExcludeEnvironmentVariable("POLICY_VAR")
        .ExcludeToleration("policy-toleration")
        .AddToleration("dedicated", TolerationOperator.Equal, TolerationEffect.NoExecute, value: "ml", seconds: 60, name: "dedicated-ml")
        .AddEnvironmentVariable("DESCRIBED", "1", description: "a described variable")
        .WithArgs("--epochs 10")
        .WithAutoDeletionAfterCompletion(3600)
        .WithBackoffLimit(3)
        .WithCategory("Train")
        .WithCommand("python serve.py")
        .WithCompletions(1)
        .AddEnvironmentVariable("LOG_LEVEL", "info")
        .AddEnvironmentVariableFromSecret("TOKEN", Secret, "token")
        .AddEnvironmentVariableFromConfigMap("DATASET", "dataset-config", "path")
        .AddEnvironmentVariableFromPodField("POD", "metadata.name")
        .AddImagePullSecret("registry-cred", userCredential: false)
        .AddLabel("app", "server")
        .WithNodeAffinity(n => n.Term(t => t.Gt("nvidia.com/gpu.count", 4).In("zone", "a", "b")))
        .WithNodePools("a100", "h100")
        .WithNodeType("dgx")
        .WithParallelism(1)
        .WithPodAffinity(PodAffinityType.Preferred, "topology.kubernetes.io/zone")
        .WithPreemptibility(Preemptibility.NonPreemptible)
        .WithPriorityClass(PriorityClasses.High)
        .WithRestartPolicy(RestartPolicy.OnFailure)
        .WithRunAsGid(1000)
        .WithRunAsUid(1000)
        .WithSupplementalGroups(2000, 3000)
        .WithTerminateAfterPreemption()
        .WithTerminationGracePeriod(30)
        .Tolerate("nvidia.com/gpu", "present", TolerationEffect.NoExecute)
        .WithAllowOverQuota()
        .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(4).InitialReplicas(1).ActivationReplicas(1).ConcurrencyHardLimit(16)
            .ScaleToZeroRetention(300).ScaleDownDelay(60).MetricThresholdPercentage(70).InitializationTimeout(120).Metric(AutoscalingMetrics.Concurrency, 8))
        .WithServingPortAccess(s => s.OnlyGroups("ml-team").ClusterLocalAccessOnly());

    [Fact]
    public void The_readme_example_builds_and_serializes_as_shown()
    {
        WorkloadTemplateCreationRequest request = Template.Named("pytorch-ddp")
            .WithDescription("PyTorch DDP, 4 workers")
            .InProject(42)
            .WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d")
            .WithCompute("5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
            .AddDataSource(DataSourceKind.Pvc, "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", containerPath: "/data")
            .Distributed(DistributedFramework.PyTorch, workers: 4)
            .WithNodeAffinity(n => n.Term(t => t
                .Match("nvidia.com/gpu.count", MatchOperator.Gt, "4")
                .Match("zone", MatchOperator.In, "a", "b")))
            .Build();

        string json = TemplateJson.Serialize(request);

        JsonNode.Parse(json)!["spec"]!["specificEnv"]!["nodeAffinityRequired"]!.ToJsonString().Should().Be(
            "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"nvidia.com/gpu.count\",\"operator\":\"Gt\",\"values\":[\"4\"]},{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"a\",\"b\"]}]}]}");
        json.Should().StartWith("{\"meta\":{\"name\":\"pytorch-ddp\",\"description\":\"PyTorch DDP, 4 workers\",\"scope\":\"project\",\"projectId\":42,\"workloadSupportedTypes\":{\"distributed\":true,\"distFramework\":\"PyTorch\"}}");
    }

    [Fact]
    public void Every_member_of_SpecificRunParams_set_through_the_DSL_appears_in_the_json_under_its_spec_name()
    {
        var json = JsonNode.Parse(TemplateJson.Serialize(Everything().ToRequest()))!["spec"]!["specificEnv"]!.AsObject();

        // Fails when a member is added to the model but not to the DSL: the list comes from the model's JSON contract.
        var contract = Json.TemplateJsonContext.Default.GetTypeInfo(typeof(SpecificRunParams))!;
        var names = contract.Properties.Where(p => !p.IsExtensionData).Select(p => p.Name).ToList();
        names.Should().HaveCount(28);
        names.Where(n => !json.ContainsKey(n)).Should().BeEmpty();
    }

    [Fact]
    public void Every_member_of_every_autoscaling_access_and_connection_object_is_reachable()
    {
        var request = Everything().ToRequest();

        // Users and groups of the serving port are exclusive (RAI5001): the template sets the groups only.
        ModelWalk.UnsetMembers(request.Spec.SpecificEnv!).Should().Equal("SpecificRunParams.ServingPortAccess.AuthorizedUsers");
        ModelWalk.UnsetMembers(request.Spec.Assets).Should().BeEmpty();
        ModelWalk.UnsetMembers(request.Meta).Should().Equal(
            "AssetCreationRequest.AutoDelete", "AssetCreationRequest.ClusterId", "AssetCreationRequest.DepartmentId", "AssetCreationRequest.Private",
            "AssetCreationRequest.WorkloadSupportedTypes.DistFramework", "AssetCreationRequest.WorkloadSupportedTypes.Distributed",
            "AssetCreationRequest.WorkloadSupportedTypes.Training", "AssetCreationRequest.WorkloadSupportedTypes.Workspace");
    }

    [Fact]
    public void A_variable_handed_in_keeps_the_members_the_model_does_not_know()
    {
        var extra = System.Text.Json.JsonDocument.Parse("""{"since":"v2.99"}""").RootElement.Clone();
        var variable = new EnvironmentVariableOfAsset
        {
            Name = "TOKEN",
            Credential = new EnvironmentVariableCredential { AssetId = RunAi.TemplateDsl.Tests.Rules.Valid.EnvironmentId, Key = "k", AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureCredential"] = extra } },
            AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["futureVariable"] = extra },
        };

        var json = JsonNode.Parse(TemplateJson.Serialize(RunAi.TemplateDsl.Tests.Rules.Valid.Template.AddEnvironmentVariable(variable).Build()))!;

        var written = json["spec"]!["specificEnv"]!["environmentVariables"]![0]!;
        written["futureVariable"]!["since"]!.GetValue<string>().Should().Be("v2.99");
        written["credential"]!["futureCredential"]!["since"]!.GetValue<string>().Should().Be("v2.99");
    }

    [Fact]
    public void A_shared_base_builder_is_unchanged_by_derived_ones()
    {
        var baseline = Template.Named("base").InTenant().WithEnvironment(Env).WithNodePools("a100").AddLabel("team", "ml");
        var before = TemplateJson.Serialize(baseline.ToRequest());

        var gpu = baseline.WithCompute(Compute).WithNodePools("h100").AddLabel("tier", "gpu").Named("gpu").InProject(7);
        var distributed = baseline.Distributed(DistributedFramework.TF, 2).WithNodeAffinity(n => n.Term(t => t.Exists("gpu")));
        _ = gpu.Build();
        _ = distributed.Build();

        TemplateJson.Serialize(baseline.ToRequest()).Should().Be(before);
        gpu.ToRequest().Spec.SpecificEnv!.Labels.Should().HaveCount(2);
        baseline.ToRequest().Spec.SpecificEnv!.Labels.Should().ContainSingle();
    }

    [Fact]
    public void A_built_request_shares_no_mutable_state_with_the_builder()
    {
        var builder = Everything();
        var first = builder.ToRequest();

        first.Spec.SpecificEnv!.NodePools!.Add("mutated");
        first.Spec.SpecificEnv.AutoScaling!.MaxReplicas = 99;
        first.Spec.SpecificEnv.NodeAffinityRequired!.NodeSelectorTerms![0].MatchExpressions![0].Values!.Add("5");
        first.Spec.SpecificEnv.EnvironmentVariables![0].Value = "debug";

        TemplateJson.Serialize(builder.ToRequest()).Should().Be(TemplateJson.Serialize(Everything().ToRequest()));
    }

    [Fact]
    public void With_replaces_and_Add_appends()
    {
        var request = Template.Named("x").InTenant().WithEnvironment(Env)
            .WithCommand("a").WithCommand("b")
            .WithNodePools("p1").WithNodePools("p2", "p3")
            .AddLabel("l1", "1").AddLabel("l2", "2")
            .InProject(3).InDepartment("9")
            .ToRequest();

        request.Spec.SpecificEnv!.Command.Should().Be("b");
        request.Spec.SpecificEnv.NodePools.Should().Equal("p2", "p3");
        request.Spec.SpecificEnv.Labels!.Select(l => l.Name).Should().Equal("l1", "l2");
        request.Meta.Scope.Should().Be(Scope.Department);
        request.Meta.ProjectId.Should().BeNull("a later In… replaces the scope and its id");
        request.Meta.DepartmentId.Should().Be("9");
    }

    [Theory]
    [InlineData("pytorch", true, false, false)]
    [InlineData("training", false, true, false)]
    [InlineData("workspace", false, false, true)]
    public void Workload_supported_types_follow_what_was_declared(string kind, bool distributed, bool training, bool workspace)
    {
        var builder = Template.Named("x").InTenant().WithEnvironment(Env);
        builder = kind switch
        {
            "pytorch" => builder.Distributed(DistributedFramework.PyTorch, 2),
            "training" => builder.ForTraining(),
            _ => builder.ForWorkspace(),
        };

        var types = builder.Build().Meta.WorkloadSupportedTypes!;

        (types.Distributed ?? false).Should().Be(distributed);
        (types.Training ?? false).Should().Be(training);
        (types.Workspace ?? false).Should().Be(workspace);
        types.DistFramework.Should().Be(distributed ? DistributedFramework.PyTorch : null);
        Template.Named("y").InTenant().WithEnvironment(Env).Build().Meta.WorkloadSupportedTypes.Should().BeNull("nothing was declared");
    }

    [Fact]
    public void A_distributed_template_is_written_in_the_read_models_shape_and_reads_back()
    {
        var request = Template.Named("ddp").InProject(1).WithEnvironment(Env)
            .Distributed(DistributedFramework.Mpi, workers: 3)
            .WithMaster(m => m.WithEnvironment(Env).WithCommand("mpirun"))
            .Build();

        var json = JsonNode.Parse(TemplateJson.Serialize(request))!;
        json["spec"]!["distributed"]!.ToJsonString().Should().Be("{\"numWorkers\":3,\"distFramework\":\"MPI\",\"master\":{\"assets\":{\"environment\":{\"id\":\"" + Env + "\"}},\"specificEnv\":{\"command\":\"mpirun\"}}}");
        json["meta"]!["workloadSupportedTypes"]!.ToJsonString().Should().Be("{\"distributed\":true,\"distFramework\":\"MPI\"}");
    }

    [Fact]
    public void Every_member_of_the_distributed_master_is_reachable()
    {
        var request = Template.Named("ddp").InProject(1).WithEnvironment(Env)
            .Distributed(DistributedFramework.PyTorch, workers: 2)
            .WithMaster(m => m.WithEnvironment(Env).WithToolTypes(ToolType.TensorBoard, ToolType.JupyterNotebook).WithCompute(Compute)
                .AddDataSource(DataSourceKind.Pvc, "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", "/data").WithWorkloadVolumes("scratch").WithCommand("python master.py"))
            .Build();

        var assets = request.Spec.Distributed!.Master!.Assets!;
        assets.Environment.ToolTypes.Should().Equal(ToolType.TensorBoard, ToolType.JupyterNotebook);
        assets.Compute!.Id.Should().Be(Compute);
        assets.Datasources.Should().ContainSingle().Which.Overrides!.ContainerPath.Should().Be("/data");
        ModelWalk.UnsetMembers(request.Spec.Distributed).Should().OnlyContain(
            p => p.EndsWith(".Name", StringComparison.Ordinal) || p.Contains(".SpecificEnv.", StringComparison.Ordinal) || p.EndsWith("NoMaster", StringComparison.Ordinal),
            "asset names are the server's, noMaster conflicts with a master, and the master's specificEnv is the same builder as the top level's");
    }

    [Fact]
    public void A_template_as_read_from_the_API_is_checked_by_ThrowIfInvalid_too()
    {
        var valid = TemplateJson.Deserialize<WorkloadTemplate>("{\"meta\":{\"id\":\"6a1e2f3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b\",\"name\":\"t\",\"scope\":\"tenant\",\"kind\":\"workload-template\",\"createdBy\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedBy\":\"x\",\"updatedAt\":\"2026-01-01T00:00:00Z\"},\"spec\":{\"assets\":{\"environment\":{\"id\":\"" + Env + "\",\"name\":\"env\"}}}}");
        var invalid = TemplateJson.Deserialize<WorkloadTemplate>(TemplateJson.Serialize(valid).Replace("\"scope\":\"tenant\"", "\"scope\":\"project\"", StringComparison.Ordinal));

        TemplateValidator.ThrowIfInvalid(valid).Should().BeEmpty();
        var thrown = FluentActions.Invoking(() => TemplateValidator.ThrowIfInvalid(invalid)).Should().Throw<TemplateValidationException>().Which;
        thrown.TemplateName.Should().Be("t");
        thrown.Violations.Select(v => v.RuleId).Should().Equal("RAI1001");
    }

    [Fact]
    public void Build_update_carries_name_description_and_spec_but_not_the_scope()
    {
        var update = Everything().BuildUpdate();

        update.Meta.Name.Should().Be("everything");
        update.Meta.Description.Should().Be("every field");
        TemplateJson.Serialize(update).Should().NotContain("\"scope\"");
        update.Spec.SpecificEnv!.NodePools.Should().Equal("a100", "h100");
    }

    [Fact]
    public void The_run_time_fact_tree_has_exactly_the_members_of_the_serialized_json()
    {
        // The run-time front end spells the wire names itself; this pins them to the model's JSON contract.
        var golden = TemplateJson.Deserialize<WorkloadTemplate>(JsonTree.Golden("full-template.json"));
        foreach (var request in new[] { golden.ToCreationRequest(), Everything().ToRequest() })
        {
            var arena = new FactArena();
            var facts = WireFacts.Of(request, arena);
            var json = JsonNode.Parse(TemplateJson.Serialize(request))!;
            Compare(facts, json, "$");

            // The update request: the same spec, and the metadata an update can change.
            var update = new WorkloadTemplateUpdateRequest { Meta = new AssetUpdateRequest { Name = request.Meta.Name, Description = request.Meta.Description }, Spec = request.Spec };
            Compare(WireFacts.Of(update, arena), JsonNode.Parse(TemplateJson.Serialize(update))!, "$");
        }

        // The read model: every member but the read-only metadata no rule reads (listed, so that a new writable member of
        // the metadata cannot be left out of the facts unnoticed).
        var read = JsonNode.Parse(JsonTree.Golden("full-template.json"))!;
        string[] readOnly = ["id", "kind", "tenantId", "createdBy", "createdAt", "updatedBy", "updatedAt", "deletedAt", "deletedBy", "projectName", "updateCount"];
        foreach (var name in readOnly)
        {
            read["meta"]!.AsObject().Remove(name).Should().BeTrue($"meta.{name} is in the golden file");
        }

        Compare(WireFacts.Of(golden, new FactArena()), read, "$");
    }

    private static void Compare(Fact fact, JsonNode? json, string path)
    {
        switch (json)
        {
            case null:
                fact.IsAbsent.Should().BeTrue(path);
                break;
            case JsonObject o:
                fact.Kind.Should().Be(FactKind.Object, path);
                foreach (var (name, value) in o)
                {
                    Compare(fact[string.Intern(name)], value, path + "." + name);
                }

                for (var i = 0; i < fact.Count; i++)
                {
                    if (fact[fact.MemberName(i)].IsPresent)
                    {
                        o.ContainsKey(fact.MemberName(i)).Should().BeTrue($"{path}.{fact.MemberName(i)} is in the facts, so it must be in the JSON");
                    }
                }

                break;
            case JsonArray a:
                fact.Kind.Should().Be(FactKind.Array, path);
                fact.Count.Should().Be(a.Count, path);
                for (var i = 0; i < a.Count; i++)
                {
                    Compare(fact[i], a[i], $"{path}[{i}]");
                }

                break;
            // The kind first: an absent fact reads as false and 0, so a member left out of the facts whose value is false
            // or 0 (meta.private in the golden file) compared equal.
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                fact.Kind.Should().Be(FactKind.Text, path);
                fact.Text.Should().Be(v.GetValue<string>(), path);
                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                fact.Kind.Should().Be(FactKind.Number, path);
                fact.Number.Should().Be(v.GetValue<double>(), path);
                break;
            case JsonValue v:
                fact.Kind.Should().Be(FactKind.Boolean, path);
                fact.Boolean.Should().Be(v.GetValue<bool>(), path);
                break;
        }
    }

    [Fact]
    public void Public_builder_types_are_sealed_or_designed_for_extension()
    {
        var exported = typeof(Template).Assembly.GetExportedTypes();
        var open = exported
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Where(t => !exported.Any(d => d.BaseType == t)) // designed for extension: the library derives from it
            .Select(t => t.Name);

        open.Should().BeEmpty();
        typeof(RunParamsBuilder<>).GetConstructors(BindingFlags.Public | BindingFlags.Instance).Should().BeEmpty("only the library derives from it");
    }

    [Fact]
    public void Only_the_library_can_derive_from_the_wire_models_base_and_its_known_values_cannot_be_changed()
    {
        // A type derived elsewhere compiled and then failed at Serialize: the serializer knows the model's types only.
        typeof(WireObject).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Should().OnlyContain(c => c.IsFamilyAndAssembly, "private protected: no type outside the library can call it");

        // KnownValues decides IsKnown and which instance a read returns, for every caller: a cast must not change it.
        var lists = typeof(Scope).Assembly.GetExportedTypes()
            .Select(t => t.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<System.Collections.IList>()
            .ToList();
        lists.Should().HaveCount(11).And.OnlyContain(l => l.IsReadOnly);
        var write = () => ((IList<Scope>)Scope.KnownValues)[4] = new Scope("evil");
        write.Should().Throw<NotSupportedException>();
        Scope.Project.IsKnown.Should().BeTrue();
    }
}
