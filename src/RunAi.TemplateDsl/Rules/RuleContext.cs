using System;
using System.Collections.Generic;
using System.Globalization;

namespace RunAi.TemplateDsl.Rules;

/// <summary>
/// Collects the violations of one validation. Paths and messages are built only when a rule reports.
/// A struct over the result list, so that a passing validation allocates nothing beyond that list.
/// </summary>
internal readonly struct RuleContext
{
    private readonly List<RuleViolation> _violations;
    private readonly Fact _root;

    public RuleContext(List<RuleViolation> violations, bool isUpdate, Fact root)
    {
        _violations = violations;
        IsUpdate = isUpdate;
        _root = root;
    }

    /// <summary>Whether the facts are of an update request (no scope, no supported types).</summary>
    public bool IsUpdate { get; }

    public IReadOnlyList<RuleViolation> Violations => _violations;

    /// <summary>Reports a violation at a node, or at one of its members (which may be absent).</summary>
    public void Report(RuleDescriptor rule, Fact at, string? member, string message)
    {
        var target = member is null ? at : at[member];
        var origin = target.Origin ?? at.NameOrigin ?? at.Origin;
        _violations.Add(new RuleViolation(rule.Id, rule.Severity, Fact.PathOf(_root, at, member), message) { Origin = origin });
    }

    /// <summary>Reports a violation placed on a specific origin (e.g. one value among several).</summary>
    public void ReportAt(RuleDescriptor rule, Fact at, string? member, object? origin, string message)
    {
        _violations.Add(new RuleViolation(rule.Id, rule.Severity, Fact.PathOf(_root, at, member), message) { Origin = origin ?? at.NameOrigin ?? at.Origin });
    }

    internal static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Quote(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        return text.Length <= 40 ? "'" + text + "'" : "'" + text.Substring(0, 37) + "…'";
    }

    internal static bool IsBlank(Fact f) => f.Kind == FactKind.Text && string.IsNullOrWhiteSpace(f.Text);

    internal static int Ordinal(string a, string b) => string.CompareOrdinal(a, b);

    internal static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);
}
