namespace Faaswise.Reports;

/// <summary>One line of a chart: a legend label and its points.</summary>
public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);
