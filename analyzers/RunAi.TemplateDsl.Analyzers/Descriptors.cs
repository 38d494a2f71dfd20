using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using RunAi.TemplateDsl.Rules;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// One diagnostic per rule of the catalog: the same id and severity as <see cref="RuleCatalog"/>, the catalog's title,
/// and the run-time message word for word (the message format is <c>{0}</c>; the rule code writes the text).
/// Besides them, the usage diagnostics (<see cref="Usage"/>, RAI9xxx): mistakes in how C# uses the DSL, which no
/// template carries and <c>Build()</c> cannot see, so they are analyzer-only and not in the catalog.
/// Ids, categories and severities are literals so that release tracking (AnalyzerReleases.*.md) can check them;
/// a test checks they agree with the catalog.
/// </summary>
internal static class Descriptors
{
    /// <summary>Where each rule's page lives.</summary>
    public const string HelpLinkBase = "https://github.com/runai-templatedsl/RunAi.TemplateDsl/blob/main/docs/rules/";

    /// <summary>Where each usage diagnostic's page lives (they are not rules of the catalog).</summary>
    public const string UsageHelpLinkBase = "https://github.com/runai-templatedsl/RunAi.TemplateDsl/blob/main/docs/analyzers/";

    private const string MessageFormat = "{0}";

    public static readonly DiagnosticDescriptor RAI0001 = new("RAI0001", RuleCatalog.RAI0001.Title, MessageFormat, "Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI0001.md");

    public static readonly DiagnosticDescriptor RAI0002 = new("RAI0002", RuleCatalog.RAI0002.Title, MessageFormat, "Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI0002.md");

    public static readonly DiagnosticDescriptor RAI0003 = new("RAI0003", RuleCatalog.RAI0003.Title, MessageFormat, "Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI0003.md");

    public static readonly DiagnosticDescriptor RAI0004 = new("RAI0004", RuleCatalog.RAI0004.Title, MessageFormat, "Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI0004.md");

    public static readonly DiagnosticDescriptor RAI0005 = new("RAI0005", RuleCatalog.RAI0005.Title, MessageFormat, "Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI0005.md");

