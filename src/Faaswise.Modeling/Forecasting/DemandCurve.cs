using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// What a function (or group) uses at a request rate: medians of measured usage over rate bins, linear between them,
/// extended beyond the last bin with the last slope (the utilisation law: demand grows with the rate, so a bin's median
/// below the one before is raised to it). Zero at rate 0 and linear up to the first bin: the node's idle baseline
/// already holds deployed, idle functions.
/// </summary>
/// <param name="Rates">Bin rates in requests/s, rising, all above 0.</param>
/// <param name="Usage">Median usage at each rate.</param>
public sealed record DemandCurve(
    [property: JsonPropertyName("rates")] IReadOnlyList<double> Rates,
    [property: JsonPropertyName("usage")] IReadOnlyList<double> Usage)
{
    /// <summary>Most bins a curve is fitted with.</summary>
    public const int MaxBins = 24;

    /// <summary>Usage at <paramref name="rate"/>, never below 0.</summary>
    public double At(double rate)
    {
        if (rate <= 0 || Rates.Count == 0) return 0;
        if (rate <= Rates[0]) return Usage[0] * rate / Rates[0];
        var last = Rates.Count - 1;
        for (var i = 1; i <= last; i++)
        {
            if (rate <= Rates[i]) return Lerp(i - 1, i, rate);
        }

        return last == 0 ? Usage[0] : Math.Max(0, Lerp(last - 1, last, rate));
    }

    /// <summary>The same curve with every usage multiplied by <paramref name="factor"/>.</summary>
    public DemandCurve Scaled(double factor) => new(Rates, Usage.Select(u => u * factor).ToArray());

    /// <summary>Fits a curve to (rate, usage) points with rate above 0; null when there are none.</summary>
    public static DemandCurve? Fit(IEnumerable<(double Rate, double Usage)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.Where(p => p.Rate > 0 && double.IsFinite(p.Usage)).OrderBy(p => p.Rate).ToArray();
        if (sorted.Length == 0) return null;
        var distinct = sorted.Select(p => p.Rate).Distinct().Count();
        var bins = Math.Min(MaxBins, distinct);
        var rates = new List<double>();
        var usage = new List<double>();
        var start = 0;
        for (var b = 0; b < bins && start < sorted.Length; b++)
        {
            var end = (int)Math.Round((double)sorted.Length * (b + 1) / bins);
            // A bin never splits one rate: the grid's rates are repeated over iterations and runs.
            while (end < sorted.Length && end > 0 && sorted[end].Rate == sorted[end - 1].Rate) end++;
            if (end <= start) continue;
            var bin = sorted.AsSpan(start, end - start);
            rates.Add(Median(bin, p => p.Rate));
            usage.Add(Math.Max(Median(bin, p => p.Usage), usage.Count > 0 ? usage[^1] : double.NegativeInfinity));
            start = end;
        }

        return new DemandCurve(rates, usage);
    }

    private double Lerp(int a, int b, double rate)
    {
        var span = Rates[b] - Rates[a];
        return span <= 0 ? Usage[b] : Usage[a] + (Usage[b] - Usage[a]) * (rate - Rates[a]) / span;
    }

    private static double Median(ReadOnlySpan<(double Rate, double Usage)> bin, Func<(double Rate, double Usage), double> value)
    {
        var values = new double[bin.Length];
        for (var i = 0; i < bin.Length; i++) values[i] = value(bin[i]);
        Array.Sort(values);
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
    }
}

/// <summary>One rate feature's share of a demand feature: the functions whose rates it sums, and their curve.</summary>
/// <param name="Rate">The rate feature's name.</param>
/// <param name="Functions">Functions summed by the rate feature.</param>
/// <param name="Curve">Their summed usage by summed rate.</param>
/// <param name="From">
/// Where the curve came from: <c>training</c> rows or a <c>profile</c>; for a node class's own term, which of the two
/// it scales (<c>training scaled</c>, <c>profile scaled</c>).
/// </param>
public sealed record DemandTerm(
    [property: JsonPropertyName("rate")] string Rate,
    [property: JsonPropertyName("functions")] IReadOnlyList<string> Functions,
    [property: JsonPropertyName("curve")] DemandCurve Curve,
    [property: JsonPropertyName("from")] string From)
{
    /// <summary>
    /// The node class (type) this term is for, in place of the term without one; null for every class without its own.
    /// </summary>
    [JsonPropertyName("node")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }

    /// <summary>For a node class's own term: the factor its reference curve was scaled by.</summary>
    [JsonPropertyName("factor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Factor { get; init; }
}

