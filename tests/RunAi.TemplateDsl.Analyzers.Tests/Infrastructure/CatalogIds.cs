extern alias analyzers;

using analyzers::RunAi.TemplateDsl.Analyzers;
using Microsoft.CodeAnalysis;

namespace RunAi.TemplateDsl.Analyzers.Tests.Infrastructure;

/// <summary>The analyzer's rule ids, in catalog order.</summary>
internal static class CatalogIds
{
    public static IReadOnlyList<string> All { get; } = [.. Descriptors.Catalog.Select(d => d.Id)];

    public static DiagnosticSeverity Severity(string id) => Descriptors.For(id).DefaultSeverity;
}
