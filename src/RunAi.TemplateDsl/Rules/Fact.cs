using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RunAi.TemplateDsl.Rules;

/// <summary>What is known of one value of a template.</summary>
internal enum FactKind
{
    /// <summary>The value cannot be known (the analyzer saw a variable, a method result, a lambda it cannot read).</summary>
    Unknown,

    /// <summary>Certainly not set (a JSON null or a member that is not there).</summary>
    Absent,

    /// <summary>A string.</summary>
    Text,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>An object with members.</summary>
    Object,

    /// <summary>An array with items.</summary>
    Array,
}

/// <summary>
/// One node of the fact model the rules judge: a JSON-like tree of the creation request in which any value,
/// member or item may be <see cref="FactKind.Unknown"/>. The analyzer fills it from constants along a fluent chain
/// (unknown where not constant); the run time judges the wire model through a view of it (<c>WireFact</c>) and fills a
/// tree from that view (nothing unknown) only for a request that breaks a rule, to place each violation.
/// </summary>
/// <remarks>
/// Nodes are pooled by <see cref="FactArena"/> so that building a tree allocates nothing in steady state; paths are
/// computed only when a rule reports.
/// </remarks>
internal sealed class Fact
{
    /// <summary>A value that cannot be known.</summary>
    public static readonly Fact Unknown = new() { Kind = FactKind.Unknown };

    /// <summary>A value that is certainly not set.</summary>
    public static readonly Fact Absent = new() { Kind = FactKind.Absent };

    // Members (name, value) of an object, or items (null name) of an array; pooled with the node.
    private string?[] _names = System.Array.Empty<string>();
    private Fact[] _children = System.Array.Empty<Fact>();
    private int _count;

    // A bit per member name present (see NameBit): most lookups are of members a template does not set, and the mask
    // answers those without scanning the members.
    private ulong _mask;

    /// <summary>What is known; a new node, as a reset one, is absent (not the enum's default, unknown).</summary>
    public FactKind Kind { get; private set; } = FactKind.Absent;

    /// <summary>The text of a <see cref="FactKind.Text"/> value.</summary>
    public string? Text { get; private set; }

    /// <summary>The value of a <see cref="FactKind.Number"/>.</summary>
    public double Number { get; private set; }

    /// <summary>The value of a <see cref="FactKind.Boolean"/>.</summary>
    public bool Boolean { get; private set; }

    /// <summary>
    /// For an object: members may exist that are not listed (a member not listed is unknown, not absent).
    /// For an array: items may exist that are not listed (the count is unknown).
    /// </summary>
    public bool IsOpen { get; set; }

    /// <summary>Where the value came from, for the analyzer to place a diagnostic; null at run time.</summary>
    public object? Origin { get; set; }

    /// <summary>A second place, e.g. the method name of the call that set an object.</summary>
    public object? NameOrigin { get; set; }

    /// <summary>Whether the value is known (not <see cref="FactKind.Unknown"/>).</summary>
    public bool IsKnown => Kind != FactKind.Unknown;

    /// <summary>Whether the value is certainly set.</summary>
    public bool IsPresent => Kind != FactKind.Unknown && Kind != FactKind.Absent;

    /// <summary>Whether the value is certainly not set.</summary>
    public bool IsAbsent => Kind == FactKind.Absent;

    /// <summary>The number of members (object) or listed items (array).</summary>
    public int Count => _count;

