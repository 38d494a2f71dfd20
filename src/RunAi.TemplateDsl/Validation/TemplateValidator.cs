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
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    [WireBuild]
    public static IReadOnlyList<RuleViolation> Validate(WorkloadTemplateCreationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(WireFact.Of(request), isUpdate: false);
    }

    /// <summary>Every violation of an update request (the scope rules do not apply: an update cannot change the scope).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The violations; empty when the request passes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    [WireBuild(IsUpdate = true)]
    public static IReadOnlyList<RuleViolation> Validate(WorkloadTemplateUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(WireFact.Of(request), isUpdate: true);
    }

    /// <summary>Every violation of a template as read from the API.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The violations; empty when the template passes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
    public static IReadOnlyList<RuleViolation> Validate(WorkloadTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Run(WireFact.Of(template), isUpdate: false);
    }

    /// <summary>Throws <see cref="TemplateValidationException"/> when a template as read from the API breaks an error-severity rule.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The warnings and infos, when there is no error.</returns>
    /// <exception cref="TemplateValidationException">At least one error-severity rule is violated.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
    public static IReadOnlyList<RuleViolation> ThrowIfInvalid(WorkloadTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return ThrowOnErrors(template.Meta?.Name, Validate(template));
    }

    /// <summary>Throws <see cref="TemplateValidationException"/> when a creation request breaks an error-severity rule.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The warnings and infos, when there is no error.</returns>
    /// <exception cref="TemplateValidationException">At least one error-severity rule is violated.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    [WireBuild]
    public static IReadOnlyList<RuleViolation> ThrowIfInvalid(WorkloadTemplateCreationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ThrowOnErrors(request.Meta?.Name, Validate(request));
    }

    /// <summary>Throws <see cref="TemplateValidationException"/> when an update request breaks an error-severity rule.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The warnings and infos, when there is no error.</returns>
    /// <exception cref="TemplateValidationException">At least one error-severity rule is violated.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    [WireBuild(IsUpdate = true)]
    public static IReadOnlyList<RuleViolation> ThrowIfInvalid(WorkloadTemplateUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ThrowOnErrors(request.Meta?.Name, Validate(request));
    }

    internal static IReadOnlyList<RuleViolation> ThrowOnErrors(string? templateName, IReadOnlyList<RuleViolation> violations)
    {
        for (var i = 0; i < violations.Count; i++)
        {
            if (violations[i].Severity == RuleSeverity.Error)
            {
                throw new TemplateValidationException(templateName, violations);
            }
        }

        return violations;
    }

    /// <summary>
    /// Judges a model object in place; when a rule reports, judges it again over the thread's pooled fact tree, which
    /// places each violation (a path). A passing validation builds nothing: it allocates only its empty result list.
    /// </summary>
    private static List<RuleViolation> Run(WireFact value, bool isUpdate)
    {
        var violations = new List<RuleViolation>();
        TemplateRules.Check(value, violations, isUpdate);
        if (violations.Count == 0)
        {
            return violations;
        }

        violations.Clear();
        var arena = WireFacts.Arena;
        try
        {
            TemplateRules.Check(WireFacts.Tree(value, arena), violations, isUpdate);
            return violations;
        }
        finally
        {
            arena.Clear();
        }
    }
}
