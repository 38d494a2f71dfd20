using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// Follows a builder through a local variable where the flow is plain: the local is declared in a block and only
/// ever assigned by statements directly in that block (<c>var b = …; b = b.WithX(..);</c>), and the read is not
/// inside a lambda. The value read is then the last of those assignments before the reading statement. Anything
/// else (a write in a branch, a loop, a lambda, by <c>ref</c>, by a deconstruction, a <c>goto</c> label in the block,
/// a block that declares the name twice, as code being typed may) is not followed.
/// </summary>
/// <remarks>
/// Generated code may continue one chain over thousands of statements: every question is answered from indexes built
/// once per block (statement positions and each local's uses, then writes and continuing reads per local), by binary
/// search, never by rescanning the block.
/// </remarks>
internal sealed class LocalFlow
{
    private readonly Dictionary<(IBlockOperation Block, ILocalSymbol Local), List<Write>?> _writes = new();
    private readonly Dictionary<(IBlockOperation Block, ILocalSymbol Local), List<int>> _continuingReads = new();
    private readonly Dictionary<(IOperation Scope, ILocalSymbol Local), bool> _readsGoingOn = new();
    private readonly Dictionary<IOperation, BlockUses> _uses = new();
    private readonly Dictionary<IBlockOperation, HashSet<ILocalSymbol>> _declared = new();

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
    /// Whether a value assigned to a local goes on from there to a template (see <see cref="Chains.GoesOn"/>). Where the
    /// flow is plain: a later read that resolves to this write is the receiver of a DSL call, where the chain goes on
    /// and is judged, or goes where the analyzer cannot follow it. Where the flow is not plain (a write in a branch, a
    /// deconstruction, a lambda, …), any read of the local that goes on does: this write may be what it reads, and
    /// later writes may have replaced what the value set.
    /// </summary>
    public bool GoesOn(IOperation value, ILocalSymbol local, DslModel model)
    {
        if (!Locate(value, local, out var block, out var written) || Writes(block, local) is not { } writes)
        {
            return AnyReadGoesOn(value, local, model);
        }

        // The write of this value is the last write up to its own statement.
        var index = LastBefore(writes, written + 1);
        if (index < 0 || writes[index].Value != value)
        {
            return AnyReadGoesOn(value, local, model);
        }

        // A read resolves to this write when it comes after the write's statement and no later write comes before the
        // read's statement: a continuing read at a statement in (this write, the next write's statement]. A local has
        // at most one plain write per statement (a write is its own statement or declaration).
        var from = writes[index].Statement;
        var to = index + 1 < writes.Count ? writes[index + 1].Statement : int.MaxValue;
        var reads = ContinuingReads(block, local, model);
        var first = reads.BinarySearch(from + 1);
        first = first < 0 ? ~first : first;
        return first < reads.Count && reads[first] <= to;
    }

    /// <summary>
    /// How a wire-model request stored in a local (written once, with <paramref name="value"/>) is used in its block,
    /// statement by statement. Passed to a check first (<c>TemplateValidator.Validate(r)</c>): <paramref name="checkedComplete"/>,
    /// the check sees the initializer as written, absences included. Returned, or handed by value to the library (e.g.
    /// <c>Templates.CreateAsync(r)</c>, <c>TemplateJson.Serialize(r)</c>) first: <paramref name="unchanged"/>, judged on
    /// what it sets, if every later use hands it on or checks it too; a later use of another kind (a member written,
    /// <c>r.Meta.Name = name</c>) may change it before it is checked or sent, and it is not judged. Not used in a block
    /// that is whole: unchanged too. Anything else first (a member written, passed elsewhere, read in a lambda, two uses
    /// in one statement, a block still being typed) may change it, and it is not judged.
    /// </summary>
    public void UsesOfRequest(IOperation value, ILocalSymbol local, DslModel model, out bool unchanged, out bool checkedComplete)
    {
        unchanged = false;
        checkedComplete = false;
        if (!Locate(value, local, out var block, out _) || Writes(block, local) is not { Count: 1 } writes || Chains.Strip(writes[0].Value) != value)
        {
            return;
        }

        // The uses in statement order (source order), one per statement: two uses in one statement are not plain.
        var uses = new List<KeyValuePair<int, RequestUse>>();
        foreach (var operation in Uses(block).Of(local))
        {
            if (operation is not ILocalReferenceOperation reference
                || (reference.Parent is ISimpleAssignmentOperation store && store.Target == reference && Chains.Strip(store.Value) == value))
            {
                continue; // the declaration, or the assignment that stores the request
            }

            var statement = Locate(reference, local, out var readBlock, out var at) && readBlock == block ? at : -1;
            var last = uses.Count > 0 ? uses[uses.Count - 1].Key : -1;
            if (statement < 0 || statement < last)
            {
                return; // a use whose order the block does not tell (in a lambda): it may change the request anywhere
            }

            if (statement == last)
            {
                uses[uses.Count - 1] = new KeyValuePair<int, RequestUse>(statement, RequestUse.Other);
            }
            else
            {
                uses.Add(new KeyValuePair<int, RequestUse>(statement, Classify(reference, model)));
            }
        }

        if (uses.Count == 0)
        {
            unchanged = block.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax { CloseBraceToken.IsMissing: false };
            return;
        }

        switch (uses[0].Value)
        {
            case RequestUse.Check:
                checkedComplete = true;
                unchanged = true;
                return;
            case RequestUse.Handed:
                for (var i = 1; i < uses.Count && uses[i].Value != RequestUse.Check; i++)
                {
                    if (uses[i].Value != RequestUse.Handed)
                    {
                        return;
                    }
                }

                unchanged = true;
                return;
        }
    }

