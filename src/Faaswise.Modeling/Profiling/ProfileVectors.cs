namespace Faaswise.Modeling.Profiling;

/// <summary>
/// DFaaS's profile vector: for each rate of the grid (ascending), the mean, maximum and minimum over iterations of the
/// six scaled metrics, flattened: 18 values per rate. A rate the function was not measured at is filled with 1.
/// </summary>
public static class ProfileVectors
{
    /// <summary>Values per rate: mean, max and min of each metric.</summary>
    public const int PerRate = 18;

    /// <summary>The rate grid of a set of rows: every rate seen, ascending.</summary>
    public static double[] Grid(IEnumerable<ProfileRow> rows) => rows.Select(r => r.Rate).Distinct().Order().ToArray();

    /// <summary>The vector of one function's rows on a grid.</summary>
    public static double[] Build(IReadOnlyList<ProfileRow> rows, MinMaxScaler scaler, IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(grid);
        var metrics = ProfileMetrics.Names.Count;
        var vector = new double[grid.Count * PerRate];
        Array.Fill(vector, 1.0);
        for (var g = 0; g < grid.Count; g++)
        {
            var at = rows.Where(r => r.Rate == grid[g]).ToArray();
            if (at.Length == 0) continue;
            for (var m = 0; m < metrics; m++)
            {
                var scaled = at.Select(r => scaler.Transform(m, r.Metrics[m])).ToArray();
                vector[g * PerRate + m] = scaled.Average();
                vector[g * PerRate + metrics + m] = scaled.Max();
                vector[g * PerRate + 2 * metrics + m] = scaled.Min();
            }
        }

        return vector;
    }
}
