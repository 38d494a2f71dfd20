using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using RunAi.TemplateDsl.Analyzers;
using RunAi.TemplateDsl.Rules;

namespace RunAi.TemplateDsl.CodeFixes;

/// <summary>
/// Fixes for the rules whose repair is clear from the code: RAI3001 (use Exists / DoesNotExist), RAI3002 (remove the
/// values), RAI3003 (keep the first value, or use In), RAI3006 (the nearest valid priority class), RAI3008 (remove
/// the value), RAI4001 (MinReplicas(0)), RAI4002 (swap min and max), RAI5001 (remove the groups or the users).
/// Each action has an equivalence key, so Fix All applies it across a document, project or solution.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TemplateRuleCodeFixProvider))]
[Shared]
public sealed class TemplateRuleCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence keys of the actions.</summary>
    public static class Keys
    {
        /// <summary>RAI3001: In → Exists, NotIn → DoesNotExist.</summary>
        public const string UseExists = "RAI3001.UseExists";

        /// <summary>RAI3002: remove the values of Exists / DoesNotExist.</summary>
        public const string RemoveValues = "RAI3002.RemoveValues";

        /// <summary>RAI3003: keep the first value of Gt / Lt.</summary>
        public const string KeepFirstValue = "RAI3003.KeepFirstValue";

        /// <summary>RAI3003: Gt / Lt → In.</summary>
        public const string UseIn = "RAI3003.UseIn";

        /// <summary>RAI3006: the nearest valid priority class.</summary>
        public const string NearestPriorityClass = "RAI3006.NearestPriorityClass";

        /// <summary>RAI3008: remove the toleration's value.</summary>
        public const string RemoveTolerationValue = "RAI3008.RemoveValue";

        /// <summary>RAI4001: MinReplicas(0).</summary>
        public const string MinReplicasZero = "RAI4001.MinReplicasZero";

        /// <summary>RAI4002: swap MinReplicas and MaxReplicas.</summary>
        public const string SwapMinMax = "RAI4002.SwapMinMax";

        /// <summary>RAI5001: remove the groups.</summary>
        public const string RemoveGroups = "RAI5001.RemoveGroups";

        /// <summary>RAI5001: remove the users.</summary>
        public const string RemoveUsers = "RAI5001.RemoveUsers";
    }

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create("RAI3001", "RAI3002", "RAI3003", "RAI3006", "RAI3008", "RAI4001", "RAI4002", "RAI5001");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var span = diagnostic.Location.SourceSpan;
            if (InitializerFix(diagnostic.Id, root, span, model) is { } assigned)
            {
                // A wire-model initializer (new Toleration { Operator = TolerationOperator.Exists, Value = "v" }), inside a
                // call or not: the chain's fix, written in the initializer, and not offered where the chain's would not be.
                var (title, key, changed) = assigned;
                if (changed is not null && SameDirectives(root, changed))
                {
                    context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(changed)), key), diagnostic);
                }

                continue;
            }

            // The diagnosed call: the innermost invocation that is a method call and not the diagnosed value itself (a
            // value written nameof(..), or as a call of the user's own, Zone(), is an invocation too, and no call of the DSL).
            InvocationExpressionSyntax? call = null;
            IInvocationOperation? operation = null;
            foreach (var candidate in root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (span.Contains(candidate.Span))
                {
                    continue;
                }

                call = candidate;
                operation = model.GetOperation(candidate, context.CancellationToken) as IInvocationOperation;
                break;
            }

            if (call is null || operation is null)
            {
                continue;
            }

            var site = new Site(context.Document, root, call, operation);
            foreach (var (title, key, change) in Fixes(diagnostic.Id, site, span))
            {
                // An argument or call removed with the #if, #else or #endif line the parser gave its trivia would leave
                // code that does not compile (or drop the inactive branch): such a fix is not offered.
                var changed = change();
                if (SameDirectives(root, changed))
                {
                    context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(changed)), key), diagnostic);
                }
            }
        }
    }

    /// <summary>
    /// Whether two roots have the same preprocessor lines and inactive code, in the same order. A fix whose changed text
    /// (a character either side) holds none, before or after, moved none: that is decided from the changed text alone. A
    /// file with one <c>#region</c> made every fix walk all of the file's trivia, twice (fix-all of 500 fixes in such a
    /// file took 13 s). Only a fix that touches one is compared over the whole file, since it may carry a line past
    /// another that it did not touch.
    /// </summary>
    private static bool SameDirectives(SyntaxNode before, SyntaxNode after)
    {
        if (!before.ContainsDirectives && !after.ContainsDirectives)
        {
            return true;
        }

        var touched = false;
        var shift = 0;
        foreach (var change in after.SyntaxTree.GetChanges(before.SyntaxTree))
        {
            var written = change.NewText?.Length ?? 0;
            touched |= Directives(before, Widened(change.Span, before.FullSpan.End)).Any()
                || Directives(after, Widened(new Microsoft.CodeAnalysis.Text.TextSpan(change.Span.Start + shift, written), after.FullSpan.End)).Any();
            shift += written - change.Span.Length;
        }

        return !touched || Directives(before, before.FullSpan).SequenceEqual(Directives(after, after.FullSpan), System.StringComparer.Ordinal);

        static Microsoft.CodeAnalysis.Text.TextSpan Widened(Microsoft.CodeAnalysis.Text.TextSpan span, int end) =>
            Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(System.Math.Max(0, span.Start - 1), System.Math.Min(end, span.End + 1));
    }

    private static IEnumerable<string> Directives(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span) => root
        .DescendantTrivia(span, descendIntoTrivia: true)
        .Where(t => t.IsDirective || t.IsKind(SyntaxKind.DisabledTextTrivia))
        .Select(t => t.ToFullString().Trim());

    private static IEnumerable<(string Title, string Key, System.Func<SyntaxNode> Change)> Fixes(string id, Site site, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        switch (id)
        {
            case "RAI3001":
                if (site.Rename(new Dictionary<string, string> { ["In"] = "Exists", ["NotIn"] = "DoesNotExist" }, dropValues: true) is { } toExists)
                {
                    yield return ("Use Exists / DoesNotExist", Keys.UseExists, toExists);
                }

                break;

            case "RAI3002":
                var extra = site.Arguments("values");
                if (extra.Count > 0)
                {
                    yield return ("Remove the values", Keys.RemoveValues, () => site.WithoutArguments(extra));
                }

                break;

            case "RAI3003":
                var values = site.Arguments("values");
                if (values.Count > 1)
                {
                    // The value to keep must be an integer, or RAI3004 follows: the first that is (or may be, when not constant).
                    var keep = values.FindIndex(v => site.TextOf(v) is not { } text || TemplateRules.IsInteger(text));
                    if (keep >= 0)
                    {
                        var kept = values[keep];
                        yield return (keep == 0 ? "Keep the first value" : "Keep the value " + kept.Expression, Keys.KeepFirstValue, () => site.WithoutArguments(values.Where(v => v != kept).ToList()));
                    }
                }

                // However the values are written (one array or collection of them too): In takes them all.
                if (site.Rename(new Dictionary<string, string> { ["Gt"] = "In", ["Lt"] = "In" }) is { } toIn)
                {
                    yield return ("Use In", Keys.UseIn, toIn);
                }

                break;

            case "RAI3006":
                if (site.Arguments("specificEnv.priorityClass").FirstOrDefault() is { Expression: LiteralExpressionSyntax { Token.ValueText: var text } literal }
                    && TemplateRules.NearestPriorityClass(text) is { } nearest)
                {
                    yield return ("Use '" + nearest + "'", Keys.NearestPriorityClass, () => site.Root.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(nearest)).WithTriviaFrom(literal)));
                }

                break;

            case "RAI3008":
                if (site.Arguments("value").FirstOrDefault() is { } value)
                {
                    yield return ("Remove the value", Keys.RemoveTolerationValue, () => site.WithoutValue(value));
                }

                break;

            case "RAI4001":
                if (ZeroMinReplicasBreaksAnother(site.ChainValue("thresholdMetric"), site.ChainValue("maxReplicas"), site.ChainValue("initialReplicas"), site.ChainValue("activationReplicas")))
                {
                    break;
                }

                var min = site.ChainCall("minReplicas");
                if (min is not null)
                {
                    yield return ("Set MinReplicas(0)", Keys.MinReplicasZero, () => site.Root.ReplaceNode(min.Value.Argument.Expression, Zero().WithTriviaFrom(min.Value.Argument.Expression)));
                }
                else if (site.Call.Expression is MemberAccessExpressionSyntax access && site.Operation.TargetMethod.ReturnType.GetMembers("MinReplicas").Any())
                {
                    yield return ("Add MinReplicas(0)", Keys.MinReplicasZero, () => site.Root.ReplaceNode(access.Expression, AddMinReplicas(access.Expression)));
                }

                break;

            case "RAI4002":
                var lower = site.ChainCall("minReplicas");
                var upper = site.ChainCall("maxReplicas");
                // Not offered where the swapped values break another rule: a minReplicas below maxReplicas needs a metric
                // (RAI4003, but for 0 and 1), and a minReplicas of 0 the throughput or concurrency one (RAI4004).
                if (lower is not null && upper is not null && !SwapBreaksAnother(site.ChainValue("thresholdMetric"), site.ChainValue("maxReplicas"), site.ChainValue("minReplicas")))
                {
                    var a = lower.Value.Argument.Expression;
                    var b = upper.Value.Argument.Expression;
                    yield return ("Swap MinReplicas and MaxReplicas", Keys.SwapMinMax, () => site.Root.ReplaceNodes(new[] { a, b }, (original, _) => original == a ? b.WithTriviaFrom(a) : a.WithTriviaFrom(b)));
                }

                break;

            case "RAI5001":
                // Every call of the chain that sets the list is taken out (a later one replaces an earlier one, so one
                // left behind would still clash), and only when each writes nothing but the list: OnlyUsers(..) also
                // sets the authorization type, and removing it would leave the other list under the default type
                // (public). A list the chain's known authorization type needs stays: removing the users of an
                // authorizedUsers access would leave RAI5002.
                var type = site.AuthorizationType();
                if (type != "authorizedGroups" && site.ChainCalls("authorizedGroups") is { Count: > 0 } groups && groups.All(g => Site.WritesOnlyItsArguments(g.Operation)))
                {
                    yield return ("Remove the groups", Keys.RemoveGroups, () => Site.WithoutCalls(site.Root, groups.Select(g => g.Call).ToList()));
                }

                if (type != "authorizedUsers" && site.ChainCalls("authorizedUsers") is { Count: > 0 } users && users.All(u => Site.WritesOnlyItsArguments(u.Operation)))
                {
                    yield return ("Remove the users", Keys.RemoveUsers, () => Site.WithoutCalls(site.Root, users.Select(u => u.Call).ToList()));
                }

                break;
        }
    }

    /// <summary>
    /// Whether swapping minReplicas and maxReplicas certainly breaks another rule: a minReplicas below maxReplicas needs a
    /// metric (RAI4003, but for 0 and 1), and a minReplicas of 0 the throughput or concurrency one (RAI4004).
    /// </summary>
    private static bool SwapBreaksAnother((bool IsSet, bool IsKnown, object? Value) metric, (bool IsSet, bool IsKnown, object? Value) newMin, (bool IsSet, bool IsKnown, object? Value) newMax) =>
        metric.IsKnown && newMin.IsKnown && newMax.IsKnown
        && (metric.IsSet
            ? Equals(newMin.Value, 0) && metric.Value is not ("throughput" or "concurrency")
            : !(Equals(newMin.Value, 0) && Equals(newMax.Value, 1)));

    /// <summary>
    /// For RAI3006, RAI3008, RAI4001 and RAI4002 reported on a member of a wire-model object initializer: the chain's
    /// fix, made in the initializer (Changed null where the chain's would not be offered either); null where the
    /// diagnostic is not on such a member (a chain's, handled by <see cref="Fixes"/>).
    /// </summary>
    private static (string Title, string Key, SyntaxNode? Changed)? InitializerFix(string id, SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span, SemanticModel model)
    {
        if (id is not ("RAI3006" or "RAI3008" or "RAI4001" or "RAI4002")
            // Up to the call that holds the initializer; the diagnosed value may be a call itself (nameof(..), Zone()).
            || root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().TakeWhile(n => n is not InvocationExpressionSyntax || span.Contains(n.Span)).OfType<AssignmentExpressionSyntax>().FirstOrDefault()
                is not { Parent: InitializerExpressionSyntax initializer, Left: IdentifierNameSyntax { Identifier.ValueText: var member } } assignment
            || !initializer.IsKind(SyntaxKind.ObjectInitializerExpression))
        {
            return null;
        }

        switch (id)
        {
            case "RAI3006" when member == "PriorityClass":
                if (assignment.Right is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) && TemplateRules.NearestPriorityClass(literal.Token.ValueText) is { } nearest)
                {
                    return ("Use '" + nearest + "'", Keys.NearestPriorityClass, root.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(nearest)).WithTriviaFrom(literal)));
                }

                return (string.Empty, Keys.NearestPriorityClass, null);

            case "RAI3008" when member == "Value":
                return ("Remove the value", Keys.RemoveTolerationValue, root.ReplaceNode(initializer, WithoutMember(initializer, assignment)));

            case "RAI4001" when member == "ScaleToZeroRetentionSeconds":
                var breaks = ZeroMinReplicasBreaksAnother(
                    InitializerValue(initializer, "ThresholdMetric", model),
                    InitializerValue(initializer, "MaxReplicas", model),
                    InitializerValue(initializer, "InitialReplicas", model),
                    InitializerValue(initializer, "ActivationReplicas", model));
                return ("Set MinReplicas = 0", Keys.MinReplicasZero, breaks ? null : root.ReplaceNode(initializer, WithMinReplicasZero(initializer)));

            case "RAI4002" when member is "MinReplicas" or "MaxReplicas":
                var lower = Assignment(initializer, "MinReplicas");
                var upper = Assignment(initializer, "MaxReplicas");
                var changedRoot = lower is null || upper is null
                    || SwapBreaksAnother(InitializerValue(initializer, "ThresholdMetric", model), InitializerValue(initializer, "MaxReplicas", model), InitializerValue(initializer, "MinReplicas", model))
                    ? null
                    : root.ReplaceNodes(new[] { lower.Right, upper.Right }, (original, _) => original == lower.Right ? upper.Right.WithTriviaFrom(lower.Right) : lower.Right.WithTriviaFrom(upper.Right));
                return ("Swap MinReplicas and MaxReplicas", Keys.SwapMinMax, changedRoot);

            default:
                return null;
        }
    }

    /// <summary>The last assignment of <paramref name="member"/> in an initializer (the one that counts at run time), or null.</summary>
    private static AssignmentExpressionSyntax? Assignment(InitializerExpressionSyntax initializer, string member) =>
        initializer.Expressions.OfType<AssignmentExpressionSyntax>().LastOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == member);

    /// <summary>
    /// The initializer without <paramref name="member"/> and one comma: the one after it with that comma's comment and
    /// line end (the member's line goes), else the one before it, whose comment stays.
    /// </summary>
    private static InitializerExpressionSyntax WithoutMember(InitializerExpressionSyntax initializer, ExpressionSyntax member)
    {
        var items = initializer.Expressions.GetWithSeparators().ToList();
        var at = items.FindIndex(i => i.AsNode() == member);
        if (at + 1 < items.Count)
        {
            items.RemoveRange(at, 2);
        }
        else if (at > 0)
        {
            // The comma's trivia stays when it holds a comment (the previous member's); else the member's own line end or
            // space, without a comment of its own (about the value that goes).
            var before = items[at - 2];
            var comma = items[at - 1].GetTrailingTrivia();
            var after = comma.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                ? comma
                : member.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } lineEnd
                    ? SyntaxFactory.TriviaList(lineEnd)
                    : SyntaxFactory.TriviaList(member.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
            items[at - 2] = before.WithTrailingTrivia(before.GetTrailingTrivia().AddRange(after));
            items.RemoveRange(at - 1, 2);
        }
        else
        {
            // The only member: the braces keep their own trivia.
            items.Clear();
        }

        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(items));
    }

    /// <summary>
    /// Whether minReplicas 0 certainly breaks another rule, from what the template sets (in a chain or an initializer):
    /// scale-to-zero needs the throughput or concurrency metric (RAI4004); with no metric a maxReplicas above 1 needs one
    /// (RAI4003); and with no maxReplicas the server's maximum becomes 1, which an initialReplicas or activationReplicas
    /// above 1 exceeds (RAI4007). What is not known breaks nothing here.
    /// </summary>
    private static bool ZeroMinReplicasBreaksAnother(
        (bool IsSet, bool IsKnown, object? Value) metric,
        (bool IsSet, bool IsKnown, object? Value) max,
        (bool IsSet, bool IsKnown, object? Value) initial,
        (bool IsSet, bool IsKnown, object? Value) activation) =>
        (metric.IsKnown && (metric.IsSet
            ? metric.Value is not ("throughput" or "concurrency")
            : max is { IsSet: true, IsKnown: true, Value: int and > 1 }))
        || (max is { IsSet: false, IsKnown: true } && (AboveOne(initial) || AboveOne(activation)));

    private static bool AboveOne((bool IsSet, bool IsKnown, object? Value) replicas) => replicas is { IsSet: true, IsKnown: true, Value: int and > 1 };

    /// <summary>
    /// What an object initializer sets <paramref name="member"/> to, as <see cref="Site.ChainValue"/> tells it for a
    /// chain (a constant null is not set: the wire leaves the field out).
    /// </summary>
    private static (bool IsSet, bool IsKnown, object? Value) InitializerValue(InitializerExpressionSyntax initializer, string member, SemanticModel model)
    {
        // The last assignment counts, as at run time.
        if (Assignment(initializer, member) is not { } assignment)
        {
            return (false, true, null);
        }

        var constant = model.GetConstantValue(assignment.Right);
        return constant.HasValue ? (constant.Value is not null, true, constant.Value) : (true, false, null);
    }

    /// <summary>The initializer with <c>MinReplicas = 0</c>: its value replaced when it sets one, otherwise added first.</summary>
    private static InitializerExpressionSyntax WithMinReplicasZero(InitializerExpressionSyntax initializer)
    {
        var existing = initializer.Expressions.OfType<AssignmentExpressionSyntax>().FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "MinReplicas" });
        if (existing is not null)
        {
            return initializer.ReplaceNode(existing.Right, Zero().WithTriviaFrom(existing.Right));
        }

        // Written before the first member as the members are written: on a line of its own with the first member's
        // indentation, or on the brace's line followed by a space. The rest of the initializer stays as it is (a formatter
        // run over it would undo the user's alignment).
        var first = initializer.Expressions[0];
        var lines = initializer.SyntaxTree.GetText().Lines;
        var ownLine = lines.GetLineFromPosition(initializer.OpenBraceToken.Span.End).LineNumber != lines.GetLineFromPosition(first.SpanStart).LineNumber;
        var indentation = first.GetLeadingTrivia() is { Count: > 0 } leading && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        var lineEnd = initializer.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } end ? end : SyntaxFactory.EndOfLine("\n");
        // Trivia given in full: a node made with elastic trivia is formatted after the fix, and with it the lines around.
        var none = SyntaxFactory.TriviaList();
        var assignment = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(ownLine ? indentation : none, "MinReplicas", none)),
            SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(none, "0", 0, none)));
        var separator = SyntaxFactory.Token(none, SyntaxKind.CommaToken, SyntaxFactory.TriviaList(ownLine ? lineEnd : SyntaxFactory.Space));
        var members = new List<SyntaxNodeOrToken> { assignment, separator };
        members.AddRange(initializer.Expressions.GetWithSeparators());
        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(members));
    }

    private static LiteralExpressionSyntax Zero() => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0));

    private static InvocationExpressionSyntax AddMinReplicas(ExpressionSyntax receiver) => SyntaxFactory.InvocationExpression(
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("MinReplicas")),
        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(Zero())))).WithTrailingTrivia(receiver.GetTrailingTrivia());

    /// <summary>A diagnosed call: its syntax, its operation, and the fluent chain around it.</summary>
    private sealed class Site
    {
        public Site(Document document, SyntaxNode root, InvocationExpressionSyntax call, IInvocationOperation operation)
        {
            Document = document;
            Root = root;
            Call = call;
            Operation = operation;
        }

        public Document Document { get; }

        public SyntaxNode Root { get; }

        public InvocationExpressionSyntax Call { get; }

        public IInvocationOperation Operation { get; }

        /// <summary>The arguments passed to the parameter that writes <paramref name="path"/> (several for a <c>params</c> list).</summary>
        public List<ArgumentSyntax> Arguments(string path) => ArgumentsOf(Operation, path);

        /// <summary>Another call of the same chain (or this one) with a parameter that writes <paramref name="path"/>, and its argument.</summary>
        public (InvocationExpressionSyntax Call, ArgumentSyntax Argument, IInvocationOperation Operation)? ChainCall(string path)
        {
            for (var operation = Outermost(Operation); operation is not null; operation = operation.Instance is { } instance ? Chains.Strip(instance) as IInvocationOperation : null)
            {
                if (operation.Syntax is InvocationExpressionSyntax syntax && ArgumentsOf(operation, path).FirstOrDefault() is { } argument)
                {
                    return (syntax, argument, operation);
                }
            }

            return null;
        }

        /// <summary>Every call of the chain (or this one) with a parameter that writes <paramref name="path"/>, last first.</summary>
        public List<(InvocationExpressionSyntax Call, IInvocationOperation Operation)> ChainCalls(string path)
        {
            var found = new List<(InvocationExpressionSyntax, IInvocationOperation)>();
            for (var operation = Outermost(Operation); operation is not null; operation = operation.Instance is { } instance ? Chains.Strip(instance) as IInvocationOperation : null)
            {
                if (operation.Syntax is InvocationExpressionSyntax syntax && operation.TargetMethod.Parameters.Any(p => Writes(p, path)))
                {
                    found.Add((syntax, operation));
                }
            }

            return found;
        }

        /// <summary>
        /// The authorization type the chain ends with, as the wire spells it (<c>authorizedUsers</c>): set by the last
        /// call that sets one, by its own <c>[WireField]</c> (<c>OnlyUsers</c>) or by a named value
        /// (<c>AuthorizationType(AuthorizationType.AuthorizedUsers)</c>). Null when none is set or it is not known.
        /// </summary>
        public string? AuthorizationType()
        {
            for (var operation = Outermost(Operation); operation is not null; operation = operation.Instance is { } instance ? Chains.Strip(instance) as IInvocationOperation : null)
            {
                foreach (var attribute in operation.TargetMethod.GetAttributes())
                {
                    if (attribute.AttributeClass is { Name: "WireFieldAttribute" } && attribute.ConstructorArguments is { Length: 2 } field && field[0].Value is "authorizationType")
                    {
                        return field[1].Value as string;
                    }
                }

                foreach (var argument in operation.Arguments)
                {
                    if (argument.Parameter is { } parameter && Writes(parameter, "authorizationType"))
                    {
                        // The library's named value only (as the analyzer reads values): a property of the user's own
                        // that happens to be called AuthorizedUsers may hold any type.
                        return Chains.Strip(argument.Value) is IPropertyReferenceOperation { Property: { IsStatic: true } property }
                               && SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, operation.TargetMethod.ContainingAssembly)
                            ? Analyzers.WireValueTable.Find(property.Type.Name, property.Name)
                            : null;
                    }
                }
            }

            return null;
        }

        /// <summary>Whether a DSL call writes only through its parameters: no <c>[WireField]</c> or <c>[WireItem]</c> of its own.</summary>
        public static bool WritesOnlyItsArguments(IInvocationOperation call) =>
            !call.TargetMethod.GetAttributes().Any(a => a.AttributeClass is { Name: "WireFieldAttribute" or "WireItemAttribute" });

        /// <summary>
        /// The root with the call's method name or its operator argument renamed (<c>In</c> → <c>Exists</c>). With
        /// <paramref name="dropValues"/>, a renamed method also loses its values (<c>Exists</c> takes none, and an
        /// empty list passed to <c>In</c> would not compile there).
        /// </summary>
        public System.Func<SyntaxNode>? Rename(Dictionary<string, string> names, bool dropValues = false)
        {
            if (Call.Expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax method } access && names.TryGetValue(method.Identifier.ValueText, out var helper) && Arguments("operator").Count == 0)
            {
                var values = dropValues ? Arguments("values") : new List<ArgumentSyntax>();
                return () =>
                {
                    var renamed = Call
                        .WithExpression(access.WithName(SyntaxFactory.IdentifierName(helper).WithTriviaFrom(method)))
                        .WithArgumentList(Call.ArgumentList.WithArguments(Without(Call.ArgumentList.Arguments, values)));
                    return Root.ReplaceNode(Call, renamed);
                };
            }

            if (Arguments("operator").FirstOrDefault()?.Expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax op } && names.TryGetValue(op.Identifier.ValueText, out var replacement))
            {
                return () => Root.ReplaceNode(op, SyntaxFactory.IdentifierName(replacement).WithTriviaFrom(op));
            }

            // The operator written bare, under `using static RunAi.TemplateDsl.MatchOperator;`: the other operator is
            // written bare too where that name means it there, else as MatchOperator.X (a member of the user's own class
            // named Exists, say, wins over the import, and would take the operator's place without a word).
            if (Arguments("operator").FirstOrDefault()?.Expression is IdentifierNameSyntax bare
                && names.TryGetValue(bare.Identifier.ValueText, out var other)
                && Operation.SemanticModel is { } model
                && model.GetSymbolInfo(bare).Symbol is { IsStatic: true, ContainingType: { Name: "MatchOperator" } operators }
                && new ExpressionSyntax[] { SyntaxFactory.IdentifierName(other), SyntaxFactory.ParseExpression("MatchOperator." + other) }
                    .FirstOrDefault(e => model.GetSpeculativeSymbolInfo(bare.SpanStart, e, SpeculativeBindingOption.BindAsExpression).Symbol is { } meant
                        && meant.Name == other && SymbolEqualityComparer.Default.Equals(meant.ContainingType, operators)) is { } written)
            {
                return () => Root.ReplaceNode(bare, written.WithTriviaFrom(bare));
            }

            return null;
        }

        public SyntaxNode WithoutArguments(IReadOnlyCollection<ArgumentSyntax> remove) =>
            Root.ReplaceNode(Call.ArgumentList, Call.ArgumentList.WithArguments(Without(Call.ArgumentList.Arguments, remove)));

        /// <summary>
        /// The arguments without <paramref name="remove"/>, the others as written: each argument goes with its own trivia
        /// and the separator after it, or the one before it when no argument stays after it. The separators that stay
        /// keep their trivia (comments, line breaks); of a separator that goes after the last argument that stays, the
        /// trivia is kept when it has a comment (that argument's), else the line break that ended the last argument removed.
        /// </summary>
        private static SeparatedSyntaxList<ArgumentSyntax> Without(SeparatedSyntaxList<ArgumentSyntax> arguments, IReadOnlyCollection<ArgumentSyntax> remove)
        {
            if (remove.Count == 0)
            {
                return arguments;
            }

            var kept = new List<SyntaxNodeOrToken>();
            var last = -1;
            for (var i = 0; i < arguments.Count; i++)
            {
                if (remove.Contains(arguments[i]))
                {
                    continue;
                }

                if (last >= 0)
                {
                    kept.Add(arguments.GetSeparator(last));
                }

                kept.Add(arguments[i]);
                last = i;
            }

            if (last >= 0 && last < arguments.Count - 1)
            {
                // The arguments after the last one kept go, with the separator after it. When its comment stays, the line
                // it ends is followed by the removed last argument's indentation if what came after that argument (the
                // closing parenthesis) was on its line.
                var separator = arguments.GetSeparator(last).TrailingTrivia;
                var removed = arguments[arguments.Count - 1];
                var end = separator.Any(IsComment) ? separator : WithoutComments(removed.GetTrailingTrivia());
                if (end.Count > 0 && end[end.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia) && !removed.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia)
                    && removed.GetLeadingTrivia() is { Count: > 0 } leading && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    end = end.Add(leading[leading.Count - 1]);
                }

                kept[kept.Count - 1] = arguments[last].WithTrailingTrivia(arguments[last].GetTrailingTrivia().AddRange(end));
            }

            return SyntaxFactory.SeparatedList<ArgumentSyntax>(kept);
        }

        private static bool IsComment(SyntaxTrivia trivia) => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

        /// <summary>Trailing trivia without its comments and the spaces before them: what stays of the end of a line whose code is removed.</summary>
        private static SyntaxTriviaList WithoutComments(SyntaxTriviaList trivia)
        {
            var kept = new List<SyntaxTrivia>();
            for (var i = 0; i < trivia.Count; i++)
            {
                if (!IsComment(trivia[i]) && !(trivia[i].IsKind(SyntaxKind.WhitespaceTrivia) && i + 1 < trivia.Count && IsComment(trivia[i + 1])))
                {
                    kept.Add(trivia[i]);
                }
            }

            return SyntaxFactory.TriviaList(kept);
        }

        /// <summary>Removes an optional argument; one followed by a positional argument becomes <c>null</c>.</summary>
        public SyntaxNode WithoutValue(ArgumentSyntax argument)
        {
            var arguments = Call.ArgumentList.Arguments;
            var later = arguments.Skip(arguments.IndexOf(argument) + 1);
            // Named or not: a positional argument after it (value: "v", 60) would take its place once it is removed.
            if (later.Any(a => a.NameColon is null))
            {
                return Root.ReplaceNode(argument.Expression, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(argument.Expression));
            }

            return WithoutArguments(new[] { argument });
        }

        /// <summary>
        /// The root with calls taken out of their chain (<c>x.A().B().A()</c> → <c>x.B()</c> for the A calls). The
        /// receiver keeps its own trivia (its comment stays); a removed call's comment goes, and of its trailing trivia
        /// only the line break is kept, when the receiver has none, so that the next call stays on its own line.
        /// </summary>
        public static SyntaxNode WithoutCalls(SyntaxNode root, IReadOnlyCollection<InvocationExpressionSyntax> calls) =>
            calls.All(c => c.Expression is MemberAccessExpressionSyntax)
                ? root.ReplaceNodes(calls, (original, rewritten) =>
                {
                    var receiver = ((MemberAccessExpressionSyntax)rewritten.Expression).Expression;
                    var trailing = receiver.GetTrailingTrivia();
                    var removed = original.GetTrailingTrivia();
                    return trailing.Any(SyntaxKind.EndOfLineTrivia) || !removed.Any(SyntaxKind.EndOfLineTrivia)
                        ? receiver
                        : receiver.WithTrailingTrivia(trailing.Add(removed.First(t => t.IsKind(SyntaxKind.EndOfLineTrivia))));
                })
                : root;

        private static List<ArgumentSyntax> ArgumentsOf(IInvocationOperation operation, string path)
        {
            var found = new List<ArgumentSyntax>();
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter is { } parameter && Writes(parameter, path))
                {
                    if (argument.ArgumentKind == ArgumentKind.ParamArray && Chains.Strip(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        // The argument around each value, through parentheses: ("b") is an argument too.
                        found.AddRange(initializer.ElementValues.Select(e => ArgumentAround(e.Syntax, operation.Syntax)).OfType<ArgumentSyntax>());
                    }
                    else if (!argument.IsImplicit && argument.Syntax is ArgumentSyntax syntax)
                    {
                        found.Add(syntax);
                    }
                }
            }

            return found;
        }

        /// <summary>The argument of <paramref name="call"/> that holds <paramref name="value"/>, or null.</summary>
        private static ArgumentSyntax? ArgumentAround(SyntaxNode value, SyntaxNode call)
        {
            for (var node = value; node is not null && node != call; node = node.Parent)
            {
                if (node is ArgumentSyntax argument)
                {
                    return argument.Parent?.Parent == call ? argument : null;
                }
            }

            return null;
        }

        /// <summary>
        /// What the chain sets at <paramref name="path"/>, for a fix to foresee the template it leaves: not set (no call of
        /// the chain writes it), a constant, or not known (IsKnown false).
        /// </summary>
        public (bool IsSet, bool IsKnown, object? Value) ChainValue(string path)
        {
            if (ChainCall(path) is not { } found)
            {
                return (false, true, null);
            }

            var constant = found.Operation.Arguments.FirstOrDefault(a => a.Syntax == found.Argument)?.Value.ConstantValue ?? default;
            return (true, constant.HasValue, constant.HasValue ? constant.Value : null);
        }

        /// <summary>The constant text of an argument, or null when it is not a constant text.</summary>
        public string? TextOf(ArgumentSyntax argument) =>
            Operation.SemanticModel?.GetConstantValue(argument.Expression) is { HasValue: true, Value: string text } ? text : null;

        private static bool Writes(IParameterSymbol parameter, string path) => parameter.GetAttributes().Any(a =>
            a.AttributeClass is { Name: "WireFieldAttribute" } && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is string written && (written == path || written.EndsWith("." + path, System.StringComparison.Ordinal)));

        private static IInvocationOperation Outermost(IInvocationOperation operation)
        {
            while (operation.Parent is IInvocationOperation next && next.Instance is { } instance && Chains.Strip(instance) == operation)
            {
                operation = next;
            }

            return operation;
        }
    }
}
