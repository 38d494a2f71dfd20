using System.Reflection;
using Microsoft.CodeAnalysis;
using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// Code whose values reach the template along a flow the analyzer sees but does not follow (a configuration lambda
/// that is not a single chain, a request completed after it is serialized, a builder replaced in branches, by a
/// deconstruction, a helper or a record, code being typed): the analyzer must not report a rule that
/// <c>Validate()</c>/<c>Build()</c> of the same template does not report at run time. Each source is compiled against
/// the real library, the analyzer runs on it, and the method is then invoked: every rule id the analyzer reports must
/// be among the run time's.
/// </summary>
public sealed class FlowFalsePositiveTests
{
    private const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";

    // ------------------------------------------------------------------ configuration lambdas that are not a single chain

    /// <summary>
    /// A chain inside a configuration lambda reaches the template only through the lambda's result: through a local of
    /// the lambda (<c>var s = a.MinReplicas(1); return s.ScaleToZeroRetention(60);</c>) after an early return, it is
    /// not judged on its own (with <c>scaleToZero: false</c> the value never reaches the template), and the template's
    /// chain treats the lambda, not a single chain, as unknown.
    /// </summary>
    [Fact]
    public async Task A_configuration_lambda_with_an_early_return_is_not_judged_through_its_local()
    {
        const string members = """
            public static IReadOnlyList<RuleViolation> Run(bool scaleToZero) => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithAutoscaling(a =>
                {
                    if (!scaleToZero)
                    {
                        return a;
                    }

                    var s = a.MinReplicas(1);
                    return s.ScaleToZeroRetention(60);
                })
                .Validate();
            """;

        var whenTaken = await BothAsync(members, "Run", true);
        whenTaken.RunTime.Should().Contain(l => l.StartsWith("RAI4001", StringComparison.Ordinal), "the branch, when taken, does break RAI4001");
        await NoFalsePositiveAsync(members, "Run", false);
    }

    /// <summary>
    /// A configuration chosen by a conditional (<c>WithAutoscaling(flag ? a =&gt; … : a =&gt; …)</c>): the template's chain
    /// treats the autoscaling as unknown, and neither lambda's chain is judged on its own.
    /// </summary>
    [Fact]
    public Task Configuration_lambdas_chosen_by_a_conditional_are_not_judged_on_their_own() => NoFalsePositiveAsync(
        """
            public static IReadOnlyList<RuleViolation> Run(bool scaleToZero) => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithAutoscaling(scaleToZero ? a => a.MinReplicas(1).ScaleToZeroRetention(60) : a => a.MinReplicas(1))
                .Validate();
            """,
        "Run",
        false);

    /// <summary>Also in a lambda within a configuration lambda, and through a switch expression.</summary>
    [Fact]
    public Task Chains_in_a_lambda_within_a_configuration_or_chosen_by_a_switch_are_not_judged_on_their_own() => NoFalsePositiveAsync(
        """
            public static IReadOnlyList<RuleViolation> Run(int mode) => Template.Named("t").InTenant().WithEnvironment(Env)
                .WithAutoscaling(a =>
                {
                    Func<AutoscalingBuilder, AutoscalingBuilder> zero = x => x.MinReplicas(1).ScaleToZeroRetention(60);
                    return mode == 0 ? zero(a) : a;
                })
                .WithAutoscaling(mode switch { 0 => a => a.MinReplicas(1).ScaleToZeroRetention(60), _ => a => a.MinReplicas(1) })
                .Validate();
            """,
        "Run",
        1);

    // ------------------------------------------------------------------ a request handed to the library, then completed

    /// <summary>
    /// <c>TemplateJson.Serialize(r)</c> is handed the request by value, but neither sends nor checks it: the block then
    /// fills the placeholder <c>Name = ""</c> and validates. A request handed to the library is judged on what it sets
    /// only if no later use may change it.
    /// </summary>
    [Fact]
    public Task A_request_serialized_then_completed_is_not_judged_on_its_placeholder() => NoFalsePositiveAsync(
        """
            public static IReadOnlyList<RuleViolation> Run(string name)
            {
                var r = new WorkloadTemplateCreationRequest
                {
                    Meta = new AssetCreationRequest { Name = "", Scope = Scope.Tenant },
                    Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = Env } },
                };
                Console.WriteLine(TemplateJson.Serialize(r));
                r.Meta.Name = name;
                return TemplateValidator.Validate(r);
            }
            """,
        "Run",
        "t");

    /// <summary>A request only handed on (serialized, then sent), never changed, is still judged on what it sets.</summary>
    [Fact]
    public Task A_request_serialized_then_sent_unchanged_is_judged() => Verify.AnalyzerAsync("""
            public static class Templates
            {
                public static System.Threading.Tasks.Task<WorkloadTemplate> Run(RunAi.TemplateDsl.Client.ITemplatesApi api)
                {
                    var r = new WorkloadTemplateCreationRequest
                    {
                        Meta = new AssetCreationRequest { Name = "t", Scope = Scope.Tenant },
                        Spec = new SpecificRunCreationFields { Assets = new AssetsIds { Environment = {|RAI0006:"not-a-uuid"|} } },
                    };
                    Console.WriteLine(TemplateJson.Serialize(r));
                    return api.CreateAsync(r);
                }
            }
            """);

