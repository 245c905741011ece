namespace Faaswise.Load.Arrivals;

/// <summary>
/// A renewal process: independent, identically distributed gaps between arrivals, cumulatively summed.
/// The first arrival is due at offset zero, as with the constant process, so every process starts at once.
/// </summary>
public abstract record RenewalArrivals : IArrivalProcess
{
    /// <summary>Creates a renewal process with the given mean rate.</summary>
    /// <param name="rate">Mean requests per second; MUST BE &gt; 0.</param>
    protected RenewalArrivals(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        Rate = rate;
    }

    /// <summary>Mean requests per second.</summary>
    public double Rate { get; }

    /// <summary>Draws one gap, in seconds.</summary>
    public abstract double NextGapSeconds(Random random);

    /// <inheritdoc />
    public IEnumerable<TimeSpan> Offsets(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Generate(random);
    }

    private IEnumerable<TimeSpan> Generate(Random random)
    {
        var seconds = 0.0;
        while (true)
        {
            yield return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            seconds += NextGapSeconds(random);
        }
    }

    /// <inheritdoc />
    public double RateAt(TimeSpan elapsed) => Rate;
}
