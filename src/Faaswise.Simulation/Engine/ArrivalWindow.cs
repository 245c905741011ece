namespace Faaswise.Simulation.Engine;

/// <summary>Per-second arrival counts of one function over the last ten minutes, for rate and cv.</summary>
internal sealed class ArrivalWindow
{
    private const int Seconds = 1024;
    private readonly int[] _counts = new int[Seconds];
    private long _second;

    public void Add(double now)
    {
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

    public double Cv(double now, double window)
    {
        Advance(now);
        var k = Math.Clamp((int)Math.Ceiling(window), 2, Seconds - 1);
        var to = _second - 1;
        var from = Math.Max(0, to - k + 1);
        var n = to - from + 1;
        if (n < 2) return 0;
        double sum = 0, sumSquares = 0;
        for (var s = from; s <= to; s++)
        {
            double c = _counts[s % Seconds];
            sum += c;
            sumSquares += c * c;
        }

        var mean = sum / n;
        if (mean <= 0) return 0;
        var variance = Math.Max(0, sumSquares / n - mean * mean);
        return Math.Sqrt(variance) / mean;
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
