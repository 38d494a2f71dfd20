using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using RunAi.TemplateDsl.Rules;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// The compile-time front end of the rule catalog: rebuilds the fact tree of a template from a fluent chain (or an
/// object initializer of the wire model) by reading the DSL's wire attributes, and runs the rules on it. What it
/// cannot see is unknown, so the rules stay silent about it:
/// <list type="bullet">
/// <item>a value that is not a constant, a named enum value or a literal <c>params</c> list;</item>
/// <item>everything before a chain that does not start at <c>Template.Named</c> (a field, a parameter, a method result);</item>
/// <item>a configuration lambda that is not a single chain on its parameter;</item>
/// <item>what a chain that is not built (<c>Build()</c>, <c>Validate()</c>) may still get from later calls, whether it left it unset or cleared it.</item>
/// </list>
/// </summary>
internal sealed class FactEvaluator
{
    private const int MaxSteps = 20000;

    private static readonly WirePath Meta = WirePath.Parse("meta");

    [ThreadStatic]
    private static FactEvaluator? t_evaluator;

    private readonly FactArena _arena = new();
    private readonly List<RuleViolation> _violations = new();
    private readonly List<Fact> _extensible = new();
    private readonly List<KeyValuePair<IParameterSymbol, Fact>> _bindings = new();
    private DslModel _model = null!;
    private LocalFlow _locals = null!;
    private CancellationToken _cancellation;
    private int _lambdaDepth;
    private int _itemDepth;
    private bool _uncertain;
    private int _steps;

    /// <summary>
    /// Judges the template a chain ends with; <paramref name="chain"/> is its outermost DSL call. The list returned
    /// is reused by the next evaluation on the same thread: read it, then clear it (its violations refer to syntax).
    /// </summary>
    public static List<RuleViolation> CheckChain(DslModel model, IInvocationOperation chain, LocalFlow locals, CancellationToken cancellation)
    {
        var e = Start(model, locals, cancellation);
        try
        {
            var plan = model.Plan(chain.TargetMethod);
            var built = plan.Kind == MethodKind.Build && chain.Instance is not null;
            e.Builder(built ? chain.Instance! : chain);
            return e.Judge(built, plan.IsUpdate);
        }
        finally
        {
            e.Finish();
        }
    }

    /// <summary>
    /// Judges the template a builder value stands for, built as it is by the library method it is passed to
    /// (<c>CreateAsync(chain)</c>, see <see cref="BuildMode"/>): complete, as at <c>Build()</c>. The list returned is
    /// reused as <see cref="CheckChain"/>'s is.
    /// </summary>
    public static List<RuleViolation> CheckBuilt(DslModel model, IOperation builder, bool isUpdate, LocalFlow locals, CancellationToken cancellation)
    {
        var e = Start(model, locals, cancellation);
        try
        {
            e.Builder(builder);
            return e.Judge(true, isUpdate);
        }
        finally
        {
            e.Finish();
        }
    }

    /// <summary>Judges a request written as an object initializer; complete when passed straight to a check.</summary>
    public static List<RuleViolation> CheckRequest(DslModel model, IObjectCreationOperation creation, bool complete, bool isUpdate, LocalFlow locals, CancellationToken cancellation)
    {
        var e = Start(model, locals, cancellation);
        try
        {
            e.Value(creation, complete);
            return e.Judge(complete, isUpdate);
        }
        finally
        {
            e.Finish();
        }
    }

    /// <summary>
    /// Lets go of everything the evaluation referred to (the model, the block's locals, bound lambda parameters, the
    /// nodes' origins): the evaluator lives on in its thread, and must not keep the compilation alive after it.
    /// </summary>
    private void Finish()
    {
        _arena.Clear();
        _extensible.Clear();
        _bindings.Clear();
        _model = null!;
        _locals = null!;
        _cancellation = default;
    }

    /// <summary>The thread's evaluator, reset: evaluations allocate little (the analyzer runs on every keystroke).</summary>
    private static FactEvaluator Start(DslModel model, LocalFlow locals, CancellationToken cancellation)
    {
        var e = t_evaluator ??= new FactEvaluator();
        e._model = model;
        e._locals = locals;
        e._cancellation = cancellation;
        e._violations.Clear();
        e._extensible.Clear();
        e._bindings.Clear();
        e._lambdaDepth = 0;
        e._itemDepth = 0;
        e._uncertain = false;
        e._steps = 0;
        return e;
    }

