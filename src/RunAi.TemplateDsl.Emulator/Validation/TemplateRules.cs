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

    /// <summary>
    /// A whole template: what an update would store (the stored metadata with the request's name, description and
    /// spec). An update request alone carries no scope and no supported types, so the rules that read them
    /// (RAI2001, RAI2004, …) can only judge it merged.
    /// </summary>
    public static IReadOnlyList<RuleFinding> Check(WorkloadTemplate template) => Errors(TemplateValidator.Validate(template));

    private static List<RuleFinding> Errors(IReadOnlyList<RuleViolation> violations) =>
        violations.Where(v => v.Severity == RuleSeverity.Error).Select(v => new RuleFinding(v.RuleId, v.Path, v.Message)).ToList();
}