    /// <summary>The listed item at an index, for arrays.</summary>
    public Fact this[int index] => index < _count ? _children[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Whether the item count of an array is known.</summary>
    public bool CountIsKnown => Kind == FactKind.Array && !IsOpen;

    /// <summary>Whether this is a known text equal to <paramref name="value"/>.</summary>
    public bool Is(string value) => Kind == FactKind.Text && string.Equals(Text, value, StringComparison.Ordinal);

    /// <summary>Whether this is a known boolean <c>true</c>.</summary>
    public bool IsTrue => Kind == FactKind.Boolean && Boolean;

    /// <summary>Whether this is certainly not <c>true</c> (absent or false).</summary>
    public bool IsNotTrue => Kind == FactKind.Absent || (Kind == FactKind.Boolean && !Boolean);

    /// <summary>The member name at an index, for objects.</summary>
    public string MemberName(int index) => index < _count ? _names[index]! : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>
    /// A member of an object. An unlisted member is <see cref="Absent"/> in a closed object and
    /// <see cref="Unknown"/> in an open one; members of an unknown value are unknown, of an absent value absent.
    /// </summary>
    public Fact this[string name]
    {
        get
        {
            if (Kind == FactKind.Object)
            {
                CheckInterned(name);
                if ((_mask & NameBit(name)) == 0)
                {
                    return IsOpen ? Unknown : Absent;
                }

                var names = _names;
                for (var i = 0; i < _count; i++)
                {
                    // Member names are interned (see Put and Set), so a reference comparison is exact.
                    if (ReferenceEquals(names[i], name))
                    {
                        return _children[i];
                    }
                }

                return IsOpen ? Unknown : Absent;
            }

            return Kind == FactKind.Unknown ? Unknown : Absent;
        }
    }

    /// <summary>Sets the scalar state of this node (used by the front ends).</summary>
    public Fact SetText(string? value)
    {
        if (value is null)
        {
            Kind = FactKind.Absent;
        }
        else
        {
            Kind = FactKind.Text;
            Text = value;
        }

        return this;
    }

    /// <summary>Sets a number, or absent for null.</summary>
    public Fact SetNumber(double? value)
    {
        if (value is null)
        {
            Kind = FactKind.Absent;
        }
        else
        {
            Kind = FactKind.Number;
            Number = value.Value;
        }

        return this;
    }

    /// <summary>Sets a boolean, or absent for null.</summary>
    public Fact SetBoolean(bool? value)
    {
        if (value is null)
        {
            Kind = FactKind.Absent;
        }
        else
        {
            Kind = FactKind.Boolean;
            Boolean = value.Value;
        }

        return this;
    }

    /// <summary>Makes this node an unknown value.</summary>
    public Fact SetUnknown()
    {
        Kind = FactKind.Unknown;
        return this;
    }

    /// <summary>Makes this node an absent value.</summary>
    public Fact SetAbsent()
    {
        Kind = FactKind.Absent;
        return this;
    }

    /// <summary>Makes this node an empty object.</summary>
    public Fact SetObject()
    {
        Kind = FactKind.Object;
        return this;
    }

    /// <summary>Makes this node an empty array.</summary>
    public Fact SetArray()
    {
        Kind = FactKind.Array;
        return this;
    }

    /// <summary>
    /// Adds a member the object does not have yet, without looking for an earlier one (the run-time front end sets
    /// each member once). An absent value is not stored: a closed object answers absent for it anyway.
    /// </summary>
    /// <remarks><paramref name="name"/> must be interned, as every string literal is.</remarks>
    public Fact Put(string name, Fact value)
    {
        CheckInterned(name);
        if (value.Kind == FactKind.Absent)
        {
            return value;
        }

        Append(name, value);
        return value;
    }

    /// <summary>Adds or replaces a member of an object.</summary>
    /// <remarks><paramref name="name"/> must be interned, as every string literal and every name of a WirePath is.</remarks>
    public Fact Set(string name, Fact value)
    {
        CheckInterned(name);
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_names[i], name))
            {
                _children[i] = value;
                return value;
            }
        }

        Append(name, value);
        return value;
    }

    /// <summary>Removes a member of an object, if present.</summary>
    public void Remove(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                System.Array.Copy(_names, i + 1, _names, i, _count - i - 1);
                System.Array.Copy(_children, i + 1, _children, i, _count - i - 1);
                _count--;
                _mask = 0;
                for (var j = 0; j < _count; j++)
                {
                    _mask |= NameBit(_names[j]);
                }

                return;
            }
        }
    }

    /// <summary>Appends an item to an array.</summary>
    public Fact Add(Fact item)
    {
        if (ReferenceEquals(item, Absent) || ReferenceEquals(item, Unknown))
        {
            throw new InvalidOperationException("A shared sentinel fact cannot be an item; rent a node.");
        }

        Append(null, item);
        return item;
    }

    private void Append(string? name, Fact value)
    {
        if (_count == _children.Length)
        {
            var size = _count == 0 ? 4 : _count * 2;
            System.Array.Resize(ref _names, size);
            System.Array.Resize(ref _children, size);
        }

        _names[_count] = name;
        _children[_count] = value;
        _count++;
        _mask |= NameBit(name);
    }

    /// <summary>The bit of <see cref="_mask"/> a member name sets (none for an array item): cheap to compute, spread over the API's names.</summary>
    private static ulong NameBit(string? name) => name is null ? 0 : name.Length == 0 ? 1UL : 1UL << ((name.Length * 7 + name[name.Length - 1] + name[0]) & 63);

    [System.Diagnostics.Conditional("DEBUG")]
    private static void CheckInterned(string name)
    {
        if (!ReferenceEquals(string.IsInterned(name), name))
        {
            throw new InvalidOperationException("Fact member names must be interned strings (literals, or string.Intern): '" + name + "'.");
        }
    }

    /// <summary>Resets the node for reuse.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void Reset()
    {
        Kind = FactKind.Absent;
        Text = null;
        Number = 0;
        Boolean = false;
        IsOpen = false;
        Origin = null;
        NameOrigin = null;
        _count = 0;
        _mask = 0;
    }

    /// <summary>
    /// The JSON path of <paramref name="node"/> (and <paramref name="member"/> below it) in the tree under
    /// <paramref name="root"/>, e.g. <c>spec.specificEnv.nodePools[1]</c>. Nodes keep no link to their parent (writing
    /// one per node costs every validation; a path is needed only when a rule reports), so the tree is searched.
    /// </summary>
    public static string PathOf(Fact root, Fact node, string? member = null)
    {
        var builder = new StringBuilder();
        Find(builder, root, node);
        if (member is not null)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(member);
        }

        return builder.ToString();

        // Appends the steps from `from` down to `target`; leaves the builder as it was when `target` is not below `from`.
        static bool Find(StringBuilder b, Fact from, Fact target)
        {
            if (ReferenceEquals(from, target))
            {
                return true;
            }

            for (var i = 0; i < from._count; i++)
            {
                var length = b.Length;
                if (from._names[i] is { } name)
                {
                    b.Append(length > 0 ? "." : string.Empty).Append(name);
                }
                else
                {
                    b.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
                }

                if (Find(b, from._children[i], target))
                {
                    return true;
                }

                b.Length = length;
            }

            return false;
        }
    }

    /// <summary>A short rendering for messages and debugging.</summary>
    public override string ToString() => Kind switch
    {
        FactKind.Text => "\"" + Text + "\"",
        FactKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        FactKind.Boolean => Boolean ? "true" : "false",
        FactKind.Object => "{…}",
        FactKind.Array => "[…]",
        _ => Kind.ToString(),
    };
}