    private static RequestUse Classify(ILocalReferenceOperation reference, DslModel model) => Chains.Unwrap(reference.Parent, reference) switch
    {
        IArgumentOperation { Parent: IInvocationOperation host } when host.TargetMethod.IsStatic && model.Plan(host.TargetMethod).Kind == MethodKind.Build => RequestUse.Check,
        IArgumentOperation argument when IsHandedToLibrary(argument, model) => RequestUse.Handed,
        IReturnOperation => RequestUse.Handed,
        _ => RequestUse.Other,
    };

    /// <summary>
    /// Whether <paramref name="use"/> hands a request by value to a method or constructor of the library
    /// (<c>Templates.CreateAsync(r)</c>, <c>TemplateJson.Serialize(r)</c>), which sends, writes, keeps or compares it and
    /// never changes it. A method of the app's
    /// own may fill in what the request leaves as a placeholder.
    /// </summary>
    public static bool IsHandedToLibrary(IOperation? use, DslModel model) =>
        use is IArgumentOperation { Parameter.RefKind: RefKind.None, Parent: var host }
        && SymbolEqualityComparer.Default.Equals(
            host switch
            {
                IInvocationOperation call => call.TargetMethod.ContainingAssembly,
                IObjectCreationOperation creation => creation.Constructor?.ContainingAssembly,
                _ => null,
            },
            model.Library);

    /// <summary>
    /// The per-block index: every declarator and reference of each local, in source order, and whether the block has
    /// labels; also of any other operation that scopes locals (the statements' positions are a block's only).
    /// </summary>
    private BlockUses Uses(IOperation scope)
    {
        if (!_uses.TryGetValue(scope, out var uses))
        {
            uses = new BlockUses(scope);
            _uses[scope] = uses;
        }

        return uses;
    }

