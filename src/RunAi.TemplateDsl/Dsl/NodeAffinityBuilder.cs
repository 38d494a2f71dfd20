using System.Collections.Immutable;
using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl;

/// <summary>
/// Declares required node affinity: a list of node selector terms, ORed. Immutable: every call returns a new builder.
/// </summary>
[WireBuilder("spec.specificEnv.nodeAffinityRequired")]
public sealed class NodeAffinityBuilder
{
    internal static readonly NodeAffinityBuilder Empty = new([]);

    private readonly ImmutableArray<NodeSelectorTermBuilder> _terms;

    private NodeAffinityBuilder(ImmutableArray<NodeSelectorTermBuilder> terms) => _terms = terms;

    /// <summary>Appends a node selector term; a node matches when all of the term's expressions match.</summary>
    /// <param name="configure">Adds the term's match expressions, e.g. <c>t =&gt; t.Match("zone", MatchOperator.In, "a", "b")</c>.</param>
    /// <returns>A new builder with the term appended.</returns>
    [WireItem("nodeSelectorTerms")]
    public NodeAffinityBuilder Term([WireField("")] Func<NodeSelectorTermBuilder, NodeSelectorTermBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new NodeAffinityBuilder(_terms.Add(DslClone.Configured(configure(NodeSelectorTermBuilder.Empty), nameof(configure))));
    }

    internal NodeAffinityRequired ToWire() => new() { NodeSelectorTerms = DslClone.Map(_terms, t => t.ToWire()) ?? [] };
}

/// <summary>
/// Declares one node selector term: requirements on node labels, ANDed. Immutable: every call returns a new builder;
/// every method appends an expression.
/// </summary>
[WireBuilder("spec.specificEnv.nodeAffinityRequired.nodeSelectorTerms[]")]
public sealed class NodeSelectorTermBuilder
{
    internal static readonly NodeSelectorTermBuilder Empty = new([]);

    private readonly ImmutableArray<MatchExpression> _expressions;

    private NodeSelectorTermBuilder(ImmutableArray<MatchExpression> expressions) => _expressions = expressions;

    /// <summary>Appends a requirement on a node label.</summary>
    /// <param name="key">The label key, at most 63 characters.</param>
    /// <param name="op">The key's relationship to the values.</param>
    /// <param name="values">None for Exists/DoesNotExist (RAI3002), exactly one integer for Gt/Lt (RAI3003, RAI3004), at least one for In/NotIn (RAI3001).</param>
    /// <returns>A new builder with the expression appended.</returns>
    [WireItem("matchExpressions")]
    public NodeSelectorTermBuilder Match([WireField("key")] string key, [WireField("operator")] MatchOperator op, [WireField("values", EmptyIsAbsent = true)] params string[] values)
    {
        DslClone.NoNullItems(values, nameof(values));
        return new NodeSelectorTermBuilder(_expressions.Add(new MatchExpression { Key = key, Operator = op, Values = values.Length == 0 ? null : [.. values] }));
    }

    /// <summary>Appends <c>key In values</c>: the label's value is one of the values.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="values">At least one value.</param>
    /// <returns>A new builder with the expression appended.</returns>
    [WireItem("matchExpressions")]
    [WireField("operator", "In")]
    public NodeSelectorTermBuilder In([WireField("key")] string key, [WireField("values", EmptyIsAbsent = true)] params string[] values) => Match(key, MatchOperator.In, values);

    /// <summary>Appends <c>key NotIn values</c>: the label's value is none of the values.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="values">At least one value.</param>
    /// <returns>A new builder with the expression appended.</returns>
    [WireItem("matchExpressions")]
    [WireField("operator", "NotIn")]
    public NodeSelectorTermBuilder NotIn([WireField("key")] string key, [WireField("values", EmptyIsAbsent = true)] params string[] values) => Match(key, MatchOperator.NotIn, values);

    /// <summary>Appends <c>key Exists</c>: the node has the label.</summary>
    /// <param name="key">The label key.</param>
    /// <returns>A new builder with the expression appended.</returns>
    [WireItem("matchExpressions")]
    [WireField("operator", "Exists")]
    public NodeSelectorTermBuilder Exists([WireField("key")] string key) => Match(key, MatchOperator.Exists);

    /// <summary>Appends <c>key DoesNotExist</c>: the node does not have the label.</summary>
    /// <param name="key">The label key.</param>
    /// <returns>A new builder with the expression appended.</returns>
    [WireItem("matchExpressions")]
    [WireField("operator", "DoesNotExist")]
    public NodeSelectorTermBuilder DoesNotExist([WireField("key")] string key) => Match(key, MatchOperator.DoesNotExist);

    /// <summary>Appends <c>key Gt value</c>: the label's integer value is greater than <paramref name="value"/>. Cannot break RAI3003/RAI3004.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="value">The bound.</param>
    /// <returns>A new builder with the expression appended.</returns>
    [WireItem("matchExpressions")]
    [WireField("operator", "Gt")]
    public NodeSelectorTermBuilder Gt([WireField("key")] string key, [WireField("values[]", AsText = true)] long value) => Match(key, MatchOperator.Gt, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Appends <c>key Lt value</c>: the label's integer value is less than <paramref name="value"/>. Cannot break RAI3003/RAI3004.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="value">The bound.</param>
    /// <returns>A new builder with the expression appended.</returns>
    [WireItem("matchExpressions")]
    [WireField("operator", "Lt")]
    public NodeSelectorTermBuilder Lt([WireField("key")] string key, [WireField("values[]", AsText = true)] long value) => Match(key, MatchOperator.Lt, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal NodeSelectorTerm ToWire() => new()
    {
        MatchExpressions = DslClone.Map(_expressions, DslClone.Of),
    };
}
