using System;

namespace RunAi.TemplateDsl;

/// <summary>How serious a rule violation is.</summary>
public enum RuleSeverity
{
    /// <summary>The API would reject the template, or it would not do what it says: <c>Build()</c> throws.</summary>
    Error,

    /// <summary>Probably a mistake; the template is still sent.</summary>
    Warning,

    /// <summary>Worth knowing; the template is still sent.</summary>
    Info,
}

/// <summary>One violation of the rule catalog: which rule, how serious, where and what to change.</summary>
public sealed class RuleViolation : IEquatable<RuleViolation>
{
    /// <summary>Creates a violation.</summary>
    /// <param name="ruleId">The rule's stable id, e.g. <c>RAI3003</c>.</param>
    /// <param name="severity">The rule's severity.</param>
    /// <param name="path">The JSON path in the request, e.g. <c>spec.specificEnv.autoScaling.minReplicas</c>.</param>
    /// <param name="message">What is wrong and what to change.</param>
    public RuleViolation(string ruleId, RuleSeverity severity, string path, string message)
    {
        RuleId = ruleId ?? throw new ArgumentNullException(nameof(ruleId));
        Severity = severity;
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Message = message ?? throw new ArgumentNullException(nameof(message));
    }

    /// <summary>The rule's stable id, e.g. <c>RAI3003</c>; its page is <c>docs/rules/RAI3003.md</c>.</summary>
    public string RuleId { get; }

    /// <summary>How serious the violation is.</summary>
    public RuleSeverity Severity { get; }

    /// <summary>The JSON path of the offending value in the request.</summary>
    public string Path { get; }

    /// <summary>What is wrong and what to change; the same words the analyzer shows.</summary>
    public string Message { get; }

    /// <summary>Where the analyzer places the diagnostic; null at run time.</summary>
    internal object? Origin { get; set; }

    /// <inheritdoc />
    public bool Equals(RuleViolation? other) =>
        other is not null && RuleId == other.RuleId && Severity == other.Severity && Path == other.Path && Message == other.Message;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RuleViolation);

    /// <inheritdoc />
    public override int GetHashCode() => (RuleId.GetHashCode() * 31 + Path.GetHashCode()) * 31 + Message.GetHashCode();

    /// <summary>For example <c>RAI3003 error at spec.specificEnv…values: …</c>.</summary>
    public override string ToString() => RuleId + " " + SeverityWord(Severity) + " at " + Path + ": " + Message;

    internal static string SeverityWord(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "error",
        RuleSeverity.Warning => "warning",
        _ => "info",
    };
}
