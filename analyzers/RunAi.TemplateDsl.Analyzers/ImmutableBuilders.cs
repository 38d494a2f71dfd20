using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// The immutable fluent types of the RunAi.TemplateDsl library in one compilation (for RAI9001): an instance method of
/// the library whose return type is its containing type, or derives from it (<c>RunParamsBuilder&lt;TemplateBuilder&gt;.AddLabel</c>
/// returns <c>TemplateBuilder</c>), returns a new object and leaves its receiver unchanged. That covers TemplateBuilder,
/// MasterBuilder, TemplateSet and the nested builders (NodeAffinityBuilder, NodeSelectorTermBuilder, AutoscalingBuilder,
/// ServingPortAccessBuilder, ConnectionBuilder). The library's mutable types of the same shape are excluded:
/// <see cref="MutableTypes"/> and the wire model.
/// Shared by <see cref="DiscardedResultAnalyzer"/> and the code fix, so both judge a statement the same way.
/// </summary>
internal sealed class ImmutableBuilders
{
    /// <summary>
    /// The library's mutable types with instance methods that return their own type, by metadata name: excluded.
    /// <c>RunAiClientOptions.Clone()</c> returns a copy of options that are changed through their setters;
    /// the internal <c>Fact</c> of the rule engine changes itself in <c>SetText(..)</c> and the like and returns itself.
    /// Every type of the wire model (derived from <c>RunAi.TemplateDsl.WireObject</c>, e.g.
    /// <c>WorkloadSupportedTypes.Clone()</c>) is mutable too and excluded as well.
    /// </summary>
    internal static readonly ImmutableArray<string> MutableTypes = ImmutableArray.Create(
        "RunAi.TemplateDsl.Client.RunAiClientOptions",
        "RunAi.TemplateDsl.Rules.Fact");

    /// <summary>The base of the (mutable) wire model.</summary>
    internal const string WireObjectType = "RunAi.TemplateDsl.WireObject";

    private const string BuilderType = "RunAi.TemplateDsl.TemplateBuilder";

    /// <summary>At most this many calls of a chain are named in the message's example; longer chains show the first and the last.</summary>
    private const int ExampleCalls = 3;

    private readonly IAssemblySymbol _library;
    private readonly INamedTypeSymbol? _wireObject;
    private readonly ImmutableArray<INamedTypeSymbol> _mutable;

    private ImmutableBuilders(IAssemblySymbol library, INamedTypeSymbol? wireObject, ImmutableArray<INamedTypeSymbol> mutable)
    {
        _library = library;
        _wireObject = wireObject;
        _mutable = mutable;
    }

    /// <summary>
    /// The library's immutable types, or null when the compilation does not reference RunAi.TemplateDsl (the assembly
    /// named so that defines <c>RunAi.TemplateDsl.TemplateBuilder</c>).
    /// </summary>
    public static ImmutableBuilders? Create(Compilation compilation)
    {
        var library = DslModel.FindLibrary(compilation);
        if (library?.GetTypeByMetadataName(BuilderType) is null)
        {
            return null;
        }

        var mutable = ImmutableArray.CreateBuilder<INamedTypeSymbol>(MutableTypes.Length);
        foreach (var name in MutableTypes)
        {
            if (library.GetTypeByMetadataName(name) is { } type)
            {
                mutable.Add(type);
            }
        }

        return new ImmutableBuilders(library, library.GetTypeByMetadataName(WireObjectType), mutable.ToImmutable());
    }

    /// <summary>
    /// Whether a method returns a new object of its own type and leaves its receiver unchanged: an ordinary instance
    /// method of the library, returning its containing type or a type derived from it, of a type that is not mutable.
    /// </summary>
    public bool ReturnsNewInstance(IMethodSymbol method)
    {
        if (method.IsStatic
            || method.ReturnsVoid
            || method.RefKind != RefKind.None
            || method.MethodKind != Microsoft.CodeAnalysis.MethodKind.Ordinary
            || !method.CanBeReferencedByName
            || (!ReferenceEquals(method.ContainingAssembly, _library) && !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _library)))
        {
            return false;
        }

