using System.Globalization;
using System.Text.Json;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator.Storage;
using RunAi.TemplateDsl.Emulator.Validation;
using RunAi.TemplateDsl.Json;

namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>The five operations of the Workload Template API, the token endpoint and the bearer check.</summary>
internal sealed class TemplateEndpoints
{
    public const string CollectionPath = "/api/v1/asset/workload-template";
    public const string TokenPath = "/api/v1/token";
    private const string CallerKey = "RunAi.Emulator.Caller";
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    private readonly TemplateStore _store;
    private readonly TokenService _tokens;
    private readonly AssetTable _assets;
    private readonly Dictionary<int, EmulatorProject> _projects;
    private readonly EmulatorStatistics _statistics;
    private readonly TimeProvider _clock;
    private readonly int _tenantId;

    public TemplateEndpoints(RunAiEmulatorOptions options, TemplateStore store, TokenService tokens, AssetTable assets, EmulatorStatistics statistics)
    {
        _store = store;
        _tokens = tokens;
        _assets = assets;
        _statistics = statistics;
        _projects = options.Projects.ToDictionary(p => p.Id);
        _clock = options.TimeProvider;
        _tenantId = options.TenantId;
    }

    public void Map(WebApplication app, FaultInjection faults)
    {
        // Only requests addressed to this machine: the emulator listens on 127.0.0.1, but a web page whose name its site
        // re-resolves to 127.0.0.1 (DNS rebinding) sends the browser's requests here as its own, same-origin, with the
        // documented dev-token. A browser always names the site in Host; a request without one is no browser's.
        app.Use((context, next) => IsLocalHost(context.Request.Host)
            ? next(context)
            : ApiResults.ErrorAsync(context, 400, "Bad request", $"Host '{context.Request.Host.Host}' is not this emulator's address: it answers requests to 127.0.0.1, [::1], localhost and names under localhost only."));

        // Paths are case-sensitive (RFC 3986; only the scheme and host are not), as behind the control plane's ingress:
        // ASP.NET's routing is not, so a miscased path of the API is answered here, before the bearer check.
        app.Use((context, next) => IsMiscased(context.Request.Path)
            ? ApiResults.ErrorAsync(context, 404, "Not found", $"No route for {context.Request.Method} {context.Request.Path}: paths are case-sensitive ({CollectionPath}, {TokenPath}).")
            : next(context));

        // Template operations: faults first (a 503 is answered before anything is processed), then the bearer check.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api/v1/asset", StringComparison.Ordinal),
            branch =>
            {
                branch.Use(faults.InvokeAsync);
                branch.Use(AuthenticateAsync);
            });

