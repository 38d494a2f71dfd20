namespace RunAi.TemplateDsl.Client;

/// <summary>The five operations of the Workload Template API (<c>/api/v1/asset/workload-template</c>).</summary>
/// <remarks>
/// Reads, updates and deletes are retried on 429, 502, 503, 504, dropped connections and timeouts. A create is never
/// sent again blindly: after a failure whose effect is unknown the client looks the template up by scope and name and
/// returns it when it matches the request, so a create happens at most once. A 409 to a create that an earlier attempt
/// of the same call failed (even with a 503, which a gateway may send after forwarding) is checked the same way.
/// Every failure is a <see cref="RunAiException"/>; a success status whose body does not fit the model is a
/// <see cref="RunAiUnreadableResponseException"/>, which is not retried.
/// </remarks>
public interface ITemplatesApi
{
    /// <summary>Lists the templates that match a filter (<c>GET</c>, 200).</summary>
    /// <param name="filter">The filter; null lists all templates the caller can see.</param>
    /// <param name="cancellationToken">Cancels the call, including waits between retries.</param>
    /// <returns>The matching templates.</returns>
    /// <exception cref="RunAiException">A typed failure: <see cref="RunAiUnauthorizedException"/>, <see cref="RunAiForbiddenException"/>, <see cref="RunAiServiceUnavailableException"/>, ….</exception>
    Task<IReadOnlyList<WorkloadTemplate>> ListAsync(TemplateFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a template (<c>POST</c>, 202 with the created template).</summary>
    /// <param name="request">The template to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template as the server stored it, with its id and read-only metadata.</returns>
    /// <exception cref="TemplateAlreadyExistsException">A template with this name already exists in this scope.</exception>
    /// <exception cref="RunAiBadRequestException">The server rejected the request; <see cref="RunAiApiException.Error"/> lists why.</exception>
    Task<WorkloadTemplate> CreateAsync(WorkloadTemplateCreationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads one template (<c>GET</c>, 200).</summary>
    /// <param name="id">The template id (UUID).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, white space, or only dots (which would address another path).</exception>
    /// <exception cref="RunAiNotFoundException">No template has this id.</exception>
    Task<WorkloadTemplate> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces a template's name, description and spec (<c>PUT</c>, 202 with the updated template). The scope cannot change.</summary>
    /// <param name="id">The template id (UUID).</param>
    /// <param name="request">The new state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template as the server stored it.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, white space, or only dots (which would address another path).</exception>
    /// <exception cref="RunAiNotFoundException">No template has this id.</exception>
    /// <exception cref="RunAiConflictException">The new name is taken in the template's scope.</exception>
    Task<WorkloadTemplate> UpdateAsync(string id, WorkloadTemplateUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a template (<c>DELETE</c>, 202 with the spec's <c>HttpResponse</c> body).</summary>
    /// <param name="id">The template id (UUID).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The server's answer. When an earlier attempt may have deleted the template (its answer was lost, or a gateway
    /// answered 502/504; see <see cref="RunAiException.MayHaveBeenProcessed"/>) and the retry finds the template gone,
    /// the delete counts as done and the answer is one the client makes: code 202 with a message saying so.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, white space, or only dots (which would address another path).</exception>
    /// <exception cref="RunAiNotFoundException">No template has this id, and no earlier attempt can have deleted it.</exception>
    Task<ApiResponse> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
