using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// Clockwork/FaaSwap-style swapping on demand: a request goes to an idle resident copy; else a copy is loaded onto
/// the GPU that can make room by offloading its least recently used idle models; else it queues at the least
/// loaded resident copy.
/// </summary>
public sealed class LruSwapRouter : IRouter
{
    /// <inheritdoc />
    public RouteDecision Route(IClusterSnapshot cluster, int function, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        IReplicaView? idle = null, leastLoaded = null, loadable = null;
        var bestFree = long.MinValue;
        foreach (var r in cluster.ReplicasOf(function))
        {
            if (!r.Ready || r.Phase != ReplicaPhase.Running) continue;
            if (r.Residency is Residency.Gpu or Residency.Loading)
            {
                if (r.Residency == Residency.Gpu && r.Queued + r.Busy == 0 && idle is null) idle = r;
                if (leastLoaded is null || r.Queued + r.Busy < leastLoaded.Queued + leastLoaded.Busy) leastLoaded = r;
            }
            else if (r.Residency == Residency.Host && r.Gpu >= 0 && Eviction.CanMakeRoom(cluster, decisions, r, _ => true))
            {
                var free = Eviction.ComingFree(cluster, decisions, r.Gpu);
                if (free > bestFree)
                {
                    bestFree = free;
                    loadable = r;
                }
            }
        }

        if (idle is not null) return new RouteDecision(idle, "an idle resident copy");
        var eviction = loadable is not null && Eviction.ComingFree(cluster, decisions, loadable.Gpu) < cluster.GpuBytesToLoad(loadable) ? cluster.OffloadSeconds(function, loadable.Gpu) : 0;
        if (loadable is not null && Eviction.MakeRoom(cluster, decisions, loadable, _ => true, r => r.LastUsed, "least recently used: evicted for an on-demand load"))
        {
            decisions.Load(cluster, loadable, "no idle resident copy: load on demand");
            return new RouteDecision(loadable, "loading on demand", CompletionEstimate.Seconds(cluster, loadable, TransferTimeline.ResidentIn(cluster, loadable, eviction)));
        }

        return leastLoaded is null ? RouteDecision.Refuse("no resident copy and no room to load one") : new RouteDecision(leastLoaded, "the least loaded resident copy");
    }
}
