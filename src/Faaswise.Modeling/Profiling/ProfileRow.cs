namespace Faaswise.Modeling.Profiling;

/// <summary>One iteration of one function at one rate, as DFaaS's profiler writes it.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Rate">Offered load, requests/s.</param>
/// <param name="Metrics">The six profile metrics in <see cref="ProfileMetrics.Names"/> order.</param>
public sealed record ProfileRow(string Name, double Rate, double[] Metrics);