    // ------------------------------------------------------------------ a value replaced on every path before Validate()

    private static readonly Dictionary<string, (string Members, object?[] Args)> Replaced = new()
    {
        // Both branches replace the placeholder: the local is not followed (a write in a branch), and a chain stored in
        // it is not judged on its own while a read of the local goes on to a template.
        ["IfElse"] = ("""
            public static IReadOnlyList<RuleViolation> Run(bool gpu)
            {
                var b = Template.Named("t").InTenant().WithEnvironment(Env).WithPriorityClass("placeholder");
                if (gpu)
                {
                    b = b.WithPriorityClass(PriorityClasses.High).WithPreemptibility(Preemptibility.Preemptible);
                }
                else
                {
                    b = b.WithPriorityClass(PriorityClasses.Low).WithPreemptibility(Preemptibility.Preemptible);
                }

                return b.Validate();
            }
            """, [true]),
        ["Switch"] = ("""
            public static IReadOnlyList<RuleViolation> Run(string size)
            {
                var b = Template.Named("t").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 0);
                switch (size)
                {
                    case "small":
                        b = b.Distributed(DistributedFramework.PyTorch, 2);
                        break;
                    default:
                        b = b.Distributed(DistributedFramework.PyTorch, 8);
                        break;
                }

                return b.Validate();
            }
            """, ["small"]),
        ["TryCatch"] = ("""
            public static IReadOnlyList<RuleViolation> Run(string workers)
            {
                var b = Template.Named("t").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 0);
                try
                {
                    b = b.Distributed(DistributedFramework.PyTorch, int.Parse(workers));
                }
                catch (FormatException)
                {
                    b = b.Distributed(DistributedFramework.PyTorch, 1);
                }

                return b.Validate();
            }
            """, ["4"]),

        // Straight-line code, but the builder is declared by a deconstruction: the chain inside the tuple goes on.
        ["Deconstruction"] = ("""
            public static IReadOnlyList<RuleViolation> Run()
            {
                var (name, b) = ("t", Template.Named("t").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 0));
                b = b.Distributed(DistributedFramework.PyTorch, 2);
                return b.Validate();
            }
            """, []),

        // A helper that returns a builder completes the template (as ChainShapeTests' ThroughHelper, with a replaced value).
        ["Helper"] = ("""
            private static TemplateBuilder Finish(TemplateBuilder b) =>
                b.InProject(5).WithPriorityClass(PriorityClasses.Low).WithPreemptibility(Preemptibility.Preemptible);

            public static IReadOnlyList<RuleViolation> Run() => Finish(Template.Named("t").WithEnvironment(Env).WithPriorityClass("tbd")).Validate();
            """, []),

        // A record holding the builder, updated with 'with': the chain goes into an object the analyzer does not follow.
        ["RecordWith"] = ("""
            public sealed record Config(TemplateBuilder Template);

            public static IReadOnlyList<RuleViolation> Run()
            {
                var c = new Config(Template.Named("t").InTenant().WithEnvironment("placeholder"));
                c = c with { Template = c.Template.WithEnvironment(Env) };
                return c.Template.Validate();
            }
            """, []),

        // Chosen by a conditional, then continued through a local.
        ["Conditional"] = ("""
            public static IReadOnlyList<RuleViolation> Run(bool gpu)
            {
                var b = gpu ? Template.Named("t").InTenant().WithEnvironment(Env).WithPriorityClass("placeholder") : Template.Named("t").InTenant().WithEnvironment(Env);
                b = b.WithPriorityClass(PriorityClasses.Low).WithPreemptibility(Preemptibility.Preemptible);
                return b.Validate();
            }
            """, [true]),

        // Stored by '??=' (which may not store it), then continued through the local.
        ["CoalesceAssignment"] = ("""
            public static IReadOnlyList<RuleViolation> Run()
            {
                TemplateBuilder? b = null;
                b ??= Template.Named("t").InTenant().WithEnvironment(Env).WithPreemptibility(Preemptibility.Preemptible).WithPriorityClass("placeholder");
                b = b.WithPriorityClass(PriorityClasses.Low);
                return b.Validate();
            }
            """, []),

        // Continued through '?.'.
        ["ConditionalAccess"] = ("""
            public static IReadOnlyList<RuleViolation> Run()
            {
                TemplateBuilder? b = Template.Named("t").InTenant().WithEnvironment(Env).Distributed(DistributedFramework.PyTorch, 0);
                return b?.Distributed(DistributedFramework.PyTorch, 2).Validate()!;
            }
            """, []),
    };

