using RunAi.TemplateDsl.Analysis;

namespace RunAi.TemplateDsl.Client;

/// <summary>Sends templates declared with the DSL: the rule catalog runs (<c>Build()</c>) before anything is sent.</summary>
public static class TemplateBuilderExtensions
{
    /// <summary>Builds the template and creates it (<c>POST</c>, 202).</summary>
    /// <param name="templates">The template operations of a <see cref="RunAiClient"/>.</param>
    /// <param name="template">The template declaration.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template as the server stored it.</returns>
    /// <exception cref="TemplateValidationException">The template breaks an error-severity rule; nothing was sent. Thrown when the returned task is awaited, like the other failures.</exception>
    /// <exception cref="TemplateAlreadyExistsException">A template with this name already exists in this scope.</exception>
    /// <exception cref="RunAiBadRequestException">The server rejected the request; <see cref="RunAiApiException.Error"/> lists why.</exception>
    /// <exception cref="RunAiException">Another typed failure (see <see cref="ITemplatesApi.CreateAsync"/>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="templates"/> or <paramref name="template"/> is null.</exception>
    public static Task<WorkloadTemplate> CreateAsync(this ITemplatesApi templates, [WireBuild] TemplateBuilder template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(template);
        return BuildAndCreateAsync(templates, template, cancellationToken);

        // The rule catalog's verdict is the task's, like any other failure of the call: a caller starting several creates
        // and awaiting them together observes every one of them, not an exception thrown while the others are under way.
        static async Task<WorkloadTemplate> BuildAndCreateAsync(ITemplatesApi templates, TemplateBuilder template, CancellationToken cancellationToken) =>
            await templates.CreateAsync(template.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the template's update request and replaces the template with it (<c>PUT</c>, 202).</summary>
    /// <param name="templates">The template operations of a <see cref="RunAiClient"/>.</param>
    /// <param name="id">The id of the template to update.</param>
    /// <param name="template">The template declaration; its scope is not sent (an update cannot move a template).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template as the server stored it.</returns>
    /// <exception cref="TemplateValidationException">The template breaks an error-severity rule; nothing was sent. Thrown when the returned task is awaited, like the other failures.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, white space, or only dots (which would address another path).</exception>
    /// <exception cref="RunAiNotFoundException">No template has this id.</exception>
    /// <exception cref="RunAiConflictException">The new name is taken in the template's scope.</exception>
    /// <exception cref="RunAiException">Another typed failure (see <see cref="ITemplatesApi.UpdateAsync"/>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="templates"/> or <paramref name="template"/> is null.</exception>
    public static Task<WorkloadTemplate> UpdateAsync(this ITemplatesApi templates, string id, [WireBuild(IsUpdate = true)] TemplateBuilder template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(template);
        _ = TemplatesApi.ItemPath(id);
        return BuildAndUpdateAsync(templates, id, template, cancellationToken);

        static async Task<WorkloadTemplate> BuildAndUpdateAsync(ITemplatesApi templates, string id, TemplateBuilder template, CancellationToken cancellationToken) =>
            await templates.UpdateAsync(id, template.BuildUpdate(), cancellationToken).ConfigureAwait(false);
    }
}
