namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>
/// What of a request body the JSON reader lets through but the API description does not: null data-source and connection
/// items, null items of lists of strings, and values of the spec's string enums that it does not list. The model keeps an unknown value (what a newer server sends
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
        Strings(found, "spec.assets.workloadVolumes", spec.Assets.WorkloadVolumes);
        Enum(found, "meta.workloadSupportedTypes.distFramework", types?.DistFramework, SupportedFrameworks);
        Params(found, "spec.specificEnv", spec.SpecificEnv);
        if (spec.Distributed is { } distributed)
        {
            Enum(found, "spec.distributed.distFramework", distributed.DistFramework, DistributedFramework.KnownValues);
            MasterAssets(found, "spec.distributed.master.assets", distributed.Master?.Assets);
            Params(found, "spec.distributed.master.specificEnv", distributed.Master?.SpecificEnv);
        }

        return found;
    }

    /// <summary>
    /// The master's assets are references (<c>AssetsRef</c>), not ids: its tool types are the spec's <c>ToolType</c> enum,
    /// and neither they nor its data sources may be null items (<see cref="AssetTable.ResolveRefs"/> reads them item by item).
    /// </summary>
    private static void MasterAssets(List<string> found, string path, AssetsRef? assets)
    {
        if (assets is null)
        {
            return;
        }

        if (assets.Environment?.ToolTypes is { } tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                if (tools[i] is null)
                {
                    found.Add($"{path}.environment.toolTypes[{i}]: an item cannot be null; give a tool type or leave the item out");
                }

                Enum(found, $"{path}.environment.toolTypes[{i}]", tools[i], ToolType.KnownValues);
            }
        }

        AssetTable.NullDataSources(found, path, assets.Datasources);
        Strings(found, path + ".workloadVolumes", assets.WorkloadVolumes);
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
        Strings(found, path + ".nodePools", p.NodePools);
        Strings(found, path + ".servingPortAccess.authorizedUsers", p.ServingPortAccess?.AuthorizedUsers);
        Strings(found, path + ".servingPortAccess.authorizedGroups", p.ServingPortAccess?.AuthorizedGroups);
        if (p.Connections is { } connections)
        {
            for (var i = 0; i < connections.Count; i++)
            {
                // SpecificRunConnectionInfo is the one object item the spec does not make nullable (data sources aside).
                if (connections[i] is null)
                {
                    found.Add($"{path}.connections[{i}]: an item cannot be null; give a connection or leave the item out");
                }

                Strings(found, $"{path}.connections[{i}].authorizedUsers", connections[i]?.AuthorizedUsers);
                Strings(found, $"{path}.connections[{i}].authorizedGroups", connections[i]?.AuthorizedGroups);
            }
        }

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
                    Strings(found, $"{path}.nodeAffinityRequired.nodeSelectorTerms[{i}].matchExpressions[{j}].values", expressions[j]?.Values);
                }
            }
        }
    }

    /// <summary>Null items of a list of strings: the spec's items are strings, not nullable (unlike its object items).</summary>
    private static void Strings(List<string> found, string path, List<string>? values)
    {
        if (values is null)
        {
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                found.Add($"{path}[{i}]: an item cannot be null; give a string or leave the item out");
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