    /// <summary>
    /// The statements (sorted) of the block holding a read of the local that goes on (<see cref="Chains.GoesOn"/>: the
    /// receiver of a DSL call, <c>b.WithX(..)</c>, <c>b.Build()</c>, or a place the analyzer cannot follow,
    /// <c>Finish(b)</c>) and that the block's plain flow can resolve.
    /// </summary>
    private List<int> ContinuingReads(IBlockOperation block, ILocalSymbol local, DslModel model)
    {
        if (_continuingReads.TryGetValue((block, local), out var cached))
        {
            return cached;
        }

        var reads = new List<int>();
        foreach (var operation in Uses(block).Of(local))
        {
            if (operation is ILocalReferenceOperation reference
                && Chains.GoesOn(Chains.Destination(reference, out var received), received, model)
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

    /// <summary>
    /// Whether any read of a local that the analyzer does not follow goes on (<see cref="Chains.GoesOn"/>), wherever
    /// it is in the local's scope: the block that declares it, or the whole body.
    /// </summary>
    private bool AnyReadGoesOn(IOperation value, ILocalSymbol local, DslModel model)
    {
        var scope = value;
        for (var node = value.Parent; node is not null; node = node.Parent)
        {
            scope = node;
            if (node is IBlockOperation block && Declares(block, local))
            {
                break;
            }
        }

        if (_readsGoingOn.TryGetValue((scope, local), out var known))
        {
            return known;
        }

        var goesOn = false;
        foreach (var operation in Uses(scope).Of(local))
        {
            if (operation is ILocalReferenceOperation reference && Chains.GoesOn(Chains.Destination(reference, out var received), received, model))
            {
                goesOn = true;
                break;
            }
        }

        _readsGoingOn[(scope, local)] = goesOn;
        return goesOn;
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

    /// <summary>
    /// Whether a block declares a local: a scan of a few, a set of many (generated code may declare thousands in one
    /// block, and every read asks; a scan made that quadratic, 1.9 s for 3,000 locals).
    /// </summary>
    private bool Declares(IBlockOperation block, ILocalSymbol local)
    {
        var locals = block.Locals;
        if (locals.Length <= 8)
        {
            return locals.Contains(local);
        }

        if (!_declared.TryGetValue(block, out var set))
        {
            _declared[block] = set = new HashSet<ILocalSymbol>(locals, SymbolEqualityComparer.Default);
        }

        return set.Contains(local);
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

            if (parent is IBlockOperation candidate && Declares(candidate, local))
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

        var uses = Uses(block);
        if (uses.HasLabel || uses.IsDeclaredTwice(local))
        {
            _writes[(block, local)] = null;
            return null;
        }

        List<Write>? writes = new List<Write>();
        foreach (var operation in uses.Of(local))
        {
            if (operation is IVariableDeclaratorOperation declarator)
            {
                var statement = StatementOf(declarator.Parent?.Parent, block);
                if (statement < 0)
                {
                    writes = null;
                    break;
                }

                if (declarator.Initializer?.Value is { } initial)
                {
                    writes!.Add(new Write(statement, initial));
                }

                continue;
            }

            var reference = (ILocalReferenceOperation)operation;
            var parent = reference.Parent;
            if (parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
            {
                var statement = parent.Parent is IExpressionStatementOperation ? StatementOf(parent.Parent, block) : -1;
                if (statement < 0)
                {
                    writes = null;
                    break;
                }

                writes!.Add(new Write(statement, assignment.Value));
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

    /// <summary>The position of a statement in its block (from the block's index), or -1.</summary>
    private int StatementOf(IOperation? statement, IBlockOperation block) =>
        statement is not null && statement.Parent == block ? Uses(block).PositionOf(statement) : -1;

    private enum RequestUse
    {
        Check,
        Handed,
        Other,
    }

    /// <summary>
    /// One walk of a block: its statements' positions, the names it declares twice, and the declarators and references
    /// of each local in source order.
    /// </summary>
    private sealed class BlockUses
    {
        private static readonly List<IOperation> Empty = new();
        private readonly Dictionary<ILocalSymbol, List<IOperation>> _byLocal = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IOperation, int> _positions;
        private readonly HashSet<string>? _declaredTwice;

        public BlockUses(IOperation scope)
        {
            var statements = scope is IBlockOperation block ? block.Operations : ImmutableArray<IOperation>.Empty;
            _positions = new Dictionary<IOperation, int>(statements.Length);
            for (var i = 0; i < statements.Length; i++)
            {
                _positions[statements[i]] = i;
            }

            if (scope is IBlockOperation { Locals.Length: > 1 } declaring)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var local in declaring.Locals)
                {
                    if (!names.Add(local.Name))
                    {
                        (_declaredTwice ??= new HashSet<string>(StringComparer.Ordinal)).Add(local.Name);
                    }
                }
            }

            foreach (var operation in scope.Descendants())
            {
                switch (operation)
                {
                    case ILabeledOperation:
                        HasLabel = true;
                        break;
                    case IVariableDeclaratorOperation declarator:
                        Add(declarator.Symbol, declarator);
                        break;
                    case ILocalReferenceOperation reference:
                        Add(reference.Local, reference);
                        break;
                }
            }
        }

        /// <summary>Whether the block has a label (a goto can make any statement follow any other).</summary>
        public bool HasLabel { get; }

        /// <summary>
        /// Whether the block declares another local of the same name (<c>var b = …; var b = b.X();</c>, CS0128 while
        /// typing): the compiler binds every read to one of them, and the other's writes would be lost.
        /// </summary>
        public bool IsDeclaredTwice(ILocalSymbol local) => _declaredTwice is not null && _declaredTwice.Contains(local.Name);

        /// <summary>The declarators and references of a local, in source order.</summary>
        public List<IOperation> Of(ILocalSymbol local) => _byLocal.TryGetValue(local, out var list) ? list : Empty;

        /// <summary>The position of one of the block's own statements, or -1.</summary>
        public int PositionOf(IOperation statement) => _positions.TryGetValue(statement, out var position) ? position : -1;

        private void Add(ILocalSymbol local, IOperation operation)
        {
            if (!_byLocal.TryGetValue(local, out var list))
            {
                list = new List<IOperation>();
                _byLocal[local] = list;
            }

            list.Add(operation);
        }
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
