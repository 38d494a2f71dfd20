using RunAi.TemplateDsl.AsCode;
using RunAi.TemplateDsl.Json;
using static RunAi.TemplateDsl.Tests.AsCode.HostTemplates;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>
/// Bad arguments are refused by the member that was given them, naming its own parameter: not a parameter of a helper
/// behind it, not a NullReferenceException later, and not a value silently dropped.
/// </summary>
public sealed class ArgumentContractTests
{
    [Fact]
    public void A_template_set_names_the_parameter_that_was_given_a_null_or_a_duplicate()
    {
        FluentActions.Invoking(() => TemplateSet.Of(Notebook(), null!)).Should().Throw<ArgumentException>()
            .WithParameterName("templates").WithMessage("templates[1] is null (counting from 0): leave it out.*");
        FluentActions.Invoking(() => TemplateSet.Of(Notebook(), Notebook("l40s"))).Should().Throw<ArgumentException>()
            .WithParameterName("templates").WithMessage("The set already has a template at address 'notebook'*");
        FluentActions.Invoking(() => TemplateSet.Of(Notebook()).Add(Notebook("l40s"))).Should().Throw<ArgumentException>().WithParameterName("template");
        FluentActions.Invoking(() => TemplateSet.Of(Notebook()).Add("notebook", Notebook("l40s"))).Should().Throw<ArgumentException>().WithParameterName("address");
        FluentActions.Invoking(() => TemplateSet.Of(Template.Named(" "))).Should().Throw<ArgumentException>().WithParameterName("templates");
    }

    [Fact]
    public void State_export_and_keys_refuse_what_they_cannot_read_by_name()
    {
        TemplateSetState.InMemory("t").Invoking(s => s.Find(null!)).Should().Throw<ArgumentNullException>().WithParameterName("address");
        FluentActions.Invoking(() => TemplateExport.ToCSharp([null!])).Should().Throw<ArgumentException>()
            .WithParameterName("templates").WithMessage("Template 0 of the list is null*");
        FluentActions.Invoking(() => TemplateExport.ToCSharp([new WorkloadTemplate()])).Should().Throw<ArgumentException>()
            .WithParameterName("templates").WithMessage("Template 0 of the list has no meta, scope or name*");
        FluentActions.Invoking(() => TemplateKey.Of(new AssetMeta())).Should().Throw<ArgumentException>().WithParameterName("meta");
        FluentActions.Invoking(() => TemplateKey.Of(new AssetCreationRequest { Name = "x", Scope = null! })).Should().Throw<ArgumentException>().WithParameterName("meta");
    }

    [Fact]
    public void An_optional_value_given_null_is_refused_rather_than_dropping_what_was_set_before()
    {
        var distributed = Template.Named("ddp").InProject(42).WithEnvironment(EnvironmentId).Distributed(DistributedFramework.PyTorch, workers: 2);
        distributed.Invoking(t => t.WithMaster(m => m.WithEnvironment(EnvironmentId).WithCommand("python master.py").WithEnvironment((string)null!)))
            .Should().Throw<ArgumentNullException>().WithParameterName("environmentId");
        distributed.Invoking(t => t.WithServingPortAccess(s => s.OnlyUsers("alice").AuthorizationType(null!)))
            .Should().Throw<ArgumentNullException>().WithParameterName("type");
        using var stream = new MemoryStream();
        using var writer = new System.Text.Json.Utf8JsonWriter(stream);
        new WireValueConverter<Scope>().Invoking(c => c.Write(null!, Scope.Project, TemplateJson.Options)).Should().Throw<ArgumentNullException>().WithParameterName("writer");
        new WireValueConverter<Scope>().Invoking(c => c.Write(writer, null!, TemplateJson.Options)).Should().Throw<ArgumentNullException>().WithParameterName("value");
    }

    [Fact]
    public void A_read_model_without_its_required_members_is_not_written_as_an_empty_object()
    {
        FluentActions.Invoking(() => TemplateJson.Serialize(new WorkloadTemplate())).Should().Throw<TemplateJsonException>()
            .Where(e => e.Path == "$.meta", "what the reader refuses, the writer does not write");
    }

