using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>Small helpers to walk fluent chains in the operation tree.</summary>
internal static class Chains
{
    /// <summary>The operation without implicit conversions around it.</summary>
    public static IOperation Strip(IOperation operation)
    {
        while (operation.Kind == OperationKind.Conversion && operation.IsImplicit)
        {
            operation = ((IConversionOperation)operation).Operand;
        }

        return operation;
    }

    /// <summary>The parent of <paramref name="child"/> above any implicit conversions wrapping it.</summary>
    public static IOperation? Unwrap(IOperation? parent, IOperation child)
    {
        while (parent is IConversionOperation { IsImplicit: true } conversion && conversion.Operand == child)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>Whether a DSL call's result is the receiver of a further DSL call (so the chain goes on).</summary>
    public static bool IsContinued(IInvocationOperation call, DslModel model) =>
        Unwrap(call.Parent, call) is { Kind: OperationKind.Invocation } parent
        && parent is IInvocationOperation next
        && next.Instance is not null
        && Strip(next.Instance) == call
        && model.Plan(next.TargetMethod).Kind != MethodKind.None;

    /// <summary>
    /// The operation that receives a value: the parent above any implicit conversions and above the conditional,
    /// switch and <c>??</c> expressions that choose it (<c>flag ? a : b</c>). <paramref name="received"/> is the child
    /// of that parent the value is part of.
    /// </summary>
    public static IOperation? Destination(IOperation value, out IOperation received)
    {
        var child = value;
        var parent = value.Parent;
        while (parent is not null)
        {
            switch (parent)
            {
                case IConversionOperation { IsImplicit: true } conversion when conversion.Operand == child:
                    break;
                case IConditionalOperation conditional when conditional.WhenTrue == child || conditional.WhenFalse == child:
                case ISwitchExpressionArmOperation arm when arm.Value == child:
                case ISwitchExpressionOperation when child is ISwitchExpressionArmOperation:
                case ICoalesceOperation:
                    break;
                default:
                    received = child;
                    return parent;
            }

            child = parent;
            parent = parent.Parent;
        }

        received = child;
        return null;
    }

    /// <summary>
    /// Whether a builder value that <paramref name="parent"/> receives (as <paramref name="received"/>, see
    /// <see cref="Destination"/>) goes on to a template: the receiver of a DSL call, or a place the analyzer sees it
    /// go but cannot follow it from: a DSL call through <c>?.</c>, a tuple (<c>var (name, b) = ("t", chain)</c>), an
    /// argument of a method that is not the DSL's and returns a builder (a helper that completes it), an argument or
    /// member initializer of a new object (<c>new Config(chain)</c>, <c>c with { Template = chain }</c>).
    /// </summary>
    public static bool GoesOn(IOperation? parent, IOperation received, DslModel model) => BuildingParameter(parent, model) != BuildMode.None || parent switch
    {
        IInvocationOperation next when next.Instance == received => model.Plan(next.TargetMethod).Kind != MethodKind.None,
        IConditionalAccessOperation access when access.Operation == received => FirstCall(access.WhenNotNull) is { } next && model.Plan(next.TargetMethod).Kind != MethodKind.None,
        IArgumentOperation { Parent: IInvocationOperation host } => model.Plan(host.TargetMethod).Kind == MethodKind.None && !model.Builder(host.Type).IsNone,
        IArgumentOperation { Parent: IObjectCreationOperation } => true,
        ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation or IAnonymousObjectCreationOperation } member => member.Value == received,
        ITupleOperation tuple => !IsDeconstructed(tuple),
        _ => false,
    };

