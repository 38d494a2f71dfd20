using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace RunAi.TemplateDsl.Emulator.Http;

/// <summary>Injects the configured faults into the template operations.</summary>
internal sealed class FaultInjection
{
    private readonly object _gate = new();
    private readonly EmulatorStatistics _statistics;
    private EmulatorFaults _faults = EmulatorFaults.None;
    private Random _random = new();
    private int _requestsSinceSet;

    public FaultInjection(EmulatorFaults faults, EmulatorStatistics statistics)
    {
        _statistics = statistics;
        Faults = faults;
    }

    public EmulatorFaults Faults
    {
        get => Volatile.Read(ref _faults);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_gate)
            {
                _random = value.Seed is { } seed ? new Random(seed) : new Random();
                Volatile.Write(ref _requestsSinceSet, 0);
                Volatile.Write(ref _faults, value);
            }
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        _statistics.Request();
        var faults = Faults;
        if (!faults.IsActive)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // The deterministic prefix first: so many 503s, then so many drops, then the random draws. The request takes its
        // place on arrival, before any latency: faults set while it waits are not its faults.
        var ordinal = faults.FirstRequestsUnavailable + faults.FirstRequestsDropped > 0 ? Interlocked.Increment(ref _requestsSinceSet) : int.MaxValue;

        // The latency applies to every request the faults cover, whatever happens to it next.
        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, context.RequestAborted).ConfigureAwait(false);
        }
        if (ordinal <= faults.FirstRequestsUnavailable)
        {
            await UnavailableAsync(context, faults, retryAfter: false).ConfigureAwait(false);
            return;
        }

        if (ordinal <= faults.FirstRequestsUnavailable + faults.FirstRequestsDropped)
        {
            await DropAfterProcessingAsync(context, next).ConfigureAwait(false);
            return;
        }

        double draw, retryAfterDraw;
        lock (_gate)
        {
            draw = _random.NextDouble();
            retryAfterDraw = _random.NextDouble();
        }

        if (draw < faults.UnavailableRate)
        {
            await UnavailableAsync(context, faults, retryAfter: retryAfterDraw < faults.RetryAfterShare).ConfigureAwait(false);
            return;
        }

        if (draw < faults.UnavailableRate + faults.DropAfterProcessingRate)
        {
            await DropAfterProcessingAsync(context, next).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private Task UnavailableAsync(HttpContext context, EmulatorFaults faults, bool retryAfter)
    {
        _statistics.Unavailable();
        if (retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(faults.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return ApiResults.ErrorAsync(context, 503, "Please try again in few minutes.", "Injected fault: the request was not processed.");
    }

    /// <summary>Processes the request for real, lets nothing of the answer reach the connection, then drops it: the client cannot tell whether its request took effect.</summary>
    private async Task DropAfterProcessingAsync(HttpContext context, RequestDelegate next)
    {
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        await next(context).ConfigureAwait(false);
        _statistics.Dropped();
        context.Abort();
    }
}
