namespace Faaswise.Load.Results;

/// <summary>A streaming quantile estimator over nanosecond values.</summary>
public interface ILatencyEstimator
{
    /// <summary>Records one value in ns.</summary>
    void Record(long nanoseconds);

    /// <summary>The value at quantile <paramref name="q"/> in [0, 1], in ns; 0 when empty.</summary>
    long Quantile(double q);
}
