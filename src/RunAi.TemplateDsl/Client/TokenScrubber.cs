using System.Net.Http.Headers;
using Flurl.Util;
using Flurl.Http;

namespace RunAi.TemplateDsl.Client;

/// <summary>
/// Keeps the bearer token out of Flurl's call records and out of the event handlers of an injected Flurl client:
/// the header is put on the request message by the request's own BeforeCall handler (which Flurl runs after the
/// client's) and removed by a handler inserted first in the client's AfterCall and OnError lists. The token is the only
/// Authorization our calls send, even through a Flurl client that has one of its own by default.
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
        // Only our own header goes: on a call that is not ours, a user's handler that set an Authorization keeps it. On
        // ours, any Authorization is ours (see Bearer.Handle), on the message and, when the Flurl client has one by
        // default, on the request.
        var message = call.HttpRequestMessage;
        if (message?.Headers.Authorization is not BearerHeader && !Bearer.IsOn(call.Request))
        {
            return;
        }

        if (message is not null)
        {
            message.Headers.Authorization = null;
        }

        if (HasAuthorization(call.Request.Headers))
        {
            call.Request.Headers.Remove("Authorization");
        }
    }

    /// <summary>
    /// Whether a request's headers hold an Authorization, looked up by index: Flurl's own Contains and Remove allocate
    /// a closure on every call, and this runs on every call of ours.
    /// </summary>
    private static bool HasAuthorization(INameValueList<string> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
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

        /// <summary>Whether a request is one of ours: it carries a <see cref="Bearer"/> handler.</summary>
        public static bool IsOn(IFlurlRequest request)
        {
            foreach (var (_, handler) in request.EventHandlers)
            {
                if (handler is Bearer)
                {
                    return true;
                }
            }

            return false;
        }

        public override void Handle(FlurlEventType eventType, FlurlCall call)
        {
            if (call.HttpRequestMessage is { } message)
            {
                message.Headers.Authorization = _header;
            }

            // After the BeforeCall handlers, Flurl copies the request's headers onto the message once more, and the request
            // holds the Flurl client's default headers: an Authorization among them (an injected client made with
            // WithOAuthBearerToken, say) would replace ours and be sent to the Run:ai host in its place. Ours goes on the
            // request too, then; the scrubber takes it off both when the call ends.
            if (HasAuthorization(call.Request.Headers))
            {
                call.Request.Headers.AddOrReplace("Authorization", _header.ToString());
            }
        }

        public override string ToString() => "Bearer ***";
    }

    /// <summary>The Authorization value of our token: its type tells the scrubber the header is ours to take off.</summary>
    private sealed class BearerHeader(string token) : AuthenticationHeaderValue("Bearer", token);
}
