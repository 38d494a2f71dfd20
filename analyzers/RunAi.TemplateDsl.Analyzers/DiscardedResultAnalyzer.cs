using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// RAI9001 (analyzer-only, not a rule of the catalog): a call of an immutable builder or template set used as a
/// statement, <c>set.Add("notebook", template);</c> or <c>baseTemplate.WithDescription("x");</c>. The call returns a
/// new object and leaves its receiver unchanged, so the statement does nothing. Which calls: see
/// <see cref="ImmutableBuilders"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DiscardedResultAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.Usage;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!DslModel.MayReferenceLibrary(start.Compilation))
            {
                return;
            }

            // Resolved once per compilation, by the first expression statement rather than here: as for DslModel, the
            // lookup at compilation start would wait for the compiler to bind the references (its own work, counted as ours).
            var compilation = start.Compilation;
            var lazyBuilders = new Lazy<ImmutableBuilders?>(() => ImmutableBuilders.Create(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterOperationAction(
                operation =>
                {
                    if (lazyBuilders.Value is { } builders)
                    {
                        Analyze(operation, builders);
                    }
                },
                OperationKind.ExpressionStatement);
        });
    }

    private static void Analyze(OperationAnalysisContext context, ImmutableBuilders builders)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        if (builders.Inspect(statement, context.Compilation, context.ContainingSymbol) is not { } discard || Chains.IsIncomplete(statement.Syntax))
        {
            return;
        }

        var method = discard.Call.TargetMethod;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.RAI9001,
            Chains.MethodName(discard.Call).GetLocation(),
            method.Name,
            method.ReturnType.Name,
            discard.Example));
    }
}
