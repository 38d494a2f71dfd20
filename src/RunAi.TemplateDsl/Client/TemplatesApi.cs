using System.Globalization;
using Flurl.Http;
using Microsoft.Extensions.Logging;

namespace RunAi.TemplateDsl.Client;

/// <summary>The Workload Template API over an <see cref="ApiTransport"/>.</summary>
internal sealed partial class TemplatesApi : ITemplatesApi
{
    internal const string CollectionPath = "api/v1/asset/workload-template";

    private readonly ApiTransport _transport;
    private readonly ILogger _logger;

    public TemplatesApi(ApiTransport transport, ILogger logger)
    {
        _transport = transport;
        _logger = logger;
    }

    public async Task<IReadOnlyList<WorkloadTemplate>> ListAsync(TemplateFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var answer = await _transport.RunAsync(
            "list",
            default,
            static (state, ct) => state.Api.ListOnceAsync(state.Filter, ct),
            (Api: this, Filter: filter),
            cancellationToken).ConfigureAwait(false);
        return answer.Entries;
    }

    public Task<WorkloadTemplate> CreateAsync(WorkloadTemplateCreationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Meta);
        return _transport.RunAsync("create", new("runai.template.name", request.Meta.Name), static (attempt, ct) => attempt.RunAsync(ct), new CreateAttempt(this, request), cancellationToken);
    }

    public Task<WorkloadTemplate> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.RunAsync(
            "get",
            new("runai.template.id", id),
            static (state, ct) => state.Transport.SendOnceAsync<WorkloadTemplate>(HttpMethod.Get, state.Path, null, null, ct),
            (Transport: _transport, Path: ItemPath(id)),
            cancellationToken);

    public Task<WorkloadTemplate> UpdateAsync(string id, WorkloadTemplateUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // PUT sets a state: repeating it after a lost answer sets the same state again.
        return _transport.RunAsync(
            "update",
            new("runai.template.id", id),
            static (state, ct) => state.Transport.SendOnceAsync<WorkloadTemplate>(HttpMethod.Put, state.Path, state.Request, null, ct),
            (Transport: _transport, Path: ItemPath(id), Request: TemplateJson.SerializeToUtf8Bytes(request)),
            cancellationToken);
    }

    public Task<ApiResponse> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.RunAsync("delete", new("runai.template.id", id), static (attempt, ct) => attempt.RunAsync(ct), new DeleteAttempt(_transport, ItemPath(id)), cancellationToken);

    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, white space, or only dots.</exception>
    internal static string ItemPath(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);

        // "." and ".." are dot segments, which URIs remove (EscapeDataString leaves dots as they are): ".." would send
        // DELETE .../workload-template/.. as DELETE api/v1/asset/. No template id (a UUID) is only dots.
        if (id.AsSpan().TrimStart('.').IsEmpty)
        {
            throw new ArgumentException($"'{id}' is not a template id: an id of only dots would address another path.", nameof(id));
        }

        return CollectionPath + "/" + Uri.EscapeDataString(id);
    }

    private Task<WorkloadTemplateListResponse> ListOnceAsync(TemplateFilter? filter, CancellationToken cancellationToken) =>
        _transport.SendOnceAsync<WorkloadTemplateListResponse>(
            HttpMethod.Get,
            CollectionPath,
            null,
            request =>
            {
                // A list grows with the tenant: it is the one answer worth compressing.
                ApiTransport.AcceptCompressed(request);
                if (filter is null)
                {
                    return;
                }

                foreach (var (name, value) in filter.ToQuery())
                {
                    request.SetQueryParam(name, value);
                }
            },
            cancellationToken);

    /// <summary>The template with the request's scope, scope id and name, if there is one (one GET, not retried here).</summary>
    private async Task<WorkloadTemplate?> FindAsync(AssetCreationRequest meta, CancellationToken cancellationToken)
    {
        var key = AsCode.TemplateKey.Of(meta);
        var filter = new TemplateFilter
        {
            Name = meta.Name,
            // The list filter knows tenant, cluster, department and project only; a template of any other scope (system)
            // is found by name and the exact comparison below.
            Scope = IsFilterable(meta.Scope) ? meta.Scope : null,
            ProjectId = meta.Scope == Scope.Project ? meta.ProjectId : null,
            DepartmentId = meta.Scope == Scope.Department ? meta.DepartmentId : null,
            ClusterId = meta.Scope == Scope.Cluster ? meta.ClusterId : null,
        };
        var answer = await ListOnceAsync(filter, cancellationToken).ConfigureAwait(false);
        foreach (var template in answer.Entries)
        {
            // By key: two spellings of one cluster id are one scope, as they are to the server.
            if (AsCode.TemplateKey.Of(template.Meta).Equals(key))
            {
                return template;
            }
        }

        return null;
    }

    private static bool IsFilterable(Scope scope) => scope == Scope.Tenant || scope == Scope.Cluster || scope == Scope.Department || scope == Scope.Project;

    /// <summary>The name is taken: <paramref name="cause"/> is the 409, or null when the template was found by a look-up and no 409 came.</summary>
    private static TemplateAlreadyExistsException AlreadyExists(AssetCreationRequest meta, RunAiApiException? cause) =>
        new(meta.Name, meta.Scope, AsCode.TemplateKey.ScopeIdOf(meta.Scope, meta.ProjectId, meta.DepartmentId, meta.ClusterId), cause?.Error, "POST", CollectionPath, answered409: cause is not null);

    /// <summary>One create, across its retries: remembers whether an earlier attempt failed, and whether it may have reached the server.</summary>
    private sealed class CreateAttempt(TemplatesApi api, WorkloadTemplateCreationRequest request)
    {
        private readonly byte[] _body = TemplateJson.SerializeToUtf8Bytes(request);

        /// <summary>An earlier POST failed without a clear answer: look the template up before sending again.</summary>
        private bool _ambiguous;

        /// <summary>
        /// An earlier POST failed transiently, whatever its answer: a 409 now may be that POST's own template. Even a 503
        /// says "not done" only for the server that wrote it; a gateway may answer 503 after forwarding the create.
        /// </summary>
        private bool _failedBefore;

        public async Task<WorkloadTemplate> RunAsync(CancellationToken cancellationToken)
        {
            var meta = request.Meta;
            if (_ambiguous)
            {
                // An earlier attempt failed without a clear answer: it may have created the template. Look before sending again.
                var existing = await api.FindAsync(meta, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    return Adopt(existing, null);
                }
            }

            try
            {
                return await api._transport.SendOnceAsync<WorkloadTemplate>(HttpMethod.Post, CollectionPath, _body, null, cancellationToken).ConfigureAwait(false);
            }
            catch (RunAiException e) when (e.IsTransient)
            {
                _failedBefore |= IsCall(e, HttpMethod.Post, CollectionPath);

                // Only a failure of this POST that the server may have acted on makes the next attempt look first: a
                // 429/503 answer, or a failed token exchange, says the template was (most likely) not created.
                if (ReachedServer(e, HttpMethod.Post, CollectionPath))
                {
                    _ambiguous = true;
                    Log.CreateAmbiguous(api._logger, meta.Name, meta.Scope.Value, e is RunAiApiException status ? status.StatusCode.ToString(CultureInfo.InvariantCulture) : "no answer");
                }

                throw;
            }
            catch (RunAiConflictException conflict) when (_failedBefore)
            {
                // The name is taken, possibly by our own earlier attempt: one whose answer was lost, that is still being
                // processed, or that a gateway forwarded before answering 503.
                var existing = await api.FindAsync(meta, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    return Adopt(existing, conflict);
                }

                throw AlreadyExists(meta, conflict);
            }
            catch (RunAiConflictException conflict)
            {
                // No earlier POST of this create failed: the template that holds the name is not one it made.
                throw new TemplateAlreadyExistsException(meta.Name, meta.Scope, AsCode.TemplateKey.ScopeIdOf(meta.Scope, meta.ProjectId, meta.DepartmentId, meta.ClusterId), conflict.Error, "POST", CollectionPath)
                {
                    CreatedNothing = true,
                };
            }
        }

        /// <summary>
        /// Takes a template found at the create's scope and name as this create's own, after an attempt whose answer was
        /// lost, when it is the same template in the sense of a plan (<see cref="AsCode.TemplateDiff"/>): no member
        /// differs, except the spec's defaults (false), the names the server gives asset references, the spelling of a
        /// cluster id and members the model does not know. A template with more than the request asked for (a
        /// colleague's, made with a priority class, say) is not this create's, however much of it agrees.
        /// </summary>
        private WorkloadTemplate Adopt(WorkloadTemplate existing, RunAiApiException? conflict)
        {
            if (AsCode.TemplateDiff.Between(existing.ToCreationRequest(), request).Count != 0)
            {
                throw AlreadyExists(request.Meta, conflict);
            }

            Log.CreateFoundExisting(api._logger, request.Meta.Name, request.Meta.Scope.Value, existing.Meta.Id);
            return existing;
        }
    }

    /// <summary>Whether a failed call is this very call (not the token exchange before it) and the server may have carried it out.</summary>
    private static bool ReachedServer(RunAiException failure, HttpMethod method, string path) =>
        failure.MayHaveBeenProcessed && IsCall(failure, method, path);

    /// <summary>Whether a failure is of this very call, not of the token exchange before it.</summary>
    private static bool IsCall(RunAiException failure, HttpMethod method, string path) =>
        string.Equals(failure.Method, method.Method, StringComparison.Ordinal)
        && string.Equals(failure.RequestPath, path, StringComparison.Ordinal);

    /// <summary>One delete, across its retries: a 404 after a lost answer means the earlier attempt did it.</summary>
    private sealed class DeleteAttempt(ApiTransport transport, string path)
    {
        private bool _mayHaveDeleted;

        public async Task<ApiResponse> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await transport.SendOnceAsync<ApiResponse>(HttpMethod.Delete, path, null, null, cancellationToken).ConfigureAwait(false);
            }
            catch (RunAiException e) when (e.IsTransient)
            {
                // A 404 later means "done by an earlier attempt" only if that attempt may have reached the server.
                _mayHaveDeleted |= ReachedServer(e, HttpMethod.Delete, path);
                throw;
            }
            catch (RunAiNotFoundException) when (_mayHaveDeleted)
            {
                return new ApiResponse { Code = 202, Message = "The template is gone: an earlier attempt whose answer was lost deleted it." };
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Create of template {Name} in scope {Scope} failed ({Failure}); the template will be looked up before the request is sent again")]
        public static partial void CreateAmbiguous(ILogger logger, string name, string scope, string failure);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Template {Name} in scope {Scope} was created by an earlier attempt (id {Id}); not sending the create again")]
        public static partial void CreateFoundExisting(ILogger logger, string name, string scope, string id);
    }
}
