using System.Collections.Immutable;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl;

/// <summary>
/// The one set of copies the builders use: they keep wire objects internally and hand out or take in only copies,
/// so a built request and the builder that made it never share mutable state.
/// </summary>
internal static class DslClone
{
    public static List<string>? List(List<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        // Copied as a block (Build copies every list of the builder's state; a spread goes through LINQ's ToList).
        var copy = new List<string>(values.Count);
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(copy, values.Count);
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values).CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(copy));
        return copy;
    }

    /// <summary>
    /// Checks a <c>params</c> argument: the array and every item must be set (a null item would be sent as JSON
    /// <c>null</c> in a list the spec says holds values).
    /// </summary>
    /// <exception cref="ArgumentNullException">The array is null.</exception>
    /// <exception cref="ArgumentException">An item is null.</exception>
    public static T[] NoNullItems<T>(T[] items, string paramName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, paramName);
        var index = Array.IndexOf(items, null);
        return index < 0 ? items : throw new ArgumentException($"{paramName}[{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}] is null (counting from 0): leave it out.", paramName);
    }

    /// <summary>
    /// A duration as the whole seconds the API takes. A fraction of a second cannot be sent, and is refused rather than
    /// rounded (a grace period of 0.5 s would become 0, stopping at once); a negative one is the rules' to report.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a whole number of seconds.</exception>
    public static long Seconds(TimeSpan value, string paramName) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? value.Ticks / TimeSpan.TicksPerSecond
            : throw new ArgumentException($"{paramName} is {value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s: the API takes whole seconds.", paramName);

    /// <summary>A duration as whole seconds for a 32-bit member of the API.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a whole number of seconds.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside what the member holds.</exception>
    public static int SecondsInt32(TimeSpan value, string paramName) =>
        Seconds(value, paramName) is var seconds && seconds is >= int.MinValue and <= int.MaxValue
            ? (int)seconds
            : throw new ArgumentOutOfRangeException(paramName, value, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{paramName} is outside what the API's member holds ({int.MinValue} to {int.MaxValue} seconds)."));

    /// <summary>What a configuration function returned, which must be a builder: null would drop what was configured before.</summary>
    /// <exception cref="ArgumentException">The function returned null.</exception>
    public static T Configured<T>(T? result, string paramName)
        where T : class =>
        result ?? throw new ArgumentException("The configuration function returned null; return the builder it was given, or one made from it.", paramName);

    /// <summary>A new list of <paramref name="copy"/> of each item (sized once, no LINQ), or null when there are none.</summary>
    public static List<TOut>? Map<TIn, TOut>(ImmutableArray<TIn> items, Func<TIn, TOut> copy)
    {
        if (items.IsDefaultOrEmpty)
        {
            return null;
        }

        var list = new List<TOut>(items.Length);
        foreach (var item in items)
        {
            list.Add(copy(item));
        }

        return list;
    }

    public static SpecificRunConnectionInfo Of(SpecificRunConnectionInfo c) => new()
    {
        Name = c.Name,
        NodePort = c.NodePort,
        ExternalUrl = c.ExternalUrl,
        AuthorizedUsers = List(c.AuthorizedUsers),
        AuthorizedGroups = List(c.AuthorizedGroups),
    };

    /// <summary>A copy of a variable a user hands in (AddEnvironmentVariable), members the model does not know included.</summary>
    public static EnvironmentVariableOfAsset Of(EnvironmentVariableOfAsset v) => new()
    {
        Name = v.Name,
        Value = v.Value,
        Credential = v.Credential is { } c ? new EnvironmentVariableCredential { AssetId = c.AssetId, Key = c.Key, AdditionalProperties = WireCopy.Dictionary(c.AdditionalProperties) } : null,
        ConfigMap = v.ConfigMap is { } m ? new EnvironmentVariableConfigMap { Name = m.Name, Key = m.Key, AdditionalProperties = WireCopy.Dictionary(m.AdditionalProperties) } : null,
        PodFieldRef = v.PodFieldRef is { } p ? new EnvironmentVariablePodFieldReference { Path = p.Path, AdditionalProperties = WireCopy.Dictionary(p.AdditionalProperties) } : null,
        Exclude = v.Exclude,
        Description = v.Description,
        AdditionalProperties = WireCopy.Dictionary(v.AdditionalProperties),
    };

    public static ServingPortAccess Of(ServingPortAccess v) => new()
    {
        AuthorizationType = v.AuthorizationType,
        AuthorizedUsers = List(v.AuthorizedUsers),
        AuthorizedGroups = List(v.AuthorizedGroups),
        ClusterLocalAccessOnly = v.ClusterLocalAccessOnly,
    };

    public static SpecificRunAutoScaling Of(SpecificRunAutoScaling v) => new()
    {
        MetricThresholdPercentage = v.MetricThresholdPercentage,
        MinReplicas = v.MinReplicas,
        MaxReplicas = v.MaxReplicas,
        InitialReplicas = v.InitialReplicas,
        ActivationReplicas = v.ActivationReplicas,
        ConcurrencyHardLimit = v.ConcurrencyHardLimit,
        ScaleToZeroRetentionSeconds = v.ScaleToZeroRetentionSeconds,
        ScaleDownDelaySeconds = v.ScaleDownDelaySeconds,
        InitializationTimeoutSeconds = v.InitializationTimeoutSeconds,
        ThresholdMetric = v.ThresholdMetric,
        ThresholdValue = v.ThresholdValue,
    };

    public static DataSourceOverrides? Of(DataSourceOverrides? o) => o is null ? null : new DataSourceOverrides { ContainerPath = o.ContainerPath };

    public static AssetIdAndKind Of(AssetIdAndKind d) => new() { Id = d.Id, Kind = d.Kind, Overrides = Of(d.Overrides) };

    public static MatchExpression Of(MatchExpression e) => new() { Key = e.Key, Operator = e.Operator, Values = List(e.Values) };

    public static Annotation Of(Annotation a) => new() { Name = a.Name, Value = a.Value, Exclude = a.Exclude };

    public static Label Of(Label l) => new() { Name = l.Name, Value = l.Value, Exclude = l.Exclude };

    public static ImagePullSecret Of(ImagePullSecret s) => new() { Name = s.Name, UserCredential = s.UserCredential, Exclude = s.Exclude };

    public static Toleration Of(Toleration t) => new() { Name = t.Name, Operator = t.Operator, Key = t.Key, Value = t.Value, Effect = t.Effect, Seconds = t.Seconds, Exclude = t.Exclude };
}
