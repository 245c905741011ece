namespace Faaswise.Metrics.Prometheus;

/// <summary>One series of a query result: its labels and its samples (one for a vector, many for a matrix).</summary>
/// <param name="Labels">Label names and values.</param>
/// <param name="Samples">Timestamp and value pairs.</param>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(DateTimeOffset Time, double Value)> Samples);
