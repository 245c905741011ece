namespace Faaswise.Metrics.Prometheus;

/// <summary>A query's answer: <c>vector</c>, <c>matrix</c> or <c>scalar</c> (a scalar is one series without labels).</summary>
/// <param name="ResultType">Prometheus's resultType.</param>
/// <param name="Series">The series.</param>
/// <param name="Warnings">Warnings Prometheus attached.</param>
public sealed record PrometheusResult(string ResultType, IReadOnlyList<PrometheusSeries> Series, IReadOnlyList<string> Warnings)
{
    /// <summary>True when no series came back.</summary>
    public bool IsEmpty => Series.Count == 0 || Series.All(s => s.Samples.Count == 0);

    /// <summary>The sum over series of each series' mean sample (a vector: the sum of values).</summary>
    /// <exception cref="PrometheusException">The result is empty.</exception>
    public double SumOfMeans(string query) =>
        IsEmpty ? throw new PrometheusException("empty", $"no data for {query}") : Series.Where(s => s.Samples.Count > 0).Sum(s => s.Samples.Average(p => p.Value));

    /// <summary>DFaaS's reduction: the mean of the first series' samples.</summary>
    /// <exception cref="PrometheusException">The result is empty.</exception>
    public double FirstSeriesMean(string query) =>
        IsEmpty ? throw new PrometheusException("empty", $"no data for {query}") : Series.First(s => s.Samples.Count > 0).Samples.Average(p => p.Value);
}