/// <summary>
/// A pool of fact nodes, reset between evaluations so a passing validation allocates nothing in steady state. An arena
/// lives as long as its thread (a thread-pool or Kestrel thread: as long as the process), so <see cref="Clear"/> resets
/// the nodes when they are returned, not when they are rented again: a pooled node keeps none of the template's texts
/// (an environment variable's value may be a secret) nor the analyzer's origins (which would keep a compilation alive).
/// </summary>
internal sealed class FactArena
{
    /// <summary>
    /// The most nodes kept pooled between evaluations: a full template takes about 100, one with a hundred environment
    /// variables about 400. An arena that a larger template grew past this (50,000 environment variables take 150,000
    /// nodes, about 30 MB) lets them all go. Every thread that validates keeps its own (a server's pool threads under a
    /// burst of large templates kept about 500 KB each at 4,096).
    /// </summary>
    internal const int MaxPooled = 1024;

    private Fact[] _nodes = new Fact[64];
    private int _used;

    /// <summary>The nodes pooled now (rented or not): what the arena keeps alive between evaluations.</summary>
    internal int Pooled => _nodes.Length;

    /// <summary>The first node rented since the last <see cref="Clear"/>: the root of the tree being built.</summary>
    public Fact? First => _used > 0 ? _nodes[0] : null;

    /// <summary>A fresh (absent) node: a new one, or one <see cref="Clear"/> has reset.</summary>
    public Fact Rent()
    {
        if (_used == _nodes.Length)
        {
            System.Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        return _nodes[_used++] ??= new Fact();
    }

    /// <summary>
    /// Returns every node to the pool, reset now (dropping its texts and origins); past <see cref="MaxPooled"/> nodes,
    /// lets them all go instead.
    /// </summary>
    public void Clear()
    {
        if (_nodes.Length > MaxPooled)
        {
            _nodes = new Fact[64];
        }
        else
        {
            for (var i = 0; i < _used; i++)
            {
                _nodes[i].Reset();
            }
        }

        _used = 0;
    }

    /// <summary>A text node, or the shared <see cref="Fact.Absent"/> for null (nothing rented).</summary>
    public Fact Text(string? value) => value is null ? Fact.Absent : Rent().SetText(value);

    /// <summary>A number node, or the shared <see cref="Fact.Absent"/> for null (nothing rented).</summary>
    public Fact Number(double? value) => value is null ? Fact.Absent : Rent().SetNumber(value);

    /// <summary>A boolean node, or the shared <see cref="Fact.Absent"/> for null (nothing rented).</summary>
    public Fact Boolean(bool? value) => value is null ? Fact.Absent : Rent().SetBoolean(value);

    /// <summary>An empty object node.</summary>
    public Fact Object() => Rent().SetObject();

    /// <summary>An empty object node, or an absent node (a null item of a list).</summary>
    public Fact Object(bool isNull) => isNull ? Rent() : Rent().SetObject();

    /// <summary>An empty array node.</summary>
    public Fact Array() => Rent().SetArray();
}
