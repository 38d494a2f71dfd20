using System;
using System.Collections.Generic;
using System.Globalization;

namespace RunAi.TemplateDsl.Rules;

/// <summary>
/// Collects the violations of one validation. Paths and messages are built only when a rule reports.
/// A struct over the result list, so that a passing validation allocates nothing beyond that list.
/// </summary>
/// <typeparam name="T">The front end's view of the facts.</typeparam>
internal readonly struct RuleContext<T>
    where T : struct, IFact<T>
{
    private readonly List<RuleViolation> _violations;
    private readonly T _root;

    public RuleContext(List<RuleViolation> violations, bool isUpdate, T root)
    {
        _violations = violations;
        IsUpdate = isUpdate;
        _root = root;
    }

    /// <summary>Whether the facts are of an update request (no scope, no supported types).</summary>
    public bool IsUpdate { get; }

    /// <summary>Reports a violation at a value, or at one of its members (which may be absent).</summary>
    public void Report(RuleDescriptor rule, T at, string? member, string message)
    {
        var target = member is null ? at : at[member];
        var origin = target.Origin ?? at.NameOrigin ?? at.Origin;
        _violations.Add(new RuleViolation(rule.Id, rule.Severity, at.PathFrom(_root, member), message) { Origin = origin });
    }
}

/// <summary>Texts and tests the rules share, for their messages and value checks.</summary>
internal static class RuleContext
{
    /// <summary>
    /// A number as the user wrote it: a whole number in full (a long's extremes are not rounded to an exponent, as
    /// <see cref="double"/>'s shortest form would write them), anything else in its shortest round-trip form.
    /// </summary>
    internal static string Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e19
            ? value.ToString("F0", CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A text for a message, shortened to 40 characters; a character outside the BMP (a surrogate pair) is never cut in half.</summary>
    internal static string Quote(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        if (text.Length <= 40)
        {
            return "'" + text + "'";
        }

        var cut = char.IsHighSurrogate(text[36]) ? 36 : 37;
        return "'" + text.Substring(0, cut) + "…'";
    }

    /// <summary>
    /// The length of a text in characters as the spec's maxLength counts them (JSON Schema: Unicode code points), so
    /// that a surrogate pair (an emoji) is one character, not two UTF-16 units.
    /// </summary>
    internal static int Characters(string text)
    {
        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    internal static bool IsBlank<T>(T f)
        where T : struct, IFact<T>
        => f.Kind == FactKind.Text && string.IsNullOrWhiteSpace(f.Text);

    internal static int Ordinal(string a, string b) => string.CompareOrdinal(a, b);

    internal static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);
}
