using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>
/// The wire spelling of every named value of the API's string enums (<c>MatchOperator.Gt</c> → <c>"Gt"</c>), read
/// from the <see cref="WireValue{T}"/> types linked into this assembly: the same source the library compiles.
/// </summary>
internal static class WireValueTable
{
    private static readonly Dictionary<string, Dictionary<string, string>> Values = Load();

    /// <summary>The wire value of <c>TypeName.PropertyName</c>, or null.</summary>
    public static string? Find(string typeName, string propertyName) =>
        Values.TryGetValue(typeName, out var type) && type.TryGetValue(propertyName, out var value) ? value : null;

    /// <summary>Every <c>TypeName.PropertyName</c> known, for tests.</summary>
    public static IEnumerable<KeyValuePair<string, string>> All =>
        Values.SelectMany(t => t.Value.Select(p => new KeyValuePair<string, string>(t.Key + "." + p.Key, p.Value)));

    private static Dictionary<string, Dictionary<string, string>> Load()
    {
        var values = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in typeof(WireValueTable).Assembly.GetTypes())
        {
            var baseType = type.BaseType;
            if (baseType is null || !baseType.IsGenericType || baseType.GetGenericTypeDefinition() != typeof(WireValue<>))
            {
                continue;
            }

            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Static))
            {
                if (property.PropertyType == type && property.GetValue(null) is { } value)
                {
                    named[property.Name] = value.ToString();
                }
            }

            values[type.Name] = named;
        }

        return values;
    }
}
