using System.Text.Json.Nodes;
using RunAi.TemplateDsl.Rules;
using RunAi.TemplateDsl.Tests.Rules;

namespace RunAi.TemplateDsl.Tests.Dsl;

/// <summary>
/// The DSL's arguments against its XML docs: a configuration function that returns null, a null argument or a null item
/// of a <c>params</c> array is refused at the call, naming the parameter; nothing is silently dropped or unset.
/// </summary>
public sealed class DslArgumentTests
{
    private const string Env = Valid.EnvironmentId;

    // ------------------------------------------------------------------ configuration lambdas that return null

    public static TheoryData<string, Func<TemplateBuilder>> ConfigurationsReturningNull() => new()
    {
        { "master", () => Valid.Distributed.WithMaster(m => m.WithCommand("python master.py")).WithMaster(_ => null!) },
        { "node affinity", () => Valid.Template.WithNodeAffinity(n => n.Term(t => t.Exists("gpu"))).WithNodeAffinity(_ => null!) },
        { "autoscaling", () => Valid.Inference.WithAutoscaling(a => a.MinReplicas(1).MaxReplicas(1)).WithAutoscaling(_ => null!) },
        { "serving port access", () => Valid.Inference.WithServingPortAccess(s => s.OnlyGroups("ml-team")).WithServingPortAccess(_ => null!) },
    };

    /// <summary>A configuration function that returns null is refused; taken as "none", it silently dropped what was set before.</summary>
    [Theory]
    [MemberData(nameof(ConfigurationsReturningNull))]
    public void A_configuration_function_returning_null_is_refused_not_silently_dropping_the_earlier_setting(string what, Func<TemplateBuilder> configure)
    {
        configure.Should().Throw<ArgumentException>(what).Which.ParamName.Should().Be("configure");
    }

    [Fact]
    public void AddConnection_whose_lambda_returns_null_throws_an_ArgumentException_not_a_NullReferenceException()
    {
        var act = () => Valid.Template.AddConnection("jupyter", _ => null!);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("configure");
    }

    [Fact]
    public void Term_whose_lambda_returns_null_is_refused_at_the_call_not_a_NullReferenceException_in_Validate()
    {
        // Refused at the call: accepted, it made Validate() (documented "never throws for rule violations") throw a NullReferenceException.
        var act = () => Valid.Template.WithNodeAffinity(n => n.Term(_ => null!)).Validate();

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("configure");
    }

    [Fact]
    public void AddConnection_keeps_its_name_when_the_lambda_returns_the_builder_of_another_connection()
    {
        ConnectionBuilder? jupyter = null;
        var template = Valid.Template
            .AddConnection("jupyter", c => jupyter = c.NodePort(30080))
            .AddConnection("tensorboard", _ => jupyter!);

        // The name is the call's: taking it from the returned builder lost "tensorboard" (and Build() then failed with RAI5004
        // for a duplicate the user never wrote).
        template.Build().Spec.SpecificEnv!.Connections!.Select(c => c.Name).Should().Equal("jupyter", "tensorboard");
    }

    // ------------------------------------------------------------------ null arguments silently unset a value

    public static TheoryData<string, Func<TemplateBuilder, TemplateBuilder>> NullArguments() => new()
    {
        { "command", b => b.WithCommand("python a.py").WithCommand(null!) },
        { "args", b => b.WithArgs("--x").WithArgs(null!) },
        { "priorityClass", b => b.WithPriorityClass(PriorityClasses.High).WithPriorityClass(null!) },
        { "preemptibility", b => b.WithPreemptibility(Preemptibility.Preemptible).WithPreemptibility(null!) },
        { "policy", b => b.WithRestartPolicy(RestartPolicy.Never).WithRestartPolicy(null!) },
        { "groupIds", b => b.WithSupplementalGroups("2000").WithSupplementalGroups((string)null!) },
        { "computeId", b => b.WithCompute(Valid.ComputeId).WithCompute((string)null!) },
        { "framework", b => b.Distributed(null!, 2) },
        { "nodeType", b => b.WithNodeType("a100").WithNodeType(null!) },
        { "category", b => b.WithCategory("Train").WithCategory(null!) },
        { "description", b => b.WithDescription("d").WithDescription(null!) },
        { "url", b => b.AddConnection("api", c => c.ExternalUrl("https://example.com").ExternalUrl(null!)) },
        { "computeId", b => b.Distributed(DistributedFramework.PyTorch, 2).WithMaster(m => m.WithCompute(Valid.ComputeId).WithCompute((string)null!)) },
    };

    [Theory]
    [MemberData(nameof(NullArguments))]
    public void A_null_argument_for_an_optional_value_is_refused_not_silently_unset(string param, Func<TemplateBuilder, TemplateBuilder> call)
    {
        // Values the catalog requires (name, scope, environment, …) report a null as RAI0001 instead, as the analyzer does.
        var act = () => call(Valid.Template);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be(param);
    }

    // ------------------------------------------------------------------ null items of params arrays

    public static TheoryData<string, Func<TemplateBuilder, TemplateBuilder>> NullItems() => new()
    {
        { "pools", b => b.WithNodePools("a100", null!) },
        { "volumes", b => b.WithWorkloadVolumes("scratch", null!) },
        { "values", b => b.WithNodeAffinity(n => n.Term(t => t.In("zone", "a", null!))) },
        { "groups", b => b.WithServingPortAccess(s => s.OnlyGroups("ml-team", null!)) },
        { "users", b => b.AddConnection("jupyter", c => c.AuthorizedUsers("alice", null!)) },
        { "toolTypes", b => b.Distributed(DistributedFramework.PyTorch, 2).WithMaster(m => m.WithToolTypes(ToolType.TensorBoard, null!)) },
    };

    [Theory]
    [MemberData(nameof(NullItems))]
    public void A_null_item_of_a_params_array_is_refused_not_sent_as_json_null(string param, Func<TemplateBuilder, TemplateBuilder> call)
    {
        var act = () => call(Valid.Template);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(param);
    }
}
