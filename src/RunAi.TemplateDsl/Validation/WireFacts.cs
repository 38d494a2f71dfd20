using RunAi.TemplateDsl.Rules;

namespace RunAi.TemplateDsl.Validation;

/// <summary>
/// The fact tree of a wire model object, built from its <see cref="WireFact"/> view: what places the violations of a
/// request that breaks a rule (a path per violation), and what tests compare with the serialized JSON. Nodes come from a
/// per-thread <see cref="FactArena"/>; null members get no node at all (a closed object answers absent for them).
/// </summary>
internal static class WireFacts
{
    [ThreadStatic]
    private static FactArena? t_arena;

    public static FactArena Arena => t_arena ??= new FactArena();

    public static Fact Of(WorkloadTemplateCreationRequest request, FactArena arena) => Tree(WireFact.Of(request), arena);

    public static Fact Of(WorkloadTemplateUpdateRequest request, FactArena arena) => Tree(WireFact.Of(request), arena);

    public static Fact Of(WorkloadTemplate template, FactArena arena) => Tree(WireFact.Of(template), arena);

    /// <summary>The tree of a value: its members that are set, its items (a null item is an absent node).</summary>
    public static Fact Tree(WireFact value, FactArena arena)
    {
        switch (value.Kind)
        {
            case FactKind.Text:
                return arena.Rent().SetText(value.Text);
            case FactKind.Number:
                return arena.Rent().SetNumber(value.Number);
            case FactKind.Boolean:
                return arena.Rent().SetBoolean(value.IsTrue);
            case FactKind.Object:
                var node = arena.Object();
                var names = value.MemberNames;
                for (var slot = 0; slot < names.Count; slot++)
                {
                    // A member that is not set gets no node (a closed object answers absent for it).
                    if (value.MemberInSlot(slot) is { IsPresent: true } member)
                    {
                        node.Put(names[slot], Tree(member, arena));
                    }
                }

                return node;
            case FactKind.Array:
                var list = arena.Array();
                for (var i = 0; i < value.Count; i++)
                {
                    var item = value[i];
                    list.Add(item.IsAbsent ? arena.Rent() : Tree(item, arena));
                }

                return list;
            default:
                return Fact.Absent;
        }
    }
}
