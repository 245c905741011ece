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

    /// <summary>Values at ascending quantiles in [0, 1], in one pass over the recorded values, ns.</summary>
    public long[] Quantiles(IReadOnlyList<double> ascending)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        var result = new long[ascending.Count];
        var total = _histogram.TotalCount;
        if (total == 0) return result;
        var next = 0;
        foreach (var v in _histogram.RecordedValues())
        {
            while (next < result.Length && v.TotalCountToThisValue >= Math.Max(1, (long)(Math.Clamp(ascending[next], 0, 1) * total + 0.5)))
            {
                result[next++] = _histogram.HighestEquivalentValue(v.ValueIteratedTo);
            }

            if (next == result.Length) break;
        }

        for (; next < result.Length; next++) result[next] = _histogram.GetMaxValue();
        return result;
    }

    /// <summary>HdrHistogram's percentile distribution (<c>.hgrm</c>), values in milliseconds.</summary>
    public void WritePercentileDistribution(TextWriter output) => _histogram.OutputPercentileDistribution(output, 5, 1e6, false);

    /// <summary>Adds every value recorded in <paramref name="other"/>.</summary>
    public void Merge(HdrLatencyEstimator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _histogram.Add(other._histogram);
    }
}
