extern alias analyzers;

using System.Reflection;
using analyzers::RunAi.TemplateDsl.Analyzers;
using Microsoft.CodeAnalysis;
using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl.Analyzers.Tests;

/// <summary>
/// The analyzer reads what the DSL writes from attributes and enum values from the linked source: these tests keep
/// the attributes, the descriptors and the linked values in step with the library.
/// </summary>
public sealed class AnnotationTests
{
    private static readonly Type[] Builders = [.. typeof(TemplateBuilder).Assembly.GetTypes().Where(t => t.GetCustomAttribute<WireBuilderAttribute>() is not null)];

    [Fact]
    public void Every_public_builder_method_says_what_it_writes()
    {
        Builders.Select(t => t.Name).Should().Contain(["Template", "TemplateBuilder", "MasterBuilder", "RunParamsBuilder`1", "NodeAffinityBuilder", "NodeSelectorTermBuilder", "AutoscalingBuilder", "ServingPortAccessBuilder", "ConnectionBuilder"]);
        var undescribed = Builders
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName)
            .Where(m => m.GetBaseDefinition().DeclaringType != typeof(object)) // ToString: no step of the DSL (the analyzer ends a chain before it)
            .Where(m => m.GetCustomAttributes<WireFieldAttribute>().Any() == false
                        && m.GetCustomAttribute<WireItemAttribute>() is null
                        && m.GetCustomAttribute<WireBuildAttribute>() is null
                        && m.GetCustomAttribute<WireRemoveAttribute>() is null
                        && !m.GetParameters().Any(p => p.GetCustomAttributes<WireFieldAttribute>().Any()))
            .Select(m => m.DeclaringType!.Name + "." + m.Name)
            .ToList();
        undescribed.Should().BeEmpty("a DSL method without wire attributes makes the analyzer treat everything before it as unknown");
    }

    [Fact]
    public void Every_parameter_of_a_described_method_is_described()
    {
        var missing = Builders
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<WireBuildAttribute>() is null)
            .Where(m => m.GetCustomAttribute<WireRemoveAttribute>() is null || m.GetParameters().Length != 1) // its one parameter is the key it names
            .SelectMany(m => m.GetParameters().Where(p => !p.GetCustomAttributes<WireFieldAttribute>().Any()).Select(p => m.Name + "(" + p.Name + ")"))
            .ToList();
        missing.Should().BeEmpty();
    }

    [Fact]
    public void The_linked_enum_values_are_the_library_values()
    {
        var library = typeof(Scope).Assembly.GetTypes()
            .Where(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(WireValue<>))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == t).Select(p => KeyValuePair.Create(t.Name + "." + p.Name, p.GetValue(null)!.ToString()!)))
            .ToList();
        WireValueTable.All.Should().BeEquivalentTo(library);
        library.Should().Contain(KeyValuePair.Create("MatchOperator.Gt", "Gt"));
    }

    [Fact]
    public void DataSourceKind_values_are_the_AssetKind_values_of_the_same_name()
    {
        foreach (var property in typeof(DataSourceKind).GetProperties(BindingFlags.Public | BindingFlags.Static))
        {
            WireValueTable.Find(nameof(AssetKind), property.Name).Should().Be(property.GetValue(null)!.ToString(), property.Name);
        }
    }

    [Fact]
    public void Descriptors_mirror_the_catalog()
    {
        var catalog = typeof(TemplateBuilder).Assembly.GetType("RunAi.TemplateDsl.Rules.RuleCatalog")!;
        var rules = (System.Collections.IEnumerable)catalog.GetField("All")!.GetValue(null)!;
        var expected = rules.Cast<object>().Select(r => (
            Id: (string)r.GetType().GetProperty("Id")!.GetValue(r)!,
            Severity: r.GetType().GetProperty("Severity")!.GetValue(r)!.ToString()!,
            Title: (string)r.GetType().GetProperty("Title")!.GetValue(r)!,
            Category: (string)r.GetType().GetProperty("Category")!.GetValue(r)!)).ToList();
        var actual = Descriptors.Catalog.Select(d => (
            d.Id,
            Severity: d.DefaultSeverity switch { DiagnosticSeverity.Error => "Error", DiagnosticSeverity.Warning => "Warning", _ => "Info" },
            Title: d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
            d.Category)).ToList();
        actual.Should().Equal(expected);
        actual.Should().HaveCount(43);
    }

    [Fact]
    public void Every_descriptor_is_a_rule_of_the_catalog_or_a_usage_diagnostic_outside_it()
    {
        var catalog = typeof(TemplateBuilder).Assembly.GetType("RunAi.TemplateDsl.Rules.RuleCatalog")!;
        var ids = ((System.Collections.IEnumerable)catalog.GetField("All")!.GetValue(null)!).Cast<object>()
            .Select(r => (string)r.GetType().GetProperty("Id")!.GetValue(r)!).ToList();

        Descriptors.All.Should().Equal(Descriptors.Catalog.AddRange(Descriptors.Usage));
        Descriptors.Usage.Select(d => d.Id).Should().Equal("RAI9001");
        Descriptors.Usage.Should().OnlyContain(d => !ids.Contains(d.Id) && d.Id.StartsWith("RAI9", StringComparison.Ordinal) && d.Category == "Usage", "usage diagnostics are analyzer-only: no template carries them");
        Descriptors.RAI9001.DefaultSeverity.Should().Be(DiagnosticSeverity.Warning);
        Descriptors.RAI9001.Title.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("The result of an immutable builder call is discarded");
    }

    [Fact]
    public void The_analyzers_report_every_descriptor_and_nothing_else()
    {
        // Each analyzer of the package, found as the compiler finds them: every descriptor is supported by exactly one.
        var analyzers = typeof(TemplateRuleAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
        analyzers.Select(a => a.GetType().Name).Should().BeEquivalentTo(["TemplateRuleAnalyzer", "DiscardedResultAnalyzer"]);
        analyzers.SelectMany(a => a.SupportedDiagnostics).Should().BeEquivalentTo(Descriptors.All).And.OnlyHaveUniqueItems();
        analyzers.OfType<TemplateRuleAnalyzer>().Single().SupportedDiagnostics.Should().Equal(Descriptors.Catalog);
    }

    [Fact]
    public void Camel_case_matches_the_serializer()
    {
        foreach (var name in new[] { "NodeAffinityRequired", "AutoScaling", "Datasources", "PodFieldRef", "ID", "URLValue", "X" })
        {
            FactEvaluator.CamelCase(name).Should().Be(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name));
        }
    }
}
