namespace Faaswise.Qshuf.World;

/// <summary>A deployed inference function.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Model">Index of its model in <see cref="ClusterWorld.Models"/>.</param>
/// <param name="SloSeconds">Latency objective, seconds: a request attains it with status 200 within this time.</param>
/// <param name="TimeoutSeconds">Request timeout (QShuf's read_timeout, 5 s), seconds: later answers are 408.</param>
/// <param name="CpuRequest">CPU cores each replica requests.</param>
/// <param name="MinReplicas">Fewest serving replicas.</param>
/// <param name="MaxReplicas">Most serving replicas.</param>
/// <param name="Workers">Inferences a replica runs at once (QShuf: 1).</param>
public sealed record FunctionSpec(string Name, int Model, double SloSeconds, double TimeoutSeconds, double CpuRequest, int MinReplicas, int MaxReplicas, int Workers)
{
    /// <summary>Whether a latency (measured or expected) meets the SLO; one exactly at it does, whatever the floating-point rounding of a sum of latencies.</summary>
    public bool MeetsSlo(double seconds) => seconds <= SloSeconds + 1e-9;
}
