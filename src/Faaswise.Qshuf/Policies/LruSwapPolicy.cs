using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// Clockwork/FaaSwap-style swapping: one warm process per function on every GPU with its model in host memory;
/// a request goes to an idle copy on a GPU, else a copy is loaded on demand onto the GPU that can make room by
/// offloading its least recently used idle models, else it queues at the least loaded copy. No autoscaling.
/// </summary>
public sealed class LruSwapPolicy : IPolicy
{
    /// <inheritdoc />
    public string Name => "lru-swap";

    /// <inheritdoc />
    public double ControlPeriodSeconds => 5;

    /// <inheritdoc />
    public void Deploy(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            for (var g = 0; g < cluster.World.Gpus.Count; g++) cluster.StartReplica(f, g, onGpu: false, ready: true, reserve: false);
        }
    }

    /// <inheritdoc />
    public void Control(IClusterControl cluster, double now)
    {
    }

    /// <inheritdoc />
    public int Route(IClusterControl cluster, int function, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        IReplicaView? idle = null, leastLoaded = null, loadable = null;
        var bestFree = long.MinValue;
        var need = cluster.World.GpuBytes(function);
        foreach (var r in cluster.ReplicasOf(function))
        {
            if (!r.Ready || r.Phase != ReplicaPhase.Running) continue;
            if (r.Residency is Residency.Gpu or Residency.Loading)
            {
                if (r.Residency == Residency.Gpu && r.Queued + r.Busy == 0 && idle is null) idle = r;
                if (leastLoaded is null || r.Queued + r.Busy < leastLoaded.Queued + leastLoaded.Busy) leastLoaded = r;
            }
            else if (r.Residency == Residency.Host && Eviction.CanMakeRoom(cluster, r.Gpu, need, _ => true))
            {
                var free = Eviction.ComingFree(cluster, r.Gpu);
                if (free > bestFree)
                {
                    bestFree = free;
                    loadable = r;
                }
            }
        }

        if (idle is not null) return idle.Id;
        if (loadable is not null && Eviction.MakeRoom(cluster, loadable.Gpu, need, _ => true, r => r.LastUsed) && cluster.LoadToGpu(loadable.Id)) return loadable.Id;
        return leastLoaded?.Id ?? -1;
    }
}
