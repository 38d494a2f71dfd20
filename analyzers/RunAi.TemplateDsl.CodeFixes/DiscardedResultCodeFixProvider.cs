using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using RunAi.TemplateDsl.Analyzers;

namespace RunAi.TemplateDsl.CodeFixes;

/// <summary>
/// RAI9001: assigns the result back where the chain started, <c>set.Add(..);</c> → <c>set = set.Add(..);</c>, when
/// that is a writable local, parameter, field or property of a type that takes the result. Offered for nothing else
/// (a chain that starts from a call, a read-only field, a get-only property): there the right variable is unknown.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DiscardedResultCodeFixProvider))]
[Shared]
public sealed class DiscardedResultCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence keys of the actions.</summary>
    public static class Keys
    {
        /// <summary>RAI9001: <c>x = x.Add(..)</c>.</summary>
        public const string AssignResult = "RAI9001.AssignResult";
    }

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("RAI9001");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || ImmutableBuilders.Create(model.Compilation) is not { } builders)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // The place of the call, not one around it: its statement, the arrow of the expression-bodied member or
            // local function whose body it is (void M() => x.Add(..);), or the initializer or incrementor of a for loop
            // it is (for (..; ..; i++, x.Add(..))). A lambda in between gets no fix.
            var place = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf()
                .FirstOrDefault(n => n is ExpressionStatementSyntax or ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax
                    || (n is ExpressionSyntax { Parent: ForStatementSyntax loop } header && (loop.Initializers.Contains(header) || loop.Incrementors.Contains(header))));
            var operation = place switch
            {
                ExpressionStatementSyntax statement => model.GetOperation(statement, context.CancellationToken) as IExpressionStatementOperation,
                ArrowExpressionClauseSyntax arrow => (model.GetOperation(arrow, context.CancellationToken) as IBlockOperation)?.Operations.OfType<IExpressionStatementOperation>().FirstOrDefault(),
                { Parent: ForStatementSyntax loop } when model.GetOperation(loop, context.CancellationToken) is IForLoopOperation header =>
                    header.Before.Concat(header.AtLoopBottom).OfType<IExpressionStatementOperation>().FirstOrDefault(s => s.Syntax == place),
                _ => null,
            };
            var call = place is ExpressionStatementSyntax { Expression: var expression } ? expression : operation?.Syntax as ExpressionSyntax;
            if (place is null || operation is null || call is null
                || builders.Inspect(operation, model.Compilation, model.GetEnclosingSymbol(place.SpanStart, context.CancellationToken)) is not { Target.Syntax: ExpressionSyntax target })
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Assign the result to '" + target + "'",
                    _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(call, AssignTo(call, target)))),
                    Keys.AssignResult),
                diagnostic);
        }
    }

    /// <summary><c>call</c> → <c>target = call</c>, the call's trivia kept.</summary>
    private static AssignmentExpressionSyntax AssignTo(ExpressionSyntax call, ExpressionSyntax target) =>
        SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                target.WithoutTrivia(),
                SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                call.WithoutLeadingTrivia())
            .WithLeadingTrivia(call.GetLeadingTrivia());
}
