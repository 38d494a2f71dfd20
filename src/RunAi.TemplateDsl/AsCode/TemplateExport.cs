using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>One template turned into DSL source by <see cref="TemplateExport"/>.</summary>
public sealed class ExportedTemplate
{
    internal ExportedTemplate(string name, string propertyName, TemplateBuilder builder, IReadOnlyList<FieldChange> notExpressed, IReadOnlyList<RuleViolation> errors, IReadOnlyList<RuleViolation> warnings)
    {
        Name = name;
        PropertyName = propertyName;
        Builder = builder;
        NotExpressed = notExpressed;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The template's name.</summary>
    public string Name { get; }

    /// <summary>The C# property that declares it in the exported class.</summary>
    public string PropertyName { get; }

    /// <summary>The builder the exported source declares, made by running the same calls: <c>Builder.Build()</c> is what the exported code builds.</summary>
    public TemplateBuilder Builder { get; }

    /// <summary>
    /// Fields of the template the DSL cannot say (the rebuilt request differs from the template there), target value
    /// before rebuilt value. Empty when the exported code rebuilds the template's creation request exactly.
    /// </summary>
    public IReadOnlyList<FieldChange> NotExpressed { get; }

    /// <summary>Error-severity rule violations of the template as it is on the target: the exported code fails <c>Build()</c> until they are fixed.</summary>
    public IReadOnlyList<RuleViolation> Errors { get; }

    /// <summary>
    /// Warning-severity rule violations of the template as it is on the target: <c>Build()</c> passes, but the analyzers
    /// report them on the exported code, which fails to build where warnings are errors (<c>TreatWarningsAsErrors</c>)
    /// until they are fixed or their severity is lowered in <c>.editorconfig</c>.
    /// </summary>
    public IReadOnlyList<RuleViolation> Warnings { get; }
}

/// <summary>The C# source <see cref="TemplateExport"/> wrote, and what it found about each template.</summary>
public sealed class ExportResult
{
    internal ExportResult(string source, IReadOnlyList<ExportedTemplate> templates)
    {
        Source = source;
        Templates = templates;
    }

    /// <summary>A C# file: a static class with one <see cref="TemplateBuilder"/> property per template and a <c>Set</c> of them all.</summary>
    public string Source { get; }

    /// <summary>Each template exported, in the order of the source.</summary>
    public IReadOnlyList<ExportedTemplate> Templates { get; }

    /// <summary>Whether the source rebuilds every template exactly and every template passes the rule catalog.</summary>
    public bool IsExact => Templates.All(t => t.NotExpressed.Count == 0 && t.Errors.Count == 0);
}

/// <summary>
/// Writes C# DSL source from templates read from a tenant, so that an existing tenant can become templates as code.
/// Every template is checked at export: the same DSL calls are run, and the request they build is compared with the
/// template's creation request field by field, so <see cref="ExportedTemplate.NotExpressed"/> says exactly where the
/// source would not rebuild the template (and the source says so in a comment above it).
/// </summary>
public static class TemplateExport
{
    /// <summary>Writes the DSL source of templates.</summary>
    /// <param name="templates">The templates, e.g. from <c>client.Templates.ListAsync()</c>.</param>
    /// <param name="namespaceName">The namespace of the generated class: C# identifiers separated by dots.</param>
    /// <param name="className">The generated static class: a C# identifier.</param>
    /// <returns>The source and, per template, what it could not express.</returns>
    /// <exception cref="ArgumentException">
    /// The namespace or class name is not a C# name (e.g. <c>a b</c>, or the keyword <c>class</c>), or the class name
    /// cannot name a type (<c>record</c>, <c>required</c>, …) or is of lower-case ASCII letters only (<c>templates</c>, which
    /// C# warns of: write <c>Templates</c> or <c>@templates</c>). Or, with <see cref="ArgumentException.ParamName"/>
    /// <c>templates</c>: the templates hold more text than the string literals of one assembly can (16 MB, error
    /// CS8103), so no source of them would compile; or a template is null, or has no metadata, scope or name.
    /// </exception>
    public static ExportResult ToCSharp(IEnumerable<WorkloadTemplate> templates, string namespaceName = "TemplatesAsCode", string className = "ExportedTemplates")
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        foreach (var part in namespaceName.Split('.'))
        {
            CheckIdentifier(part, "namespace", namespaceName, nameof(namespaceName));
        }

        CheckIdentifier(className, "class name", className, nameof(className));
        CheckClassName(className);
        var list = templates.ToList();
        var incomplete = list.FindIndex(t => t?.Meta?.Scope is null || t.Meta.Name is null);
        if (incomplete >= 0)
        {
            // What the API answers always has them: a list made by hand may not.
            throw new ArgumentException($"Template {incomplete.ToString(CultureInfo.InvariantCulture)} of the list {(list[incomplete] is null ? "is null" : "has no meta, scope or name")}: export needs templates as the API returns them.", nameof(templates));
        }