        var type = method.ContainingType;
        return method.ReturnType switch
        {
            INamedTypeSymbol returned => IsOrDerivesFrom(returned, type),
            // RunParamsBuilder<TSelf>.AddLabel called in a helper generic over the builder (T WithTeam<T>(T b) where T :
            // RunParamsBuilder<T>) returns that T: a builder of the containing type by its constraint.
            ITypeParameterSymbol parameter => parameter.ConstraintTypes.Any(c => c is INamedTypeSymbol constraint && IsOrDerivesFrom(constraint, type)),
            _ => false,
        } && !IsMutable(type);
    }

    /// <summary>
    /// What an expression statement discards, or null when it is not a call of <see cref="ReturnsNewInstance"/> whose
    /// value is thrown away: the outermost call (through <c>?.</c>), the variable its chain starts from when that
    /// variable can take the result (<c>set</c> in <c>set.Add(..);</c>), and an example of the fix for the message.
    /// </summary>
    /// <param name="statement">The statement.</param>
    /// <param name="compilation">Its compilation.</param>
    /// <param name="within">The member the statement is in (for the accessibility of a property's setter).</param>
    public Discard? Inspect(IExpressionStatementOperation statement, Compilation compilation, ISymbol? within)
    {
        // Implicit statements are expression bodies and the expressions of a for loop's header. A lambda's
        // (b => b.WithX(..)) is its value, and one converted to an Action (() => set.Add(..), as exception tests write)
        // is not a statement anyone wrote; a member's (void M() => set.Add(..);) is, and so is an initializer or
        // incrementor of a for loop (for (..; ..; i++, set.Add(..))).
        if (statement.IsImplicit && statement.Syntax.Parent is not (ArrowExpressionClauseSyntax or ForStatementSyntax))
        {
            return null;
        }

        var expression = statement.Operation;
        while (expression is IConditionalAccessOperation access)
        {
            expression = access.WhenNotNull;
        }

        if (expression is not IInvocationOperation call || call.Instance is null || !ReturnsNewInstance(call.TargetMethod))
        {
            return null;
        }

        // The chain down to where it starts: each receiver that is itself such a call, through ?. too.
        var calls = new List<IInvocationOperation> { call };
        var root = Receiver(call);
        while (root is IInvocationOperation inner && inner.Instance is not null && ReturnsNewInstance(inner.TargetMethod))
        {
            calls.Add(inner);
            root = Receiver(inner);
        }

        // After ?. the result may be null: `x = x?.WithX(..)` does not compile cleanly into a non-nullable x (CS8600).
        var mayBeNull = calls.Exists(c => Chains.Strip(c.Instance!) is IConditionalAccessInstanceOperation);
        var target = root is not null && CanTake(root, call.TargetMethod.ReturnType, mayBeNull, compilation, within) ? root : null;
        return new Discard(call, target, Example(calls, target));
    }

    /// <summary>The receiver of a call without implicit conversions, the object before <c>?.</c> for a conditional call.</summary>
    private static IOperation? Receiver(IInvocationOperation call)
    {
        var instance = Chains.Strip(call.Instance!);
        if (instance is not IConditionalAccessInstanceOperation)
        {
            return instance;
        }

        // The conditional access whose WhenNotNull holds this call: its Operation is what ?. was applied to.
        IOperation child = call;
        for (var parent = call.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull == child)
            {
                return Chains.Strip(access.Operation);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <c>target = value</c> compiles and means what the user meant: a writable local, parameter, field or
    /// property (not an indexer, not init-only, its setter accessible here) reached without calls or copies of structs,
    /// whose type takes <paramref name="value"/> by identity or an implicit reference conversion, and takes null when
    /// the value <paramref name="mayBeNull"/> (a chain through <c>?.</c>) in code with nullable annotations.
    /// </summary>
    private static bool CanTake(IOperation target, ITypeSymbol value, bool mayBeNull, Compilation compilation, ISymbol? within)
    {
        ITypeSymbol type;
        switch (target)
        {
            case ILocalReferenceOperation { Local: var local }:
                if (local.IsConst || local.IsFixed || local.IsForEach || local.IsUsing || local.RefKind == RefKind.RefReadOnly)
                {
                    return false;
                }

                type = local.Type;
                break;

            case IParameterReferenceOperation { Parameter: var parameter }:
                if (!CanAssign(parameter, within))
                {
                    return false;
                }

                type = parameter.Type;
                break;

            case IFieldReferenceOperation { Field: var field } reference:
                if (field.IsReadOnly || field.IsConst || !IsPlainPath(reference.Instance) || !CanWriteInto(reference.Instance, within))
                {
                    return false;
                }

                type = field.Type;
                break;

            case IPropertyReferenceOperation { Property: var property, Arguments.Length: 0 } reference:
                if (property.SetMethod is not { IsInitOnly: false } setter
                    || !IsPlainPath(reference.Instance)
                    || !CanWriteInto(reference.Instance, within)
                    || !IsAccessible(setter, reference.Instance?.Type, compilation, within))
                {
                    return false;
                }

                type = property.Type;
                break;

            default:
                return false;
        }

        if (mayBeNull && type.NullableAnnotation == NullableAnnotation.NotAnnotated)
        {
            return false;
        }

        var conversion = compilation.ClassifyCommonConversion(value, type);
        return conversion.IsIdentity || (conversion.IsImplicit && conversion.IsReference);
    }

    /// <summary>
    /// Whether the object a field or property is read from can be named twice (<c>x.Set = x.Set.Add(..)</c>): none
    /// (static), <c>this</c>, a local or parameter, or a field or auto-property of a class reached the same way. A
    /// property whose getter computes its value is a call: <c>Config.Current.T = Config.Current.T.Add(..)</c> may write
    /// to another object than the one it read, possibly a new one that is thrown away.
    /// </summary>
    private static bool IsPlainPath(IOperation? instance)
    {
        while (true)
        {
            switch (instance)
            {
                case null:
                case IInstanceReferenceOperation:
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                    return true;
                case IFieldReferenceOperation { Type.IsReferenceType: true } field:
                    instance = field.Instance;
                    break;
                case IPropertyReferenceOperation { Type.IsReferenceType: true, Arguments.Length: 0 } property when IsAutoProperty(property.Property):
                    instance = property.Instance;
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// Whether a property is known to read a variable: an auto-property declared in source (<c>{ get; set; }</c>, no
    /// accessor with a body, not partial), that no override can replace (not abstract, virtual or an override). A
    /// property of a referenced assembly is not known to be one.
    /// </summary>
    private static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property is not { IsAbstract: false, IsVirtual: false, IsOverride: false, IsExtern: false, DeclaringSyntaxReferences.Length: 1 }
            || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } syntax
            || syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return false;
        }

        foreach (var accessor in accessors.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a member of <paramref name="instance"/> can be assigned: always for a class; for a struct only when the
    /// variable holding it can be (not an <c>in</c> or <c>ref readonly</c> one, not a <c>foreach</c> or <c>using</c>
    /// variable, and <c>this</c> only in a member that may change it).
    /// </summary>
    private static bool CanWriteInto(IOperation? instance, ISymbol? within) => instance switch
    {
        null => true,
        { Type.IsValueType: false } => true,
        ILocalReferenceOperation { Local: var local } => !local.IsForEach && !local.IsUsing && !local.IsConst && local.RefKind != RefKind.RefReadOnly,
        IParameterReferenceOperation { Parameter: var parameter } => CanAssign(parameter, within),
        IInstanceReferenceOperation => CanWriteThis(within),
        _ => false,
    };

    /// <summary>Whether <c>this</c> of a struct can be written in <paramref name="within"/>: a member that is not readonly, of a struct that is not.</summary>
    private static bool CanWriteThis(ISymbol? within) => within is IMethodSymbol { IsReadOnly: false, ContainingType.IsReadOnly: false };

    /// <summary>
    /// Whether a parameter can be assigned in <paramref name="within"/>: not an <c>in</c> or <c>ref readonly</c> one,
    /// and a primary constructor parameter of a struct, which outside the constructor is a field of <c>this</c>, only
    /// where <c>this</c> can be written (not in a readonly struct, CS9114, nor in a readonly member, CS1604).
    /// </summary>
    private static bool CanAssign(IParameterSymbol parameter, ISymbol? within) =>
        parameter.RefKind is RefKind.None or RefKind.Ref or RefKind.Out
        && (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: Microsoft.CodeAnalysis.MethodKind.Constructor, ContainingType.IsValueType: true } constructor
            || SymbolEqualityComparer.Default.Equals(constructor, within)
            || !IsPrimary(constructor)
            || CanWriteThis(within));

    /// <summary>Whether a constructor is a type's primary constructor (declared by the type's own parameter list).</summary>
    private static bool IsPrimary(IMethodSymbol constructor) =>
        constructor.DeclaringSyntaxReferences.Length == 1 && constructor.DeclaringSyntaxReferences[0].GetSyntax() is TypeDeclarationSyntax;

    private static bool IsAccessible(IMethodSymbol setter, ITypeSymbol? through, Compilation compilation, ISymbol? within)
    {
        ISymbol? inside = within as INamedTypeSymbol ?? within?.ContainingType;
        return compilation.IsSymbolAccessibleWithin(setter, inside ?? compilation.Assembly, through);
    }

    /// <summary>How to use the value: <c>set = set.Add(..)</c> when the chain starts from a variable, a hint otherwise.</summary>
    private static string Example(List<IInvocationOperation> calls, IOperation? target)
    {
        if (target is null)
        {
            return "assign it, return it or pass it on";
        }

        var text = target.Syntax.ToString();
        var example = new StringBuilder(text).Append(" = ").Append(text);
        for (var i = calls.Count - 1; i >= 0; i--)
        {
            if (calls.Count > ExampleCalls && i > 0 && i < calls.Count - 1)
            {
                if (i == calls.Count - 2)
                {
                    example.Append('…');
                }

                continue;
            }

            example.Append(calls[i].Instance is IConditionalAccessInstanceOperation ? "?." : ".").Append(calls[i].TargetMethod.Name).Append("(..)");
        }

        return example.ToString();
    }

    private bool IsMutable(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        foreach (var mutable in _mutable)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, mutable))
            {
                return true;
            }
        }

        return _wireObject is not null && IsOrDerivesFrom(definition, _wireObject);
    }

    private static bool IsOrDerivesFrom(INamedTypeSymbol type, INamedTypeSymbol ancestor)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, ancestor))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A discarded call (RAI9001).</summary>
internal sealed class Discard
{
    public Discard(IInvocationOperation call, IOperation? target, string example)
    {
        Call = call;
        Target = target;
        Example = example;
    }

    /// <summary>The outermost call of the statement, where the diagnostic is reported.</summary>
    public IInvocationOperation Call { get; }

    /// <summary>The variable, field or property the chain starts from, when it can take the result; null otherwise.</summary>
    public IOperation? Target { get; }

    /// <summary>How to use the value, for the message (<c>set = set.Add(..)</c>).</summary>
    public string Example { get; }
}
