namespace Faaswise.Simulation.Workloads;

/// <summary>One function's arrivals: offsets in seconds from its own start, and when it starts in the workload.</summary>
/// <param name="Function">Function name.</param>
/// <param name="StartSeconds">When its first offset counts from, seconds from the workload's start (QShuf staggers functions 20 s apart).</param>
/// <param name="Offsets">Arrival offsets, seconds, ascending.</param>
public sealed record FunctionTrace(string Function, double StartSeconds, IReadOnlyList<double> Offsets)
{
    /// <summary>Mean arrival rate over the trace, requests/s.</summary>
    public double MeanRate => Offsets.Count < 2 ? 0 : (Offsets.Count - 1) / (Offsets[^1] - Offsets[0]);
}
