using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// What the analyzers know of the DSL in one compilation: its attribute types, resolved once, and a plan per DSL
/// method read from the method's <c>[WireField]</c>, <c>[WireItem]</c> and <c>[WireBuild]</c> attributes (cached).
/// </summary>
internal sealed class DslModel
{
    private const string LibraryName = "RunAi.TemplateDsl";
    private const string AnalysisNamespace = "RunAi.TemplateDsl.Analysis.";

    private readonly INamedTypeSymbol _builderAttribute;
    private readonly INamedTypeSymbol _fieldAttribute;
    private readonly INamedTypeSymbol _itemAttribute;
    private readonly INamedTypeSymbol _buildAttribute;
    // Null for a library older than the attribute: its removing methods do not exist.
    private readonly INamedTypeSymbol? _removeAttribute;
    // Keyed by definition: within one compilation a definition is one symbol object (call sites get new wrappers).
    private readonly SymbolCache<IMethodSymbol, MethodPlan> _plans = new();
    private const int RecentPlanSlots = 512;
    private readonly RecentPlan?[] _recentPlans = new RecentPlan?[RecentPlanSlots];
    private readonly SymbolCache<ITypeSymbol, BuilderInfo> _builders = new();
    private readonly SymbolCache<ITypeSymbol, bool> _wireObjects = new();

    /// <summary>The wire spelling of static properties seen as values (<c>MatchOperator.Gt</c>), null for any other.</summary>
    public SymbolCache<IPropertySymbol, string?> WireValues { get; } = new();

    private DslModel(INamedTypeSymbol builder, INamedTypeSymbol field, INamedTypeSymbol item, INamedTypeSymbol build, INamedTypeSymbol? remove, INamedTypeSymbol wireObject, INamedTypeSymbol creation, INamedTypeSymbol update)
    {
        _removeAttribute = remove;
        _builderAttribute = builder;
        _fieldAttribute = field;
        _itemAttribute = item;
        _buildAttribute = build;
        WireObject = wireObject;
        CreationRequest = creation;
        UpdateRequest = update;
        Library = builder.ContainingAssembly;
    }

    /// <summary>The RunAi.TemplateDsl assembly.</summary>
    public IAssemblySymbol Library { get; }

    /// <summary><c>RunAi.TemplateDsl.WireObject</c>, the base of the wire model.</summary>
    public INamedTypeSymbol WireObject { get; }

    /// <summary><c>WorkloadTemplateCreationRequest</c>.</summary>
    public INamedTypeSymbol CreationRequest { get; }

    /// <summary><c>WorkloadTemplateUpdateRequest</c>.</summary>
    public INamedTypeSymbol UpdateRequest { get; }

