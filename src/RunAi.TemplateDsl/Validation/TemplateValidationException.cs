using System.Text;

namespace RunAi.TemplateDsl;

/// <summary>
/// A template breaks at least one error-severity rule of the catalog. The message lists every violation
/// (not only the first), each with rule id, severity, JSON path and what to change.
/// </summary>
public sealed class TemplateValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="templateName">The template's name, when known.</param>
    /// <param name="violations">Every violation found, errors first in the message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="violations"/> is null.</exception>
    public TemplateValidationException(string? templateName, IReadOnlyList<RuleViolation> violations)
        : base(Describe(templateName, violations ?? throw new ArgumentNullException(nameof(violations))))
    {
        TemplateName = templateName;

        // A copy: the message counts these, and neither the caller's list nor a cast of this one can make them disagree.
        Violations = Array.AsReadOnly([.. violations]);
    }

    /// <summary>The template's name, when known.</summary>
    public string? TemplateName { get; }

    /// <summary>Every violation found, including warnings and infos.</summary>
    public IReadOnlyList<RuleViolation> Violations { get; }

    private static string Describe(string? name, IReadOnlyList<RuleViolation> violations)
    {
        var errors = violations.Count(v => v.Severity == RuleSeverity.Error);
        var text = new StringBuilder()
            .Append("Template ")
            .Append(name is null ? "(unnamed)" : "'" + name + "'")
            .Append(" is invalid: ")
            .Append(errors)
            .Append(errors == 1 ? " error" : " errors");
        var others = violations.Count - errors;
        if (others > 0)
        {
            text.Append(", ").Append(others).Append(others == 1 ? " warning or info" : " warnings or infos");
        }

        text.Append('.');
        foreach (var v in violations.OrderBy(v => v.Severity))
        {
            text.AppendLine().Append("  ").Append(v);
        }

        return text.ToString();
    }
}
