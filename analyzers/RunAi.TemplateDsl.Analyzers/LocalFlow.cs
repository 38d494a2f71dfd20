using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// Follows a builder through a local variable where the flow is plain: the local is declared in a block and only
/// ever assigned by statements directly in that block (<c>var b = …; b = b.WithX(..);</c>), and the read is not
/// inside a lambda. The value read is then the last of those assignments before the reading statement. Anything
/// else (a write in a branch, a loop, a lambda, by <c>ref</c>, a <c>goto</c> label in the block) is not followed.
/// </summary>
internal sealed class LocalFlow
{
    private readonly Dictionary<(IBlockOperation Block, ILocalSymbol Local), List<Write>?> _writes = new();

    /// <summary>The value a local holds where it is read, or null when the flow is not plain.</summary>
    public IOperation? Resolve(ILocalReferenceOperation read)
    {
        if (!Locate(read, read.Local, out var block, out var statement))
        {
            return null;
        }

        var writes = Writes(block, read.Local);
        if (writes is null)
        {
            return null;
        }

        IOperation? value = null;
        foreach (var write in writes)
        {
            if (write.Statement < statement)
            {
                value = write.Value;
            }
        }

        return value;
    }

    /// <summary>
    /// Whether a value assigned to a local by a plain statement is read later as the receiver of a DSL call that
    /// resolves to it: the chain goes on there, and is judged there.
    /// </summary>
    public bool IsContinued(IOperation value, ILocalSymbol local, DslModel model)
    {
        if (!Locate(value, local, out var block, out _) || Writes(block, local) is not { } writes || !writes.Exists(w => w.Value == value))
        {
            return false;
        }

        foreach (var operation in block.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && Chains.Unwrap(reference.Parent, reference) is IInvocationOperation call
                && call.Instance is not null
                && Chains.Strip(call.Instance) == reference
                && model.Plan(call.TargetMethod).Kind is MethodKind.Step or MethodKind.Build
                && Resolve(reference) == value)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Locate(IOperation operation, ILocalSymbol local, out IBlockOperation block, out int statement)
    {
        block = null!;
        statement = -1;
        if (local.IsRef || local.IsConst)
        {
            return false;
        }

        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (parent is IBlockOperation candidate && candidate.Locals.Contains(local))
            {
                block = candidate;
                statement = candidate.Operations.IndexOf(child);
                return statement >= 0;
            }
        }

        return false;
    }

    private List<Write>? Writes(IBlockOperation block, ILocalSymbol local)
    {
        if (_writes.TryGetValue((block, local), out var cached))
        {
            return cached;
        }

        var writes = new List<Write>();
        foreach (var operation in block.Descendants())
        {
            if (operation is ILabeledOperation)
            {
                writes = null;
                break;
            }

            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                var statement = StatementOf(declarator.Parent?.Parent, block);
                if (statement < 0)
                {
                    writes = null;
                    break;
                }

                if (declarator.Initializer?.Value is { } initial)
                {
                    writes.Add(new Write(statement, initial));
                }

                continue;
            }

            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            var parent = reference.Parent;
            if (parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
            {
                var statement = parent.Parent is IExpressionStatementOperation ? StatementOf(parent.Parent, block) : -1;
                if (statement < 0)
                {
                    writes = null;
                    break;
                }

                writes.Add(new Write(statement, assignment.Value));
            }
            else if (IsOtherWrite(reference, parent))
            {
                writes = null;
                break;
            }
        }

        _writes[(block, local)] = writes;
        return writes;
    }

    private static bool IsOtherWrite(ILocalReferenceOperation reference, IOperation? parent) => parent switch
    {
        ICompoundAssignmentOperation c => c.Target == reference,
        ICoalesceAssignmentOperation c => c.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation a => a.Parameter is { RefKind: not RefKind.None and not RefKind.In },
        ITupleOperation => true,
        IDeclarationExpressionOperation => true,
        _ => false,
    };

    private static int StatementOf(IOperation? statement, IBlockOperation block) =>
        statement is not null && statement.Parent == block ? block.Operations.IndexOf(statement) : -1;

    private readonly struct Write
    {
        public Write(int statement, IOperation value)
        {
            Statement = statement;
            Value = value;
        }

        public int Statement { get; }

        public IOperation Value { get; }
    }
}
