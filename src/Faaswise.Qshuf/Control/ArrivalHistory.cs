namespace Faaswise.Qshuf.Control;

/// <summary>
/// Per-second arrival counts of one function over the last 1024 s, with the rates and cvs the policies read: the one
/// definition the simulator and the live meters share, so a simulated twin sees what the live policy saw. Times are
/// seconds since the run began; not thread-safe (the live meter locks around it).
/// </summary>
public sealed class ArrivalHistory
{
    private const int Seconds = 1024;
    private readonly int[] _counts = new int[Seconds];
    private long _second;

    /// <summary>A copy to read at <paramref name="now"/> (or any earlier instant in the same second) while this one goes on counting.</summary>
    public ArrivalHistory CopyAt(double now)
    {
        Advance(now);
        var copy = new ArrivalHistory { First = First, _second = _second };
        Array.Copy(_counts, copy._counts, Seconds);
        return copy;
    }

    /// <summary>The first arrival, seconds; NaN before it (the gateway's counter does not exist yet).</summary>
    public double First { get; private set; } = double.NaN;

    /// <summary>One arrival at <paramref name="now"/>.</summary>
    public void Add(double now)
    {
        if (double.IsNaN(First)) First = now;
        Advance(now);
        _counts[_second % Seconds]++;
    }

    /// <summary>Arrivals in the second that ended at <paramref name="now"/>.</summary>
    public int LastFullSecond(double now)
    {
        Advance(now);
        var s = (long)Math.Floor(now) - 1;
        return s < 0 || _second - s >= Seconds ? 0 : _counts[s % Seconds];
    }

    /// <summary>Arrivals per second over the <paramref name="window"/> seconds' bins up to <paramref name="now"/>'s (its partial second included), divided by the time they span.</summary>
    public double Rate(double now, double window)
    {
        Advance(now);
        var k = Math.Clamp((int)Math.Ceiling(window), 1, Seconds - 1);
        var from = Math.Max(0, _second - k + 1);
        var sum = 0;
        for (var s = from; s <= _second; s++) sum += _counts[s % Seconds];
        var span = now - from;
        return span <= 0 ? 0 : sum / span;
    }

    /// <summary>
    /// Prometheus' irate of the started-invocations counter scraped every <paramref name="scrape"/> seconds (the
    /// increase between the last two scrapes over the interval), and the cv of that series at 1 s resolution over the
    /// last <paramref name="window"/> seconds in which it exists (from the second scrape after the first arrival).
    /// </summary>
    public (double Rate, double Cv) Irate(double now, double window, double scrape)
    {
        Advance(now);
        if (double.IsNaN(First)) return (0, 0);
        var s = Math.Max(1, (int)Math.Round(scrape));
        var exists = ((long)Math.Ceiling(First / s) + 1) * s;
        var to = (long)Math.Floor(now);
        var from = Math.Max(exists, to - (long)Math.Ceiling(window) + 1);
        if (to < exists) return (0, 0);
        from = Math.Max(from, _second - Seconds + 2 * s);
        double sum = 0, sumSquares = 0;
        var n = 0;
        var rate = 0.0;
        for (var t = from; t <= to; t++)
        {
            rate = IntervalCount(t / s * s, s) / (double)s;
            sum += rate;
            sumSquares += rate * rate;
            n++;
        }

        if (n == 0) return (0, 0);
        var mean = sum / n;
        var cv = mean <= 0 ? 0 : Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean)) / mean;
        return (rate, cv);
    }

    /// <summary>Arrivals in the <paramref name="length"/> seconds before <paramref name="end"/>.</summary>
    private int IntervalCount(long end, int length)
    {
        var sum = 0;
        for (var t = Math.Max(0, end - length); t < end; t++)
        {
            if (_second - t < Seconds) sum += _counts[t % Seconds];
        }

        return sum;
    }

    private void Advance(double now)
    {
        var second = (long)Math.Floor(now);
        if (second <= _second) return;
        var clear = Math.Min(second - _second, Seconds);
        for (long s = 1; s <= clear; s++) _counts[(_second + s) % Seconds] = 0;
        _second = second;
    }
}