        app.MapPost(TokenPath, IssueTokenAsync);
        // GET and HEAD (RFC 9110 §9.1: a general-purpose server supports both; Kestrel sends no body for a HEAD).
        app.MapMethods(CollectionPath, ReadMethods, ListAsync);
        app.MapPost(CollectionPath, CreateAsync);
        app.MapMethods(CollectionPath + "/{id}", ReadMethods, GetAsync);
        app.MapPut(CollectionPath + "/{id}", UpdateAsync);
        app.MapDelete(CollectionPath + "/{id}", DeleteAsync);
        // "{*path}", not MapFallback's default "{*path:nonfile}": a path that looks like a file name gets the Error body too.
        app.MapFallback("{*path}", context =>
        {
            // A method the path takes that still reached the fallback (a path routing did not match after all): no 405
            // that names the method it refuses among those it takes.
            if (AllowedMethods(context.Request.Path) is not { } allowed || allowed.Split(", ").Contains(context.Request.Method, StringComparer.Ordinal))
            {
                return ApiResults.ErrorAsync(context, 404, "Not found", $"No route for {context.Request.Method} {context.Request.Path}.");
            }

            // The path is the API's, the method is not (RFC 9110 §15.5.6: 405 with the methods it takes).
            context.Response.Headers.Allow = allowed;
            return ApiResults.ErrorAsync(context, 405, "Method not allowed", $"{context.Request.Path} takes {allowed}, not {context.Request.Method}.");
        });
    }

    /// <summary>The methods a path of the API takes (as the Allow header writes them), or null for a path it does not have.</summary>
    private static string? AllowedMethods(PathString path)
    {
        // One trailing slash, as routing takes one (…/workload-template// is no path of the API).
        var text = path.Value ?? string.Empty;
        text = text.EndsWith('/') ? text[..^1] : text;
        if (text == CollectionPath)
        {
            return "GET, HEAD, POST";
        }

        if (text == TokenPath)
        {
            return "POST";
        }

        return text.StartsWith(CollectionPath + "/", StringComparison.Ordinal) && text.IndexOf('/', CollectionPath.Length + 1) < 0
            ? "GET, HEAD, PUT, DELETE"
            : null;
    }

    /// <summary>Whether a request's Host names this machine's loopback: 127.0.0.1, [::1], localhost or a name under it (RFC 6761), or none at all.</summary>
    private static bool IsLocalHost(HostString host) =>
        !host.HasValue
        || host.Host is "127.0.0.1" or "[::1]" or "::1"
        || host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var caller = _tokens.Authenticate(context.Request.Headers.Authorization);
        if (caller is null)
        {
            _statistics.Unauthenticated();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiResults.ErrorAsync(context, 401, "Unauthorized", "A valid bearer token is required.").ConfigureAwait(false);
            return;
        }

        var method = context.Request.Method;
        if (!caller.CanWrite && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method))
        {
            _statistics.Denied();
            await ApiResults.ErrorAsync(context, 403, "Forbidden", "This token may read templates but not change them.").ConfigureAwait(false);
            return;
        }

        context.Items[CallerKey] = caller;
        await next(context).ConfigureAwait(false);
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        if (!await IsJsonAsync(context).ConfigureAwait(false))
        {
            return;
        }

        TokenRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, StrictTokenJsonContext.Default.TokenRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            // In the body's terms: the reader's message names CLR types (System.String, TokenRequest).
            await ApiResults.ErrorAsync(context, 400, "Invalid token request.", $"{e.Path ?? "$"}: the body is not a token request: {{\"grantType\": \"client_credentials\", \"clientID\": text, \"clientSecret\": text}}.").ConfigureAwait(false);
            return;
        }

        if (request?.GrantType != TokenRequest.ClientCredentialsGrant)
        {
            await ApiResults.ErrorAsync(context, 400, "Unsupported grant type.", "The emulator supports grantType client_credentials.").ConfigureAwait(false);
            return;
        }

        if (request.ClientId is null || request.ClientSecret is null)
        {
            _statistics.BadRequest();
            await ApiResults.ErrorAsync(context, 400, "Invalid token request.", $"{(request.ClientId is null ? "clientID" : "clientSecret")}: required with grantType client_credentials.").ConfigureAwait(false);
            return;
        }

        // 400, not 401: the spec of POST /api/v1/token answers 200, 400, 500 or 503, and nothing else.
        var answer = _tokens.Issue(request);
        if (answer is null)
        {
            _statistics.BadRequest();
            await ApiResults.ErrorAsync(context, 400, "Invalid client credentials.", "clientID, clientSecret: not the client credentials this emulator accepts.").ConfigureAwait(false);
            return;
        }

        _statistics.TokenIssued();
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = 200;
        await context.Response.WriteAsJsonAsync(answer, TokenJsonContext.Default.TokenResponse, "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context)
    {
        var q = OrdinalQuery(context.Request.QueryString);
        var errors = new List<string>();
        var query = new TemplateQuery
        {
            Name = Text(q, "name", errors),
            Scope = Text(q, "scope", errors),
            ProjectId = Integer(q, "projectId", errors),
            DepartmentId = Text(q, "departmentId", errors),
            ClusterId = Text(q, "clusterId", errors),
            DistributedFramework = Text(q, "distributedFramework", errors),
            IsDistributed = Boolean(q, "isDistributed", errors),
            IsTraining = Boolean(q, "isTraining", errors),
            IsWorkspace = Boolean(q, "isWorkspace", errors),
        };
        if (query.Scope is { } scope && (scope == Scope.System.Value || !new Scope(scope).IsKnown))
        {
            errors.Add($"scope: '{scope}' is not one of tenant, cluster, department, project");
        }

        // As meta.clusterId is judged (RAI0006): 8-4-4-4-12 hex digits, without braces, spaces or another layout.
        if (query.ClusterId is { } clusterId && !(clusterId.Length == 36 && Guid.TryParseExact(clusterId, "D", out _)))
        {
            errors.Add($"clusterId: '{clusterId}' is not a UUID (8-4-4-4-12 hex digits)");
        }

        if (errors.Count > 0)
        {
            _statistics.BadRequest();
            await ApiResults.ErrorAsync(context, 400, "Invalid query parameters.", string.Join("\n", errors)).ConfigureAwait(false);
            return;
        }

        // The hierarchy above a project or department, where the emulator knows it.
        if (query.ProjectId is { } projectId && _projects.TryGetValue(projectId, out var project))
        {
            query = query with { ProjectDepartmentId = project.DepartmentId, ParentClusterId = project.ClusterId };
        }
        else if (query.DepartmentId is { } departmentId)
        {
            query = query with { ParentClusterId = _projects.Values.FirstOrDefault(p => p.DepartmentId == departmentId && p.ClusterId is not null)?.ClusterId };
        }

        var entries = await _store.ListAsync(query, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.JsonAsync(context, 200, new WorkloadTemplateListResponse { Entries = entries }, TemplateJsonContext.Default.WorkloadTemplateListResponse).ConfigureAwait(false);
    }

    private async Task CreateAsync(HttpContext context)
    {
        var request = await ReadAsync<WorkloadTemplateCreationRequest>(context).ConfigureAwait(false);
        if (request is null || !await FitsSchemaAsync(context, request.Meta.WorkloadSupportedTypes, request.Spec).ConfigureAwait(false) || !await AcceptAsync(context, TemplateRules.Check(request)).ConfigureAwait(false))
        {
            return;
        }

        var meta = request.Meta;
        if (!meta.Scope.IsKnown)
        {
            _statistics.BadRequest();
            await ApiResults.ErrorAsync(context, 400, "Invalid scope.", $"meta.scope: '{meta.Scope.Value}' is not one of system, tenant, cluster, department, project.").ConfigureAwait(false);
            return;
        }

        var unknown = new List<string>();
        var assets = ResolveAssets(request.Spec, unknown);
        if (!await AssetsKnownAsync(context, unknown).ConfigureAwait(false))
        {
            return;
        }

        var caller = (Caller)context.Items[CallerKey]!;
        var now = Now();
        var template = new WorkloadTemplate
        {
            Meta = new AssetMeta
            {
                Id = Guid.NewGuid().ToString(),
                Kind = AssetKind.WorkloadTemplate,
                Name = meta.Name,
                Description = meta.Description,
                Scope = meta.Scope,
                ClusterId = meta.ClusterId,
                DepartmentId = meta.DepartmentId,
                ProjectId = meta.ProjectId,
                AutoDelete = meta.AutoDelete,
                WorkloadSupportedTypes = meta.WorkloadSupportedTypes,
                Private = meta.Private,
                TenantId = _tenantId,
                CreatedBy = caller.User,
                CreatedAt = now,
                UpdatedBy = caller.User,
                UpdatedAt = now,
                ProjectName = ProjectNameOf(meta.Scope, meta.ProjectId),
                UpdateCount = 0,
            },
            Spec = new SpecificRunInfoFields
            {
                Assets = assets,
                SpecificEnv = request.Spec.SpecificEnv,
                Distributed = request.Spec.Distributed,
                AdditionalProperties = request.Spec.AdditionalProperties,
            },
        };

        if (await _store.InsertAsync(template, CancellationToken.None).ConfigureAwait(false) == WriteOutcome.Conflict)
        {
            _statistics.Conflict();
            await ApiResults.ErrorAsync(context, 409, "The specified resource already exists", $"A workload template named '{meta.Name}' already exists in {Describe(template.Meta)}.").ConfigureAwait(false);
            return;
        }

        _statistics.TemplateCreated();
        await ApiResults.JsonAsync(context, 202, template, TemplateJsonContext.Default.WorkloadTemplate).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context)
    {
        var id = RouteId(context);
        var template = await _store.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (template is null)
        {
            await NotFoundAsync(context, id).ConfigureAwait(false);
            return;
        }

        await ApiResults.JsonAsync(context, 200, template, TemplateJsonContext.Default.WorkloadTemplate).ConfigureAwait(false);
    }

    private async Task UpdateAsync(HttpContext context)
    {
        var id = RouteId(context);
        var request = await ReadAsync<WorkloadTemplateUpdateRequest>(context).ConfigureAwait(false);
        if (request is null || !await FitsSchemaAsync(context, null, request.Spec).ConfigureAwait(false) || !await AcceptAsync(context, TemplateRules.Check(request)).ConfigureAwait(false))
        {
            return;
        }

        var unknown = new List<string>();
        var assets = ResolveAssets(request.Spec, unknown);
        if (!await AssetsKnownAsync(context, unknown).ConfigureAwait(false))
        {
            return;
        }

        var caller = (Caller)context.Items[CallerKey]!;
        var now = Now();

        // The update schema has the name, the description and the spec: nothing else of the stored template changes.
        // The merged template is judged whole before it is written, under the store's lock: the stored metadata
        // (scope, supported types) may forbid the new spec, e.g. a distributed template without spec.distributed.
        IReadOnlyList<RuleFinding> findings = [];
        var (outcome, updated) = await _store.UpdateAsync(
            id,
            existing =>
            {
                existing.Meta.Name = request.Meta.Name;
                existing.Meta.Description = request.Meta.Description;
                existing.Meta.UpdatedBy = caller.User;
                existing.Meta.UpdatedAt = now;
                existing.Meta.UpdateCount = (existing.Meta.UpdateCount ?? 0) + 1;
                existing.Spec = new SpecificRunInfoFields
                {
                    Assets = assets,
                    SpecificEnv = request.Spec.SpecificEnv,
                    Distributed = request.Spec.Distributed,
                    AdditionalProperties = request.Spec.AdditionalProperties,
                };
                findings = TemplateRules.Check(existing);
                return findings.Count == 0 ? existing : null;
            },
            CancellationToken.None).ConfigureAwait(false);

        switch (outcome)
        {
            case WriteOutcome.NotFound:
                await NotFoundAsync(context, id).ConfigureAwait(false);
                return;
            case WriteOutcome.Rejected:
                await AcceptAsync(context, findings).ConfigureAwait(false);
                return;
            case WriteOutcome.Conflict:
                _statistics.Conflict();
                await ApiResults.ErrorAsync(context, 409, "The specified resource already exists", $"Another workload template in the same scope is named '{request.Meta.Name}'.").ConfigureAwait(false);
                return;
            default:
                _statistics.TemplateUpdated();
                await ApiResults.JsonAsync(context, 202, updated!, TemplateJsonContext.Default.WorkloadTemplate).ConfigureAwait(false);
                return;
        }
    }

    private async Task DeleteAsync(HttpContext context)
    {
        var id = RouteId(context);
        if (await _store.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false) == WriteOutcome.NotFound)
        {
            await NotFoundAsync(context, id).ConfigureAwait(false);
            return;
        }

        _statistics.TemplateDeleted();
        await ApiResults.JsonAsync(context, 202, new ApiResponse { Code = 202, Message = $"Workload template {id} deleted." }, TemplateJsonContext.Default.ApiResponse).ConfigureAwait(false);
    }

    private async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        if (!await IsJsonAsync(context).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            return await TemplateJson.DeserializeAsync<T>(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (TemplateJsonException e)
        {
            _statistics.BadRequest();
            await ApiResults.ErrorAsync(context, 400, "The request body does not fit the schema.", e.Message).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// Whether the body is declared JSON, the only content the spec's request bodies have (<c>application/json</c>, or a
    /// <c>+json</c> type); otherwise answers 415 with the Error body, so a client that forgets its Content-Type is told
    /// here and not by the control plane.
    /// </summary>
    private async Task<bool> IsJsonAsync(HttpContext context)
    {
        if (context.Request.HasJsonContentType())
        {
            return true;
        }

        _statistics.BadRequest();
        var sent = context.Request.ContentType is { Length: > 0 } type ? $"as '{type}'" : "without a Content-Type";
        await ApiResults.ErrorAsync(context, 415, "Unsupported Media Type", $"The request body must be sent as application/json; it was sent {sent}.").ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// The spec's asset references, and the master's (replaced in <paramref name="spec"/>), named from the asset table;
    /// with strict assets, unknown ids are added to <paramref name="unknown"/>.
    /// </summary>
    private AssetsRef ResolveAssets(SpecificRunCreationFields spec, List<string> unknown)
    {
        var assets = _assets.Resolve(spec.Assets, unknown);
        if (spec.Distributed?.Master is { } master)
        {
            master.Assets = _assets.ResolveRefs(master.Assets, "spec.distributed.master.assets", unknown);
        }

        return assets;
    }

    /// <summary>A list item the emulator reads member by member must not be null (the reader lets <c>[null]</c> through).</summary>
    private Task<bool> FitsSchemaAsync(HttpContext context, WorkloadSupportedTypes? types, SpecificRunCreationFields spec) =>
        NothingToRejectAsync(context, "The request body does not fit the schema.", SchemaCheck.Problems(types, spec));

    private Task<bool> AcceptAsync(HttpContext context, IReadOnlyList<RuleFinding> findings) =>
        NothingToRejectAsync(context, "The template breaks the rule catalog.", findings);

    private Task<bool> AssetsKnownAsync(HttpContext context, List<string> unknown) =>
        NothingToRejectAsync(context, "Unknown assets.", unknown);

    /// <summary>True when there is nothing to reject; otherwise answers 400 with one line of details per reason.</summary>
    private async Task<bool> NothingToRejectAsync<T>(HttpContext context, string message, IReadOnlyList<T> reasons)
    {
        if (reasons.Count == 0)
        {
            return true;
        }

        _statistics.BadRequest();
        await ApiResults.ErrorAsync(context, 400, message, string.Join("\n", reasons)).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// The template id of the path. Ids are UUIDs (<c>format: uuid</c>): any spelling of one names the same template, as
    /// it would in the control plane, so the id is read in the lower-case form the emulator gives ids.
    /// </summary>
    private static string RouteId(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        return Guid.TryParse(id, out var uuid) ? uuid.ToString("D") : id;
    }

    private static Task NotFoundAsync(HttpContext context, string id) =>
        ApiResults.ErrorAsync(context, 404, "The specified resource was not found", $"No workload template with id '{id}'.");

    private DateTimeOffset Now()
    {
        // Milliseconds, as the control plane stores them.
        var now = _clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private string? ProjectNameOf(Scope scope, int? projectId) =>
        scope != Scope.Project || projectId is not { } id ? null
        : _projects.TryGetValue(id, out var project) ? project.Name
        : "project-" + id.ToString(CultureInfo.InvariantCulture);

    private static string Describe(AssetMeta meta) =>
        TemplateStore.ScopeIdOf(meta) is { Length: > 0 } scopeId ? $"{meta.Scope.Value} {scopeId}" : $"the {meta.Scope.Value} scope";

    /// <summary>
    /// The query's parameters by their exact names, each with its values in order (form-decoded: <c>%xx</c> and
    /// <c>+</c>). Parameter names are case-sensitive (OpenAPI 3.0.3, Parameter Object); ASP.NET's
    /// <see cref="IQueryCollection"/> merges names that differ only in case, so <c>?name=a&amp;Name=b</c> read through it
    /// dropped the filter that was spelled right.
    /// </summary>
    private static Dictionary<string, List<string>> OrdinalQuery(QueryString queryString)
    {
        var parameters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var text = queryString.Value.AsSpan();
        if (text.StartsWith("?"))
        {
            text = text[1..];
        }

        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        return parameters;

        static string Decode(ReadOnlySpan<char> part) => Uri.UnescapeDataString(part.ToString().Replace('+', ' '));
    }

    /// <summary>
    /// The value of a query parameter, or null when it is missing or empty. Parameter names are case-sensitive
    /// (<see cref="OrdinalQuery"/>): <c>projectID</c> is not <c>projectId</c> but an unknown parameter, ignored as the
    /// control plane ignores it. A parameter given more than once is an error: each takes one value (the spec's are not
    /// arrays), and which one counted would depend on order.
    /// </summary>
    private static string? Text(Dictionary<string, List<string>> query, string name, List<string> errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors.Add($"{name}: given {values.Count} times; give it once");
            return null;
        }

        return values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }

    private static bool IsMiscased(PathString path) =>
        (path.StartsWithSegments(CollectionPath, StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(CollectionPath, StringComparison.Ordinal))
        || (path.StartsWithSegments(TokenPath, StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(TokenPath, StringComparison.Ordinal));

    private static int? Integer(Dictionary<string, List<string>> query, string name, List<string> errors)
    {
        var text = Text(query, name, errors);
        if (text is null)
        {
            return null;
        }

        // Digits with an optional minus, as JSON writes an integer (no spaces, no '+').
        if (text[0] != '+' && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{name}: '{text}' is not an integer");
        return null;
    }

    private static bool? Boolean(Dictionary<string, List<string>> query, string name, List<string> errors)
    {
        var text = Text(query, name, errors);
        if (text is null)
        {
            return null;
        }

        // As JSON writes a boolean: bool.TryParse would take "True" and " true " too.
        if (text is "true" or "false")
        {
            return text == "true";
        }

        errors.Add($"{name}: '{text}' is not true or false");
        return null;
    }
}
