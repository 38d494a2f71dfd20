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
    /// Whether a chain starts at the parameter of a configuration lambda passed to a DSL method
    /// (<c>WithAutoscaling(a =&gt; flag ? a.MinReplicas(-1) : a)</c>): its value reaches the template only through the
    /// lambda, which the enclosing chain judges (as unknown when the lambda is not a single chain), so it is not judged
    /// on its own. Whether the value is used at all depends on what the analyzer cannot see.
    /// </summary>
    public static bool StartsAtConfigurationParameter(IInvocationOperation call, DslModel model)
    {
        IOperation root = call;
        while (Strip(root) is IInvocationOperation { Instance: { } instance })
        {
            root = instance;
        }

        if (Strip(root) is not IParameterReferenceOperation { Parameter: var parameter })
        {
            return false;
        }

        for (var node = call.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation lambda)
            {
                if (!SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.ContainingSymbol))
                {
                    continue;
                }

                return lambda.Parent is IDelegateCreationOperation creation
                    && Unwrap(creation.Parent, creation) is IArgumentOperation { Parameter: { } hostParameter, Parent: IInvocationOperation host }
                    && model.Plan(host.TargetMethod) is { Kind: MethodKind.Step } plan
                    && plan.Parameter(hostParameter) is { Fields.Length: > 0 };
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a chain is what a configuration lambda passed to a DSL method returns
    /// (<c>WithAutoscaling(a =&gt; a.MinReplicas(0))</c>): the enclosing chain judges it.
    /// </summary>
    public static bool IsConfigurationResult(IOperation chain, DslModel model)
    {
        if (Unwrap(chain.Parent, chain) is not IReturnOperation ret
            || ret.Parent is not IBlockOperation { Operations.Length: 1 } body
            || body.Parent is not IAnonymousFunctionOperation lambda
            || lambda.Parent is not IDelegateCreationOperation creation
            || Unwrap(creation.Parent, creation) is not IArgumentOperation { Parameter: { } parameter } argument
            || argument.Parent is not IInvocationOperation host)
        {
            return false;
        }

        var plan = model.Plan(host.TargetMethod);
        return plan.Kind == MethodKind.Step && plan.Parameter(parameter) is { Fields.Length: > 0 };
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
