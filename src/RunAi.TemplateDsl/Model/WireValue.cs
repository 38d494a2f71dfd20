using System;
using System.Collections.Generic;

namespace RunAi.TemplateDsl;

/// <summary>
/// Base of the API's string enums. A value is kept as its exact wire spelling, so a value a newer
/// server sends that this version does not know is neither an error nor lost when written back
/// (<see cref="IsKnown"/> tells the two apart).
/// </summary>
/// <remarks>This file has no dependency beyond the BCL: the analyzer links it together with the rule catalog.</remarks>
/// <typeparam name="T">The concrete enum type.</typeparam>
public abstract class WireValue<T> : IEquatable<T>
    where T : WireValue<T>
{
    /// <summary>Creates a value with the given wire spelling.</summary>
    /// <param name="value">The exact string the API uses.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    protected WireValue(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"A value of {typeof(T).Name} must not be empty.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The exact wire spelling, e.g. <c>jupyter-notebook</c>.</summary>
    public string Value { get; }

    /// <summary>Whether this value is one the API description of this version lists.</summary>
    public bool IsKnown
    {
        get
        {
            foreach (var known in KnownValuesOf())
            {
                if (string.Equals(known.Value, Value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Returns the known instance with this spelling, or a new value made by <paramref name="create"/>.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <param name="known">The values the API description lists.</param>
    /// <param name="create">Makes a value this version does not know.</param>
    /// <returns>The value.</returns>
    protected static T FromWire(string value, IReadOnlyList<T> known, Func<string, T> create)
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (string.Equals(known[i].Value, value, StringComparison.Ordinal))
            {
                return known[i];
            }
        }

        return create(value);
    }

    /// <summary>The values the API description lists, in its order.</summary>
    protected abstract IReadOnlyList<T> KnownValuesOf();

    /// <inheritdoc />
    public bool Equals(T? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is T other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The wire spelling.</summary>
    public override string ToString() => Value;

    /// <summary>Compares two values by their wire spelling (ordinal).</summary>
    public static bool operator ==(WireValue<T>? left, WireValue<T>? right) =>
        left is null ? right is null : right is not null && string.Equals(left.Value, right.Value, StringComparison.Ordinal);

    /// <summary>Compares two values by their wire spelling (ordinal).</summary>
    public static bool operator !=(WireValue<T>? left, WireValue<T>? right) => !(left == right);
}
