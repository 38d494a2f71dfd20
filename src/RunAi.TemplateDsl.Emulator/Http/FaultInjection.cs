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

        double draw, retryAfterDraw;
        lock (_gate)
        {
            draw = _random.NextDouble();
            retryAfterDraw = _random.NextDouble();
        }

        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, context.RequestAborted).ConfigureAwait(false);
        }

        if (draw < faults.UnavailableRate)
        {
            _statistics.Unavailable();
            if (retryAfterDraw < faults.RetryAfterShare)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(faults.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await ApiResults.ErrorAsync(context, 503, "Please try again in few minutes.", "Injected fault: the request was not processed.").ConfigureAwait(false);
            return;
        }

        if (draw < faults.UnavailableRate + faults.DropAfterProcessingRate)
        {
            // Process the request for real, but let nothing of the answer reach the connection, then drop it:
            // the client cannot tell whether its request took effect.
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
            await next(context).ConfigureAwait(false);
            _statistics.Dropped();
            context.Abort();
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
