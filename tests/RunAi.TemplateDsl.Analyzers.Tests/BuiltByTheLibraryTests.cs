using RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// Builders handed to a library method that builds them as they are (<c>CreateAsync(template)</c> runs <c>Build()</c>,
/// <c>UpdateAsync(id, template)</c> runs <c>BuildUpdate()</c>, a <c>TemplateSet</c> is built by the plan): judged there
/// as complete, as at <c>Build()</c>, and as an update where the call sends one. Configuration lambdas handed to the
/// app's own helpers, which may complete them.
/// </summary>
public sealed class BuiltByTheLibraryTests
{
    private const string Head = """
        using System.Threading.Tasks;
        using RunAi.TemplateDsl.AsCode;
        using RunAi.TemplateDsl.Client;

        public static class Templates
        {
            public const string Env = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";

        """;

    private static Task Check(string members) => Verify.AnalyzerAsync(Head + members + "\n}\n");

    [Fact]
    public Task A_chain_passed_to_CreateAsync_is_judged_complete_as_at_Build() => Check("""
            public static Task<WorkloadTemplate> Missing(ITemplatesApi api) => api.CreateAsync(Template.{|RAI1003:Named|}("t").InTenant());

            public static Task<WorkloadTemplate> Complete(ITemplatesApi api) => api.CreateAsync(Template.Named("t").InTenant().WithEnvironment(Env));

            public static Task<WorkloadTemplate> Static(ITemplatesApi api) => TemplateBuilderExtensions.CreateAsync(api, Template.{|RAI1003:Named|}("t").InTenant());
        """);

    [Fact]
    public Task A_chain_passed_to_UpdateAsync_is_judged_as_the_update_it_sends() => Check("""
            // BuildUpdate() sends no scope and no supported types: JAX and the system scope are not judged (they are at Build()).
            public static Task<WorkloadTemplate> Update(ITemplatesApi api) =>
                api.UpdateAsync("id", Template.Named("t").InScope(Scope.System).WithEnvironment(Env).Distributed(DistributedFramework.Jax, 2));

            // What it sends is judged, complete.
            public static Task<WorkloadTemplate> Broken(ITemplatesApi api) =>
                api.UpdateAsync("id", Template.Named("t").WithEnvironment(Env).WithAutoscaling(a => a.MinReplicas(3).MaxReplicas({|RAI4002:2|}).Metric("concurrency", 1)));

            public static Task<WorkloadTemplate> Missing(ITemplatesApi api) => api.UpdateAsync("id", Template.{|RAI1003:Named|}("t"));

            // The same chain built as a creation is judged as one.
            public static Task<WorkloadTemplate> Create(ITemplatesApi api) =>
                api.CreateAsync(Template.Named("t").InTenant().WithEnvironment(Env).Distributed({|RAI2002:DistributedFramework.Jax|}, 2));
        """);

    [Fact]
    public Task Every_template_of_a_set_is_judged_complete() => Check("""
            public static TemplateSet Params => TemplateSet.Of(
                Template.{|RAI1003:Named|}("a").InTenant(),
                Template.Named("b").InTenant().WithEnvironment(Env));

            public static TemplateSet Array => TemplateSet.Of(new[] { Template.{|RAI1003:Named|}("a").InTenant() });

            public static TemplateSet Collection => TemplateSet.Of([Template.{|RAI1003:Named|}("a").InTenant(), Template.Named("b").InTenant().WithEnvironment(Env)]);

            public static TemplateSet Added => TemplateSet.Empty
                .Add(Template.{|RAI1003:Named|}("a").InTenant())
                .Add("b-address", Template.{|RAI1003:Named|}("b").InTenant());
        """);

    [Fact]
    public Task Each_choice_of_a_built_argument_is_judged_and_a_local_is_followed_as_to_Build() => Check("""
            public static Task<WorkloadTemplate> Chosen(ITemplatesApi api, bool gpu) => api.CreateAsync(gpu
                ? Template.{|RAI1003:Named|}("gpu").InTenant()
                : Template.Named("cpu").InTenant().WithEnvironment(Env));

            public static Task<WorkloadTemplate> Local(ITemplatesApi api)
            {
                var template = Template.{|RAI1003:Named|}("t").InTenant();
                return api.CreateAsync(template);
            }

            public static Task<WorkloadTemplate> Completed(ITemplatesApi api)
            {
                var template = Template.Named("t").InTenant();
                template = template.WithEnvironment(Env);
                return api.CreateAsync(template);
            }
        """);

    [Fact]
    public Task What_the_analyzer_cannot_see_is_not_judged() => Check("""
            // A parameter, or a list made elsewhere: their templates are unknown here.
            public static Task<WorkloadTemplate> Given(ITemplatesApi api, TemplateBuilder template) => api.CreateAsync(template);

            public static TemplateSet Listed(List<TemplateBuilder> templates) => TemplateSet.Of(templates);

            public static TemplateSet Spread(TemplateBuilder[] more) => TemplateSet.Of([Template.Named("a").InTenant(), .. more]);
        """);

    [Fact]
    public Task A_configuration_lambda_handed_to_a_helper_that_returns_a_builder_is_left_to_the_helper() => Check("""
            // The helpers complete what the lambdas leave: Build() passes.
            private static TemplateBuilder Scale(this TemplateBuilder b, Func<AutoscalingBuilder, AutoscalingBuilder> f) => b.WithAutoscaling(a => f(a).MinReplicas(0));

            private static TemplateBuilder Access(this TemplateBuilder b, Func<ServingPortAccessBuilder, ServingPortAccessBuilder> f) => b.WithServingPortAccess(s => f(s).OnlyGroups("admins"));

            public static WorkloadTemplateCreationRequest Run() => Template.Named("t").InTenant().WithEnvironment(Env)
                .Scale(a => a.MinReplicas(1).ScaleToZeroRetention(60).Metric("concurrency", 5))
                .Access(s => s.AuthorizedUsers("u").AuthorizedGroups("g"))
                .Build();

            // A lambda that makes a template (it is given no builder) is a template of its own, judged on what it sets.
            private static TemplateBuilder Make(Func<TemplateBuilder> factory) => factory();

            public static TemplateBuilder Made() => Make(() => Template.Named("t").InTenant().Distributed({|RAI2002:DistributedFramework.Jax|}, 2));
        """);
}