    /// <summary>
    /// Whether the compilation may use RunAi.TemplateDsl, judged from its reference list alone: a file reference named
    /// RunAi.TemplateDsl.dll, a project reference to the assembly, or a reference whose name cannot be told. Binds
    /// nothing, so it is cheap at compilation start; <see cref="Create"/> answers for certain.
    /// </summary>
    public static bool MayReferenceLibrary(Compilation compilation)
    {
        if (string.Equals(compilation.AssemblyName, LibraryName, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var reference in compilation.ExternalReferences)
        {
            var name = reference switch
            {
                CompilationReference project => project.Compilation.AssemblyName,
                PortableExecutableReference { FilePath: { Length: > 0 } path } => Path.GetFileNameWithoutExtension(path),
                _ => null,
            };
            if (name is null || string.Equals(name, LibraryName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The model, or null when the compilation does not reference RunAi.TemplateDsl.</summary>
    /// <remarks>
    /// Called from the first operation block, not at compilation start: by then the compiler has bound the references
    /// and read the library's metadata for its own binding. Called at compilation start, the same lookups waited for that
    /// shared work (measured: ~50 ms of a cold compile counted as ours, for work the compile does anyway).
    /// </remarks>
    public static DslModel? Create(Compilation compilation)
    {
        var library = FindLibrary(compilation);
        if (library is null)
        {
            return null;
        }

        var builder = library.GetTypeByMetadataName(AnalysisNamespace + "WireBuilderAttribute");
        var field = library.GetTypeByMetadataName(AnalysisNamespace + "WireFieldAttribute");
        var item = library.GetTypeByMetadataName(AnalysisNamespace + "WireItemAttribute");
        var build = library.GetTypeByMetadataName(AnalysisNamespace + "WireBuildAttribute");
        var remove = library.GetTypeByMetadataName(AnalysisNamespace + "WireRemoveAttribute");
        var wireObject = library.GetTypeByMetadataName("RunAi.TemplateDsl.WireObject");
        var creation = library.GetTypeByMetadataName("RunAi.TemplateDsl.WorkloadTemplateCreationRequest");
        var update = library.GetTypeByMetadataName("RunAi.TemplateDsl.WorkloadTemplateUpdateRequest");
        if (builder is null || field is null || item is null || build is null || wireObject is null || creation is null || update is null)
        {
            return null;
        }

        return new DslModel(builder, field, item, build, remove, wireObject, creation, update);
    }

    /// <summary>The RunAi.TemplateDsl assembly the compilation references (or is), or null.</summary>
    internal static IAssemblySymbol? FindLibrary(Compilation compilation)
    {
        if (string.Equals(compilation.Assembly.Name, LibraryName, StringComparison.Ordinal))
        {
            return compilation.Assembly;
        }

        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (string.Equals(assembly.Name, LibraryName, StringComparison.Ordinal))
            {
                return assembly;
            }
        }

        return null;
    }

    /// <summary>The plan of a DSL method, or <see cref="MethodPlan.None"/> for any other method.</summary>
    /// <remarks>
    /// Asked several times per invocation of every method in the compilation: the plans of the method symbols seen last
    /// sit in a small two-way table (the call sites of one method share its symbol object), so a repeat costs a hash of
    /// the object's identity and one or two comparisons. Two ways, because two busy methods of a chain that share a
    /// slot would otherwise evict each other on every call.
    /// </remarks>
    public MethodPlan Plan(IMethodSymbol method)
    {
        var slot = (RuntimeHelpers.GetHashCode(method) & (RecentPlanSlots / 2 - 1)) * 2;
        var first = Volatile.Read(ref _recentPlans[slot]);
        if (first is not null && ReferenceEquals(first.Method, method))
        {
            return first.Plan;
        }

        var second = Volatile.Read(ref _recentPlans[slot + 1]);
        if (second is not null && ReferenceEquals(second.Method, method))
        {
            return second.Plan;
        }

        // The newest first, the one it displaces second: the least recently added of the two goes. Racing threads may
        // lose an entry, never corrupt one (each is an immutable object, published whole).
        var plan = FindPlan(method);
        if (first is not null)
        {
            Volatile.Write(ref _recentPlans[slot + 1], first);
        }

        Volatile.Write(ref _recentPlans[slot], new RecentPlan(method, plan));
        return plan;
    }

    private MethodPlan FindPlan(IMethodSymbol method)
    {
        if (!ReferenceEquals(method.ContainingAssembly, Library) && !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Library))
        {
            return MethodPlan.None;
        }

        var definition = method.OriginalDefinition;
        return _plans.TryGet(definition, out var plan) ? plan : _plans.Add(definition, CreatePlan(definition));
    }

    /// <summary>
    /// The prefix of a call's paths: members a builder inherits (<c>RunParamsBuilder&lt;TSelf&gt;.WithCommand</c>) write
    /// below the path the builder they return names (<c>spec</c> for templates, nothing for a master).
    /// </summary>
    public WirePath Prefix(IInvocationOperation call, MethodPlan plan)
    {
        // The call's type is its method's return type, kept by the operation (IMethodSymbol.ReturnType wraps it anew).
        if (call.Instance is null || call.Type is not INamedTypeSymbol returned)
        {
            return WirePath.Empty;
        }

        var type = returned.OriginalDefinition;
        if (plan.Prefixes.TryGet(type, out var prefix))
        {
            return prefix;
        }

        prefix = WirePath.Empty;
        var builder = Builder(type);
        var declaring = call.TargetMethod.ContainingType.OriginalDefinition;
        for (var b = type.BaseType; b is not null && !builder.IsNone; b = b.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(b.OriginalDefinition, declaring))
            {
                prefix = builder.Inherited;
                break;
            }
        }

        return plan.Prefixes.Add(type, prefix);
    }

    /// <summary>The builder description of a type, or <see cref="BuilderInfo.None"/>.</summary>
    public BuilderInfo Builder(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named || !SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, Library))
        {
            return BuilderInfo.None;
        }

        var definition = named.OriginalDefinition;
        return _builders.TryGet(definition, out var info) ? info : _builders.Add(definition, CreateBuilder(definition));
    }

