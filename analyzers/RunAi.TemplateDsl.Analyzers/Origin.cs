using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// Where a fact came from in source: stored in <c>Fact.Origin</c>/<c>NameOrigin</c> and carried by a violation to the
/// diagnostic's location.
/// </summary>
internal sealed class Origin
{
    public Origin(SyntaxTree tree, TextSpan span, bool indexUncertain)
    {
        Tree = tree;
        Span = span;
        IndexUncertain = indexUncertain;
    }

    public SyntaxTree Tree { get; }

    public TextSpan Span { get; }

    /// <summary>
    /// The fact is (inside) an item appended to an array whose earlier items are unknown: its index is not known,
    /// so a message that cites an index (<c>also at labels[0]</c>) could be wrong and is not reported.
    /// </summary>
    public bool IndexUncertain { get; }
}
