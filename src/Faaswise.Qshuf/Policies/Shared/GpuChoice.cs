using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>Choosing GPUs by memory.</summary>
public static class GpuChoice
{
    /// <summary>The GPU with the most free memory (counting decisions so far) that holds the function's model, or -1 (spread placement).</summary>
    public static int MostFree(IClusterSnapshot cluster, DecisionList decisions, int function)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        var need = cluster.World.GpuBytes(function);
        var best = -1;
        long bestFree = -1;
        for (var g = 0; g < cluster.World.Gpus.Count; g++)
        {
            var free = cluster.GpuFreeBytes(g) - decisions.Claimed(g);
            if (free >= need && free > bestFree)
            {
                best = g;
                bestFree = free;
            }
        }

        return best;
    }

    /// <summary>Seconds a stabilisation window must see a lower target before scaling down.</summary>
    public const double ScaleDownWindowSeconds = 60;

    /// <summary>Replicas of a function that neither drain nor failed.</summary>
    public static List<IReplicaView> Live(IClusterSnapshot cluster, int function)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var live = new List<IReplicaView>();
        foreach (var r in cluster.ReplicasOf(function))
        {
            if (r.Phase is ReplicaPhase.Starting or ReplicaPhase.Running) live.Add(r);
        }

        return live;
    }
}
