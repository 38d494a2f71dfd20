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
    private static readonly TokenScrubber Instance = new();

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
        // Only our own header goes: a user's handler that set an Authorization of its own keeps it.
        if (call.HttpRequestMessage is { } message && message.Headers.Authorization is BearerHeader)
        {
            message.Headers.Authorization = null;
        }
    }

    /// <summary>
    /// The BeforeCall handler of one token: puts it on the call's message as the last step before sending. Immutable,
    /// so one instance serves every call with that token.
    /// </summary>
    internal sealed class Bearer(string token) : FlurlEventHandler
    {
        private readonly BearerHeader _header = new(token);

        /// <summary>The token this handler attaches.</summary>
        public string Token { get; } = token;

        public override void Handle(FlurlEventType eventType, FlurlCall call)
        {
            if (call.HttpRequestMessage is { } message)
            {
                message.Headers.Authorization = _header;
            }
        }

        public override string ToString() => "Bearer ***";
    }

    /// <summary>The Authorization value of our token: its type tells the scrubber the header is ours to take off.</summary>
    private sealed class BearerHeader(string token) : AuthenticationHeaderValue("Bearer", token);
}