    public static readonly DiagnosticDescriptor RAI0006 = new("RAI0006", RuleCatalog.RAI0006.Title, MessageFormat, "Schema", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI0006.md");

    public static readonly DiagnosticDescriptor RAI1001 = new("RAI1001", RuleCatalog.RAI1001.Title, MessageFormat, "Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI1001.md");

    public static readonly DiagnosticDescriptor RAI1002 = new("RAI1002", RuleCatalog.RAI1002.Title, MessageFormat, "Scope", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI1002.md");

    public static readonly DiagnosticDescriptor RAI1003 = new("RAI1003", RuleCatalog.RAI1003.Title, MessageFormat, "Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI1003.md");

    public static readonly DiagnosticDescriptor RAI1004 = new("RAI1004", RuleCatalog.RAI1004.Title, MessageFormat, "Scope", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI1004.md");

    public static readonly DiagnosticDescriptor RAI1005 = new("RAI1005", RuleCatalog.RAI1005.Title, MessageFormat, "Scope", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI1005.md");

    public static readonly DiagnosticDescriptor RAI2001 = new("RAI2001", RuleCatalog.RAI2001.Title, MessageFormat, "Distributed", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI2001.md");

    public static readonly DiagnosticDescriptor RAI2002 = new("RAI2002", RuleCatalog.RAI2002.Title, MessageFormat, "Distributed", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI2002.md");

    public static readonly DiagnosticDescriptor RAI2003 = new("RAI2003", RuleCatalog.RAI2003.Title, MessageFormat, "Distributed", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI2003.md");

    public static readonly DiagnosticDescriptor RAI2004 = new("RAI2004", RuleCatalog.RAI2004.Title, MessageFormat, "Distributed", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI2004.md");

    public static readonly DiagnosticDescriptor RAI2005 = new("RAI2005", RuleCatalog.RAI2005.Title, MessageFormat, "Distributed", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI2005.md");

    public static readonly DiagnosticDescriptor RAI2006 = new("RAI2006", RuleCatalog.RAI2006.Title, MessageFormat, "Distributed", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI2006.md");

    public static readonly DiagnosticDescriptor RAI3001 = new("RAI3001", RuleCatalog.RAI3001.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3001.md");

    public static readonly DiagnosticDescriptor RAI3002 = new("RAI3002", RuleCatalog.RAI3002.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3002.md");

    public static readonly DiagnosticDescriptor RAI3003 = new("RAI3003", RuleCatalog.RAI3003.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3003.md");

    public static readonly DiagnosticDescriptor RAI3004 = new("RAI3004", RuleCatalog.RAI3004.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3004.md");

    public static readonly DiagnosticDescriptor RAI3005 = new("RAI3005", RuleCatalog.RAI3005.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3005.md");

    public static readonly DiagnosticDescriptor RAI3006 = new("RAI3006", RuleCatalog.RAI3006.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3006.md");

    public static readonly DiagnosticDescriptor RAI3007 = new("RAI3007", RuleCatalog.RAI3007.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3007.md");

    public static readonly DiagnosticDescriptor RAI3008 = new("RAI3008", RuleCatalog.RAI3008.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3008.md");

    public static readonly DiagnosticDescriptor RAI3009 = new("RAI3009", RuleCatalog.RAI3009.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3009.md");

    public static readonly DiagnosticDescriptor RAI3010 = new("RAI3010", RuleCatalog.RAI3010.Title, MessageFormat, "Scheduling", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI3010.md");

    public static readonly DiagnosticDescriptor RAI4001 = new("RAI4001", RuleCatalog.RAI4001.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4001.md");

    public static readonly DiagnosticDescriptor RAI4002 = new("RAI4002", RuleCatalog.RAI4002.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4002.md");

    public static readonly DiagnosticDescriptor RAI4003 = new("RAI4003", RuleCatalog.RAI4003.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4003.md");

    public static readonly DiagnosticDescriptor RAI4004 = new("RAI4004", RuleCatalog.RAI4004.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4004.md");

    public static readonly DiagnosticDescriptor RAI4005 = new("RAI4005", RuleCatalog.RAI4005.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4005.md");

    public static readonly DiagnosticDescriptor RAI4006 = new("RAI4006", RuleCatalog.RAI4006.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4006.md");

    public static readonly DiagnosticDescriptor RAI4007 = new("RAI4007", RuleCatalog.RAI4007.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4007.md");

    public static readonly DiagnosticDescriptor RAI4008 = new("RAI4008", RuleCatalog.RAI4008.Title, MessageFormat, "Autoscaling", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI4008.md");

    public static readonly DiagnosticDescriptor RAI5001 = new("RAI5001", RuleCatalog.RAI5001.Title, MessageFormat, "Access", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI5001.md");

    public static readonly DiagnosticDescriptor RAI5002 = new("RAI5002", RuleCatalog.RAI5002.Title, MessageFormat, "Access", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI5002.md");

    public static readonly DiagnosticDescriptor RAI5003 = new("RAI5003", RuleCatalog.RAI5003.Title, MessageFormat, "Access", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI5003.md");

    public static readonly DiagnosticDescriptor RAI5004 = new("RAI5004", RuleCatalog.RAI5004.Title, MessageFormat, "Access", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI5004.md");

    public static readonly DiagnosticDescriptor RAI6001 = new("RAI6001", RuleCatalog.RAI6001.Title, MessageFormat, "Container", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI6001.md");

    public static readonly DiagnosticDescriptor RAI6002 = new("RAI6002", RuleCatalog.RAI6002.Title, MessageFormat, "Container", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI6002.md");

    public static readonly DiagnosticDescriptor RAI6003 = new("RAI6003", RuleCatalog.RAI6003.Title, MessageFormat, "Container", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI6003.md");

    public static readonly DiagnosticDescriptor RAI6004 = new("RAI6004", RuleCatalog.RAI6004.Title, MessageFormat, "Container", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "RAI6004.md");

    /// <summary>
    /// RAI9001: the result of a call on an immutable builder or template set is discarded (<c>set.Add(..);</c>), so the
    /// change is lost. Reported by <see cref="DiscardedResultAnalyzer"/>.
    /// </summary>
    public static readonly DiagnosticDescriptor RAI9001 = new(
        "RAI9001",
        "The result of an immutable builder call is discarded",
        "'{0}' returns a new {1} and leaves this one unchanged; use the value it returns ({2})",
        "Usage",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Builders and template sets are immutable: each With…/Add…/In…/Match/Term call returns a new object. A call used as a statement changes nothing.",
        helpLinkUri: UsageHelpLinkBase + "RAI9001.md");

    /// <summary>The descriptors of the rule catalog, in catalog order (reported by <see cref="TemplateRuleAnalyzer"/>).</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> Catalog = ImmutableArray.Create(
        RAI0001,
        RAI0002,
        RAI0003,
        RAI0004,
        RAI0005,
        RAI0006,
        RAI1001,
        RAI1002,
        RAI1003,
        RAI1004,
        RAI1005,
        RAI2001,
        RAI2002,
        RAI2003,
        RAI2004,
        RAI2005,
        RAI2006,
        RAI3001,
        RAI3002,
        RAI3003,
        RAI3004,
        RAI3005,
        RAI3006,
        RAI3007,
        RAI3008,
        RAI3009,
        RAI3010,
        RAI4001,
        RAI4002,
        RAI4003,
        RAI4004,
        RAI4005,
        RAI4006,
        RAI4007,
        RAI4008,
        RAI5001,
        RAI5002,
        RAI5003,
        RAI5004,
        RAI6001,
        RAI6002,
        RAI6003,
        RAI6004);

    /// <summary>The usage diagnostics: analyzer-only, not rules of the catalog.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> Usage = ImmutableArray.Create(RAI9001);

    /// <summary>Every descriptor: the catalog's, then the usage diagnostics.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> All = Catalog.AddRange(Usage);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Index();

    /// <summary>The descriptor of a rule id.</summary>
    public static DiagnosticDescriptor For(string id) => ById[id];

    private static Dictionary<string, DiagnosticDescriptor> Index()
    {
        var map = new Dictionary<string, DiagnosticDescriptor>(System.StringComparer.Ordinal);
        foreach (var d in All)
        {
            map.Add(d.Id, d);
        }

        return map;
    }
}
