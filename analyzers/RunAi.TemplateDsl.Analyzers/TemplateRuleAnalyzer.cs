using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// Reports the rule catalog (RAI0001–RAI6004) on templates declared with the DSL or as wire model object
/// initializers, wherever the values involved are known at compile time: the same id, severity and message as
/// <c>Build()</c> at run time, placed on the argument or method name that shows the mistake.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemplateRuleAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.Catalog;

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

            // The DSL's types are resolved once per compilation, by the first operation block (see DslModel.Create).
            var compilation = start.Compilation;
            var lazyModel = new Lazy<DslModel?>(() => DslModel.Create(compilation), LazyThreadSafetyMode.ExecutionAndPublication);

            // Per operation block (a method body, a property or field initializer): the driver's own walk hands us its
            // invocations and object creations, and a base chain judged through several continuations is reported once.
            start.RegisterOperationBlockStartAction(block =>
            {
                if (lazyModel.Value is not { } model)
                {
                    return;
                }

                var collector = new Collector(model);
                block.RegisterOperationAction(collector.OnInvocation, OperationKind.Invocation);
                block.RegisterOperationAction(collector.OnObjectCreation, OperationKind.ObjectCreation);
                block.RegisterOperationBlockEndAction(collector.Report);
            });
        });
    }

    private sealed class Collector
    {
        private readonly DslModel _model;
        private LocalFlow? _locals;
        private Dictionary<(string Id, SyntaxTree Tree, TextSpan Span, string Message), Diagnostic>? _found;

        public Collector(DslModel model) => _model = model;

        /// <summary>Reports what the block's chains and requests broke, each diagnostic once.</summary>
        public void Report(OperationBlockAnalysisContext context)
        {
            if (_found is not null)
            {
                foreach (var diagnostic in _found.Values)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var plan = _model.Plan(call.TargetMethod);
            if (plan.BuildsArguments && !Chains.IsIncomplete(call.Syntax))
            {
                JudgeBuiltArguments(call, plan, context.CancellationToken);
            }

            if (plan.Kind is MethodKind.None or MethodKind.Opaque
                || (plan.Kind == MethodKind.Build && call.Instance is null)
                || Chains.IsContinued(call, _model)
                || (plan.Kind != MethodKind.Build && Chains.IsInConfiguration(call, _model))
                || Chains.IsIncomplete(call.Syntax)
                // A builder that goes on elsewhere is judged where it ends; what Build()/Validate() return is no builder.
                || (plan.Kind != MethodKind.Build && GoesOn(call)))
            {
                return;
            }

            Add(FactEvaluator.CheckChain(_model, call, _locals ??= new LocalFlow(), context.CancellationToken));
        }

        /// <summary>
        /// Judges the builders a library method builds as they are passed to it (<c>CreateAsync(chain)</c>,
        /// <c>UpdateAsync(id, b)</c>, <c>TemplateSet.Of(a, b)</c>): complete, as at <c>Build()</c> or <c>BuildUpdate()</c>.
        /// The chains themselves go on to here (<see cref="Chains.BuildingParameter"/>) and are not judged on their own.
        /// </summary>
        private void JudgeBuiltArguments(IInvocationOperation call, MethodPlan plan, CancellationToken cancellation)
        {
            foreach (var argument in call.Arguments)
            {
                if (plan.Parameter(argument.Parameter) is { Builds: not BuildMode.None } parameter)
                {
                    JudgeBuilt(argument.Value, parameter.Builds == BuildMode.Update, cancellation);
                }
            }
        }

        /// <summary>
        /// Judges each builder a built argument may be: each item of an array or collection expression written out, each
        /// choice of a conditional, switch or <c>??</c> expression (whichever is chosen is built as it is).
        /// </summary>
        private void JudgeBuilt(IOperation value, bool isUpdate, CancellationToken cancellation)
        {
            value = Chains.Strip(value);
            switch (value)
            {
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    JudgeBuilt(conditional.WhenTrue, isUpdate, cancellation);
                    JudgeBuilt(whenFalse, isUpdate, cancellation);
                    return;
                case ISwitchExpressionOperation choice:
                    foreach (var arm in choice.Arms)
                    {
                        JudgeBuilt(arm.Value, isUpdate, cancellation);
                    }

                    return;
                case ICoalesceOperation coalesce:
                    JudgeBuilt(coalesce.Value, isUpdate, cancellation);
                    JudgeBuilt(coalesce.WhenNull, isUpdate, cancellation);
                    return;
            }

            if (FactEvaluator.Elements(value) is { } items)
            {
                foreach (var item in items)
                {
                    JudgeBuilt(item, isUpdate, cancellation);
                }

                return;
            }

            if (!_model.Builder(value.Type).IsNone)
            {
                Add(FactEvaluator.CheckBuilt(_model, value, isUpdate, _locals ??= new LocalFlow(), cancellation));
            }
        }

        public void OnObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var isCreation = SymbolEqualityComparer.Default.Equals(creation.Type, _model.CreationRequest);
            if ((!isCreation && !SymbolEqualityComparer.Default.Equals(creation.Type, _model.UpdateRequest)) || Chains.IsIncomplete(creation.Syntax))
            {
                return;
            }

            // Passed straight to TemplateValidator.Validate/ThrowIfInvalid, the request is complete; elsewhere it may still change.
            var parent = Chains.Unwrap(creation.Parent, creation);
            var complete = parent is IArgumentOperation { Parent: IInvocationOperation host }
                           && host.TargetMethod.IsStatic
                           && _model.Plan(host.TargetMethod).Kind == MethodKind.Build;
            var stored = complete ? null : StoredIn(parent, creation);
            if (!complete && stored is null && !LocalFlow.IsHandedToLibrary(parent, _model))
            {
                // Returned, kept in a field, a property or another object, or passed to a method of the app's own: code the
                // analyzer does not see may still set what the initializer leaves as a placeholder (a skeleton whose name
                // is filled in later). Handed to the library (sent, serialized), it is judged on what it sets.
                return;
            }

            if (stored is { } local)
            {
                // The wire model is mutable: a request kept in a local is judged only if the block cannot change it
                // before it is checked (var r = new ..{..}; r.Meta.Name = name; would otherwise be judged on its
                // placeholders). Checked there before anything else reads it, it is complete.
                (_locals ??= new LocalFlow()).UsesOfRequest(creation, local, _model, out var unchanged, out var checkedComplete);
                if (!unchanged)
                {
                    return;
                }

                complete = checkedComplete;
            }

            Add(FactEvaluator.CheckRequest(_model, creation, complete, !isCreation, _locals ??= new LocalFlow(), context.CancellationToken));
        }

        /// <summary>
        /// The local a value is stored in by its declaration or by an assignment (<c>b = …</c>, or <c>b ??= …</c>, which
        /// may store it), or null.
        /// </summary>
        private static ILocalSymbol? StoredIn(IOperation? parent, IOperation value) => parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value || Chains.Strip(assignment.Value) == value => target.Local,
            ICoalesceAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value || Chains.Strip(assignment.Value) == value => target.Local,
            _ => null,
        };

        /// <summary>
        /// Whether a chain's value goes on to where it is judged with what follows, or to where the analyzer sees it go
        /// but cannot follow it (see <see cref="Chains.GoesOn"/>), also through a conditional, switch or <c>??</c>
        /// expression; or is assigned to a local whose later read goes on (<see cref="LocalFlow.GoesOn"/>):
        /// <c>var b = …; b = b.WithX(..);</c> is judged with its continuation, where later calls may have replaced what
        /// it set. Stored elsewhere (a field, a property, a local no read of which goes on), returned or passed to other
        /// code, it is a base, judged on what it sets.
        /// </summary>
        private bool GoesOn(IInvocationOperation call)
        {
            var parent = Chains.Destination(call, out var received);
            if (StoredIn(parent, received) is { } local)
            {
                return (_locals ??= new LocalFlow()).GoesOn(received, local, _model);
            }

            // Chosen by a conditional, switch or ?? expression and built at once (<c>(flag ? a : b).Build()</c>): the build
            // cannot follow the choice, and nothing after it can change the chain, so the chain is judged on its own.
            if (Chains.Strip(received) != call && parent is IInvocationOperation next && next.Instance == received && _model.Plan(next.TargetMethod).Kind == MethodKind.Build)
            {
                return false;
            }

            return Chains.GoesOn(parent, received, _model);
        }

        private void Add(List<RuleViolation> violations)
        {
            foreach (var violation in violations)
            {
                var (tree, span, uncertain) = violation.Origin switch
                {
                    SyntaxNode node => (node.SyntaxTree, node.Span, false),
                    Origin origin => (origin.Tree, origin.Span, origin.IndexUncertain),
                    _ => (null!, default(TextSpan), true),
                };
                if (tree is null || (uncertain && CitesIndex(violation.Message)))
                {
                    continue;
                }

                var key = (violation.RuleId, tree, span, violation.Message);
                _found ??= new();
                if (!_found.ContainsKey(key))
                {
                    _found.Add(key, Diagnostic.Create(Descriptors.For(violation.RuleId), Location.Create(tree, span), violation.Message));
                }
            }

            // The list is the thread's evaluator's: its violations point into syntax that must not outlive the compilation.
            violations.Clear();
        }

        /// <summary>Whether a message names an array index (<c>also at labels[0]</c>).</summary>
        private static bool CitesIndex(string message)
        {
            for (var i = message.IndexOf('['); i >= 0; i = message.IndexOf('[', i + 1))
            {
                var j = i + 1;
                while (j < message.Length && char.IsDigit(message[j]))
                {
                    j++;
                }

                if (j > i + 1 && j < message.Length && message[j] == ']')
                {
                    return true;
                }
            }

            return false;
        }
    }
}
