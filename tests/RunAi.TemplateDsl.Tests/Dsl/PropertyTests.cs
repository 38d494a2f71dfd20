using CsCheck;

namespace RunAi.TemplateDsl.Tests.Dsl;

/// <summary>
/// Property-based tests (CsCheck): generated valid templates produce no violation and survive a JSON round trip;
/// a generated single-rule mutation of a valid template is caught with exactly that rule's id.
/// </summary>
public sealed class PropertyTests
{
    private static readonly Gen<string> Uuid = Gen.Guid.Select(g => g.ToString("D"));

    private static readonly Gen<string> DnsName = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 12]
        .Select(chars => new string(chars));

    private static readonly Gen<Func<TemplateBuilder, TemplateBuilder>> Scope = Gen.OneOf(
        Gen.Const<Func<TemplateBuilder, TemplateBuilder>>(b => b.InTenant()),
        Gen.Int[1, 100_000].Select<int, Func<TemplateBuilder, TemplateBuilder>>(id => b => b.InProject(id)),
        Gen.Int[1, 999].Select<int, Func<TemplateBuilder, TemplateBuilder>>(id => b => b.InDepartment(id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Guid.Select<Guid, Func<TemplateBuilder, TemplateBuilder>>(id => b => b.InCluster(id)));

    private static readonly Gen<Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder>> Expression = Gen.OneOf(
        Gen.Select(DnsName, DnsName.Array[1, 3]).Select<(string, string[]), Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder>>(x => t => t.In(x.Item1, x.Item2)),
        Gen.Select(DnsName, DnsName.Array[1, 3]).Select<(string, string[]), Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder>>(x => t => t.Match(x.Item1, MatchOperator.NotIn, x.Item2)),
        DnsName.Select<string, Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder>>(k => t => t.Exists(k)),
        DnsName.Select<string, Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder>>(k => t => t.DoesNotExist(k)),
        Gen.Select(DnsName, Gen.Long[-1000, 1000]).Select<(string, long), Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder>>(x => t => t.Gt(x.Item1, x.Item2)),
        Gen.Select(DnsName, Gen.Int[0, 64]).Select<(string, int), Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder>>(x => t => t.Match(x.Item1, MatchOperator.Lt, x.Item2.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static readonly Gen<Func<AutoscalingBuilder, AutoscalingBuilder>> Scaling = Gen.OneOf(
        Gen.Const<Func<AutoscalingBuilder, AutoscalingBuilder>>(a => a.MinReplicas(1).MaxReplicas(1)),
        Gen.Const<Func<AutoscalingBuilder, AutoscalingBuilder>>(a => a.MinReplicas(0).MaxReplicas(1).ScaleToZeroRetention(120)),
        Gen.Select(Gen.Int[1, 10], Gen.Int[0, 3600], Gen.Int[1, 100]).Select<(int, int, int), Func<AutoscalingBuilder, AutoscalingBuilder>>(x =>
            a => a.MinReplicas(0).MaxReplicas(x.Item1).ScaleToZeroRetention(x.Item2).Metric(AutoscalingMetrics.Concurrency, x.Item3).MetricThresholdPercentage(70)),
        Gen.Select(Gen.Int[1, 5], Gen.Int[0, 5], Gen.Int[1, 500]).Select<(int, int, int), Func<AutoscalingBuilder, AutoscalingBuilder>>(x =>
            a => a.MinReplicas(x.Item1).MaxReplicas(x.Item1 + x.Item2).InitialReplicas(x.Item1).Metric(AutoscalingMetrics.Latency, x.Item3).ScaleDownDelay(30)));

    /// <summary>A valid template and whether it is distributed.</summary>
    internal static readonly Gen<(TemplateBuilder Builder, bool Distributed)> ValidTemplate =
        Gen.Select(DnsName, Scope, Uuid, Uuid.Array[0, 3], Gen.Int[0, 4], DnsName.Array[0, 4], Gen.Bool, Gen.Select(Expression.Array[1, 3].Array[0, 2], Scaling.Array[0, 1], Gen.Int[0, 3], Gen.Bool))
            .Select(x =>
            {
                var (name, scope, environment, dataSources, framework, words, withCommand, (terms, scaling, extras, withMaster)) = x;
                var b = scope(Template.Named(name).WithEnvironment(environment));
                foreach (var (id, i) in dataSources.Select((id, i) => (id, i)))
                {
                    b = b.AddDataSource(i % 2 == 0 ? DataSourceKind.Pvc : DataSourceKind.Git, id, i == 0 ? "/data" : null);
                }

                var distributed = framework > 0;
                if (distributed)
                {
                    var frameworks = new[] { DistributedFramework.Mpi, DistributedFramework.PyTorch, DistributedFramework.TF, DistributedFramework.XGBoost };
                    b = b.Distributed(frameworks[framework - 1], workers: framework * 2);
                    if (withMaster)
                    {
                        b = b.WithMaster(m => m.WithCommand("python master.py").WithNodePools("master-pool"));
                    }
                }

                var distinct = words.Distinct().ToArray();
                if (distinct.Length > 0)
                {
                    b = b.WithNodePools(distinct);
                    foreach (var word in distinct)
                    {
                        b = b.AddLabel(word, "v").AddEnvironmentVariable(word.ToUpperInvariant(), word).TolerateAny(word, TolerationEffect.NoSchedule);
                    }
                }

                if (withCommand)
                {
                    b = b.WithCommand("python train.py").WithArgs("--seed 1").WithSupplementalGroups(1000, 2000);
                }

                if (terms.Length > 0)
                {
                    b = b.WithNodeAffinity(n => terms.Aggregate(n, (acc, term) => acc.Term(t => term.Aggregate(t, (tt, e) => e(tt)))));
                }

                if (scaling.Length > 0)
                {
                    b = b.WithAutoscaling(scaling[0]);
                }

                if (extras > 0)
                {
                    b = b.WithPriorityClass(PriorityClasses.Medium).WithPreemptibility(Preemptibility.Preemptible)
                        .AddConnection("c" + extras, c => c.NodePort(30000 + extras).AuthorizedGroups("team"))
                        .WithServingPortAccess(s => s.OnlyUsers("alice"));
                }

                return (b, distributed);
            });

    [Fact]
    public void Generated_valid_templates_have_no_violation_and_survive_a_json_round_trip()
    {
        ValidTemplate.Sample(t =>
        {
            var violations = t.Builder.Validate();
            if (violations.Count > 0)
            {
                return false;
            }

            var json = TemplateJson.Serialize(t.Builder.Build());
            var again = TemplateJson.Serialize(TemplateJson.Deserialize<WorkloadTemplateCreationRequest>(json));
            return json == again;
        }, iter: 400, print: t => string.Join(Environment.NewLine, t.Builder.Validate()) + Environment.NewLine + TemplateJson.Serialize(t.Builder.ToRequest()));
    }

    /// <summary>One mutation per rule the DSL can break on its own, each introducing exactly that violation.</summary>
    public static TheoryData<string> Mutations() => new(SingleRuleMutations.Keys.Order(StringComparer.Ordinal));

    internal static readonly Dictionary<string, (bool NeedsNonDistributed, Func<TemplateBuilder, TemplateBuilder> Mutate)> SingleRuleMutations = new()
    {
        ["RAI0001"] = (false, b => b.AddImagePullSecret(" ")),
        ["RAI0002"] = (false, b => b.WithDescription(new string('d', 251))),
        ["RAI0003"] = (false, b => b.AddImagePullSecret("Registry_Cred")),
        ["RAI0004"] = (false, b => b.WithTerminationGracePeriod(-1)),
        ["RAI0005"] = (false, b => b.WithNodePools(Enumerable.Range(0, 1001).Select(i => "pool-" + i).ToArray())),
        ["RAI0006"] = (false, b => b.WithCompute("gpu-compute")),
        ["RAI1001"] = (false, b => b.InScope(TemplateDsl.Scope.Project)),
        ["RAI1002"] = (false, b => b.InScope(TemplateDsl.Scope.System)),
        ["RAI1003"] = (false, b => b.WithEnvironment(" ")),
        ["RAI1004"] = (false, b => b.AddDataSource(AssetKind.Compute, "11111111-2222-4333-8444-555555555555")),
        ["RAI1005"] = (false, b => b.AddDataSource(DataSourceKind.Nfs, "11111111-2222-4333-8444-555555555555").AddDataSource(DataSourceKind.Nfs, "11111111-2222-4333-8444-555555555555")),
        ["RAI2001"] = (false, b => b.Distributed(DistributedFramework.PyTorch, workers: 0)),
        ["RAI2002"] = (false, b => b.Distributed(DistributedFramework.Jax, workers: 2)),
        ["RAI2003"] = (false, b => b.Distributed(DistributedFramework.TF, workers: 2).WithoutMaster().WithMaster(m => m.WithCommand("run"))),
        ["RAI2005"] = (false, b => b.Distributed(DistributedFramework.Mpi, workers: 2).WithParallelism(2)),
        ["RAI2006"] = (true, b => b.ForInference().WithBackoffLimit(2)),
        ["RAI3001"] = (false, b => b.WithNodeAffinity(n => n.Term(t => t.Match("zone", MatchOperator.In)))),
        ["RAI3002"] = (false, b => b.WithNodeAffinity(n => n.Term(t => t.Match("gpu", MatchOperator.Exists, "true")))),
        ["RAI3003"] = (false, b => b.WithNodeAffinity(n => n.Term(t => t.Match("nvidia.com/gpu.count", MatchOperator.Gt, "1", "2")))),
        ["RAI3004"] = (false, b => b.WithNodeAffinity(n => n.Term(t => t.Match("nvidia.com/gpu.count", MatchOperator.Lt, "four")))),
        ["RAI3005"] = (false, b => b.WithNodeAffinity(n => n.Term(t => t))),
        ["RAI3006"] = (false, b => b.WithPriorityClass("urgent")),
        ["RAI3007"] = (true, b => Template.Named("p").InTenant().WithEnvironment("11111111-2222-4333-8444-555555555555").WithPriorityClass(PriorityClasses.Low)),
        ["RAI3008"] = (false, b => b.AddToleration("spot", TolerationOperator.Exists, TolerationEffect.NoSchedule, value: "true")),
        ["RAI3009"] = (false, b => b.AddToleration("spot", TolerationOperator.Equal, TolerationEffect.NoSchedule, value: "true", seconds: 30)),
        ["RAI3010"] = (false, b => b.WithNodePools("a100", "h100", "a100")),
        ["RAI4001"] = (false, b => b.WithAutoscaling(a => a.ScaleToZeroRetention(60))),
        ["RAI4002"] = (false, b => b.WithAutoscaling(a => a.MinReplicas(3).MaxReplicas(2).Metric(AutoscalingMetrics.Throughput, 10))),
        ["RAI4003"] = (false, b => b.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3))),
        ["RAI4004"] = (false, b => b.WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(2).Metric(AutoscalingMetrics.Latency, 100))),
        ["RAI4005"] = (false, b => b.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(3).Metric(AutoscalingMetrics.Latency, 100).MetricThresholdPercentage(50))),
        ["RAI4007"] = (false, b => b.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(2).Metric(AutoscalingMetrics.Throughput, 5).ActivationReplicas(3))),
        ["RAI4008"] = (false, b => b.WithAutoscaling(a => a.InitializationTimeout(30))),
        ["RAI5001"] = (false, b => b.AddConnection("mutated", c => c.AuthorizedUsers("alice").AuthorizedGroups("team"))),
        ["RAI5002"] = (false, b => b.WithServingPortAccess(s => s.AuthorizationType(AuthorizationType.AuthorizedGroups))),
        ["RAI5003"] = (false, b => b.WithServingPortAccess(s => s.AuthenticatedUsers().AuthorizedUsers("alice"))),
        ["RAI5004"] = (false, b => b.AddConnection("shared").AddConnection("shared")),
        ["RAI6001"] = (false, b => b.AddEnvironmentVariable(new EnvironmentVariableOfAsset { Name = "MUTATED", Value = "1", PodFieldRef = new EnvironmentVariablePodFieldReference { Path = "metadata.name" } })),
        ["RAI6002"] = (false, b => b.AddEnvironmentVariable("MUTATED", "1").AddEnvironmentVariable("MUTATED", "2")),
        ["RAI6003"] = (false, b => b.AddAnnotation("mutated", "1").AddAnnotation("mutated", "2")),
        ["RAI6004"] = (false, b => b.WithSupplementalGroups("wheel,users")),
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_single_rule_mutation_of_a_valid_template_is_caught_with_exactly_that_rule(string ruleId)
    {
        var (needsNonDistributed, mutate) = SingleRuleMutations[ruleId];

        ValidTemplate.Where(t => !needsNonDistributed || !t.Distributed).Sample(t =>
        {
            var ids = mutate(t.Builder).Validate().Select(v => v.RuleId).Distinct().ToList();
            return ids.Count == 1 && ids[0] == ruleId;
        }, iter: 60, print: t => string.Join(Environment.NewLine, mutate(t.Builder).Validate()));
    }
}
