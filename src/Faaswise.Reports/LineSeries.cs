namespace Faaswise.Reports;

/// <summary>One line of a chart: a legend label and its points, with error bars of half-width <see cref="YError"/> when given.</summary>
public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Half-widths of vertical error bars (for example 95 % intervals), one per point; null for none.</summary>
    public IReadOnlyList<double>? YError { get; init; }
}
