namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>
/// What of a request body the JSON reader lets through but the API description does not: null data-source items, and
/// values of the spec's string enums that it does not list. The model keeps an unknown value (what a newer server sends
/// is not lost), so the reader accepts <c>"preemptibility": "maybe"</c>; the control plane answers 400, and so does the
/// emulator, one line per value, so that a misspelt value fails against the emulator as it would against a tenant.
/// The scope (answered on its own) and a data source's kind (RAI1004) are judged elsewhere.
/// </summary>
internal static class SchemaCheck
{
    /// <summary>What <c>workloadSupportedTypes.distFramework</c> lists: JAX is known (RAI2002 explains it), but not one of these.</summary>
    private static readonly DistributedFramework[] SupportedFrameworks = [.. DistributedFramework.KnownValues.Where(f => f != DistributedFramework.Jax)];

    /// <summary>The problems of a creation request's supported types and spec; empty when it fits the schema.</summary>
    public static List<string> Problems(WorkloadSupportedTypes? types, SpecificRunCreationFields spec)
    {
        var found = AssetTable.NullItems(spec.Assets);
        Enum(found, "meta.workloadSupportedTypes.distFramework", types?.DistFramework, SupportedFrameworks);
        Params(found, "spec.specificEnv", spec.SpecificEnv);
        if (spec.Distributed is { } distributed)
        {
            Enum(found, "spec.distributed.distFramework", distributed.DistFramework, DistributedFramework.KnownValues);
            Params(found, "spec.distributed.master.specificEnv", distributed.Master?.SpecificEnv);
        }

        return found;
    }

    private static void Params(List<string> found, string path, SpecificRunParams? p)
    {
        if (p is null)
        {
            return;
        }

        Enum(found, path + ".preemptibility", p.Preemptibility, Preemptibility.KnownValues);
        Enum(found, path + ".restartPolicy", p.RestartPolicy, RestartPolicy.KnownValues);
        Enum(found, path + ".podAffinity.type", p.PodAffinity?.Type, PodAffinityType.KnownValues);
        Enum(found, path + ".servingPortAccess.authorizationType", p.ServingPortAccess?.AuthorizationType, AuthorizationType.KnownValues);
        if (p.Tolerations is { } tolerations)
        {
            for (var i = 0; i < tolerations.Count; i++)
            {
                Enum(found, $"{path}.tolerations[{i}].operator", tolerations[i]?.Operator, TolerationOperator.KnownValues);
                Enum(found, $"{path}.tolerations[{i}].effect", tolerations[i]?.Effect, TolerationEffect.KnownValues);
            }
        }

        if (p.NodeAffinityRequired?.NodeSelectorTerms is { } terms)
        {
            for (var i = 0; i < terms.Count; i++)
            {
                if (terms[i]?.MatchExpressions is not { } expressions)
                {
                    continue;
                }

                for (var j = 0; j < expressions.Count; j++)
                {
                    Enum(found, $"{path}.nodeAffinityRequired.nodeSelectorTerms[{i}].matchExpressions[{j}].operator", expressions[j]?.Operator, MatchOperator.KnownValues);
                }
            }
        }
    }

    private static void Enum<T>(List<string> found, string path, T? value, IReadOnlyList<T> known)
        where T : WireValue<T>
    {
        if (value is not null && !value.IsKnown)
        {
            found.Add($"{path}: '{value.Value}' is not one of {string.Join(", ", known.Select(k => k.Value))}");
        }
    }
}
