using RunAi.TemplateDsl.Client;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>The real API over HTTP, with a fault of the test's in place of its create or delete.</summary>
internal sealed class FaultyApi(
    ITemplatesApi inner,
    Func<WorkloadTemplateCreationRequest, CancellationToken, Task<WorkloadTemplate>>? create = null,
    Func<string, CancellationToken, Task<ApiResponse>>? delete = null) : ITemplatesApi
{
    /// <summary>The real API, except that every create's answer is lost: the template is made, the caller gets a timeout.</summary>
    public static FaultyApi CreatesLoseTheirAnswer(ITemplatesApi inner) => new(inner, create: async (request, ct) =>
    {
        await inner.CreateAsync(request, ct);
        throw new RunAiTransportException(true, "POST", "api/v1/asset/workload-template", null);
    });

    public Task<IReadOnlyList<WorkloadTemplate>> ListAsync(TemplateFilter? filter = null, CancellationToken cancellationToken = default) => inner.ListAsync(filter, cancellationToken);

    public Task<WorkloadTemplate> CreateAsync(WorkloadTemplateCreationRequest request, CancellationToken cancellationToken = default) =>
        create is null ? inner.CreateAsync(request, cancellationToken) : create(request, cancellationToken);

    public Task<WorkloadTemplate> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<WorkloadTemplate> UpdateAsync(string id, WorkloadTemplateUpdateRequest request, CancellationToken cancellationToken = default) => inner.UpdateAsync(id, request, cancellationToken);

    public Task<ApiResponse> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        delete is null ? inner.DeleteAsync(id, cancellationToken) : delete(id, cancellationToken);
}