    /// <summary>Whether a type is a class of the wire model (derives from <c>WireObject</c>).</summary>
    public bool IsWireObject(ITypeSymbol? type)
    {
        if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, Library))
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        if (_wireObjects.TryGet(definition, out var known))
        {
            return known;
        }

        var isWireObject = false;
        for (var b = definition.BaseType; b is not null && !isWireObject; b = b.BaseType)
        {
            isWireObject = SymbolEqualityComparer.Default.Equals(b, WireObject);
        }

        return _wireObjects.Add(definition, isWireObject);
    }

    private BuilderInfo CreateBuilder(ITypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _builderAttribute))
            {
                continue;
            }

            var path = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            string? inherited = null;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "InheritedPath")
                {
                    inherited = named.Value.Value as string;
                }
            }

            return new BuilderInfo(WirePath.Parse(path ?? string.Empty), WirePath.Parse(inherited ?? string.Empty));
        }

        return BuilderInfo.None;
    }

    private MethodPlan CreatePlan(IMethodSymbol method)
    {
        // A builder's ToString (or another override of object's) is no step of the DSL: the chain ends before it, and is
        // judged there as if it were not called.
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.ContainingType.SpecialType == SpecialType.System_Object)
            {
                return MethodPlan.None;
            }
        }

        var isDslType = !Builder(method.ContainingType).IsNone;
        WirePath? item = null;
        WirePath? itemEnsures = null;
        var isBuild = false;
        var isUpdate = false;
        RemoveSpec? remove = null;
        var methodFields = new List<FieldSpec>();
        foreach (var attribute in method.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (SymbolEqualityComparer.Default.Equals(type, _fieldAttribute))
            {
                methodFields.Add(ReadField(attribute));
            }
            else if (SymbolEqualityComparer.Default.Equals(type, _itemAttribute))
            {
                item = WirePath.Parse(attribute.ConstructorArguments[0].Value as string ?? string.Empty);
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Ensures" && named.Value.Value is string ensures)
                    {
                        itemEnsures = WirePath.Parse(ensures);
                    }
                }
            }
            else if (_removeAttribute is not null && SymbolEqualityComparer.Default.Equals(type, _removeAttribute)
                     && attribute.ConstructorArguments is { Length: 2 } removeArguments
                     && removeArguments[0].Value is string removePath && removeArguments[1].Value is string removeKey)
            {
                var ignoreCase = false;
                foreach (var named in attribute.NamedArguments)
                {
                    ignoreCase |= named.Key == "IgnoreCase" && named.Value.Value is true;
                }

                remove = new RemoveSpec(WirePath.Parse(removePath), string.Intern(removeKey), ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            }
            else if (SymbolEqualityComparer.Default.Equals(type, _buildAttribute))
            {
                isBuild = true;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "IsUpdate" && named.Value.Value is true)
                    {
                        isUpdate = true;
                    }
                }
            }
        }

        var parameters = new ParameterPlan[method.Parameters.Length];
        var any = methodFields.Count > 0 || item is not null || remove is not null;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var specs = ImmutableArray.CreateBuilder<FieldSpec>();
            var builds = BuildMode.None;
            foreach (var attribute in parameter.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _fieldAttribute))
                {
                    specs.Add(ReadField(attribute));
                }
                else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _buildAttribute))
                {
                    builds = BuildMode.Creation;
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "IsUpdate" && named.Value.Value is true)
                        {
                            builds = BuildMode.Update;
                        }
                    }
                }
            }

            parameters[i] = new ParameterPlan(
                specs.ToImmutable(),
                parameter.Type.TypeKind == TypeKind.Delegate,
                parameter.HasExplicitDefaultValue ? parameter.ExplicitDefaultValue : ParameterPlan.NoDefault,
                builds);
            any |= specs.Count > 0;
        }

        if (isBuild)
        {
            return new MethodPlan(MethodKind.Build, isUpdate, null, ImmutableArray<FieldSpec>.Empty, parameters);
        }

        if (!isDslType)
        {
            // Not a step of a chain; a method that builds the builders passed to it (CreateAsync(template)) keeps its
            // parameters' plans, which say so.
            var plan = new MethodPlan(MethodKind.None, false, null, ImmutableArray<FieldSpec>.Empty, parameters);
            return plan.BuildsArguments ? plan : MethodPlan.None;
        }

        // A builder method the attributes do not describe still returns a builder: its effect is unknown.
        var kind = !any ? MethodKind.Opaque : method.IsStatic ? MethodKind.Start : MethodKind.Step;
        return new MethodPlan(kind, false, item, methodFields.ToImmutableArray(), parameters, itemEnsures, remove);
    }

    private static FieldSpec ReadField(AttributeData attribute)
    {
        var args = attribute.ConstructorArguments;
        var path = WirePath.Parse(args.Length > 0 ? args[0].Value as string ?? string.Empty : string.Empty);
        var hasValue = args.Length > 1;
        var value = hasValue ? args[1].Value : null;
        var emptyIsAbsent = false;
        var asText = false;
        WirePath? ensures = null;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "EmptyIsAbsent" && named.Value.Value is true)
            {
                emptyIsAbsent = true;
            }
            else if (named.Key == "AsText" && named.Value.Value is true)
            {
                asText = true;
            }
            else if (named.Key == "Ensures" && named.Value.Value is string ensured)
            {
                ensures = WirePath.Parse(ensured);
            }
        }

        return new FieldSpec(path, hasValue, value, emptyIsAbsent, asText, ensures);
    }
}

