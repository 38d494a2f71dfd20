using System.Globalization;
using System.Text;

namespace RunAi.TemplateDsl.Analyzers.Benchmarks;

/// <summary>
/// Writes a realistic, valid template set of any size: about 20 lines per template, half of them built on the spot
/// (<c>Build()</c>), the rest declared for later, with lambdas, items, enum values and constants.
/// </summary>
public static class TemplateSetGenerator
{
    /// <summary>Templates per source file.</summary>
    public const int PerFile = 100;

    /// <summary>The source files of a set of <paramref name="count"/> templates.</summary>
    public static IReadOnlyList<(string Name, string Text)> Sources(int count)
    {
        var files = new List<(string, string)>();
        for (var start = 0; start < count; start += PerFile)
        {
            var text = new StringBuilder();
            text.AppendLine("using RunAi.TemplateDsl;").AppendLine().AppendLine("namespace Generated;").AppendLine();
            text.Append("public static class Templates").Append(start / PerFile).AppendLine().AppendLine("{");
            for (var i = start; i < Math.Min(count, start + PerFile); i++)
            {
                Template(text, i);
            }

            text.AppendLine("}");
            files.Add(("Templates" + (start / PerFile).ToString("D3", CultureInfo.InvariantCulture) + ".cs", text.ToString()));
        }

        return files;
    }

    /// <summary>Writes a project (outside any repository) that compiles the set with the given library and analyzers.</summary>
    public static void WriteProject(string directory, int count, string library, IEnumerable<string> analyzers)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in Sources(count))
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }

        var analyzerItems = string.Join(Environment.NewLine, analyzers.Select(a => "    <Analyzer Include=\"" + a + "\" />"));
        File.WriteAllText(Path.Combine(directory, "TemplateSet.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="RunAi.TemplateDsl" HintPath="{library}" />
            {analyzerItems}
              </ItemGroup>
            </Project>
            """);
    }

    private static void Template(StringBuilder text, int i)
    {
        var id = i.ToString(CultureInfo.InvariantCulture);
        var uuid = "7a3b9c1d-2e4f-4a6b-8c0d-" + i.ToString("D12", CultureInfo.InvariantCulture);
        var built = i % 2 == 0;
        text.Append("    public static ").Append(built ? "WorkloadTemplateCreationRequest Build" + id + "() =>" : "TemplateBuilder T" + id + " { get; } =").AppendLine(" Template.Named(\"template-" + id + "\")");
        text.AppendLine("        .WithDescription(\"Generated template " + id + "\")");
        text.AppendLine(i % 3 == 0 ? "        .InProject(" + (i + 1) + ")" : i % 3 == 1 ? "        .InDepartment(\"" + (i % 17) + "\")" : "        .InTenant()");
        text.AppendLine("        .WithEnvironment(\"" + uuid + "\")");
        text.AppendLine("        .WithCompute(\"" + uuid + "\")");
        text.AppendLine("        .AddDataSource(DataSourceKind.Pvc, \"" + uuid + "\", containerPath: \"/data\")");
        text.AppendLine("        .WithNodePools(\"a100\", \"h100\")");
        text.AppendLine("        .TolerateAny(\"nvidia.com/gpu\", TolerationEffect.NoSchedule)");
        text.AppendLine("        .AddLabel(\"team\", \"ml-" + (i % 7) + "\")");
        text.AppendLine("        .AddEnvironmentVariable(\"MODEL\", \"model-" + id + "\")");
        text.AppendLine("        .WithNodeAffinity(n => n.Term(t => t");
        text.AppendLine("            .Gt(\"nvidia.com/gpu.count\", " + (i % 8) + ")");
        text.AppendLine("            .Match(\"topology.kubernetes.io/zone\", MatchOperator.In, \"zone-a\", \"zone-b\")))");
        text.AppendLine("        .WithAutoscaling(a => a.MinReplicas(0).MaxReplicas(" + (1 + i % 5) + ")");
        text.AppendLine("            .ScaleToZeroRetention(300)");
        text.AppendLine("            .Metric(AutoscalingMetrics.Concurrency, 8))");
        text.AppendLine("        .WithServingPortAccess(s => s.OnlyGroups(\"ml-team\"))");
        text.AppendLine("        .WithPriorityClass(PriorityClasses.High)");
        text.AppendLine("        .WithPreemptibility(Preemptibility.NonPreemptible)");
        text.Append("        .WithCommand(\"python serve.py --id " + id + "\")").AppendLine(built ? ".Build();" : ";");
        text.AppendLine();
    }
}
