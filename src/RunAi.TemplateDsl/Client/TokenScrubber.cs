using System.Net.Http.Headers;
using Flurl.Http;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// Keeps the bearer token out of Flurl's call records and out of the event handlers of an injected Flurl client:
/// the header is put on the request message by the request's own BeforeCall handler (which Flurl runs after the
/// client's) and removed by a handler inserted first in the client's AfterCall and OnError lists.
/// </summary>
/// <remarks>
/// Flurl enumerates a client's <see cref="IEventHandlerContainer.EventHandlers"/> on every call without a lock, so the
/// list must not change while calls are in flight. The scrubber is therefore added once per Flurl client, by the first
/// <see cref="RunAiClient"/> made on it, and never removed: it holds no state (one static instance) and takes off only
/// headers of its own type, so it is harmless to calls that are not ours. A per-request scrubber cannot replace it:
/// Flurl runs a request's handlers after the client's, and this one must run first.
/// </remarks>
internal sealed class TokenScrubber : FlurlEventHandler
{
    private static readonly TokenScrubber Instance = new();
    private static readonly object InstallGate = new();

    /// <summary>
    /// Adds the scrubbing handler at the head of the client's AfterCall and OnError handlers, unless it is there
    /// already (another <see cref="RunAiClient"/> on the same Flurl client added it): the list changes at most once.
    /// </summary>
    public static void EnsureInstalled(IFlurlClient client)
    {
        var handlers = client.EventHandlers;
        lock (InstallGate)
        {
            var afterCall = handlers.Contains((FlurlEventType.AfterCall, Instance));
            var onError = handlers.Contains((FlurlEventType.OnError, Instance));
            if (!onError)
            {
                handlers.Insert(0, (FlurlEventType.OnError, Instance));
            }

            if (!afterCall)
            {
                handlers.Insert(0, (FlurlEventType.AfterCall, Instance));
            }
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
        // Private fields only: the handler stays in each call's Request.EventHandlers, which loggers that walk public
        // members reach from a FlurlCall or a FlurlHttpException.
        private readonly string _token = token;
        private readonly BearerHeader _header = new(token);

        /// <summary>Whether this handler attaches <paramref name="token"/>: the same string instance, as the token source hands out.</summary>
        public bool Attaches(string token) => ReferenceEquals(_token, token);

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
