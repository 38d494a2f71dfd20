using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// A cache keyed by symbol definitions (unique objects within a compilation), found by name and then by reference:
/// no symbol hashing on the hot path. Copy-on-write: reads take no lock.
/// </summary>
internal sealed class SymbolCache<TKey, TValue>
    where TKey : class, ISymbol
{
    private readonly object _gate = new();
    private volatile Dictionary<string, KeyValuePair<TKey, TValue>[]> _entries = new(StringComparer.Ordinal);

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key.Name, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (ReferenceEquals(candidate.Key, key))
                {
                    value = candidate.Value;
                    return true;
                }
            }
        }

        value = default!;
        return false;
    }

    public TValue Add(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (TryGet(key, out var existing))
            {
                return existing;
            }

            var entries = new Dictionary<string, KeyValuePair<TKey, TValue>[]>(_entries, StringComparer.Ordinal);
            entries.TryGetValue(key.Name, out var candidates);
            entries[key.Name] = Pairs.With(candidates, key, value);
            _entries = entries;
            return value;
        }
    }
}

/// <summary>A handful of (key, value) pairs compared by reference; copy-on-write, for per-plan and per-path caches.</summary>
internal sealed class SmallCache<TKey, TValue>
    where TKey : class
{
    private readonly object _gate = new();
    private volatile KeyValuePair<TKey, TValue>[] _pairs = Array.Empty<KeyValuePair<TKey, TValue>>();

    public bool TryGet(TKey key, out TValue value)
    {
        foreach (var pair in _pairs)
        {
            if (ReferenceEquals(pair.Key, key))
            {
                value = pair.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public TValue Add(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (TryGet(key, out var existing))
            {
                return existing;
            }

            _pairs = Pairs.With(_pairs, key, value);
            return value;
        }
    }
}

internal static class Pairs
{
    public static KeyValuePair<TKey, TValue>[] With<TKey, TValue>(KeyValuePair<TKey, TValue>[]? pairs, TKey key, TValue value)
    {
        pairs ??= Array.Empty<KeyValuePair<TKey, TValue>>();
        var grown = new KeyValuePair<TKey, TValue>[pairs.Length + 1];
        pairs.CopyTo(grown, 0);
        grown[pairs.Length] = new KeyValuePair<TKey, TValue>(key, value);
        return grown;
    }
}
