namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// Conformalised quantile regression (Romano et al., 2019), per node class: on calibration rows the quantile models
/// did not see, each row's miss is <c>max(q05 − y, y − q95)</c>; the interval is widened by the ⌈(n+1)(1−α)⌉-th
/// smallest miss, so that, rows being exchangeable within a class, it holds at least 1 − α of new truth.
/// </summary>
public static class ConformalMargins
{
    /// <summary>The share of truth a q05..q95 interval should hold is 1 − this.</summary>
    public const double Alpha = 0.10;

    /// <summary>The margin for each node class and for all rows (<see cref="TargetEntry.AnyNodeClass"/>).</summary>
    public static IReadOnlyDictionary<string, double> Fit(IReadOnlyList<string> nodeClasses, IReadOnlyList<double> truth, IReadOnlyList<double> low, IReadOnlyList<double> high)
    {
        ArgumentNullException.ThrowIfNull(nodeClasses);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        var misses = Enumerable.Range(0, truth.Count).Select(i => Math.Max(low[i] - truth[i], truth[i] - high[i])).ToArray();
        var margins = new Dictionary<string, double>(StringComparer.Ordinal) { [TargetEntry.AnyNodeClass] = Margin(misses) };
        foreach (var group in Enumerable.Range(0, truth.Count).GroupBy(i => nodeClasses[i], StringComparer.Ordinal))
        {
            margins[group.Key] = Margin(group.Select(i => misses[i]));
        }

        return margins;
    }

    /// <summary>Widens (or narrows) an interval by a margin; an interval narrowed past itself becomes its midpoint.</summary>
    public static (double Low, double High) Apply(double low, double high, double margin)
    {
        var (l, h) = (low - margin, high + margin);
        return l <= h ? (l, h) : ((low + high) / 2, (low + high) / 2);
    }

    private static double Margin(IEnumerable<double> misses)
    {
        var sorted = misses.Order().ToArray();
        var rank = (int)Math.Ceiling((sorted.Length + 1) * (1 - Alpha));
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
