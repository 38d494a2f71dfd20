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
    private volatile Dictionary<string, SmallCache<TKey, TValue>> _byName = new(StringComparer.Ordinal);

    public bool TryGet(TKey key, out TValue value)
    {
        if (_byName.TryGetValue(key.Name, out var named))
        {
            return named.TryGet(key, out value);
        }

        value = default!;
        return false;
    }

    public TValue Add(TKey key, TValue value)
    {
        SmallCache<TKey, TValue>? named;
        lock (_gate)
        {
            if (!_byName.TryGetValue(key.Name, out named))
            {
                named = new SmallCache<TKey, TValue>();
                _byName = new Dictionary<string, SmallCache<TKey, TValue>>(_byName, StringComparer.Ordinal) { [key.Name] = named };
            }
        }

        return named.Add(key, value);
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

            var grown = new KeyValuePair<TKey, TValue>[_pairs.Length + 1];
            _pairs.CopyTo(grown, 0);
            grown[_pairs.Length] = new KeyValuePair<TKey, TValue>(key, value);
            _pairs = grown;
            return value;
        }
    }
}