        // Keys read alike for templates in a scope this version does not know (no scope id): the id breaks the tie, so
        // that which of them gets which address and property does not follow the order of the listing.
        var ordered = list.OrderBy(t => t.Meta.Scope.Value, StringComparer.Ordinal)
            .ThenBy(t => TemplateKey.Of(t.Meta).ScopeId, StringComparer.Ordinal)
            .ThenBy(t => t.Meta.Name, StringComparer.Ordinal)
            .ThenBy(t => t.Meta.Id, StringComparer.Ordinal)
            .ToList();
        var names = ordered.GroupBy(t => t.Meta.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        // A property must not hide a type the source names (Template.Named, Scope.Tenant, …) nor be named as its class
        // (which "@Ddp" names Ddp).
        // Unique ignoring case: two properties that differ only in case (ALLParams, AllParams) are CA1708, an error where
        // warnings are errors.
        var used = new HashSet<string>(ReservedNames, StringComparer.OrdinalIgnoreCase) { className.StartsWith('@') ? className[1..] : className };
        var exported = new List<(ExportedTemplate Template, string Code, string Address)>();
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var template in ordered)
        {
            var key = TemplateKey.Of(template.Meta);
            var scope = key.DescribeScope().Replace(' ', '-');
            // A blank name is no address (TemplateSet.Add throws, and with it the class's initializer, so that no template
            // of the class would load): such a template is written with an address of its own, as "unnamed@tenant".
            var blank = string.IsNullOrWhiteSpace(key.Name);
            var wanted = blank ? "unnamed@" + scope : names.Contains(key.Name) ? key.Name + "@" + scope : key.Name;
            var address = wanted;
            for (var i = 2; !addresses.Add(address); i++)
            {
                // Another template's name, or another scope written the same way ("a b" and "a-b"): a set takes an address once.
                address = wanted + "#" + i.ToString(CultureInfo.InvariantCulture);
            }

            var property = UniqueIdentifier(blank || names.Contains(key.Name) ? address : key.Name, used);
            var original = template.ToCreationRequest();
            var chain = new Chain<TemplateBuilder>();
            Template(original, chain);
            var builder = chain.Apply(TemplateDsl.Template.Named(original.Meta.Name));
            // What the calls build differently, and the members of the template this version does not know (no call writes them).
            var notExpressed = TemplateDiff.Between(original, builder.ToRequest()).Concat(TemplateDiff.UnknownMembers(original)).ToList();
            var violations = builder.Validate();
            var errors = violations.Where(v => v.Severity == RuleSeverity.Error).ToList();
            var warnings = violations.Where(v => v.Severity == RuleSeverity.Warning).ToList();
            exported.Add((new ExportedTemplate(key.Name, property, builder, notExpressed, errors, warnings), chain.Render("Template.Named(" + Literal(original.Meta.Name) + ")", "        "), address));
        }

        var source = new StringBuilder()
            .AppendLine("// Written by RunAi.TemplateDsl's export from the templates of a Run:ai tenant. Edit freely: this is now the source of truth.")
            .AppendLine("using RunAi.TemplateDsl;")
            .AppendLine("using RunAi.TemplateDsl.AsCode;")
            .AppendLine()
            .Append("namespace ").Append(namespaceName).AppendLine(";")
            .AppendLine()
            .AppendLine("/// <summary>The templates exported from the tenant, and the set of all of them.</summary>")
            .Append("public static class ").AppendLine(className)
            .AppendLine("{");
        foreach (var (template, code, _) in exported)
        {
            foreach (var field in template.NotExpressed)
            {
                source.Append("    // Not expressed by the DSL: ").Append(OneLine(field.Path)).Append(" is ").Append(OneLine(field.Before) ?? "(unset)")
                    .Append(" on the tenant, ").Append(OneLine(field.After) ?? "(unset)").AppendLine(" here.");
            }

            foreach (var error in template.Errors)
            {
                source.Append("    // Build() fails until fixed: ").AppendLine(OneLine(error.ToString()));
            }

            foreach (var warning in template.Warnings)
            {
                source.Append("    // Rule warning (a build error where warnings are errors): ").AppendLine(OneLine(warning.ToString()));
            }

            source.Append("    /// <summary>").Append(XmlText(template.Name)).AppendLine("</summary>")
                .Append("    public static TemplateBuilder ").Append(template.PropertyName).Append(" { get; } = ").Append(code).AppendLine(";")
                .AppendLine();
        }

        // Every address written out, even where it is the name: a template renamed later in this source keeps its address,
        // so the plan renames it (an update) instead of creating a new one and orphaning the old.
        source.AppendLine("    /// <summary>Every exported template, each under the address a plan knows it by: keep the address when renaming a template.</summary>")
            .Append("    public static TemplateSet Set { get; } = TemplateSet.Empty");
        foreach (var (template, _, address) in exported)
        {
            source.AppendLine().Append("        .Add(").Append(Literal(address)).Append(", ").Append(template.PropertyName).Append(')');
        }

        source.AppendLine(";").AppendLine("}");
        var text = source.ToString();
        if (TooMuchText(text, exported.Select(e => (e.Template.Name, e.Code))) is { } tooMuch)
        {
            throw new ArgumentException(tooMuch, nameof(templates));
        }

        return new ExportResult(text, [.. exported.Select(e => e.Template)]);
    }

    /// <summary>
    /// The most bytes of string literals one assembly holds: its user-string heap is addressed with 24 bits, and the
    /// compiler reports error CS8103 beyond.
    /// </summary>
    private const long UserStringLimit = 1 << 24;

    /// <summary>
    /// The bytes the constants the source may name (<c>PriorityClasses.High</c>, …) can take: the compiler writes them as
    /// literals too.
    /// </summary>
    private static readonly long ConstantBytes = typeof(PriorityClasses).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Concat(typeof(AutoscalingMetrics).GetFields(BindingFlags.Public | BindingFlags.Static))
        .Select(f => f.IsLiteral ? f.GetRawConstantValue() as string : null)
        .Sum(value => value is null ? 0 : UserStringEntry(value.Length));

    /// <summary>
    /// Why a source cannot compile when a string literal would start beyond the 16 MB an assembly's user-string heap
    /// addresses (CS8103: the limit is on where a literal starts, so one large literal at the end still fits), naming the
    /// templates with the most text; null when every literal starts in time. The compiler stores the literals in the
    /// order the class's initializer meets them, which is the source's. (A project's other literals share the heap.)
    /// </summary>
    private static string? TooMuchText(string source, IEnumerable<(string Name, string Code)> templates)
    {
        var (bytes, lastStart) = UserStrings(source);
        if (ConstantBytes + lastStart < UserStringLimit)
        {
            return null;
        }

        var largest = templates.Select(t => (t.Name, UserStrings(t.Code).Bytes)).OrderByDescending(t => t.Bytes).Take(3)
            .Select(t => "'" + Shorten(OneLine(t.Name)!) + "' (" + t.Bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)");
        return $"The templates hold too much text for C# source: its string literals would take {(bytes + ConstantBytes).ToString("N0", CultureInfo.InvariantCulture)} bytes, "
            + $"and a literal must start within the first {UserStringLimit.ToString("N0", CultureInfo.InvariantCulture)} of an assembly's (16 MB; error CS8103), so it could not compile. "
            + $"The largest: {string.Join(", ", largest)}. Shorten their texts on the target, or export without them.";
    }

