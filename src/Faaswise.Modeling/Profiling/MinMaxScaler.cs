namespace Faaswise.Modeling.Profiling;

/// <summary>scikit-learn's MinMaxScaler: each column to 0..1 by the minimum and maximum it was fitted on.</summary>
/// <param name="Min">Per-column minimum.</param>
/// <param name="Max">Per-column maximum.</param>
public sealed record MinMaxScaler(double[] Min, double[] Max)
{
    /// <summary>Fits on rows of equal length.</summary>
    public static MinMaxScaler Fit(IEnumerable<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double[]? min = null, max = null;
        foreach (var row in rows)
        {
            min ??= Enumerable.Repeat(double.PositiveInfinity, row.Length).ToArray();
            max ??= Enumerable.Repeat(double.NegativeInfinity, row.Length).ToArray();
            for (var i = 0; i < row.Length; i++)
            {
                min[i] = Math.Min(min[i], row[i]);
                max[i] = Math.Max(max[i], row[i]);
            }
        }

        return min is null ? throw new ArgumentException("no rows to fit on", nameof(rows)) : new MinMaxScaler(min, max!);
    }

    /// <summary>Scales one value of a column; a constant column maps to 0 as in scikit-learn.</summary>
    public double Transform(int column, double value)
    {
        var range = Max[column] - Min[column];
        return (value - Min[column]) / (range == 0 ? 1 : range);
    }

    /// <summary>The inverse of <see cref="Transform"/>.</summary>
    public double Inverse(int column, double scaled)
    {
        var range = Max[column] - Min[column];
        return scaled * (range == 0 ? 1 : range) + Min[column];
    }
}