/// <summary>How a library method builds the builders passed to one of its parameters.</summary>
internal enum BuildMode
{
    /// <summary>It does not build them.</summary>
    None,

    /// <summary>As <c>Build()</c>: a creation request (<c>CreateAsync(template)</c>, <c>TemplateSet.Of(a, b)</c>).</summary>
    Creation,

    /// <summary>As <c>BuildUpdate()</c>: an update request (<c>UpdateAsync(id, template)</c>).</summary>
    Update,
}

/// <summary>What a call does to the template.</summary>
internal enum MethodKind
{
    /// <summary>Not a DSL method.</summary>
    None,

    /// <summary>Starts a new, complete template (<c>Template.Named</c>).</summary>
    Start,

    /// <summary>Writes fields of the builder's object.</summary>
    Step,

    /// <summary>A builder method whose effect is not described: everything after it is unknown.</summary>
    Opaque,

    /// <summary>Applies the rule catalog: the template is complete there.</summary>
    Build,
}

/// <summary>A member path of the request's JSON; <see cref="Append"/> for a trailing <c>[]</c>.</summary>
internal sealed class WirePath
{
    private static readonly ConcurrentDictionary<string, WirePath> Cache = new(StringComparer.Ordinal);

    private WirePath(string[] names, bool[] items, bool append)
    {
        Names = names;
        Items = items;
        Append = append;
    }