    /// <summary>
    /// The bytes the string literals of <paramref name="code"/> take in an assembly's user-string heap, each distinct
    /// literal once, as the compiler stores it, and where the last of them starts. <paramref name="code"/> is C# written
    /// by this class: regular literals written by <see cref="Literal(string)"/> (no character or verbatim literal) and
    /// line comments.
    /// </summary>
    internal static (long Bytes, long LastStart) UserStrings(string code)
    {
        var literals = new HashSet<string>(StringComparer.Ordinal);
        // The heap's first, empty entry.
        var bytes = 1L;
        var lastStart = 0L;
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                // A comment, to the end of its line (a literal holds no line break: Literal escapes them).
                var end = code.IndexOf('\n', i);
                i = end < 0 ? code.Length : end;
                continue;
            }

            if (code[i] != '"')
            {
                continue;
            }

            var start = i;
            var length = 0;
            for (i++; code[i] != '"'; i++, length++)
            {
                if (code[i] == '\\')
                {
                    // \uXXXX, or one of \" \\ \n \r \t \0: one UTF-16 unit.
                    i += code[i + 1] == 'u' ? 5 : 1;
                }
            }

            if (literals.Add(code[start..(i + 1)]))
            {
                lastStart = bytes;
                bytes += UserStringEntry(length);
            }
        }

        return (bytes, lastStart);
    }

    /// <summary>The bytes of one user string of <paramref name="length"/> UTF-16 units: its size (in 1, 2 or 4 bytes), the units and one more byte.</summary>
    private static long UserStringEntry(int length)
    {
        var size = (2L * length) + 1;
        return size + (size < 0x80 ? 1 : size < 0x4000 ? 2 : 4);
    }

    /// <summary>A text cut to 60 characters (not inside a surrogate pair), for a message.</summary>
    private static string Shorten(string text)
    {
        if (text.Length <= 60)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[59]) ? 59 : 60;
        return text[..cut] + "…";
    }

    /// <summary>The names the generated class uses besides its properties: its <c>Set</c> and every type it writes.</summary>
    private static readonly string[] ReservedNames =
    [
        "Set", "Template", "TemplateBuilder", "TemplateSet", "Scope", "AssetKind", "DataSourceKind", "PriorityClasses", "AutoscalingMetrics",
        "DistributedFramework", "ToolType",
        "MatchOperator", "PodAffinityType", "Preemptibility", "RestartPolicy", "TolerationOperator", "TolerationEffect",
        "AuthorizationType", "EnvironmentVariableOfAsset", "EnvironmentVariableCredential", "EnvironmentVariableConfigMap",
        "EnvironmentVariablePodFieldReference", "RunAi", "System", "Equals", "GetHashCode", "ToString", "GetType",
        "MemberwiseClone", "ReferenceEquals", "Finalize",
    ];

    private static void Template(WorkloadTemplateCreationRequest request, Chain<TemplateBuilder> chain)
    {
        var meta = request.Meta;
        Text(chain, "WithDescription", meta.Description, (b, v) => b.WithDescription(v));

        Scope(meta, chain);
        Value(chain, "WithAutoDelete", meta.AutoDelete, (b, v) => b.WithAutoDelete(v));
        Value(chain, "WithPrivate", meta.Private, (b, v) => b.WithPrivate(v));

        if (meta.WorkloadSupportedTypes is { } types)
        {
            Flag(chain, "ForTraining", types.Training, (b, v) => b.ForTraining(v));
            Flag(chain, "ForWorkspace", types.Workspace, (b, v) => b.ForWorkspace(v));
            Flag(chain, "ForInference", types.Inference, (b, v) => b.ForInference(v));
        }

        var assets = request.Spec.Assets;
        Text(chain, "WithEnvironment", assets.Environment, (b, v) => b.WithEnvironment(v));
        Text(chain, "WithCompute", assets.Compute, (b, v) => b.WithCompute(v));

        foreach (var source in assets.Datasources ?? [])
        {
            if (source is null)
            {
                continue;
            }

            var path = source.Overrides?.ContainerPath;
            chain.Add("AddDataSource", b => b.AddDataSource(source.Kind, source.Id, path), path is null ? [DataSourceKindOf(source.Kind), Literal(source.Id)] : [DataSourceKindOf(source.Kind), Literal(source.Id), "containerPath: " + Literal(path)]);
        }

        Strings(chain, "WithWorkloadVolumes", assets.WorkloadVolumes is { Count: > 0 } volumes ? volumes : null, (b, v) => b.WithWorkloadVolumes(v));

        if (request.Spec.Distributed is { } distributed)
        {
            if (distributed.DistFramework is { } framework && distributed.NumWorkers is { } workers)
            {
                chain.Add("Distributed", b => b.Distributed(framework, workers), Enum(framework), "workers: " + Literal(workers));
            }

            Value(chain, "WithoutMaster", distributed.NoMaster, (b, v) => b.WithoutMaster(v));

            if (distributed.Master is { } master)
            {
                var inner = new Chain<MasterBuilder>();
                Master(master, inner);
                chain.Add("WithMaster", b => b.WithMaster(inner.Apply), inner.Lambda("m"));
            }
        }

        if (request.Spec.SpecificEnv is { } env)
        {
            RunParams(env, chain);
        }
    }

    private static void Scope(AssetCreationRequest meta, Chain<TemplateBuilder> chain)
    {
        var scope = meta.Scope;
        if (scope == TemplateDsl.Scope.Project && meta.ProjectId is { } projectId && meta.DepartmentId is null && meta.ClusterId is null)
        {
            chain.Add("InProject", b => b.InProject(projectId), Literal(projectId));
        }
        else if (scope == TemplateDsl.Scope.Department && meta.DepartmentId is { } departmentId && meta.ProjectId is null && meta.ClusterId is null)
        {
            chain.Add("InDepartment", b => b.InDepartment(departmentId), Literal(departmentId));
        }
        else if (scope == TemplateDsl.Scope.Cluster && meta.ClusterId is { } clusterId && meta.ProjectId is null && meta.DepartmentId is null)
        {
            chain.Add("InCluster", b => b.InCluster(clusterId), Literal(clusterId));
        }
        else if (scope == TemplateDsl.Scope.Tenant && meta.ProjectId is null && meta.DepartmentId is null && meta.ClusterId is null)
        {
            chain.Add("InTenant", b => b.InTenant());
        }
        else
        {
            var arguments = new List<string> { Enum(scope) };
            Optional(arguments, "projectId", meta.ProjectId is { } p ? Literal(p) : null);
            Optional(arguments, "departmentId", meta.DepartmentId is { } d ? Literal(d) : null);
            Optional(arguments, "clusterId", meta.ClusterId is { } c ? Literal(c) : null);
            chain.Add("InScope", b => b.InScope(scope, meta.ProjectId, meta.DepartmentId, meta.ClusterId), [.. arguments]);
        }
    }

    private static void Master(InfoDistMaster master, Chain<MasterBuilder> chain)
    {
        if (master.Assets is { } assets)
        {
            if (assets.Environment is { Id: { } environment } reference)
            {
                chain.Add("WithEnvironment", m => m.WithEnvironment(environment), Literal(environment));
                if (reference.ToolTypes is { Count: > 0 } tools && !tools.Contains(null!))
                {
                    chain.Add("WithToolTypes", m => m.WithToolTypes([.. tools]), [.. tools.Select(Enum)]);
                }
            }

            if (assets.Compute is { Id: { } compute })
            {
                chain.Add("WithCompute", m => m.WithCompute(compute), Literal(compute));
            }

            Strings(chain, "WithWorkloadVolumes", assets.WorkloadVolumes is { Count: > 0 } volumes ? volumes : null, (m, v) => m.WithWorkloadVolumes(v));

            foreach (var source in assets.Datasources ?? [])
            {
                if (source is null)
                {
                    continue;
                }

                var path = source.Overrides?.ContainerPath;
                chain.Add("AddDataSource", m => m.AddDataSource(source.Kind, source.Id, path), path is null ? [DataSourceKindOf(source.Kind), Literal(source.Id)] : [DataSourceKindOf(source.Kind), Literal(source.Id), "containerPath: " + Literal(path)]);
            }
        }

        if (master.SpecificEnv is { } env)
        {
            RunParams(env, chain);
        }
    }

    private static void RunParams<TSelf>(SpecificRunParams p, Chain<TSelf> chain)
        where TSelf : RunParamsBuilder<TSelf>
    {
        foreach (var c in p.Connections ?? [])
        {
            if (c?.Name is not { } name)
            {
                continue;
            }

            var inner = new Chain<ConnectionBuilder>();
            Number(inner, "NodePort", c.NodePort, (x, v) => x.NodePort(v));
            Text(inner, "ExternalUrl", c.ExternalUrl, (x, v) => x.ExternalUrl(v));
            Strings(inner, "AuthorizedUsers", c.AuthorizedUsers, (x, v) => x.AuthorizedUsers(v));
            Strings(inner, "AuthorizedGroups", c.AuthorizedGroups, (x, v) => x.AuthorizedGroups(v));

            if (inner.IsEmpty)
            {
                chain.Add("AddConnection", b => b.AddConnection(name), Literal(name));
            }
            else
            {
                chain.Add("AddConnection", b => b.AddConnection(name, inner.Apply), Literal(name), inner.Lambda("c"));
            }
        }

        foreach (var annotation in p.Annotations ?? [])
        {
            NameValue(chain, annotation?.Name, annotation?.Value, annotation?.Exclude, "Annotation", (b, n, v) => b.AddAnnotation(n, v), (b, n) => b.ExcludeAnnotation(n));
        }

        Text(chain, "WithArgs", p.Args, (b, v) => b.WithArgs(v));
        Number(chain, "WithAutoDeletionAfterCompletion", p.AutoDeletionTimeAfterCompletionSeconds, (b, v) => b.WithAutoDeletionAfterCompletion(v));
        Number(chain, "WithBackoffLimit", p.BackoffLimit, (b, v) => b.WithBackoffLimit(v));
        Text(chain, "WithCategory", p.Category, (b, v) => b.WithCategory(v));
        Text(chain, "WithCommand", p.Command, (b, v) => b.WithCommand(v));
        Number(chain, "WithCompletions", p.Completions, (b, v) => b.WithCompletions(v));
        foreach (var v in p.EnvironmentVariables ?? [])
        {
            if (v is not null)
            {
                EnvironmentVariable(chain, v);
            }
        }

        foreach (var s in p.ImagePullSecrets ?? [])
        {
            if (s?.Name is not { } name)
            {
                continue;
            }

            if (s.Exclude == true && s.UserCredential is null)
            {
                chain.Add("ExcludeImagePullSecret", b => b.ExcludeImagePullSecret(name), Literal(name));
            }
            else if (s.UserCredential is { } user)
            {
                chain.Add("AddImagePullSecret", b => b.AddImagePullSecret(name, user), Literal(name), "userCredential: " + Literal(user));
            }
            else
            {
                chain.Add("AddImagePullSecret", b => b.AddImagePullSecret(name), Literal(name));
            }
        }

        foreach (var l in p.Labels ?? [])
        {
            NameValue(chain, l?.Name, l?.Value, l?.Exclude, "Label", (b, n, v) => b.AddLabel(n, v), (b, n) => b.ExcludeLabel(n));
        }

        // An affinity object without its terms sets nothing (a plan takes it for none): no call, which would write an empty list.
        if (p.NodeAffinityRequired is { NodeSelectorTerms: not null } affinity)
        {
            var inner = new Chain<NodeAffinityBuilder>();
            foreach (var term in affinity.NodeSelectorTerms ?? [])
            {
                var matches = new Chain<NodeSelectorTermBuilder>();
                foreach (var e in term?.MatchExpressions ?? [])
                {
                    if (e?.Key is { } key && e.Operator is { } op)
                    {
                        MatchExpression(matches, key, op, e.Values);
                    }
                }

                inner.Add("Term", n => n.Term(matches.Apply), matches.Lambda("t"));
            }

            chain.Add("WithNodeAffinity", b => b.WithNodeAffinity(inner.Apply), inner.Lambda("n"));
        }

        Strings(chain, "WithNodePools", p.NodePools, (b, v) => b.WithNodePools(v));
        Text(chain, "WithNodeType", p.NodeType, (b, v) => b.WithNodeType(v));
        Number(chain, "WithParallelism", p.Parallelism, (b, v) => b.WithParallelism(v));
        if (p.PodAffinity is { Type: { } type, Key: { } podKey })
        {
            chain.Add("WithPodAffinity", b => b.WithPodAffinity(type, podKey), Enum(type), Literal(podKey));
        }

        Choice(chain, "WithPreemptibility", p.Preemptibility, (b, v) => b.WithPreemptibility(v));
        if (p.PriorityClass is { } priorityClass)
        {
            chain.Add("WithPriorityClass", b => b.WithPriorityClass(priorityClass), NamedConstant(typeof(PriorityClasses), priorityClass));
        }
        Choice(chain, "WithRestartPolicy", p.RestartPolicy, (b, v) => b.WithRestartPolicy(v));
        Number(chain, "WithRunAsGid", p.RunAsGid, (b, v) => b.WithRunAsGid(v));
        Number(chain, "WithRunAsUid", p.RunAsUid, (b, v) => b.WithRunAsUid(v));
        Text(chain, "WithSupplementalGroups", p.SupplementalGroups, (b, v) => b.WithSupplementalGroups(v));
        Value(chain, "WithTerminateAfterPreemption", p.TerminateAfterPreemption, (b, v) => b.WithTerminateAfterPreemption(v));
        Number(chain, "WithTerminationGracePeriod", p.TerminationGracePeriodSeconds, (b, v) => b.WithTerminationGracePeriod(v));
        foreach (var t in p.Tolerations ?? [])
        {
            if (t is null)
            {
                continue;
            }

            if (t.Exclude == true && t.Name is { } excluded && t.Key is null && t.Operator is null && t.Effect is null)
            {
                chain.Add("ExcludeToleration", b => b.ExcludeToleration(excluded), Literal(excluded));
            }
            else if (t.Key is { } key && t.Operator is { } op && t.Effect is { } effect)
            {
                if (op == TolerationOperator.Exists && t.Value is null && t.Name is null)
                {
                    var arguments = new List<string> { Literal(key), Enum(effect) };
                    Optional(arguments, "seconds", t.Seconds is { } seconds ? Literal(seconds) : null);
                    chain.Add("TolerateAny", b => b.TolerateAny(key, effect, t.Seconds), [.. arguments]);
                }
                else if (op == TolerationOperator.Equal && t.Value is { } equal && t.Name is null)
                {
                    var arguments = new List<string> { Literal(key), Literal(equal), Enum(effect) };
                    Optional(arguments, "seconds", t.Seconds is { } seconds ? Literal(seconds) : null);
                    chain.Add("Tolerate", b => b.Tolerate(key, equal, effect, t.Seconds), [.. arguments]);
                }
                else
                {
                    var arguments = new List<string> { Literal(key), Enum(op), Enum(effect) };
                    Optional(arguments, "value", t.Value is { } value ? Literal(value) : null);
                    Optional(arguments, "seconds", t.Seconds is { } seconds ? Literal(seconds) : null);
                    Optional(arguments, "name", t.Name is { } name ? Literal(name) : null);
                    chain.Add("AddToleration", b => b.AddToleration(key, op, effect, t.Value, t.Seconds, t.Name), [.. arguments]);
                }
            }
        }

        Value(chain, "WithAllowOverQuota", p.AllowOverQuota, (b, v) => b.WithAllowOverQuota(v));

        if (p.AutoScaling is { } a)
        {
            var inner = new Chain<AutoscalingBuilder>();
            Number(inner, "MinReplicas", a.MinReplicas, (x, v) => x.MinReplicas(v));
            Number(inner, "MaxReplicas", a.MaxReplicas, (x, v) => x.MaxReplicas(v));
            Number(inner, "InitialReplicas", a.InitialReplicas, (x, v) => x.InitialReplicas(v));
            Number(inner, "ActivationReplicas", a.ActivationReplicas, (x, v) => x.ActivationReplicas(v));
            Number(inner, "ConcurrencyHardLimit", a.ConcurrencyHardLimit, (x, v) => x.ConcurrencyHardLimit(v));
            Number(inner, "ScaleToZeroRetention", a.ScaleToZeroRetentionSeconds, (x, v) => x.ScaleToZeroRetention(v));
            Number(inner, "ScaleDownDelay", a.ScaleDownDelaySeconds, (x, v) => x.ScaleDownDelay(v));
            Value(inner, "MetricThresholdPercentage", a.MetricThresholdPercentage, (x, v) => x.MetricThresholdPercentage(v));
            Number(inner, "InitializationTimeout", a.InitializationTimeoutSeconds, (x, v) => x.InitializationTimeout(v));
            if (a.ThresholdMetric is { } metric && a.ThresholdValue is { } threshold)
            {
                inner.Add("Metric", x => x.Metric(metric, threshold), NamedConstant(typeof(AutoscalingMetrics), metric), Literal(threshold));
            }

            chain.Add("WithAutoscaling", b => b.WithAutoscaling(inner.Apply), inner.Lambda("a"));
        }

        if (p.ServingPortAccess is { } access)
        {
            var inner = new Chain<ServingPortAccessBuilder>();
            Choice(inner, "AuthorizationType", access.AuthorizationType, (x, v) => x.AuthorizationType(v));
            Strings(inner, "AuthorizedUsers", access.AuthorizedUsers, (x, v) => x.AuthorizedUsers(v));
            Strings(inner, "AuthorizedGroups", access.AuthorizedGroups, (x, v) => x.AuthorizedGroups(v));
            Value(inner, "ClusterLocalAccessOnly", access.ClusterLocalAccessOnly, (x, v) => x.ClusterLocalAccessOnly(v));

            chain.Add("WithServingPortAccess", b => b.WithServingPortAccess(inner.Apply), inner.Lambda("s"));
        }
    }

    private static void MatchExpression(Chain<NodeSelectorTermBuilder> chain, string key, MatchOperator op, List<string>? values)
    {
        if (values is not null && values.Contains(null!))
        {
            // A null value no call can write: no call, and the check reports the expression as not expressed.
            return;
        }

        var list = values ?? [];
        if ((op == MatchOperator.Gt || op == MatchOperator.Lt) && list.Count == 1
            && long.TryParse(list[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number.ToString(CultureInfo.InvariantCulture) == list[0])
        {
            chain.Add(op == MatchOperator.Gt ? "Gt" : "Lt", t => op == MatchOperator.Gt ? t.Gt(key, number) : t.Lt(key, number), Literal(key), Literal(number));
        }
        else if ((op == MatchOperator.In || op == MatchOperator.NotIn) && list.Count > 0)
        {
            chain.Add(op == MatchOperator.In ? "In" : "NotIn", t => op == MatchOperator.In ? t.In(key, [.. list]) : t.NotIn(key, [.. list]), [Literal(key), .. list.Select(Literal)]);
        }
        else if ((op == MatchOperator.Exists || op == MatchOperator.DoesNotExist) && list.Count == 0)
        {
            chain.Add(op == MatchOperator.Exists ? "Exists" : "DoesNotExist", t => op == MatchOperator.Exists ? t.Exists(key) : t.DoesNotExist(key), Literal(key));
        }
        else
        {
            chain.Add("Match", t => t.Match(key, op, [.. list]), [Literal(key), Enum(op), .. list.Select(Literal)]);
        }
    }

    private static void EnvironmentVariable<TSelf>(Chain<TSelf> chain, EnvironmentVariableOfAsset v)
        where TSelf : RunParamsBuilder<TSelf>
    {
        if (v.Name is { } name && v.Exclude is null && v.Credential is null && v.ConfigMap is null && v.PodFieldRef is null && v.Value is { } value)
        {
            var description = v.Description;
            chain.Add("AddEnvironmentVariable", b => b.AddEnvironmentVariable(name, value, description), description is null ? [Literal(name), Literal(value)] : [Literal(name), Literal(value), "description: " + Literal(description)]);
            return;
        }

        var onlySource = v.Name is not null && v.Value is null && v.Exclude is null;
        var about = v.Description;
        string[] Arguments(params string[] given) => about is null ? given : [.. given, "description: " + Literal(about)];
        if (onlySource && v.Credential is { AssetId: { } assetId, Key: { } secretKey } && v.ConfigMap is null && v.PodFieldRef is null && v.Credential.AdditionalProperties is null)
        {
            chain.Add("AddEnvironmentVariableFromSecret", b => b.AddEnvironmentVariableFromSecret(v.Name!, assetId, secretKey, about), Arguments(Literal(v.Name!), Literal(assetId), Literal(secretKey)));
            return;
        }

        if (onlySource && v.ConfigMap is { Name: { } map, Key: { } mapKey } && v.Credential is null && v.PodFieldRef is null)
        {
            chain.Add("AddEnvironmentVariableFromConfigMap", b => b.AddEnvironmentVariableFromConfigMap(v.Name!, map, mapKey, about), Arguments(Literal(v.Name!), Literal(map), Literal(mapKey)));
            return;
        }

        if (onlySource && v.PodFieldRef is { Path: { } fieldPath } && v.Credential is null && v.ConfigMap is null)
        {
            chain.Add("AddEnvironmentVariableFromPodField", b => b.AddEnvironmentVariableFromPodField(v.Name!, fieldPath, about), Arguments(Literal(v.Name!), Literal(fieldPath)));
            return;
        }

        if (v.Name is { } excluded && v.Exclude == true && v.Value is null && v.Credential is null && v.ConfigMap is null && v.PodFieldRef is null && v.Description is null)
        {
            chain.Add("ExcludeEnvironmentVariable", b => b.ExcludeEnvironmentVariable(excluded), Literal(excluded));
            return;
        }

        // Anything else (an exclusion with a value, a secret with a value too, …): the variable in full.
        var members = new List<string>();
        Member(members, "Name", v.Name);
        Member(members, "Value", v.Value);
        if (v.Credential is { } credential)
        {
            var inner = new List<string>();
            Member(inner, "AssetId", credential.AssetId);
            Member(inner, "Key", credential.Key);
            members.Add("Credential = new EnvironmentVariableCredential { " + string.Join(", ", inner) + " }");
        }

        if (v.ConfigMap is { } configMap)
        {
            var inner = new List<string>();
            Member(inner, "Name", configMap.Name);
            Member(inner, "Key", configMap.Key);
            members.Add("ConfigMap = new EnvironmentVariableConfigMap { " + string.Join(", ", inner) + " }");
        }

        if (v.PodFieldRef is { } pod)
        {
            var inner = new List<string>();
            Member(inner, "Path", pod.Path);
            members.Add("PodFieldRef = new EnvironmentVariablePodFieldReference { " + string.Join(", ", inner) + " }");
        }

        if (v.Exclude is { } exclude)
        {
            members.Add("Exclude = " + Literal(exclude));
        }

        Member(members, "Description", v.Description);

        // What the source writes, and nothing more (members this version does not know are not written): the check must
        // run the calls the source makes.
        var written = new EnvironmentVariableOfAsset
        {
            Name = v.Name,
            Value = v.Value,
            Credential = v.Credential is { } c ? new EnvironmentVariableCredential { AssetId = c.AssetId, Key = c.Key } : null,
            ConfigMap = v.ConfigMap is { } m ? new EnvironmentVariableConfigMap { Name = m.Name, Key = m.Key } : null,
            PodFieldRef = v.PodFieldRef is { } f ? new EnvironmentVariablePodFieldReference { Path = f.Path } : null,
            Exclude = v.Exclude,
            Description = v.Description,
        };
        chain.Add("AddEnvironmentVariable", b => b.AddEnvironmentVariable(written), "new EnvironmentVariableOfAsset { " + string.Join(", ", members) + " }");
    }

    /// <summary>Adds a named argument (<c>name: value</c>) when there is a value.</summary>
    private static void Optional(List<string> arguments, string name, string? literal)
    {
        if (literal is not null)
        {
            arguments.Add(name + ": " + literal);
        }
    }

    private static void Member(List<string> members, string name, string? value)
    {
        if (value is not null)
        {
            members.Add(name + " = " + Literal(value));
        }
    }

    private static void NameValue<TSelf>(Chain<TSelf> chain, string? name, string? value, bool? exclude, string what, Func<TSelf, string, string, TSelf> add, Func<TSelf, string, TSelf> excludeIt)
        where TSelf : RunParamsBuilder<TSelf>
    {
        if (name is null)
        {
            return;
        }

        if (exclude == true && value is null)
        {
            chain.Add("Exclude" + what, b => excludeIt(b, name), Literal(name));
        }
        else if (value is not null)
        {
            chain.Add("Add" + what, b => add(b, name, value), Literal(name), Literal(value));
        }
    }

    private static void Flag(Chain<TemplateBuilder> chain, string method, bool? value, Func<TemplateBuilder, bool, TemplateBuilder> apply)
    {
        if (value is { } v)
        {
            chain.Add(method, b => apply(b, v), v ? [] : ["false"]);
        }
    }

    private static void Text<T>(Chain<T> chain, string method, string? value, Func<T, string, T> apply)
    {
        if (value is not null)
        {
            chain.Add(method, b => apply(b, value), Literal(value));
        }
    }

    /// <summary>A call with one value (a number or a flag), when the template sets it.</summary>
    private static void Scalar<T, TValue>(Chain<T> chain, string method, TValue? value, Func<T, TValue, T> apply, Func<TValue, string> literal)
        where TValue : struct
    {
        if (value is { } v)
        {
            chain.Add(method, b => apply(b, v), literal(v));
        }
    }

    private static void Value<T>(Chain<T> chain, string method, bool? value, Func<T, bool, T> apply) => Scalar(chain, method, value, apply, Literal);

    private static void Value<T>(Chain<T> chain, string method, double? value, Func<T, double, T> apply) => Scalar(chain, method, value, apply, Literal);

    private static void Choice<T, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TValue>(Chain<T> chain, string method, TValue? value, Func<T, TValue, T> apply)
        where TValue : WireValue<TValue>
    {
        if (value is not null)
        {
            chain.Add(method, b => apply(b, value), Enum(value));
        }
    }

    private static void Strings<T>(Chain<T> chain, string method, List<string>? values, Func<T, string[], T> apply)
    {
        // A null item no call can write: no call, and the check reports the list as not expressed.
        if (values is not null && !values.Contains(null!))
        {
            string[] copy = [.. values];
            chain.Add(method, b => apply(b, copy), [.. copy.Select(Literal)]);
        }
    }

    private static void Number<T>(Chain<T> chain, string method, long? value, Func<T, long, T> apply) => Scalar(chain, method, value, apply, Literal);

    private static void Number<T>(Chain<T> chain, string method, int? value, Func<T, int, T> apply) => Scalar(chain, method, value, apply, Literal);

    /// <summary>The C# expression of an API enum value: its named member, or <c>new T("spelling")</c> for a value this version does not know.</summary>
    private static string Enum<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T value)
        where T : WireValue<T>
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Static))
        {
            if (property.PropertyType == typeof(T) && property.GetValue(null) is T known && string.Equals(known.Value, value.Value, StringComparison.Ordinal))
            {
                return typeof(T).Name + "." + property.Name;
            }
        }

        return "new " + typeof(T).Name + "(" + Literal(value.Value) + ")";
    }

    /// <summary>A data-source kind as the DSL's docs write it (<c>DataSourceKind.Pvc</c>), else as any asset kind.</summary>
    private static string DataSourceKindOf(AssetKind kind)
    {
        foreach (var property in typeof(DataSourceKind).GetProperties(BindingFlags.Public | BindingFlags.Static))
        {
            if (property.GetValue(null) is AssetKind known && known == kind)
            {
                return nameof(DataSourceKind) + "." + property.Name;
            }
        }

        return Enum(kind);
    }

    /// <summary>
    /// A text as the constant of <paramref name="constants"/> that has it (<c>PriorityClasses.High</c>), or as a literal
    /// when none has (a value this version does not list, which the rules then report).
    /// </summary>
    private static string NamedConstant([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type constants, string value)
    {
        foreach (var field in constants.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.IsLiteral && field.GetRawConstantValue() is string text && string.Equals(text, value, StringComparison.Ordinal))
            {
                return constants.Name + "." + field.Name;
            }
        }

        return Literal(value);
    }

    internal static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\0': text.Append("\\0"); break;
                default:
                    // Format characters too (a right-to-left override, a zero-width space): the value is the same, and a
                    // reader of the source sees what it holds, not text turned around (Trojan Source, CVE-2021-42574).
                    if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085'
                        || (c > '~' && char.GetUnicodeCategory(c) == UnicodeCategory.Format))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    private static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Literal(bool value) => value ? "true" : "false";

    private static string Literal(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>
    /// Text for a line comment: what a reader cannot see written as <c>\uXXXX</c> (<see cref="VisibleText.Of"/>: the
    /// server's text must not retitle the terminal the source is printed on, nor turn the line around), and a line feed
    /// as a space (every other C# line terminator, CR, NEL, LS, PS, is written out): it would end the comment early.
    /// </summary>
    private static string? OneLine(string? text) => text is null ? null : VisibleText.Of(text).Replace('\n', ' ');

    /// <summary>
    /// Text for a one-line XML doc comment: markup characters as entities, and each character XML cannot hold (controls
    /// but tab, U+FFFE, U+FFFF, a surrogate not in a pair) as <c>\uXXXX</c> text, which the compiler would report as
    /// badly formed XML (CS1570).
    /// </summary>
    private static string XmlText(string text)
    {
        var line = OneLine(text)!;
        var xml = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]))
            {
                xml.Append(c).Append(line[++i]);
            }
            else if (c == '&')
            {
                xml.Append("&amp;");
            }
            else if (c == '<')
            {
                xml.Append("&lt;");
            }
            else if (c == '>')
            {
                xml.Append("&gt;");
            }
            else if ((c < ' ' && c != '\t') || char.IsSurrogate(c) || c is '\ufffe' or '\uffff')
            {
                xml.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                xml.Append(c);
            }
        }

        return xml.ToString();
    }

    /// <summary>Refuses a name the generated source could not use: it would not compile.</summary>
    private static void CheckIdentifier(string identifier, string what, string given, string parameter)
    {
        var name = identifier.StartsWith('@') ? identifier[1..] : identifier;
        var valid = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
        if (!valid)
        {
            throw new ArgumentException($"'{given}' is not a C# {what}: use letters, digits and '_', not starting with a digit{(what == "namespace" ? ", in parts separated by dots" : "")}.", parameter);
        }

        if (!identifier.StartsWith('@') && Keywords.Contains(name))
        {
            throw new ArgumentException($"'{given}' is not a C# {what}: '{name}' is a keyword. Choose another name, or write '@{name}'.", parameter);
        }

        if (ReservedNames.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{given}' names a type or member the generated source uses (Template, TemplateSet, Set, Scope, …): it would not compile. Choose another name.", parameter);
        }
    }

    /// <summary>Refuses a class name C# allows as an identifier but not as the name of a type, or only with a warning.</summary>
    private static void CheckClassName(string className)
    {
        if (className.StartsWith('@'))
        {
            // Written with '@', a name is never a keyword.
            return;
        }

        if (TypeKeywords.Contains(className))
        {
            throw new ArgumentException($"'{className}' is not a C# class name: '{className}' is a keyword where a type is declared. Choose another name, or write '@{className}'.", nameof(className));
        }

        if (className.All(c => c is >= 'a' and <= 'z'))
        {
            // Warning CS8981, an error with TreatWarningsAsErrors: refused rather than written into a project's build.
            throw new ArgumentException(
                $"'{className}' as a class name gives warning CS8981: C# keeps names of lower-case ASCII letters only for future keywords. Write '{char.ToUpperInvariant(className[0])}{className[1..]}', or '@{className}'.",
                nameof(className));
        }
    }

    /// <summary>
    /// The contextual keywords that cannot name a type (<c>required</c> CS9029, <c>file</c> CS9056, <c>scoped</c> CS9062,
    /// C# 14's <c>extension</c>) or should not (<c>record</c>, warning CS8860), unless written with <c>@</c>.
    /// </summary>
    private static readonly HashSet<string> TypeKeywords = new(StringComparer.Ordinal) { "extension", "file", "record", "required", "scoped" };

    /// <summary>The C# keywords that are never identifiers (contextual keywords such as <c>var</c> or <c>record</c> are).</summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "__arglist", "__makeref", "__reftype", "__refvalue",
    };

    /// <summary>
    /// The longest identifier <see cref="UniqueIdentifier"/> makes before its number: metadata holds names of at most
    /// 1,023 UTF-8 bytes (CS7013), and the compiler names a property's getter and backing field after it, longer still.
    /// </summary>
    private const int MaxIdentifierLength = 200;

    /// <summary>
    /// A C# identifier for a template name: <c>llm-serving</c> → <c>LlmServing</c>, <c>İstanbul-straße</c> →
    /// <c>İstanbulStraße</c>, <c>模板</c> → <c>模板</c> (the letters, digits and combining marks C# takes in an identifier; the
    /// rest separate words), cut to <see cref="MaxIdentifierLength"/> characters, and unique in the class (a number added
    /// when taken). Before, only ASCII was kept: <c>İstanbul</c> became <c>Stanbul</c> and <c>模板</c> <c>Template</c>.
    /// </summary>
    internal static string UniqueIdentifier(string name, HashSet<string> used)
    {
        var text = new StringBuilder();
        var upper = true;
        // Composed (NFC): é written as e and a combining accent, or as one letter, is one identifier, and the second
        // template of that name gets a number instead of a property that looks the same.
        string composed;
        try
        {
            composed = name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // An unpaired surrogate (a server's "\ud800"): no normal form; its letters are taken as they are.
            composed = name;
        }

        foreach (var rune in composed.EnumerateRunes())
        {
            // The compiler reads an identifier one UTF-16 unit at a time: a letter outside the BMP (a surrogate pair) is none.
            var category = Rune.GetUnicodeCategory(rune);
            var part = rune.IsBmp && !IsFiller(rune.Value) && (Rune.IsLetter(rune) || category is UnicodeCategory.DecimalDigitNumber
                       || (text.Length > 0 && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark));
            if (!part)
            {
                upper = true;
                continue;
            }

            var written = upper && Rune.IsLetter(rune) ? Rune.ToUpperInvariant(rune) : rune;
            if (text.Length + written.Utf16SequenceLength > MaxIdentifierLength)
            {
                break;
            }

            text.Append(written.ToString());
            upper = false;
        }

        // Only BMP characters are appended: the first is a whole character.
        if (text.Length == 0 || !char.IsLetter(text[0]))
        {
            text.Insert(0, "Template");
            if (text.Length > MaxIdentifierLength)
            {
                text.Length = MaxIdentifierLength;
            }
        }

        var candidate = text.ToString();
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = text.ToString() + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>The Hangul fillers: letters (Lo) that show nothing, which would make an invisible property name.</summary>
    private static bool IsFiller(int c) => c is 0x115F or 0x1160 or 0x3164 or 0xFFA0;

    /// <summary>DSL calls on one builder type: their source and, to check it, the same calls as a function.</summary>
    private sealed class Chain<T>
    {
        private readonly List<string> _calls = [];

        public Func<T, T> Apply { get; private set; } = b => b;

        public bool IsEmpty => _calls.Count == 0;

        public void Add(string method, Func<T, T> step, params string[] arguments)
        {
            _calls.Add("." + method + "(" + string.Join(", ", arguments) + ")");
            var before = Apply;
            Apply = b => step(before(b));
        }

        /// <summary>The calls one per line after <paramref name="start"/>.</summary>
        public string Render(string start, string indent) => start + string.Concat(_calls.Select(c => Environment.NewLine + indent + c));

        /// <summary>The calls as a lambda on one line, e.g. <c>a =&gt; a.MinReplicas(0).MaxReplicas(4)</c>.</summary>
        public string Lambda(string parameter) => parameter + " => " + parameter + string.Concat(_calls);
    }
}
