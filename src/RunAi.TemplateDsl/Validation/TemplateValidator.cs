using RunAi.TemplateDsl.Analysis;
using RunAi.TemplateDsl.Rules;
using RunAi.TemplateDsl.Validation;

namespace RunAi.TemplateDsl;

/// <summary>
/// Applies the rule catalog (docs/rules) to a request or template built by hand or read from JSON —
/// the same rules <see cref="TemplateBuilder.Build"/> enforces and the analyzer reports while you type.
/// </summary>
public static class TemplateValidator
{
    /// <summary>Every violation of a creation request, errors, warnings and infos, in catalog walk order.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The violations; empty when the request passes.</returns>
    [WireBuild]
    public static IReadOnlyList<RuleViolation> Validate(WorkloadTemplateCreationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arena = WireFacts.Arena;
        try
        {
            return Run(WireFacts.Of(request, arena), isUpdate: false);
        }
        finally
        {
            arena.Clear();
        }
    }

    /// <summary>Every violation of an update request (the scope rules do not apply: an update cannot change the scope).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The violations; empty when the request passes.</returns>
    [WireBuild(IsUpdate = true)]
    public static IReadOnlyList<RuleViolation> Validate(WorkloadTemplateUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arena = WireFacts.Arena;
        try
        {
            return Run(WireFacts.Of(request, arena), isUpdate: true);
        }
        finally
        {
            arena.Clear();
        }
    }

    /// <summary>Every violation of a template as read from the API.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The violations; empty when the template passes.</returns>
    public static IReadOnlyList<RuleViolation> Validate(WorkloadTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var arena = WireFacts.Arena;
        try
        {
            return Run(WireFacts.Of(template, arena), isUpdate: false);
        }
        finally
        {
            arena.Clear();
        }
    }

    /// <summary>Throws <see cref="TemplateValidationException"/> when a creation request breaks an error-severity rule.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The warnings and infos, when there is no error.</returns>
    /// <exception cref="TemplateValidationException">At least one error-severity rule is violated.</exception>
    [WireBuild]
    public static IReadOnlyList<RuleViolation> ThrowIfInvalid(WorkloadTemplateCreationRequest request) => ThrowOnErrors(request.Meta?.Name, Validate(request));

    /// <summary>Throws <see cref="TemplateValidationException"/> when an update request breaks an error-severity rule.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The warnings and infos, when there is no error.</returns>
    /// <exception cref="TemplateValidationException">At least one error-severity rule is violated.</exception>
    [WireBuild(IsUpdate = true)]
    public static IReadOnlyList<RuleViolation> ThrowIfInvalid(WorkloadTemplateUpdateRequest request) => ThrowOnErrors(request.Meta?.Name, Validate(request));

    internal static IReadOnlyList<RuleViolation> ThrowOnErrors(string? templateName, IReadOnlyList<RuleViolation> violations)
    {
        foreach (var v in violations)
        {
            if (v.Severity == RuleSeverity.Error)
            {
                throw new TemplateValidationException(templateName, violations);
            }
        }

        return violations;
    }

    private static List<RuleViolation> Run(Fact root, bool isUpdate)
    {
        var violations = new List<RuleViolation>();
        TemplateRules.Check(root, new RuleContext(violations, isUpdate));
        return violations;
    }
}
