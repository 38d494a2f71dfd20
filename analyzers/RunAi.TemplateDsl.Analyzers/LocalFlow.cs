using System;
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
/// <remarks>
/// Generated code may continue one chain over thousands of statements: every question is answered from indexes built
/// once per block (statement positions, writes, continuing reads), by binary search, never by rescanning the block.
/// </remarks>
internal sealed class LocalFlow
{
    private readonly Dictionary<(IBlockOperation Block, ILocalSymbol Local), List<Write>?> _writes = new();
    private readonly Dictionary<(IBlockOperation Block, ILocalSymbol Local), List<int>> _continuingReads = new();
    private readonly Dictionary<IBlockOperation, Dictionary<IOperation, int>> _statements = new();

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

        var last = LastBefore(writes, statement);
        return last < 0 ? null : writes[last].Value;
    }

    /// <summary>
    /// Whether a value assigned to a local by a plain statement is read later as the receiver of a DSL call that
    /// resolves to it: the chain goes on there, and is judged there.
    /// </summary>
    public bool IsContinued(IOperation value, ILocalSymbol local, DslModel model)
    {
        if (!Locate(value, local, out var block, out var written) || Writes(block, local) is not { } writes)
        {
            return false;
        }

        // The write of this value is the last write up to its own statement.
        var index = LastBefore(writes, written + 1);
        if (index < 0 || writes[index].Value != value)
        {
            return false;
        }

        // A read resolves to this write when it comes after the write's statement and no later write comes before the
        // read's statement: a continuing read at a statement in (this write, the next write's statement].
        var from = writes[index].Statement;
        var to = int.MaxValue;
        for (var next = index + 1; next < writes.Count; next++)
        {
            if (writes[next].Statement > from)
            {
                to = writes[next].Statement;
                break;
            }
        }

        if (index + 1 < writes.Count && writes[index + 1].Statement == from)
        {
            return false; // a later write in the same statement is the one later reads see
        }

        var reads = ContinuingReads(block, local, model);
        var first = reads.BinarySearch(from + 1);
        first = first < 0 ? ~first : first;
        return first < reads.Count && reads[first] <= to;
    }

    /// <summary>
    /// How a wire-model request stored in a local is used in its block (the local written once, with
    /// <paramref name="value"/>). <paramref name="checkedComplete"/>: a statement passes it to a check
    /// (<c>TemplateValidator.Validate(r)</c>) and nothing reads it before that, so the check sees the initializer as
    /// written, absences included. <paramref name="unchanged"/>: no check, but the block is whole and only ever returns
    /// it, so nothing here changes what the initializer set. Otherwise (a member written, the local passed elsewhere,
    /// or the block still being typed) the request may change before it is used, and is not judged.
    /// </summary>
    public void UsesOfRequest(IOperation value, ILocalSymbol local, DslModel model, out bool unchanged, out bool checkedComplete)
    {
        unchanged = false;
        checkedComplete = false;
        if (!Locate(value, local, out var block, out _) || Writes(block, local) is not { Count: 1 } writes || Chains.Strip(writes[0].Value) != value)
        {
            return;
        }

        var firstCheck = int.MaxValue;
        var firstOther = int.MaxValue;
        foreach (var operation in block.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            var statement = Locate(reference, local, out var readBlock, out var at) && readBlock == block ? at : -1;
            switch (Chains.Unwrap(reference.Parent, reference))
            {
                case IArgumentOperation { Parent: IInvocationOperation host } when statement >= 0 && host.TargetMethod.IsStatic && model.Plan(host.TargetMethod).Kind == MethodKind.Build:
                    firstCheck = Math.Min(firstCheck, statement);
                    break;
                case IReturnOperation when statement >= 0:
                    break;
                default:
                    firstOther = Math.Min(firstOther, statement < 0 ? -1 : statement);
                    break;
            }
        }

        if (firstCheck != int.MaxValue)
        {
            // What comes after the check cannot change what it checked.
            checkedComplete = firstOther > firstCheck;
            unchanged = checkedComplete;
            return;
        }

        unchanged = firstOther == int.MaxValue && block.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax { CloseBraceToken.IsMissing: false };
    }

    /// <summary>
    /// The statements (sorted) of the block holding a read of the local that is the receiver of a DSL step or build
    /// (<c>b.WithX(..)</c>, <c>b.Build()</c>) and that the block's plain flow can resolve.
    /// </summary>
    private List<int> ContinuingReads(IBlockOperation block, ILocalSymbol local, DslModel model)
    {
        if (_continuingReads.TryGetValue((block, local), out var cached))
        {
            return cached;
        }

        var reads = new List<int>();
        foreach (var operation in block.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && Chains.Unwrap(reference.Parent, reference) is IInvocationOperation call
                && call.Instance is not null
                && Chains.Strip(call.Instance) == reference
                && model.Plan(call.TargetMethod).Kind is MethodKind.Step or MethodKind.Build
                && Locate(reference, local, out var readBlock, out var statement)
                && readBlock == block)
            {
                reads.Add(statement);
            }
        }

        reads.Sort();
        _continuingReads[(block, local)] = reads;
        return reads;
    }

    /// <summary>The index of the last write before a statement, or -1 (writes are in source order).</summary>
    private static int LastBefore(List<Write> writes, int statement)
    {
        int low = 0, high = writes.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (writes[middle].Statement < statement)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    private bool Locate(IOperation operation, ILocalSymbol local, out IBlockOperation block, out int statement)
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
                statement = StatementOf(child, candidate);
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

        // An alias (ref var r = ref b; r = ref b; return ref b; &b) can write the local under another name.
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: true } } => true,
        ISimpleAssignmentOperation { IsRef: true } => true,
        IReturnOperation => IsRefReturn(parent),
        IAddressOfOperation => true,
        _ => false,
    };

    /// <summary>Whether a return statement returns by reference (<c>return ref b;</c>).</summary>
    private static bool IsRefReturn(IOperation returned) =>
        returned.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ReturnStatementSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.RefExpressionSyntax };

    /// <summary>The position of a statement in its block (from an index built once per block), or -1.</summary>
    private int StatementOf(IOperation? statement, IBlockOperation block)
    {
        if (statement is null || statement.Parent != block)
        {
            return -1;
        }

        if (!_statements.TryGetValue(block, out var positions))
        {
            positions = new Dictionary<IOperation, int>(block.Operations.Length);
            for (var i = 0; i < block.Operations.Length; i++)
            {
                positions[block.Operations[i]] = i;
            }

            _statements[block] = positions;
        }

        return positions.TryGetValue(statement, out var position) ? position : -1;
    }

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
