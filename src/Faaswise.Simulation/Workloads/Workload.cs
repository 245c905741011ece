namespace Faaswise.Simulation.Workloads;

/// <summary>A workload: a trace per function.</summary>
/// <param name="Name">What generated it (es1, poisson, constant, replay, azure).</param>
/// <param name="Cv">Coefficient of variation of the gaps, when the generator had one.</param>
/// <param name="DurationSeconds">The nominal duration T, seconds.</param>
/// <param name="Seed">Seed of the generator.</param>
/// <param name="Functions">The traces.</param>
public sealed record Workload(string Name, double? Cv, double DurationSeconds, int Seed, IReadOnlyList<FunctionTrace> Functions)
{
    /// <summary>Requests over all functions.</summary>
    public long Requests => Functions.Sum(f => (long)f.Offsets.Count);
}
