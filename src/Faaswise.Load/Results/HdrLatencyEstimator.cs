using HdrHistogram;

namespace Faaswise.Load.Results;

/// <summary>
/// HdrHistogram with 3 significant digits from 1 µs to 1 hour: every quantile is within 0.1% of the true
/// value, in constant memory (about 200 KB) whatever the number of requests. Values outside the range are
/// clamped to it.
/// </summary>
public sealed class HdrLatencyEstimator : ILatencyEstimator
{
    /// <summary>Smallest distinguished value: 1 µs in ns.</summary>
    public const long LowestNs = 1_000;

    /// <summary>Largest trackable value: 1 hour in ns.</summary>
    public const long HighestNs = 3_600_000_000_000;

    private readonly LongHistogram _histogram = new(LowestNs, HighestNs, 3);

    /// <inheritdoc />
    public void Record(long nanoseconds) => _histogram.RecordValue(Math.Clamp(nanoseconds, 0, HighestNs));

    /// <inheritdoc />
    public long Quantile(double q) =>
        _histogram.TotalCount == 0 ? 0 : _histogram.GetValueAtPercentile(Math.Clamp(q, 0, 1) * 100.0);

    /// <summary>Adds every value recorded in <paramref name="other"/>.</summary>
    public void Merge(HdrLatencyEstimator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _histogram.Add(other._histogram);
    }
}
