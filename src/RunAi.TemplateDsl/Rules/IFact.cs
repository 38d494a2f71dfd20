namespace RunAi.TemplateDsl.Rules;

/// <summary>
/// What the rules read of one value of a template. The rules are written once against this view and compiled for each
/// front end (a struct per front end, so the JIT specializes them with no interface calls): <see cref="TreeFact"/>
/// over the fact tree the analyzer fills from a fluent chain (and the run time fills to place a violation), and the
/// run time's view straight over the wire model, which builds nothing to judge a template that passes.
/// </summary>
/// <typeparam name="T">The implementing struct.</typeparam>
internal interface IFact<T>
    where T : struct, IFact<T>
{
    /// <summary>What is known.</summary>
    FactKind Kind { get; }

    /// <summary>The text of a <see cref="FactKind.Text"/> value.</summary>
    string? Text { get; }

    /// <summary>The value of a <see cref="FactKind.Number"/>.</summary>
    double Number { get; }

    /// <summary>For an object: members may exist that are not listed; for an array: items may exist that are not listed.</summary>
    bool IsOpen { get; }

    /// <summary>The number of members (object) or listed items (array).</summary>
    int Count { get; }

    /// <summary>Whether the value is known (not <see cref="FactKind.Unknown"/>).</summary>
    bool IsKnown { get; }

    /// <summary>Whether the value is certainly set.</summary>
    bool IsPresent { get; }

    /// <summary>Whether the value is certainly not set.</summary>
    bool IsAbsent { get; }

    /// <summary>Whether this is a known boolean <c>true</c>.</summary>
    bool IsTrue { get; }

    /// <summary>Whether this is certainly not <c>true</c> (absent or false).</summary>
    bool IsNotTrue { get; }

    /// <summary>Whether the item count of an array is known.</summary>
    bool CountIsKnown { get; }

    /// <summary>Where the value came from, for the analyzer to place a diagnostic; null at run time.</summary>
    object? Origin { get; }

    /// <summary>A second place, e.g. the method name of the call that set an object; null at run time.</summary>
    object? NameOrigin { get; }

    /// <summary>What tells this list from another, for an index kept across the checks of one list.</summary>
    object? Identity { get; }

    /// <summary>The member (object) or listed item (array) at an index.</summary>
    /// <param name="index">The index.</param>
    T this[int index] { get; }

    /// <summary>A member of an object: absent when a closed object has none, unknown when an open one may.</summary>
    /// <param name="name">The member's wire name (interned, as every literal is).</param>
    T this[string name] { get; }

    /// <summary>Whether this is a known text equal to <paramref name="value"/>.</summary>
    /// <param name="value">The text.</param>
    bool Is(string value);

    /// <summary>
    /// The JSON path of this value (and <paramref name="member"/> below it) under <paramref name="root"/>, e.g.
    /// <c>spec.specificEnv.nodePools[1]</c>; computed only when a rule reports.
    /// </summary>
    /// <param name="root">The root the rules started from.</param>
    /// <param name="member">A member below this value, or null.</param>
    string PathFrom(T root, string? member);
}

/// <summary>The rules' view of a node of the fact tree (<see cref="Fact"/>): what the analyzer judges.</summary>
internal readonly struct TreeFact : IFact<TreeFact>
{
    /// <summary>Views a node.</summary>
    /// <param name="node">The node.</param>
    public TreeFact(Fact node) => Node = node;

    /// <summary>The node.</summary>
    public Fact Node { get; }

    /// <inheritdoc/>
    public FactKind Kind => Node.Kind;

    /// <inheritdoc/>
    public string? Text => Node.Text;

    /// <inheritdoc/>
    public double Number => Node.Number;

    /// <inheritdoc/>
    public bool IsOpen => Node.IsOpen;

    /// <inheritdoc/>
    public int Count => Node.Count;

    /// <inheritdoc/>
    public bool IsKnown => Node.IsKnown;

    /// <inheritdoc/>
    public bool IsPresent => Node.IsPresent;

    /// <inheritdoc/>
    public bool IsAbsent => Node.IsAbsent;

    /// <inheritdoc/>
    public bool IsTrue => Node.IsTrue;

    /// <inheritdoc/>
    public bool IsNotTrue => Node.IsNotTrue;

    /// <inheritdoc/>
    public bool CountIsKnown => Node.CountIsKnown;

    /// <inheritdoc/>
    public object? Origin => Node.Origin;

    /// <inheritdoc/>
    public object? NameOrigin => Node.NameOrigin;

    /// <inheritdoc/>
    public object? Identity => Node;

    /// <inheritdoc/>
    public TreeFact this[int index] => new(Node[index]);

    /// <inheritdoc/>
    public TreeFact this[string name] => new(Node[name]);

    /// <inheritdoc/>
    public bool Is(string value) => Node.Is(value);

    /// <inheritdoc/>
    public string PathFrom(TreeFact root, string? member) => Fact.PathOf(root.Node, Node, member);
}
