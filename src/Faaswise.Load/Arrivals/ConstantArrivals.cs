namespace Faaswise.Load.Arrivals;

/// <summary>Evenly spaced arrivals: request n is due at n / rate seconds.</summary>
public sealed record ConstantArrivals : IArrivalProcess
{
    /// <summary>Creates a constant process.</summary>
    /// <param name="rate">Requests per second; MUST BE &gt; 0.</param>
    public ConstantArrivals(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        Rate = rate;
    }

    /// <summary>Requests per second.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public IEnumerable<TimeSpan> Offsets(Random random)
    {
        // Each offset is computed from n, not accumulated, so rounding never drifts the rate.
        for (long n = 0; ; n++)
        {
            yield return TimeSpan.FromTicks((long)Math.Round(n * TimeSpan.TicksPerSecond / Rate));
        }
    }

    /// <inheritdoc />
    public double RateAt(TimeSpan elapsed) => Rate;

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"constant{{{Rate:0.###} req/s}}");
}
