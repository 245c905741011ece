namespace Faaswise.Qshuf.Policies;

/// <summary>
/// QShuf's desired-replica formula (reference/qshuf.md §2.3, steps 4-5) with its intended semantics: replica
/// capacity K/latency, load rps + queue/latency, scale up past 1.5 x capacity, down when under capacity and the
/// rate's cv is below 0.2, at most 4, halve when idle, never below 1.
/// </summary>
public sealed record QshufAutoscaler(double CapacityNumerator = 5, double ScaleThreshold = 1.5, double CvThreshold = 0.2, int MaxReplicas = 4)
{
    /// <summary>Desired ready replicas.</summary>
    /// <param name="latency">Theoretical seconds per request.</param>
    /// <param name="rps">Current arrival rate, requests/s.</param>
    /// <param name="queue">Requests started and not completed.</param>
    /// <param name="cv">Coefficient of variation of the rate.</param>
    /// <param name="ready">Ready replicas now.</param>
    public int DesiredReplicas(double latency, double rps, double queue, double cv, int ready)
    {
        var replicaCapacity = CapacityNumerator / latency;
        var totalCapacity = ready * replicaCapacity;
        var load = rps + queue / latency;
        var desired = (int)Math.Ceiling(load / replicaCapacity);
        int result;
        if (load > ScaleThreshold * totalCapacity) result = Math.Max(desired, ready + 1);
        else if (load < totalCapacity && cv < CvThreshold) result = Math.Max(desired, 1);
        else result = ready;
        result = Math.Min(result, MaxReplicas);
        if (rps == 0) result = (int)Math.Ceiling(ready / 2.0);
        return result == 0 ? 1 : result;
    }
}
