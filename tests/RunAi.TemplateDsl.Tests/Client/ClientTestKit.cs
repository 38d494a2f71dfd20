using System.Collections.Concurrent;
using System.Net;
using Flurl.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Requests, clients and fakes shared by the client and emulator tests.</summary>
internal static class ClientTestKit
{
    public const string EnvironmentId = "7a3b9c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d";
    public const string ComputeId = "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    public const string PvcId = "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
    public const string ClusterA = "11111111-2222-4333-8444-555555555555";

    /// <summary>A valid creation request in a project scope (or the given scope).</summary>
    public static WorkloadTemplateCreationRequest Request(string name, Scope? scope = null, int? projectId = 42, string? departmentId = null, string? clusterId = null, WorkloadSupportedTypes? supports = null, string? description = null) => new()
    {
        Meta = new AssetCreationRequest
        {
            Name = name,
            Description = description,
            Scope = scope ?? Scope.Project,
            ProjectId = (scope ?? Scope.Project) == Scope.Project ? projectId : null,
            DepartmentId = departmentId,
            ClusterId = clusterId,
            WorkloadSupportedTypes = supports,
        },
        Spec = new SpecificRunCreationFields
        {
            Assets = new AssetsIds
            {
                Environment = EnvironmentId,
                Compute = ComputeId,
                Datasources = [new AssetIdAndKind { Id = PvcId, Kind = AssetKind.Pvc, Overrides = new DataSourceOverrides { ContainerPath = "/data" } }],
            },
            SpecificEnv = new SpecificRunParams { Command = "python train.py", Args = "--epochs 3" },

            // A template that declares distributed support carries its distributed section (RAI2001, RAI2004).
            Distributed = supports?.Distributed == true ? new InfoDistributed { NumWorkers = 2, DistFramework = supports.DistFramework } : null,
        },
    };

    /// <summary>The update request that sets a new description on a request's template.</summary>
    public static WorkloadTemplateUpdateRequest Update(WorkloadTemplateCreationRequest request, string description, string? name = null) => new()
    {
        Meta = new AssetUpdateRequest { Name = name ?? request.Meta.Name, Description = description },
        Spec = request.Spec,
    };

    /// <summary>Client options for the emulator with a static token and tiny retry delays.</summary>
    public static RunAiClientOptions Options(RunAiEmulator emulator, Action<RunAiClientOptions>? configure = null)
    {
        var options = new RunAiClientOptions
        {
            BaseUrl = emulator.BaseUrl,
            BearerToken = emulator.Token,
            RequestTimeout = TimeSpan.FromSeconds(10),
            MaxRetryAttempts = 4,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The client id of the credential tests' emulators and clients.</summary>
    public const string CredentialsClientId = "ci-bot";

    /// <summary>The token endpoint's path (spec/token-endpoints.openapi.json).</summary>
    public const string TokenPath = "/api/v1/token";

    /// <summary>A list answer with no templates.</summary>
    public const string EmptyList = """{"entries":[]}""";

    /// <summary>An emulator that exchanges <see cref="CredentialsClientId"/> and <paramref name="secret"/> for tokens.</summary>
    public static Task<RunAiEmulator> StartCredentialsEmulatorAsync(string secret, Action<RunAiEmulatorOptions>? configure = null) =>
        StartEmulatorAsync(o =>
        {
            o.ClientId = CredentialsClientId;
            o.ClientSecret = secret;
            configure?.Invoke(o);
        });

    /// <summary><see cref="Options"/> with client credentials (<see cref="CredentialsClientId"/>, <paramref name="secret"/>) instead of a static token.</summary>
    public static RunAiClientOptions CredentialsOptions(RunAiEmulator emulator, string secret, Action<RunAiClientOptions>? configure = null) =>
        Options(emulator, o =>
        {
            o.BearerToken = null;
            o.ClientId = CredentialsClientId;
            o.ClientSecret = secret;
            configure?.Invoke(o);
        });

    /// <summary>Client credentials (client id <c>ci</c>) for a <see cref="StubServer"/>, with tiny retry delays.</summary>
    public static RunAiClientOptions StubCredentials(string baseUrl, string secret, Action<RunAiClientOptions>? configure = null)
    {
        var options = new RunAiClientOptions { BaseUrl = baseUrl, ClientId = "ci", ClientSecret = secret, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) };
        configure?.Invoke(options);
        return options;
    }

    public static RunAiClient NewClient(RunAiEmulator emulator, Action<RunAiClientOptions>? configure = null, IFlurlClient? flurl = null, ILogger? logger = null) =>
        new(Options(emulator, configure), flurl, logger);

    public static RunAiEmulatorOptions EmulatorOptions(Action<RunAiEmulatorOptions>? configure = null)
    {
        var options = new RunAiEmulatorOptions();
        options.Assets.Add(new EmulatorAsset { Id = EnvironmentId, Name = "pytorch-env", Kind = AssetKind.Environment, ToolTypes = [ToolType.JupyterNotebook] });
        options.Assets.Add(new EmulatorAsset { Id = ComputeId, Name = "one-gpu", Kind = AssetKind.Compute });
        options.Assets.Add(new EmulatorAsset { Id = PvcId, Name = "datasets", Kind = AssetKind.Pvc });
        configure?.Invoke(options);
        return options;
    }

    public static Task<RunAiEmulator> StartEmulatorAsync(Action<RunAiEmulatorOptions>? configure = null) =>
        RunAiEmulator.StartAsync(EmulatorOptions(configure));
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>A logger that keeps every message, with its exception, scopes and structured values.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        Lines.Enqueue("scope: " + state);
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        Lines.Enqueue($"{logLevel} {eventId} {formatter(state, exception)} [{values}] {exception}");
    }
}

/// <summary>
/// A real HTTP server on 127.0.0.1 whose answers a test writes: for answers the emulator never gives (a token endpoint
/// that answers 400, a 2xx whose body does not fit the model). It records each request as "METHOD /path".
/// </summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Every request received, as "METHOD /path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<StubServer> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StubServer? server = null;
        app.Run(context =>
        {
            server!.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return answer(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new StubServer(app, address.TrimEnd('/'));
        return server;
    }

    /// <summary>Writes <paramref name="json"/> with <paramref name="status"/>.</summary>
    public static Task JsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