    /// <summary>The member names.</summary>
    public string[] Names { get; }

    /// <summary>For each name, whether the member is an array whose item the path continues into (<c>a[].b</c>).</summary>
    public bool[] Items { get; }

    /// <summary>The last member is an array the value is appended to.</summary>
    public bool Append { get; }

    /// <summary>Whether the path is empty (the object itself).</summary>
    public bool IsEmpty => Names.Length == 0;

    private readonly SmallCache<WirePath, WirePath> _after = new();

    /// <summary>The empty path.</summary>
    public static WirePath Empty { get; } = Parse(string.Empty);

    /// <summary>Parses <c>a.b[].c</c> or <c>a.b[]</c>.</summary>
    public static WirePath Parse(string text) => Cache.GetOrAdd(text, static t =>
    {
        if (t.Length == 0)
        {
            return new WirePath(Array.Empty<string>(), Array.Empty<bool>(), false);
        }

        var parts = t.Split('.');
        var names = new string[parts.Length];
        var items = new bool[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            items[i] = part.EndsWith("[]", StringComparison.Ordinal);
            // Fact member names are interned: the fact model compares them by reference.
            names[i] = string.Intern(items[i] ? part.Substring(0, part.Length - 2) : part);
        }

        var append = items[items.Length - 1];
        items[items.Length - 1] = false;
        return new WirePath(names, items, append);
    });

    /// <summary>This path prefixed with another.</summary>
    public WirePath After(WirePath prefix) => prefix.IsEmpty ? this : _after.TryGet(prefix, out var joined) ? joined : _after.Add(prefix, Join(prefix));

    private WirePath Join(WirePath prefix)
    {
        var names = new string[prefix.Names.Length + Names.Length];
        var items = new bool[names.Length];
        prefix.Names.CopyTo(names, 0);
        prefix.Items.CopyTo(items, 0);
        Names.CopyTo(names, prefix.Names.Length);
        Items.CopyTo(items, prefix.Names.Length);
        return new WirePath(names, items, Append);
    }
}

/// <summary>One <c>[WireField]</c>.</summary>
internal sealed class FieldSpec
{
    public FieldSpec(WirePath path, bool hasValue, object? value, bool emptyIsAbsent, bool asText, WirePath? ensures = null)
    {
        Ensures = ensures;
        Path = path;
        HasValue = hasValue;
        Value = value;
        EmptyIsAbsent = emptyIsAbsent;
        AsText = asText;
    }

    public WirePath Path { get; }

    public bool HasValue { get; }

    public object? Value { get; }

    public bool EmptyIsAbsent { get; }

    public bool AsText { get; }

    /// <summary>Where a call that sets this parameter's value also makes sure an object exists, relative to the builder's object.</summary>
    public WirePath? Ensures { get; }
}

/// <summary>One <c>[WireRemove]</c>: the array whose items a call removes, and the member of an item its first argument is compared with.</summary>
internal sealed class RemoveSpec
{
    public RemoveSpec(WirePath path, string key, StringComparison comparison)
    {
        Path = path;
        Key = key;
        Comparison = comparison;
    }

    /// <summary>How the argument is compared with an item's key.</summary>
    public StringComparison Comparison { get; }

    /// <summary>The array's path, relative to the builder's object.</summary>
    public WirePath Path { get; }

    /// <summary>The item member compared with the first argument (interned).</summary>
    public string Key { get; }
}

/// <summary>A method symbol and its plan, as <see cref="DslModel.Plan"/> remembers them; immutable, so it is published whole.</summary>
internal sealed class RecentPlan
{
    public RecentPlan(IMethodSymbol method, MethodPlan plan)
    {
        Method = method;
        Plan = plan;
    }

    public IMethodSymbol Method { get; }

    public MethodPlan Plan { get; }
}

