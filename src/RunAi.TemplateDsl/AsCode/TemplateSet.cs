using System.Collections;
using System.Collections.Immutable;
using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl.AsCode;

/// <summary>
/// The desired state of a tenant's templates: every template a templates-as-code project manages, each under an
/// address that stays the same when the template changes (its name by default). Immutable: <see cref="Add(TemplateBuilder)"/>
/// returns a new set.
/// </summary>
/// <remarks>
/// The address is how a plan recognises a template across changes: the plan updates or replaces the template it applied
/// at that address before, instead of leaving it behind. By default the address is the template's name, so a move to
/// another scope keeps it (the plan replaces the template), while a rename makes a new address (the plan creates the
/// renamed template, and the old one is an orphan, deleted with prune). Give an explicit address with
/// <see cref="Add(string, TemplateBuilder)"/> to rename a template in place, and when two templates of the set share a
/// name (in different scopes).
/// </remarks>
public sealed class TemplateSet : IReadOnlyList<DesiredTemplate>
{
    // A list and an index that share structure with the set they were added to: Add and Find are O(log n), so a set of
    // thousands of templates, built one Add at a time as export writes it, is not copied whole at every step.
    private readonly ImmutableList<DesiredTemplate> _templates;
    private readonly ImmutableDictionary<string, DesiredTemplate> _byAddress;

    private TemplateSet(ImmutableList<DesiredTemplate> templates, ImmutableDictionary<string, DesiredTemplate> byAddress)
    {
        _templates = templates;
        _byAddress = byAddress;
    }

    /// <summary>A set without templates.</summary>
    public static TemplateSet Empty { get; } = new(ImmutableList<DesiredTemplate>.Empty, ImmutableDictionary<string, DesiredTemplate>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>The number of templates.</summary>
    public int Count => _templates.Count;

    /// <summary>The template at <paramref name="index"/>, in the order they were added.</summary>
    /// <param name="index">The position.</param>
    public DesiredTemplate this[int index] => _templates[index];

    /// <summary>A set of templates, each under its name as address.</summary>
    /// <param name="templates">The templates.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">Two templates have the same address (name); see <see cref="Add(string, TemplateBuilder)"/>.</exception>
    public static TemplateSet Of([WireBuild] IEnumerable<TemplateBuilder> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var list = Empty._templates.ToBuilder();
        var index = Empty._byAddress.ToBuilder();
        var position = 0;
        foreach (var template in templates)
        {
            if (template is null)
            {
                throw new ArgumentException($"templates[{position.ToString(System.Globalization.CultureInfo.InvariantCulture)}] is null (counting from 0): leave it out.", nameof(templates));
            }

            position++;
            var desired = new DesiredTemplate(AddressOf(template, nameof(templates)), template);
            CheckFree(index, desired.Address, nameof(templates));
            list.Add(desired);
            index.Add(desired.Address, desired);
        }

        return new TemplateSet(list.ToImmutable(), index.ToImmutable());
    }

    /// <summary>A set of templates, each under its name as address.</summary>
    /// <param name="templates">The templates.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">Two templates have the same address (name); see <see cref="Add(string, TemplateBuilder)"/>.</exception>
    public static TemplateSet Of([WireBuild] params TemplateBuilder[] templates) => Of((IEnumerable<TemplateBuilder>)templates);

    /// <summary>Adds a template under its name as address. Appends; the set is unchanged.</summary>
    /// <param name="template">The template; it must have a name.</param>
    /// <returns>A new set.</returns>
    /// <exception cref="ArgumentException">The template has no name, or the set already has a template at this address.</exception>
    public TemplateSet Add([WireBuild] TemplateBuilder template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Added(AddressOf(template, nameof(template)), template, nameof(template));
    }

    /// <summary>A template's name, as its address.</summary>
    private static string AddressOf(TemplateBuilder template, string parameter)
    {
        if (string.IsNullOrWhiteSpace(template.Name))
        {
            throw new ArgumentException("A template of a set needs a name (Template.Named(..)): the name is its address in the set.", parameter);
        }

        return template.Name;
    }

    private static void CheckFree(IReadOnlyDictionary<string, DesiredTemplate> index, string address, string parameter)
    {
        if (index.ContainsKey(address))
        {
            throw new ArgumentException(
                $"The set already has a template at address '{address}'. Two templates of one set that share a name need explicit addresses: set.Add(\"{address}-a\", template).",
                parameter);
        }
    }

    /// <summary>Adds a template under an explicit address. Appends; the set is unchanged.</summary>
    /// <param name="address">
    /// The template's address in the set: keep it when renaming the template or moving it to another scope, so the plan
    /// updates or replaces the template it created before.
    /// </param>
    /// <param name="template">The template.</param>
    /// <returns>A new set.</returns>
    /// <exception cref="ArgumentException">The address is blank or already taken.</exception>
    public TemplateSet Add(string address, [WireBuild] TemplateBuilder template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentNullException.ThrowIfNull(template);
        return Added(address, template, nameof(address));
    }

    /// <summary>This set with the template at the address, which <paramref name="parameter"/> gave (named when it is taken).</summary>
    private TemplateSet Added(string address, TemplateBuilder template, string parameter)
    {
        CheckFree(_byAddress, address, parameter);
        var desired = new DesiredTemplate(address, template);
        return new TemplateSet(_templates.Add(desired), _byAddress.Add(address, desired));
    }

    /// <summary>The template at an address, or null.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The template, or null when the set has none at this address.</returns>
    public DesiredTemplate? Find(string address) => address is not null && _byAddress.TryGetValue(address, out var template) ? template : null;

    /// <summary>Enumerates the templates in the order they were added.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<DesiredTemplate> GetEnumerator() => ((IEnumerable<DesiredTemplate>)_templates).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One template of a <see cref="TemplateSet"/>: its address and its definition.</summary>
/// <param name="Address">The template's address in the set (its name unless given).</param>
/// <param name="Template">The template's definition.</param>
public sealed record DesiredTemplate(string Address, TemplateBuilder Template);
