using System.Net.Http.Headers;
using Flurl.Http;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// Keeps the bearer token out of Flurl's call records and out of the event handlers of an injected Flurl client:
/// the header is put on the request message by the request's own BeforeCall handler (which Flurl runs after the
/// client's) and removed by a handler inserted first in the client's AfterCall and OnError lists.
/// </summary>
internal sealed class TokenScrubber : FlurlEventHandler
{
    private static readonly HttpRequestOptionsKey<bool> Marker = new("RunAi.TemplateDsl.BearerAttached");
    private static readonly TokenScrubber Instance = new();

    /// <summary>Puts the token on the message and marks the message as carrying the client's token.</summary>
    public static void Attach(HttpRequestMessage? message, string token)
    {
        if (message is null)
        {
            return;
        }

        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Options.Set(Marker, true);
    }

    /// <summary>Adds the scrubbing handler at the head of the client's AfterCall and OnError handlers.</summary>
    public static void Install(IFlurlClient client)
    {
        lock (client.EventHandlers)
        {
            client.EventHandlers.Insert(0, (FlurlEventType.OnError, Instance));
            client.EventHandlers.Insert(0, (FlurlEventType.AfterCall, Instance));
        }
    }

    /// <summary>Removes what <see cref="Install"/> added (one pair).</summary>
    public static void Uninstall(IFlurlClient client)
    {
        lock (client.EventHandlers)
        {
            client.EventHandlers.Remove((FlurlEventType.OnError, Instance));
            client.EventHandlers.Remove((FlurlEventType.AfterCall, Instance));
        }
    }

    public override void Handle(FlurlEventType eventType, FlurlCall call)
    {
        if (call.HttpRequestMessage is { } message && message.Options.TryGetValue(Marker, out var attached) && attached)
        {
            message.Headers.Authorization = null;
        }
    }

    public override Task HandleAsync(FlurlEventType eventType, FlurlCall call)
    {
        Handle(eventType, call);
        return Task.CompletedTask;
    }
}
