using Faaswise.Qshuf.Control;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// Arrivals per function counted where requests enter (the router), in one-second bins: the rate over the last
/// 10 s, QShuf's irate (the last full second) and the cv of the per-second series over the last 10 minutes, over
/// the time the series exists, as the simulator defines them. Thread-safe; counting allocates nothing.
/// </summary>
public sealed class ArrivalMeter(int functions, TimeProvider clock)
{
    private const int Bins = 600;
    private const int RateSeconds = 10;
    private readonly long[,] _counts = new long[functions, Bins];
    private readonly long[] _binOf = new long[functions];
    private readonly long _origin = Second(clock);
    private readonly long[] _first = Enumerable.Repeat(long.MaxValue, functions).ToArray();
    private readonly Lock _gate = new();
    private readonly long[] _total = new long[functions];

    /// <summary>A request of the function arrived.</summary>
    public void Arrive(int function)
    {
        var now = Second(clock);
        lock (_gate)
        {
            Advance(function, now);
            _counts[function, now % Bins]++;
            _total[function]++;
            if (_first[function] == long.MaxValue) _first[function] = now;
        }
    }

    /// <summary>Arrivals of the function since the meter was made.</summary>
    public long Total(int function)
    {
        lock (_gate) return _total[function];
    }

    /// <summary>Every function's traffic now (Outstanding is left to the caller).</summary>
    public IReadOnlyList<FunctionObservation> Observe()
    {
        var now = Second(clock);
        var result = new FunctionObservation[_binOf.Length];
        lock (_gate)
        {
            for (var f = 0; f < result.Length; f++)
            {
                Advance(f, now);
                if (_first[f] == long.MaxValue)
                {
                    result[f] = new FunctionObservation();
                    continue;
                }

                var complete = now - 1;
                var span = Math.Clamp(complete - Math.Max(_first[f], _origin) + 1, 0, Bins - 1);
                double sum = 0, squares = 0, recent = 0;
                for (var s = 0; s < span; s++)
                {
                    double c = _counts[f, (complete - s) % Bins];
                    sum += c;
                    squares += c * c;
                    if (s < RateSeconds) recent += c;
                }

                var mean = span > 0 ? sum / span : 0;
                var sd = span > 1 ? Math.Sqrt(Math.Max(0, (squares / span) - (mean * mean))) : 0;
                var irate = span > 0 ? _counts[f, complete % Bins] : 0;
                result[f] = new FunctionObservation(Rate: span > 0 ? recent / Math.Min(span, RateSeconds) : 0, Irate: irate, IrateCv: mean > 0 ? sd / mean : 0);
            }
        }

        return result;
    }

    private void Advance(int function, long now)
    {
        var last = _binOf[function];
        if (last == 0) last = now - 1;
        for (var s = Math.Max(last + 1, now - Bins + 1); s <= now; s++) _counts[function, s % Bins] = 0;
        _binOf[function] = Math.Max(last, now);
    }

    private static long Second(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeSeconds();
}