    private List<RuleViolation> Judge(bool complete, bool isUpdate)
    {
        if (!complete)
        {
            // Not built here: later calls may still set what this chain leaves unset, and what it cleared too
            // (InScope(Scope.Project) writes a null projectId that a later InProject(5) replaces). An object the chain
            // built implicitly is open, and a member it wrote as absent is unknown, as in a request initializer that
            // is not complete (see WireObject).
            foreach (var open in _extensible)
            {
                open.IsOpen = true;
                if (open.Kind == FactKind.Object)
                {
                    ForgetAbsentMembers(open);
                }
            }
        }

        // The evaluation's first node is its root: a chain's start (or the unseen builder it continues), or the request.
        var root = _arena.First;
        if (root is not null && root.Kind == FactKind.Object)
        {
            if (isUpdate)
            {
                // BuildUpdate() sends only the name and description of the builder's metadata (AssetUpdateRequest): judge
                // what is sent, as the run time does, not the scope and supported types the builder also holds.
                KeepOnly(root["meta"], "name", "description");
            }

            TemplateRules.Check(root, _violations, isUpdate);
        }

        return _violations;
    }

    /// <summary>
    /// Whether the evaluation stops here: too many steps, or too little stack for more levels (generated code can be
    /// very deep). The stack is asked every 8th step: each level of recursion takes at least one step, and 8 levels
    /// fit many times over in the margin <see cref="RuntimeHelpers.EnsureSufficientExecutionStack"/> keeps.
    /// </summary>
    private bool MustStop() => ++_steps > MaxSteps || ((_steps & 7) == 0 && !HasStackLeft());

