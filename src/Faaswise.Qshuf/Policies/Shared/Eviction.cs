using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>Making room on a GPU by offloading idle resident models, cheapest first by a policy's cost.</summary>
public static class Eviction
{
    /// <summary>GPU memory that is free or will be once the offloads under way and those decided end, less what decided loads take, bytes.</summary>
    public static long ComingFree(IClusterSnapshot cluster, DecisionList decisions, int gpu)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        return cluster.GpuFreeBytes(gpu) + cluster.GpuReleasingBytes(gpu) + decisions.Freed(gpu) - decisions.Claimed(gpu);
    }

    /// <summary>Whether offloading idle models (those <paramref name="evictable"/> accepts) can make <paramref name="need"/> bytes come free.</summary>
    public static bool CanMakeRoom(IClusterSnapshot cluster, DecisionList decisions, int gpu, long need, Func<IReplicaView, bool> evictable)
    {
        ArgumentNullException.ThrowIfNull(evictable);
        var free = ComingFree(cluster, decisions, gpu);
        if (free >= need) return true;
        foreach (var r in cluster.ReplicasOn(gpu))
        {
            if (IsIdleResident(r) && !decisions.Names(r.Id) && evictable(r)) free += cluster.GpuBytesFreedByOffload(r);
            if (free >= need) return true;
        }

        return false;
    }

    /// <summary>Offloads idle resident models in increasing cost until <paramref name="need"/> bytes come free; false (and nothing decided) when they cannot.</summary>
    public static bool MakeRoom(IClusterSnapshot cluster, DecisionList decisions, int gpu, long need, Func<IReplicaView, bool> evictable, Func<IReplicaView, double> cost, string reason)
    {
        if (ComingFree(cluster, decisions, gpu) >= need) return true;
        if (!CanMakeRoom(cluster, decisions, gpu, need, evictable)) return false;
        var victims = cluster.ReplicasOn(gpu).Where(r => IsIdleResident(r) && !decisions.Names(r.Id) && evictable(r)).OrderBy(cost).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        foreach (var victim in victims)
        {
            if (ComingFree(cluster, decisions, gpu) >= need) break;
            decisions.Offload(cluster, victim, reason);
        }

        return ComingFree(cluster, decisions, gpu) >= need;
    }

    /// <summary>On its GPU with nothing queued or running.</summary>
    public static bool IsIdleResident(IReplicaView r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Residency == Residency.Gpu && r.Queued == 0 && r.Busy == 0 && r.Phase == ReplicaPhase.Running;
    }
}
