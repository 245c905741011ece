using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// Expected completion of a request sent to a replica now, from what was observed: model availability (its place in
/// the GPU's queue of moves, <see cref="TransferTimeline"/>), then its queue, then its own inference, at the
/// function's observed service time.
/// </summary>
public static class CompletionEstimate
{
    /// <summary>
    /// Seconds until a request sent now would complete; +infinity when the replica cannot serve it. A replica whose
    /// model is in host memory serves on its CPU unless <paramref name="plannedLoadSeconds"/> says a load comes first.
    /// </summary>
    public static double Seconds(IClusterSnapshot cluster, IReplicaView r, double? plannedLoadSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(r);
        if (!r.Ready || r.Phase != ReplicaPhase.Running) return double.PositiveInfinity;
        var onGpu = r.Gpu >= 0 && (r.Residency is Residency.Gpu or Residency.Loading || plannedLoadSeconds is not null);
        var exec = cluster.ServiceSeconds(r.Function, onGpu);
        var available = r.Residency switch
        {
            Residency.Gpu => 0,
            Residency.Loading => TransferTimeline.ResidentIn(cluster, r),
            Residency.Host => plannedLoadSeconds ?? 0,
            _ => double.PositiveInfinity,
        };
        var workers = cluster.World.Functions[r.Function].Workers;
        return available + (r.Queued + r.Busy) * exec / workers + exec;
    }
}
