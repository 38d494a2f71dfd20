using System.Collections;
using System.Reflection;

namespace RunAi.TemplateDsl.Tests.Wire;

/// <summary>
/// Finds members of the wire model that are null (or empty lists) everywhere in an object graph: a member counts as
/// set when it is set in at least one object at that path (e.g. in one item of a list).
/// </summary>
internal static class ModelWalk
{
    public static List<string> UnsetMembers(object root)
    {
        var seen = new Dictionary<string, bool>();
        Walk(root, root.GetType().Name, seen);
        return seen.Where(p => !p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
    }

    private static void Walk(object value, string path, Dictionary<string, bool> seen)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name == nameof(WireObject.AdditionalProperties) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var child = property.GetValue(value);
            var childPath = path + "." + property.Name;
            var isSet = child is not null && (child is not IList list || list.Count > 0);
            seen[childPath] = (seen.TryGetValue(childPath, out var before) && before) || isSet;
            if (child is WireObject)
            {
                Walk(child, childPath, seen);
            }
            else if (child is IList items)
            {
                foreach (var item in items.OfType<WireObject>())
                {
                    Walk(item, childPath + "[]", seen);
                }
            }
        }
    }
}