    public static TheoryData<string> ReplacedCases => [.. Replaced.Keys];

    [Theory]
    [MemberData(nameof(ReplacedCases))]
    public Task A_value_replaced_on_every_path_before_Validate_is_not_reported(string shape) =>
        NoFalsePositiveAsync(Replaced[shape].Members, "Run", Replaced[shape].Args);

    // ------------------------------------------------------------------ code with a compile error

    /// <summary>
    /// While typing, <c>var b = b.InProject(5);</c> (meant: <c>b = …</c>) is CS0128; the statement parses, so the block is
    /// judged, but a local declared twice in a block is not followed: no RAI1001 on InScope of code that completes the
    /// scope.
    /// </summary>
    [Fact]
    public async Task A_redeclared_local_while_typing_gets_no_rule_diagnostic()
    {
        var compilation = TestCompiler.Compile(Source("""
            public static object Run()
            {
                var b = Template.Named("t").InScope(Scope.Project).WithEnvironment(Env);
                var b = b.InProject(5);
                return b.Build();
            }
            """));
        compilation.GetDiagnostics().Should().Contain(d => d.Id == "CS0128");
        var diagnostics = await TestCompiler.AnalyzeAsync(compilation);
        diagnostics.Where(d => d.Id.StartsWith("RAI", StringComparison.Ordinal) && d.Id != "RAI9001").Should().BeEmpty();
    }

    // ------------------------------------------------------------------ shapes judged as a whole, or left alone

    [Fact]
    public async Task Awaits_between_plain_writes_keep_the_chain_judged_as_a_whole()
    {
        const string members = """
            public static async System.Threading.Tasks.Task<IReadOnlyList<RuleViolation>> Broken()
            {
                var b = Template.Named("t").InScope(Scope.Project);
                await System.Threading.Tasks.Task.Yield();
                b = b.WithEnvironment(Env);
                await System.Threading.Tasks.Task.Yield();
                return b.Validate();
            }
            """;
        var (analyzer, runTime) = await BothAsync(members, "Broken");
        runTime.Should().ContainSingle().Which.Should().StartWith("RAI1001");
        analyzer.Select(a => a[..a.IndexOf(" [", StringComparison.Ordinal)]).Should().BeEquivalentTo(runTime);
    }

    [Fact]
    public Task A_local_completed_by_a_local_function_or_a_lambda_is_not_followed() => NoFalsePositiveAsync(
        """
            public static IReadOnlyList<RuleViolation> Run()
            {
                var b = Template.Named("t").InScope(Scope.Project).WithEnvironment(Env);
                Fix();
                Action again = () => b = b.InProject(6);
                again();
                return b.Validate();

                void Fix() => b = b.InProject(5);
            }
            """,
        "Run");

    // ------------------------------------------------------------------ harness

    private static string Source(string members) =>
        Verify.Usings + "public static partial class Templates\n{\n    public const string Env = \"" + Env + "\";\n" + members + "\n}\n";

    /// <summary>Every rule id the analyzer reports in the source must be reported by the run time for the method's template.</summary>
    private static async Task NoFalsePositiveAsync(string members, string method, params object?[] args)
    {
        var (analyzer, runTime) = await BothAsync(members, method, args);
        var ids = runTime.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToHashSet();
        analyzer.Where(a => !ids.Contains(a[..a.IndexOf(':', StringComparison.Ordinal)])).Should().BeEmpty(
            "Validate() at run time reports only [{0}]", string.Join(" | ", runTime));
    }

    /// <summary>The analyzer's rule diagnostics in the whole source ("ID: message [text]"), and the run time's violations ("ID: message").</summary>
    private static async Task<(List<string> Analyzer, List<string> RunTime)> BothAsync(string members, string method, params object?[] args)
    {
        var compilation = TestCompiler.Compile(Source(members));
        var diagnostics = await TestCompiler.AnalyzeAsync(compilation);
        diagnostics.Should().NotContain(d => d.Id == "AD0001");
        var analyzer = diagnostics
            .Where(d => d.Id.StartsWith("RAI", StringComparison.Ordinal) && d.Id != "RAI9001")
            .Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture) + " [" + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) + "]")
            .ToList();

        var runTime = new List<string>();
        var type = TestCompiler.Load(compilation).GetType("Templates")!;
        try
        {
            var result = type.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, args);
            if (result is Task task)
            {
                await task;
                result = task.GetType().GetProperty("Result")?.GetValue(task);
            }

            var violations = result switch
            {
                IReadOnlyList<RuleViolation> list => list,
                _ => throw new InvalidOperationException(method + " must return the violations"),
            };
            runTime.AddRange(violations.Select(v => v.RuleId + ": " + v.Message));
        }
        catch (TargetInvocationException e) when (e.InnerException is TemplateValidationException invalid)
        {
            runTime.AddRange(invalid.Violations.Select(v => v.RuleId + ": " + v.Message));
        }

        return (analyzer, runTime);
    }
}