    /// <summary>Whether the thread has stack enough to go one level deeper.</summary>
    private static bool HasStackLeft()
    {
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return true;
        }
        catch (InsufficientExecutionStackException)
        {
            return false;
        }
    }

    /// <summary>Removes an open object's absent members, so that they read as unknown.</summary>
    private static void ForgetAbsentMembers(Fact node)
    {
        for (var i = node.Count - 1; i >= 0; i--)
        {
            // By index: a member written absent is rare (a cleared value), so most objects cost one pass and no look-up.
            if (node[i].IsAbsent)
            {
                node.Remove(node.MemberName(i));
            }
        }
    }

    private static void KeepOnly(Fact node, string first, string second)
    {
        if (node.Kind != FactKind.Object)
        {
            return;
        }

        for (var i = node.Count - 1; i >= 0; i--)
        {
            var name = node.MemberName(i);
            if (name != first && name != second)
            {
                node.Remove(name);
            }
        }
    }

    // ------------------------------------------------------------------ builders

    /// <summary>The object a builder-typed expression stands for.</summary>
    private Fact Builder(IOperation operation)
    {
        _cancellation.ThrowIfCancellationRequested();
        operation = Chains.Strip(operation);
        if (MustStop())
        {
            // Each chain call and each statement a local is followed through is one level of recursion here.
            return Unseen(operation.Type);
        }

        switch (operation)
        {
            case IInvocationOperation call:
                var plan = _model.Plan(call.TargetMethod);
                if (plan.Kind == MethodKind.Start && call.TargetMethod.IsStatic)
                {
                    var root = _arena.Object();
                    root.NameOrigin = Origin(Chains.MethodName(call));
                    Track(root);

                    // A template's request always has its meta: Template.Named(null!) leaves the name unset in it.
                    Container(root, Meta, 1, root.NameOrigin);
                    Apply(call, plan, root);
                    return root;
                }

                if (plan.Kind == MethodKind.Step && call.Instance is not null)
                {
                    var target = Builder(call.Instance);
                    Apply(call, plan, target);
                    return target;
                }

                return Unseen(call.Type);

            case ILocalReferenceOperation read when _locals.Resolve(read) is { } value:
                return Builder(value);

            // The receiver of a call through ?. (b?.WithX(..)): the call runs on it when it runs at all.
            case IConditionalAccessInstanceOperation instance when ConditionalReceiver(instance) is { } receiver:
                return Builder(receiver);

            case IParameterReferenceOperation parameter:
                for (var i = _bindings.Count - 1; i >= 0; i--)
                {
                    if (SymbolEqualityComparer.Default.Equals(_bindings[i].Key, parameter.Parameter))
                    {
                        return _bindings[i].Value;
                    }
                }

                return Unseen(parameter.Type);

            default:
                return Unseen(operation.Type);
        }
    }

    /// <summary>
    /// The value a <c>?.</c> placeholder stands for: the receiver of the conditional access whose not-null part holds it
    /// (in <c>a?.B()?.C()</c>, <c>a</c> for <c>B</c>, <c>a?.B()</c>'s call for <c>C</c>).
    /// </summary>
    private static IOperation? ConditionalReceiver(IConditionalAccessInstanceOperation instance)
    {
        IOperation child = instance;
        for (var parent = instance.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull == child)
            {
                return access.Operation;
            }
        }

        return null;
    }

    /// <summary>A builder whose history is unknown: an open object where the builder's type says it sits in a request.</summary>
    private Fact Unseen(ITypeSymbol? type)
    {
        var info = _model.Builder(type);
        var node = _arena.Object();
        node.IsOpen = true;
        var path = info.Path;
        for (var i = 0; i < path.Names.Length; i++)
        {
            var child = Open(_arena.Object());
            if (path.Items[i] || (i == path.Names.Length - 1 && path.Append))
            {
                var array = Open(_arena.Array());
                node.Set(path.Names[i], array);
                array.Add(child);
            }
            else
            {
                node.Set(path.Names[i], child);
            }

            node = child;
        }

        return node;
    }

    private void Apply(IInvocationOperation call, MethodPlan plan, Fact target)
    {
        var prefix = _model.Prefix(call, plan);
        var name = Chains.MethodName(call);
        if (plan.Remove is { } remove)
        {
            RemoveItems(call, target, remove, prefix, Origin(name));
            return;
        }

        if (plan.Item is null)
        {
            ApplyFields(call, plan, target, prefix, Origin(name));
            return;
        }

        var path = plan.Item.After(prefix);
        var callOrigin = Origin(name);
        if (plan.ItemEnsures is { } ensures)
        {
            var ensured = ensures.After(prefix);
            Container(target, ensured, ensured.Names.Length, callOrigin);
        }

        var parent = Container(target, path, path.Names.Length - 1, callOrigin);
        var array = ArrayAt(parent, path.Names[path.Names.Length - 1], callOrigin);
        var wasUncertain = _uncertain;
        _uncertain |= array.IsOpen;
        _itemDepth++;
        var item = _arena.Object();
        var itemOrigin = _uncertain ? Origin(name) : callOrigin;
        item.Origin = item.NameOrigin = itemOrigin;
        item = ApplyFields(call, plan, item, WirePath.Empty, itemOrigin);
        _itemDepth--;
        _uncertain = wasUncertain;
        array.Add(item);
    }

    /// <summary>
    /// A <c>Remove…</c> call: drops the listed items whose key is the call's first argument, as the
    /// builder does at run time, and the array when that leaves it empty (the builder writes no empty list). An item that
    /// may or may not be dropped (its key, or the argument, is not known) becomes an unknown item where it was, in a list
    /// whose count is no longer known: the items after it keep their places, and a duplicate of one of them cites "an
    /// earlier item", not an index the run time may not have.
    /// </summary>
    private void RemoveItems(IInvocationOperation call, Fact target, RemoveSpec remove, WirePath prefix, object origin)
    {
        var path = remove.Path.After(prefix);
        var key = remove.Key;
        var parent = target;
        for (var i = 0; i < path.Names.Length - 1; i++)
        {
            parent = parent[path.Names[i]];
            if (parent.Kind != FactKind.Object)
            {
                // Absent: there is nothing to remove. Unknown: what is below stays unknown.
                return;
            }
        }

        var member = path.Names[path.Names.Length - 1];
        var array = parent[member];
        if (array.Kind != FactKind.Array)
        {
            return;
        }

        string? value = null;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { Ordinal: 0 } && ConstantOf(argument.Value) is { HasValue: true, Value: string text })
            {
                value = text;
            }
        }

        // Certainly kept: an item without the key (the run time compares a null key with the argument: never equal), or
        // whose key is a known other text.
        bool Kept(Fact item) => item[key] is var itemKey
            && (itemKey.IsAbsent || (value is not null && itemKey.Kind == FactKind.Text && !string.Equals(itemKey.Text, value, remove.Comparison)));

        var first = 0;
        while (first < array.Count && Kept(array[first]))
        {
            first++;
        }

        if (first == array.Count)
        {
            // Nothing of this name: the list stays as it is, and nothing is built (a chain may remove many times).
            return;
        }

        var rebuilt = _arena.Array();
        var open = array.IsOpen;
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            if (i < first || Kept(item))
            {
                rebuilt.Add(item);
            }
            else if (value is null || item[key].Kind != FactKind.Text)
            {
                // Perhaps dropped; an item that is unknown already stays as it is (no new node per earlier removal).
                rebuilt.Add(item.Kind == FactKind.Unknown && item.Origin is not null ? item : Unknown(item.Origin ?? origin));
                open = true;
            }
        }

        rebuilt.IsOpen = open;
        rebuilt.Origin = array.Origin;
        rebuilt.NameOrigin = array.NameOrigin;
        if (rebuilt.Count == 0 && !rebuilt.IsOpen)
        {
            parent.Remove(member);
        }
        else
        {
            parent.Set(member, rebuilt);
            Track(rebuilt);
        }
    }

    private Fact ApplyFields(IInvocationOperation call, MethodPlan plan, Fact target, WirePath prefix, object nameOrigin)
    {
        foreach (var field in plan.MethodFields)
        {
            var path = field.Path.After(prefix);
            if (field.HasValue)
            {
                Write(target, path, Constant(field.Value, nameOrigin), nameOrigin);
            }
            else
            {
                Container(target, path, path.Names.Length, nameOrigin);
            }
        }

        foreach (var argument in call.Arguments)
        {
            if (plan.Parameter(argument.Parameter) is not { } parameter)
            {
                continue;
            }

            foreach (var spec in parameter.Fields)
            {
                var path = spec.Path.After(prefix);
                if (parameter.TakesDelegate)
                {
                    if (argument.Value is { ConstantValue: { HasValue: true, Value: null } })
                    {
                        continue;
                    }

                    if (path.IsEmpty)
                    {
                        target = Configure(argument.Value, target);
                    }
                    else
                    {
                        var fresh = _arena.Object();
                        fresh.Origin = fresh.NameOrigin = nameOrigin;
                        Write(target, path, Configure(argument.Value, fresh), nameOrigin);
                    }

                    continue;
                }

                var value = Argument(argument, plan, spec, nameOrigin);
                if (path.IsEmpty)
                {
                    Merge(target, value);
                }
                else
                {
                    Write(target, path, value, nameOrigin);
                }

                if (spec.Ensures is { } ensures && value.IsPresent && (value.Kind != FactKind.Array || value.Count > 0))
                {
                    var ensured = ensures.After(prefix);
                    Container(target, ensured, ensured.Names.Length, nameOrigin);
                }
            }
        }

        return target;
    }

    /// <summary>What a configuration lambda returns when given <paramref name="fresh"/>.</summary>
    private Fact Configure(IOperation value, Fact fresh)
    {
        // IMethodSymbol.Parameters wraps the compiler's parameters in a new array on every read: read once.
        if (Chains.Strip(value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            && lambda.Symbol.Parameters is { Length: 1 } parameters
            && lambda.Body.Operations.Length == 1
            && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned })
        {
            _bindings.Add(new KeyValuePair<IParameterSymbol, Fact>(parameters[0], fresh));
            _lambdaDepth++;
            try
            {
                return Builder(returned);
            }
            finally
            {
                _lambdaDepth--;
                _bindings.RemoveAt(_bindings.Count - 1);
            }
        }

        var unknown = Open(_arena.Object());
        unknown.Origin = fresh.Origin;
        unknown.NameOrigin = fresh.NameOrigin;
        return unknown;
    }

    // ------------------------------------------------------------------ writing facts

    private void Write(Fact target, WirePath path, Fact value, object? nameOrigin)
    {
        var last = path.Names[path.Names.Length - 1];
        if (value.IsAbsent && !path.Append)
        {
            // Clearing never creates objects: an object that is not there has no member to clear.
            var node = target;
            for (var i = 0; i < path.Names.Length - 1; i++)
            {
                node = node[path.Names[i]];
                if (node.Kind != FactKind.Object)
                {
                    return;
                }
            }

            // Kept as a member (not removed) so that a rule about the missing value points at the call that cleared it.
            node.Set(last, value);
            return;
        }

        var parent = Container(target, path, path.Names.Length - 1, nameOrigin);
        if (path.Append)
        {
            ArrayAt(parent, last, nameOrigin).Add(value);
        }
        else
        {
            parent.Set(last, value);
        }
    }

    /// <summary>Copies the members of an object argument into the call's object (<c>AddEnvironmentVariable(new … { … })</c>).</summary>
    private static void Merge(Fact target, Fact value)
    {
        if (value.Kind != FactKind.Object)
        {
            target.IsOpen = true;
            return;
        }

        target.IsOpen |= value.IsOpen;
        var names = new string[value.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = value.MemberName(i);
        }

        foreach (var name in names)
        {
            target.Set(name, value[name]);
        }
    }

    /// <summary>The object at a path, created (closed under a closed parent, open under an open one) where missing.</summary>
    private Fact Container(Fact target, WirePath path, int count, object? nameOrigin)
    {
        var node = target;
        for (var i = 0; i < count; i++)
        {
            var name = path.Names[i];
            var child = node[name];
            if (child.Kind != FactKind.Object)
            {
                var created = _arena.Object();
                created.IsOpen = child.Kind != FactKind.Absent;
                created.NameOrigin = nameOrigin;
                node.Set(name, created);
                Track(created);
                child = created;
            }

            node = child;
        }

        return node;
    }

    private Fact ArrayAt(Fact parent, string name, object? nameOrigin)
    {
        var child = parent[name];
        if (child.Kind == FactKind.Array)
        {
            return child;
        }

        var array = _arena.Array();
        array.IsOpen = child.Kind != FactKind.Absent;
        array.NameOrigin = nameOrigin;
        parent.Set(name, array);
        Track(array);
        return array;
    }

    /// <summary>Objects and arrays the top-level chain creates implicitly: later calls of an unbuilt chain may add to them.</summary>
    private void Track(Fact node)
    {
        if (_lambdaDepth == 0 && _itemDepth == 0)
        {
            _extensible.Add(node);
        }
    }

    private static Fact Open(Fact node)
    {
        node.IsOpen = true;
        return node;
    }

    // ------------------------------------------------------------------ values

    /// <summary>
    /// The constant value of an operation; read it once, as each read of <see cref="IOperation.ConstantValue"/> wraps the
    /// compiler's constant again (boxing a number). A string literal is read from its token instead: the compiler keeps
    /// the text of a string constant behind a weak reference (a GC handle, created on the first read of each literal),
    /// which cost more than the whole evaluation of a template around it.
    /// </summary>
    internal static Optional<object?> ConstantOf(IOperation value) =>
        value is ILiteralOperation
        && value.Syntax is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
        && !literal.Token.ContainsDiagnostics
        && literal.Token.Value is string text
            ? new Optional<object?>(text)
            : value.ConstantValue;

    /// <summary>Whether a type is a number or a nullable number.</summary>
    private static bool IsNumber(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type?.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;
    }

    private Fact Constant(object? value, object? origin)
    {
        var fact = value switch
        {
            null => _arena.Rent(),
            string text => _arena.Text(text),
            bool flag => _arena.Boolean(flag),
            char c => _arena.Text(c.ToString()),
            byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal => _arena.Number(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            _ => _arena.Rent().SetUnknown(),
        };
        fact.Origin = origin;
        return fact;
    }

    private Fact Unknown(object? origin)
    {
        var fact = _arena.Rent().SetUnknown();
        fact.Origin = origin;
        return fact;
    }

    private Fact Argument(IArgumentOperation argument, MethodPlan plan, FieldSpec spec, object? nameOrigin)
    {
        Fact fact;
        if (argument.ArgumentKind == ArgumentKind.ParamArray)
        {
            if (Elements(Chains.Strip(argument.Value)) is not { } elements)
            {
                return Unknown(nameOrigin);
            }

            if (elements.Length == 0 && spec.EmptyIsAbsent)
            {
                var absent = _arena.Rent();
                absent.Origin = nameOrigin;
                return absent;
            }

            fact = _arena.Array();
            fact.Origin = elements.Length == 0
                ? nameOrigin
                : Origin(elements[0].Syntax.SyntaxTree, TextSpan.FromBounds(elements[0].Syntax.SpanStart, elements[elements.Length - 1].Syntax.Span.End));
            foreach (var element in elements)
            {
                fact.Add(Value(element, complete: true));
            }
        }
        else if (argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            // A default of null is a value (absent), not the lack of one.
            fact = Constant(plan.Parameter(argument.Parameter) is { } parameter ? parameter.DefaultValue : ParameterPlan.NoDefault, nameOrigin);
        }
        else if (argument.Value.Type is IArrayTypeSymbol && ConstantOf(argument.Value) is { HasValue: true, Value: null })
        {
            // A null list (Match("k", MatchOperator.In, null!)): the DSL's list methods throw ArgumentNullException before
            // any rule runs, so no rule may claim it.
            return Unknown(nameOrigin);
        }
        else
        {
            // An object passed to the DSL is copied on the spot: what its initializer leaves unset is absent.
            fact = Value(argument.Value, complete: true);
            if (spec.EmptyIsAbsent && fact.Kind == FactKind.Array && fact.CountIsKnown && fact.Count == 0)
            {
                fact.SetAbsent();
            }
        }

        return spec.AsText ? AsText(fact, argument.Value) : fact;
    }

    /// <summary>
    /// The text the DSL writes for integers (<c>Gt(key, long)</c>, <c>WithSupplementalGroups(params long[])</c>): each
    /// integer as <c>long.ToString</c> writes it, read from the argument's constants rather than from the fact's number,
    /// a double, which cannot hold every long (<c>long.MaxValue</c> would read as 9.223372036854776E+18).
    /// </summary>
    private Fact AsText(Fact fact, IOperation value)
    {
        string? text = null;
        if (fact.Kind == FactKind.Number)
        {
            text = Integer(value);
        }
        else if (fact.Kind == FactKind.Array && fact.CountIsKnown && Elements(Chains.Strip(value)) is { } elements && elements.Length == fact.Count)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < elements.Length; i++)
            {
                if (Integer(elements[i]) is not { } item)
                {
                    builder = null;
                    break;
                }

                builder.Append(i == 0 ? string.Empty : ",").Append(item);
            }

            text = builder?.ToString();
        }

        var result = text is null ? _arena.Rent().SetUnknown() : _arena.Text(text);
        result.Origin = fact.Origin;
        return result;

        // The constant as converted to the parameter's integer type (an int literal passed as a long is read as the long).
        static string? Integer(IOperation operation) => ConstantOf(operation) is { HasValue: true, Value: var constant }
                                                      && constant is sbyte or byte or short or ushort or int or uint or long or ulong
            ? Convert.ToString(constant, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>
    /// The items of an array or list written out (<c>new[] { … }</c>, or a collection expression without spreads,
    /// <c>["a", "b"]</c>), or null.
    /// </summary>
    internal static ImmutableArray<IOperation>? Elements(IOperation value)
    {
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues;
        }

        // The operation of a collection expression depends on the compiler that runs the analyzer (an operation without a
        // kind of its own before Roslyn 4.9, ICollectionExpressionOperation since): read its children, one per element,
        // only when every element is an expression (a spread's items are unknown).
        if (value.Syntax is not CollectionExpressionSyntax collection)
        {
            return null;
        }

        foreach (var element in collection.Elements)
        {
            if (element is not ExpressionElementSyntax)
            {
                return null;
            }
        }

        var items = ImmutableArray.CreateBuilder<IOperation>(collection.Elements.Count);
        foreach (var child in value.ChildOperations)
        {
            items.Add(child);
        }

        return items.Count == collection.Elements.Count ? items.MoveToImmutable() : null;
    }

    /// <summary>
    /// The fact of a value expression: constants, named values of the API's enums, wire model object initializers,
    /// arrays and lists written out. <paramref name="complete"/>: an initializer's unset members are absent (the
    /// object is copied right away) rather than unknown (the object may be changed later).
    /// </summary>
    private Fact Value(IOperation operation, bool complete)
    {
        var origin = Origin(operation.Syntax);
        var value = Chains.Strip(operation);

        // The constant as the parameter receives it: an implicit conversion of a constant is constant too ('\0' passed
        // to an int is 0, not the text of a char); the stripped operand's only where the conversion is not constant.
        var constant = !ReferenceEquals(value, operation) && operation.ConstantValue.HasValue ? operation.ConstantValue : ConstantOf(value);
        if (constant.Value is char c && IsNumber(operation.Type))
        {
            // A char passed to a nullable number (long? seconds) has no constant conversion: it is still its code.
            constant = new Optional<object?>((int)c);
        }
        if (constant.HasValue)
        {
            return Constant(constant.Value, origin);
        }

        if (MustStop())
        {
            return Unknown(origin);
        }

        switch (value)
        {
            case IPropertyReferenceOperation { Property: { IsStatic: true } property } when WireValueOf(property) is { } wire:
                var text = _arena.Text(wire);
                text.Origin = origin;
                return text;

            case IObjectCreationOperation creation when IsWireValue(creation.Type)
                                                      && creation.Arguments.Length == 1
                                                      && ConstantOf(creation.Arguments[0].Value) is { HasValue: true, Value: string spelling }:
                var named = _arena.Text(spelling);
                named.Origin = origin;
                return named;

            case IObjectCreationOperation creation when _model.IsWireObject(creation.Type):
                return WireObject(creation, complete);

            case IObjectCreationOperation creation when creation.Initializer is { } list && creation.Arguments.Length == 0 && IsList(creation.Type):
                var items = _arena.Array();
                items.Origin = origin;
                items.IsOpen = !complete;
                foreach (var add in list.Initializers)
                {
                    if (add is IInvocationOperation { Arguments.Length: 1 } call)
                    {
                        items.Add(Value(call.Arguments[0].Value, complete));
                    }
                    else
                    {
                        return Unknown(origin);
                    }
                }

                return items;

            case IFieldReferenceOperation { Field: { Name: "Empty", IsStatic: true, ContainingType.SpecialType: SpecialType.System_String } }:
                var empty = _arena.Text(string.Empty);
                empty.Origin = origin;
                return empty;

            case IArrayCreationOperation or { Syntax: CollectionExpressionSyntax } when Elements(value) is { } elements:
                var array = _arena.Array();
                array.Origin = origin;
                array.IsOpen = !complete;
                foreach (var element in elements)
                {
                    array.Add(Value(element, complete));
                }

                return array;

            default:
                return Unknown(origin);
        }
    }

    private Fact WireObject(IObjectCreationOperation creation, bool complete)
    {
        var node = _arena.Object();
        node.IsOpen = !complete || creation.Arguments.Length > 0;
        node.NameOrigin = creation.Syntax switch
        {
            ObjectCreationExpressionSyntax explicitNew => Origin(explicitNew.Type),
            ImplicitObjectCreationExpressionSyntax targetTyped => Origin(targetTyped.SyntaxTree, targetTyped.NewKeyword.Span),
            var other => Origin(other),
        };

        if (creation.Initializer is not { } initializer)
        {
            return node;
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } property } assignment)
            {
                var name = string.Intern(CamelCase(property.Property.Name));
                var fact = Value(assignment.Value, complete);
                if (fact.IsAbsent)
                {
                    if (!node.IsOpen)
                    {
                        node.Remove(name);
                    }
                }
                else
                {
                    node.Set(name, fact);
                }
            }
            else
            {
                node.IsOpen = true;
            }
        }

        return node;
    }

    private string? WireValueOf(IPropertySymbol property) =>
        _model.WireValues.TryGet(property, out var known) ? known : _model.WireValues.Add(property, FindWireValue(property));

    private string? FindWireValue(IPropertySymbol property)
    {
        if (!SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, _model.Library) || !IsWireValue(property.Type))
        {
            return null;
        }

        // MatchOperator.Gt is looked up as itself; DataSourceKind.Pvc (declared in the library, typed AssetKind) as AssetKind.Pvc.
        return WireValueTable.Find(property.Type.Name, property.Name);
    }

    private bool IsWireValue(ITypeSymbol? type)
    {
        if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _model.Library))
        {
            return false;
        }

        return type.BaseType is { IsGenericType: true } baseType && baseType.OriginalDefinition.Name == "WireValue";
    }

    private static bool IsList(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "List", Arity: 1 } list && list.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

    /// <summary>System.Text.Json's camel case, as the wire model's source-generated context uses.</summary>
    internal static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    // ------------------------------------------------------------------ origins

    /// <summary>A node is its own origin (no allocation); a place whose index is uncertain needs an <see cref="Analyzers.Origin"/>.</summary>
    private object Origin(SyntaxNode node) => _uncertain ? new Origin(node.SyntaxTree, node.Span, true) : node;

    private Origin Origin(SyntaxTree tree, TextSpan span) => new(tree, span, _uncertain);
}
