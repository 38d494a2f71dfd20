namespace RunAi.TemplateDsl.Tests.Rules;

/// <summary>Ids and base templates that break no rule, to be specialised by one call per test.</summary>
internal static class Valid
{
    public const string EnvironmentId = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
    public const string ComputeId = "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    public const string DataSourceId = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
    public const string OtherDataSourceId = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    public const string CredentialId = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    public const string ClusterId = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";

    /// <summary>A project-scoped template with an environment: the smallest valid template.</summary>
    public static TemplateBuilder Template { get; } = TemplateDsl.Template.Named("rule-test").InProject(42).WithEnvironment(EnvironmentId);

    /// <summary>A valid distributed PyTorch template with two workers.</summary>
    public static TemplateBuilder Distributed { get; } = Template.Distributed(DistributedFramework.PyTorch, workers: 2);

    /// <summary>A valid inference-only template.</summary>
    public static TemplateBuilder Inference { get; } = Template.ForInference();

    /// <summary>The creation request of a valid template, to edit by hand where the DSL cannot express a mistake.</summary>
    public static WorkloadTemplateCreationRequest Request(TemplateBuilder template) => template.Build();
}

/// <summary>Assertions on the violations a template produces, in the two ways a user meets them.</summary>
internal static class RuleAssert
{
    /// <summary>
    /// Build() throws, the exception's violations are exactly those of Validate(), its message lists each of them,
    /// and the violation of <paramref name="ruleId"/> at <paramref name="path"/> is the only one.
    /// </summary>
    public static RuleViolation OnlyError(TemplateBuilder template, string ruleId, string path)
    {
        var violations = BuildThrows(template);
        violations.Should().ContainSingle("only {0} at {1} is expected, got: {2}", ruleId, path, string.Join(" | ", violations));
        return Single(violations, ruleId, RuleSeverity.Error, path);
    }

    /// <summary>Build() throws and reports <paramref name="ruleId"/> as an error at <paramref name="path"/>, among others.</summary>
    public static RuleViolation Error(TemplateBuilder template, string ruleId, string path) =>
        Single(BuildThrows(template), ruleId, RuleSeverity.Error, path);

    /// <summary>
    /// Validate() reports <paramref name="ruleId"/> with <paramref name="severity"/> (a warning or an info) at
    /// <paramref name="path"/> and nothing else, and Build() does not throw.
    /// </summary>
    public static RuleViolation OnlyNotice(TemplateBuilder template, string ruleId, RuleSeverity severity, string path)
    {
        severity.Should().NotBe(RuleSeverity.Error, "errors are asserted through Build()");
        var violations = template.Validate();
        violations.Should().ContainSingle("only {0} at {1} is expected, got: {2}", ruleId, path, string.Join(" | ", violations));
        template.Invoking(t => t.Build()).Should().NotThrow("warnings and infos do not stop Build()");
        return Single(violations, ruleId, severity, path);
    }

    /// <summary>The violation of <paramref name="ruleId"/> at <paramref name="path"/> in a list, with its severity.</summary>
    public static RuleViolation Single(IReadOnlyList<RuleViolation> violations, string ruleId, RuleSeverity severity, string path)
    {
        var violation = violations.Should()
            .ContainSingle(v => v.RuleId == ruleId && v.Path == path, "{0} is expected at {1}, got: {2}", ruleId, path, string.Join(" | ", violations))
            .Subject;
        violation.Severity.Should().Be(severity, "{0} has severity {1} in RULES.md", ruleId, severity);
        violation.Message.Should().NotBeNullOrWhiteSpace();
        return violation;
    }

    /// <summary>A near miss: <paramref name="ruleId"/> is not reported, and the template has no violation at all.</summary>
    public static void Passes(TemplateBuilder template, string ruleId)
    {
        var violations = template.Validate();
        violations.Should().NotContain(v => v.RuleId == ruleId);
        violations.Should().BeEmpty("the near miss is a valid template, got: {0}", string.Join(" | ", violations));
        template.Invoking(t => t.Build()).Should().NotThrow();
    }

    /// <summary>A near miss that breaks another rule on purpose: only asserts <paramref name="ruleId"/> is absent.</summary>
    public static void NotReported(IReadOnlyList<RuleViolation> violations, string ruleId) =>
        violations.Should().NotContain(v => v.RuleId == ruleId, "got: {0}", string.Join(" | ", violations));

    private static IReadOnlyList<RuleViolation> BuildThrows(TemplateBuilder template)
    {
        var exception = template.Invoking(t => t.Build()).Should().Throw<TemplateValidationException>().Which;
        exception.TemplateName.Should().Be(template.Name);
        exception.Violations.Should().Equal(template.Validate(), "Build() and Validate() apply the same catalog");
        foreach (var violation in exception.Violations)
        {
            exception.Message.Should().Contain(violation.ToString(), "the message lists every violation");
        }

        return exception.Violations;
    }
}

/// <summary>Named cases for theories: xunit shows the name, the table holds the template.</summary>
internal static class Cases
{
    public static TheoryData<string> Names<T>(IReadOnlyDictionary<string, T> table)
    {
        var data = new TheoryData<string>();
        foreach (var name in table.Keys)
        {
            data.Add(name);
        }

        return data;
    }
}