    [Fact]
    public void A_read_model_built_by_hand_without_its_required_members_names_the_missing_one_when_converted()
    {
        FluentActions.Invoking(() => new WorkloadTemplate().ToCreationRequest()).Should().Throw<InvalidOperationException>()
            .WithMessage("The template has no 'meta'*");
        var noSpec = new WorkloadTemplate { Meta = new AssetMeta { Name = "t", Scope = Scope.Tenant } };
        noSpec.Invoking(t => t.ToUpdateRequest()).Should().Throw<InvalidOperationException>().WithMessage("The template has no 'spec'*");
        noSpec.Spec = new SpecificRunInfoFields();
        noSpec.Invoking(t => t.ToCreationRequest()).Should().Throw<InvalidOperationException>().WithMessage("The template has no 'spec.assets'*");
        noSpec.Spec.Assets = new AssetsRef();
        noSpec.Invoking(t => t.ToCreationRequest()).Should().Throw<InvalidOperationException>().WithMessage("The template has no 'spec.assets.environment'*");
        noSpec.Spec.Assets.Environment = new EnvironmentAssetRef { Id = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d" };
        noSpec.ToCreationRequest().Spec.Assets.Environment.Should().Be("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d");
    }

    [Fact]
    public void The_obsolete_WithDataSource_appends_as_AddDataSource_does()
    {
        const string Id = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
        var template = Template.Named("t").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d");
#pragma warning disable CS0618 // the former name, kept for one version
        var old = template.WithDataSource(DataSourceKind.Pvc, Id, "/data").WithDataSource(DataSourceKind.Git, Guid.Parse(Id.Replace('9', '8')));
#pragma warning restore CS0618
        var renamed = template.AddDataSource(DataSourceKind.Pvc, Id, "/data").AddDataSource(DataSourceKind.Git, Guid.Parse(Id.Replace('9', '8')));

        TemplateJson.Serialize(old.Build()).Should().Be(TemplateJson.Serialize(renamed.Build()));
        renamed.Build().Spec.Assets.Datasources.Should().HaveCount(2, "both calls append");
    }

    [Fact]
    public void A_duration_given_as_a_TimeSpan_is_sent_as_the_whole_seconds_the_API_takes()
    {
        var template = Template.Named("t").InTenant().WithEnvironment("7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d");
        var spans = template.WithTerminationGracePeriod(TimeSpan.FromSeconds(30)).WithAutoDeletionAfterCompletion(TimeSpan.FromDays(7))
            .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(2).Metric(AutoscalingMetrics.Concurrency, 4).ScaleToZeroRetention(TimeSpan.FromMinutes(5)).ScaleDownDelay(TimeSpan.FromMinutes(2)));
        var seconds = template.WithTerminationGracePeriod(30).WithAutoDeletionAfterCompletion(604800)
            .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(2).Metric(AutoscalingMetrics.Concurrency, 4).ScaleToZeroRetention(300).ScaleDownDelay(120));

        TemplateJson.Serialize(spans.Build()).Should().Be(TemplateJson.Serialize(seconds.Build()));
        template.Invoking(t => t.WithTerminationGracePeriod(TimeSpan.FromMilliseconds(1500))).Should().Throw<ArgumentException>()
            .WithParameterName("period").WithMessage("period is 1.5 s: the API takes whole seconds.*");
        FluentActions.Invoking(() => template.WithAutoscaling(a => a.ScaleDownDelay(TimeSpan.FromDays(30000)))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("delay");
        FluentActions.Invoking(() => template.WithAutoscaling(a => a.ScaleToZeroRetention(TimeSpan.FromDays(-30000)))).Should().Throw<ArgumentOutOfRangeException>()
            .WithParameterName("retention").WithMessage("retention is outside what the API's member holds (-2147483648 to 2147483647 seconds).*");
        template.WithTerminationGracePeriod(TimeSpan.FromSeconds(-5)).Validate().Should().ContainSingle(v => v.RuleId == "RAI0004", "a negative period is the rules' to report, as the number would be");
    }
}
