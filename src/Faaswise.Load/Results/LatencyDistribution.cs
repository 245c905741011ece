namespace Faaswise.Load.Results;

/// <summary>Exact count, sum, min and max of nanosecond values, with quantiles from an HdrHistogram.</summary>
public sealed class LatencyDistribution
{
    private readonly HdrLatencyEstimator _estimator = new();

    /// <summary>Number of values.</summary>
    public long Count { get; private set; }

    /// <summary>Sum of the values, ns.</summary>
    public long Total { get; private set; }

    /// <summary>Smallest value, ns; 0 when empty.</summary>
    public long Min { get; private set; }

    /// <summary>Largest value, ns; 0 when empty.</summary>
    public long Max { get; private set; }

    /// <summary>Mean, ns; 0 when empty.</summary>
    public long Mean => Count == 0 ? 0 : Total / Count;

    /// <summary>Records one value, ns; negative values (clock granularity) count as 0.</summary>
    public void Record(long nanoseconds)
    {
        var v = Math.Max(0, nanoseconds);
        Min = Count == 0 ? v : Math.Min(Min, v);
        Max = Math.Max(Max, v);
        Count++;
        Total += v;
        _estimator.Record(v);
    }

    /// <summary>Value at quantile <paramref name="q"/> in [0, 1], ns, never above <see cref="Max"/>.</summary>
    public long Quantile(double q) => Count == 0 ? 0 : Math.Min(Max, Math.Max(Min, _estimator.Quantile(q)));

    /// <summary>Values at ascending quantiles in [0, 1], ns, each within [<see cref="Min"/>, <see cref="Max"/>]; one pass over the histogram.</summary>
    public long[] Quantiles(IReadOnlyList<double> ascending)
    {
        var values = _estimator.Quantiles(ascending);
        if (Count == 0) return values;
        for (var i = 0; i < values.Length; i++) values[i] = Math.Min(Max, Math.Max(Min, values[i]));
        return values;
    }

    /// <summary>Adds everything recorded in <paramref name="other"/>.</summary>
    public void Merge(LatencyDistribution other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return;
        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Count += other.Count;
        Total += other.Total;
        _estimator.Merge(other._estimator);
    }

    /// <summary>The vegeta-shaped summary.</summary>
    public LatencySummary Summarize() =>
        new(Total, Mean, Quantile(0.5), Quantile(0.9), Quantile(0.95), Quantile(0.99), Max, Min);
}
