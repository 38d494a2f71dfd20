using Microsoft.AspNetCore.WebUtilities;

namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>
/// The last resort, outermost in the pipeline: an exception no endpoint handled is still answered with the spec's
/// <c>Error</c> body. Kestrel's own rejections of a request (<see cref="BadHttpRequestException"/>: a body over the size
/// limit, malformed chunking, a body that arrives too slowly) keep their status code; anything else is a 500.
/// Without it Kestrel answers both with an empty body.
/// </summary>
internal sealed class UnhandledExceptions(EmulatorStatistics statistics)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            if (e.StatusCode == StatusCodes.Status400BadRequest)
            {
                statistics.BadRequest();
            }

            context.Response.Clear();
            await ApiResults.ErrorAsync(context, e.StatusCode, ReasonPhrases.GetReasonPhrase(e.StatusCode), $"The request was rejected while it was read: {e.Message}").ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // A request the client gave up on is not answered (nobody reads it); one whose answer has started cannot be.
            context.Response.Clear();
            await ApiResults.ErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal server error", $"The emulator failed on {context.Request.Method} {context.Request.Path}: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }
}
