namespace RunAi.TemplateDsl.Emulator.Validation;

/// <summary>A rule a request breaks: the rule id of RULES.md, the JSON path (e.g. <c>meta.projectId</c>) and what is wrong.</summary>
internal readonly record struct RuleFinding(string RuleId, string Path, string Message)
{
    public override string ToString() => $"{RuleId} {Path}: {Message}";
}

/// <summary>
/// The one place where the emulator judges a request: the library's rule catalog (<see cref="TemplateValidator"/>),
/// the same rules <c>Build()</c> and the analyzer apply. Only errors reject a request (400 with the findings in
/// <c>details</c>); warnings and infos do not.
/// </summary>
internal static class TemplateRules
{
    public static IReadOnlyList<RuleFinding> Check(WorkloadTemplateCreationRequest request) => Errors(TemplateValidator.Validate(request));

    public static IReadOnlyList<RuleFinding> Check(WorkloadTemplateUpdateRequest request) => Errors(TemplateValidator.Validate(request));

    private static List<RuleFinding> Errors(IReadOnlyList<RuleViolation> violations) =>
        violations.Where(v => v.Severity == RuleSeverity.Error).Select(v => new RuleFinding(v.RuleId, v.Path, v.Message)).ToList();
}