    /// <summary>
    /// How the library method that receives a builder value (see <see cref="Destination"/>) builds it: as an argument of
    /// a parameter marked <c>[WireBuild]</c> (<c>CreateAsync(chain)</c>), or as an item of an array or collection
    /// expression passed there (<c>TemplateSet.Of(a, b)</c>, <c>TemplateSet.Of([a, b])</c>). That call judges the value
    /// as built (see <c>TemplateRuleAnalyzer</c>); <see cref="BuildMode.None"/> for any other place.
    /// </summary>
    public static BuildMode BuildingParameter(IOperation? parent, DslModel model)
    {
        if (parent is IArrayInitializerOperation { Parent: IArrayCreationOperation array })
        {
            parent = Destination(array, out _);
        }
        else if (parent is not null && parent.Syntax is CollectionExpressionSyntax && parent is not IArgumentOperation)
        {
            parent = Destination(parent, out _);
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation host } argument
               && model.Plan(host.TargetMethod).Parameter(argument.Parameter) is { } plan
            ? plan.Builds
            : BuildMode.None;
    }

    /// <summary>
    /// Whether a builder chain is inside a configuration lambda passed to a DSL method
    /// (<c>WithAutoscaling(a =&gt; …)</c>) or to a method of the app's own that returns a builder (a helper that may
    /// complete it, <c>b.Scale(a =&gt; …)</c>), also one chosen by a conditional, switch or <c>??</c> expression
    /// (<c>WithAutoscaling(flag ? a =&gt; … : a =&gt; …)</c>), or inside a lambda within one: its value reaches the
    /// template only through the lambda's result, which the enclosing chain judges (as unknown when the lambda is not a
    /// single chain on its parameter, or is chosen). Whether the value is used at all depends on what the analyzer
    /// cannot see (a branch, a local of the lambda, a later call), so such a chain is not judged on its own unless it is
    /// built there (<c>Validate()</c>): a template of its own.
    /// </summary>
    public static bool IsInConfiguration(IOperation chain, DslModel model)
    {
        for (var node = chain.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation { Parent: IDelegateCreationOperation creation } function
                && Destination(creation, out _) is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation host }
                && model.Plan(host.TargetMethod) is var plan
                && ((plan.Kind == MethodKind.Step && plan.Parameter(parameter) is { TakesDelegate: true, Fields.Length: > 0 })
                    // A method of the app's own that returns a builder, as a helper that may complete the configuration
                    // (Scale(a => a.MinReplicas(1)) that adds MinReplicas(0)): as for a builder passed to one (GoesOn).
                    // The lambda configures a builder it is given (its parameter is one), not a template it makes.
                    || (plan.Kind == MethodKind.None && !model.Builder(host.Type).IsNone
                        && function.Symbol.Parameters.Length > 0 && !model.Builder(function.Symbol.Parameters[0].Type).IsNone)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The call a conditional access makes on its value (<c>Distributed</c> in <c>b?.Distributed(..).Validate()</c>), or null.</summary>
    private static IInvocationOperation? FirstCall(IOperation whenNotNull)
    {
        while (whenNotNull is IInvocationOperation { Instance: { } instance } call)
        {
            if (instance is IConditionalAccessInstanceOperation)
            {
                return call;
            }

            whenNotNull = Strip(instance);
        }

        return null;
    }

    /// <summary>Whether a tuple is (part of) the target of a deconstruction (<c>var (name, b) = …</c>, <c>(b, n) = …</c>).</summary>
    private static bool IsDeconstructed(ITupleOperation tuple)
    {
        IOperation target = tuple;
        while (target.Parent is ITupleOperation or IDeclarationExpressionOperation)
        {
            target = target.Parent;
        }

        return target.Parent is IDeconstructionAssignmentOperation assignment && assignment.Target == target;
    }

    /// <summary>
    /// Whether the statement or member declaration around a node has syntax errors: code being typed, which is
    /// not judged until it parses.
    /// </summary>
    public static bool IsIncomplete(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is StatementSyntax or MemberDeclarationSyntax)
            {
                return current.ContainsDiagnostics;
            }
        }

        return node.SyntaxTree.GetRoot().ContainsDiagnostics;
    }

    /// <summary>The name of the method called (the smallest span that names the call).</summary>
    public static SyntaxNode MethodName(IInvocationOperation call) => call.Syntax switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Name,
        InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name,
        InvocationExpressionSyntax { Expression: { } expression } => expression,
        var other => other,
    };
}
