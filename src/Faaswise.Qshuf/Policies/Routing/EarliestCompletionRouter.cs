using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// faaswise's router: the copy with the earliest expected completion (model availability, queue, its own inference,
/// all from observed times); a host-resident copy counts only if room can be made from copies outside the plan, and
/// is then loaded. A request that cannot finish before its timeout is refused (it would time out anyway); the SLO is
/// the admission rule's business.
/// </summary>
public sealed class EarliestCompletionRouter(CopyTargets targets) : IRouter
{
    /// <inheritdoc />
    public RouteDecision Route(IClusterSnapshot cluster, int function, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        IReplicaView? best = null;
        var bestSeconds = double.PositiveInfinity;
        var replicas = cluster.ReplicasOf(function);
        for (var i = 0; i < replicas.Count; i++)
        {
            var r = replicas[i];
            if (!r.Ready || r.Phase != ReplicaPhase.Running || (r.Residency == Residency.Host && r.Gpu >= 0)) continue;
            var seconds = CompletionEstimate.Seconds(cluster, r);
            if (seconds < bestSeconds)
            {
                best = r;
                bestSeconds = seconds;
            }
        }

        // copies in host memory last: one that cannot beat the best even with its load alone is not looked at further
        var exec = cluster.ServiceSeconds(function, onGpu: true);
        for (var i = 0; i < replicas.Count; i++)
        {
            var r = replicas[i];
            if (!r.Ready || r.Phase != ReplicaPhase.Running || r.Residency != Residency.Host || r.Gpu < 0) continue;
            if (cluster.LoadSeconds(function, r.Gpu) + exec >= bestSeconds) continue;
            if (!Eviction.CanMakeRoom(cluster, decisions, r, v => targets.Unplanned(cluster, v, decisions))) continue;
            var eviction = Eviction.ComingFree(cluster, decisions, r.Gpu) < cluster.GpuBytesToLoad(r) ? cluster.OffloadSeconds(function, r.Gpu) : 0;
            var seconds = CompletionEstimate.Seconds(cluster, r, TransferTimeline.ResidentIn(cluster, r, eviction));
            if (seconds < bestSeconds)
            {
                best = r;
                bestSeconds = seconds;
            }
        }

        if (best is null) return RouteDecision.Refuse("no copy resident or loadable into unplanned room");
        if (bestSeconds > cluster.World.Functions[function].TimeoutSeconds) return RouteDecision.Refuse("expected completion past the timeout on every copy");
        if (best.Residency == Residency.Host)
        {
            if (!Eviction.MakeRoom(cluster, decisions, best, v => targets.Unplanned(cluster, v, decisions), v => targets.Cost(cluster, v), "evicted for an on-demand load (outside the plan, cheapest per byte)"))
            {
                return RouteDecision.Refuse("no room for an on-demand load");
            }

            decisions.Load(cluster, best, "earliest expected completion needs a load");
        }

        return new RouteDecision(best, "earliest expected completion", bestSeconds);
    }
}