/// <summary>The attributes of one DSL method, read once.</summary>
internal sealed class MethodPlan
{
    public static readonly MethodPlan None = new(MethodKind.None, false, null, ImmutableArray<FieldSpec>.Empty, Array.Empty<ParameterPlan>());

    public MethodPlan(MethodKind kind, bool isUpdate, WirePath? item, ImmutableArray<FieldSpec> methodFields, ParameterPlan[] parameters, WirePath? itemEnsures = null, RemoveSpec? remove = null)
    {
        Remove = remove;
        ItemEnsures = itemEnsures;
        Kind = kind;
        IsUpdate = isUpdate;
        Item = item;
        MethodFields = methodFields;
        Parameters = parameters;
        BuildsArguments = Array.Exists(parameters, p => p.Builds != BuildMode.None);
    }

    public MethodKind Kind { get; }

    public bool IsUpdate { get; }

    /// <summary>The array a call appends an item to, or null.</summary>
    public WirePath? Item { get; }

    /// <summary>For an item call: where it also makes sure an object exists, relative to the builder's object.</summary>
    public WirePath? ItemEnsures { get; }

    /// <summary>The items a call removes (<c>[WireRemove]</c>), or null.</summary>
    public RemoveSpec? Remove { get; }

    public ImmutableArray<FieldSpec> MethodFields { get; }

    /// <summary>The method's parameters, by ordinal.</summary>
    public ParameterPlan[] Parameters { get; }

    /// <summary>Whether a parameter of the method builds the builders passed to it (see <see cref="ParameterPlan.Builds"/>).</summary>
    public bool BuildsArguments { get; }

    /// <summary>The plan of the parameter an argument binds to, or null (none, or not one of this method's).</summary>
    public ParameterPlan? Parameter(IParameterSymbol? parameter) =>
        parameter is not null && parameter.Ordinal < Parameters.Length ? Parameters[parameter.Ordinal] : null;

    /// <summary>The path prefix of calls of this method, by the builder type they return (<see cref="DslModel.Prefix"/>).</summary>
    public SmallCache<ITypeSymbol, WirePath> Prefixes { get; } = new();
}

/// <summary>
/// One parameter of a DSL method, read from its definition once: <c>IParameterSymbol.Type</c> and
/// <c>ExplicitDefaultValue</c> wrap or decode the compiler's value again on every read.
/// </summary>
internal sealed class ParameterPlan
{
    /// <summary>The default value of a parameter that has none: a value no constant can be.</summary>
    public static readonly object NoDefault = new();

    public ParameterPlan(ImmutableArray<FieldSpec> fields, bool takesDelegate, object? defaultValue, BuildMode builds = BuildMode.None)
    {
        Fields = fields;
        TakesDelegate = takesDelegate;
        DefaultValue = defaultValue;
        Builds = builds;
    }

    /// <summary>Whether the method builds the builders passed to this parameter (<c>[WireBuild]</c> on it), and how.</summary>
    public BuildMode Builds { get; }

    /// <summary>The fields the parameter writes.</summary>
    public ImmutableArray<FieldSpec> Fields { get; }

    /// <summary>Whether it takes a delegate (a configuration lambda).</summary>
    public bool TakesDelegate { get; }

    /// <summary>Its default value, or <see cref="NoDefault"/>.</summary>
    public object? DefaultValue { get; }
}

/// <summary>The <c>[WireBuilder]</c> of a builder type.</summary>
internal sealed class BuilderInfo
{
    public static readonly BuilderInfo None = new(WirePath.Parse(string.Empty), WirePath.Parse(string.Empty)) { IsNone = true };

    public BuilderInfo(WirePath path, WirePath inherited)
    {
        Path = path;
        Inherited = inherited;
    }

    public bool IsNone { get; private set; }

    /// <summary>Where the builder's object sits in a request.</summary>
    public WirePath Path { get; }

    /// <summary>The prefix of the paths of members the builder inherits.</summary>
    public WirePath Inherited { get; }
}
