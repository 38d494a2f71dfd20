using System.ComponentModel;

namespace RunAi.TemplateDsl.Analysis;

// These attributes describe what each DSL member writes into the creation request, so that the analyzers
// shipped in the package can rebuild a template's facts from source code without hard-coding method names.
// Paths are member names of the request's JSON, dot-separated (e.g. "spec.assets.environment"), relative
// to the object the builder (or, after [WireItem], the new array item) stands for.

/// <summary>
/// Marks a DSL builder type whose calls the analyzers follow. Infrastructure for the analyzers; not for use in code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WireBuilderAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="path">
    /// Where the object this builder stands for sits in a creation request, for a chain whose start the analyzers
    /// cannot see (e.g. <c>spec.specificEnv.autoScaling</c>; <c>[]</c> after a member for an item of an array).
    /// Empty for the request itself.
    /// </param>
    public WireBuilderAttribute(string path) => Path = path;

    /// <summary>Where the builder's object sits in a creation request.</summary>
    public string Path { get; }

    /// <summary>The path, relative to this builder's object, that paths of inherited members are relative to.</summary>
    public string? InheritedPath { get; set; }
}

/// <summary>
/// On a parameter: the argument is written at <see cref="Path"/> (a <c>Func</c> parameter configures the object at
/// <see cref="Path"/>, replacing it; an empty path means the call's own object). On a method: the constant
/// <see cref="Value"/> is written at <see cref="Path"/> (null clears it), or, without a value, the call makes sure an
/// object exists there. A static method with these attributes starts a new template. Infrastructure for the analyzers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter, AllowMultiple = true, Inherited = false)]
public sealed class WireFieldAttribute : Attribute
{
    /// <summary>Creates the attribute for a parameter, or for a method that makes sure an object exists.</summary>
    /// <param name="path">The member path; a trailing <c>[]</c> appends the argument to an array.</param>
    public WireFieldAttribute(string path) => Path = path;

    /// <summary>Creates the attribute for a method that writes a constant.</summary>
    /// <param name="path">The member path.</param>
    /// <param name="value">The value written; null clears the member.</param>
    public WireFieldAttribute(string path, object? value)
    {
        Path = path;
        Value = value;
        HasValue = true;
    }

    /// <summary>The member path.</summary>
    public string Path { get; }

    /// <summary>The constant a method writes.</summary>
    public object? Value { get; }

    /// <summary>Whether this attribute carries a constant.</summary>
    public bool HasValue { get; }

    /// <summary>An empty <c>params</c> list leaves the member unset instead of writing an empty array.</summary>
    public bool EmptyIsAbsent { get; set; }

    /// <summary>The argument is written as its invariant-culture text; the items of an array joined by commas.</summary>
    public bool AsText { get; set; }

    /// <summary>
    /// On a parameter: when the argument sets a value (not an empty list), the call also makes sure an object exists at
    /// this path, relative to the builder's object, as the builder's request does at run time.
    /// </summary>
    public string? Ensures { get; set; }
}

/// <summary>
/// On a method: the call appends a new object to the array at <see cref="Path"/>; the call's other paths are relative
/// to that item. Infrastructure for the analyzers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WireItemAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="path">The array's member path.</param>
    public WireItemAttribute(string path) => Path = path;

    /// <summary>The array's member path.</summary>
    public string Path { get; }

    /// <summary>
    /// A path, relative to the builder's object (not to the new item), at which the call also makes sure an object
    /// exists, as the builder's request does at run time (e.g. a master data source brings the master's environment).
    /// </summary>
    public string? Ensures { get; set; }
}

/// <summary>
/// On a method: the call applies the rule catalog to the template (or to the request passed as its first argument),
/// so the template is complete there: what is not set is absent. On a <see cref="TemplateBuilder"/> parameter (or one
/// of several builders) of a method that is not the DSL's: the method builds the builders passed there as they are
/// (<c>CreateAsync(template)</c>, <c>TemplateSet.Of(a, b)</c>), as <c>Build()</c> does, or <c>BuildUpdate()</c> with
/// <see cref="IsUpdate"/>. Infrastructure for the analyzers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter, Inherited = false)]
public sealed class WireBuildAttribute : Attribute
{
    /// <summary>Whether the call checks an update request (the scope rules do not apply).</summary>
    public bool IsUpdate { get; set; }
}

/// <summary>
/// On a method: the call removes the items of the array at <see cref="Path"/> whose member <see cref="Key"/> equals the
/// method's first argument (ordinal, or see <see cref="IgnoreCase"/>), and an array left empty is not written. Infrastructure for the analyzers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WireRemoveAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="path">The array's member path, relative to the builder's object.</param>
    /// <param name="key">The member of an item the first argument is compared with.</param>
    public WireRemoveAttribute(string path, string key)
    {
        Path = path;
        Key = key;
    }

    /// <summary>The array's member path.</summary>
    public string Path { get; }

    /// <summary>The member of an item the first argument is compared with.</summary>
    public string Key { get; }

    /// <summary>Whether the comparison ignores case (ids, which are UUIDs); otherwise it is ordinal.</summary>
    public bool IgnoreCase { get; set; }
}
