using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>Making room on a GPU by offloading idle resident models, cheapest first by a policy's cost.</summary>
internal static class Eviction
{
    /// <summary>GPU memory that is free or will be once the offloads under way end, bytes.</summary>
    public static long ComingFree(IClusterControl cluster, int gpu) => cluster.GpuFreeBytes(gpu) + cluster.GpuReleasingBytes(gpu);

    /// <summary>Whether offloading idle models (those <paramref name="evictable"/> accepts) can make <paramref name="need"/> bytes come free.</summary>
    public static bool CanMakeRoom(IClusterControl cluster, int gpu, long need, Func<IReplicaView, bool> evictable)
    {
        var free = ComingFree(cluster, gpu);
        if (free >= need) return true;
        foreach (var r in cluster.ReplicasOn(gpu))
        {
            if (IsIdleResident(r) && evictable(r)) free += cluster.World.GpuBytes(r.Function);
            if (free >= need) return true;
        }

        return false;
    }

    /// <summary>Offloads idle resident models in increasing cost until <paramref name="need"/> bytes come free; false (and nothing offloaded) when they cannot.</summary>
    public static bool MakeRoom(IClusterControl cluster, int gpu, long need, Func<IReplicaView, bool> evictable, Func<IReplicaView, double> cost)
    {
        var free = ComingFree(cluster, gpu);
        if (free >= need) return true;
        if (!CanMakeRoom(cluster, gpu, need, evictable)) return false;
        var victims = cluster.ReplicasOn(gpu).Where(r => IsIdleResident(r) && evictable(r)).OrderBy(cost).ThenBy(r => r.Id).ToList();
        foreach (var victim in victims)
        {
            if (free >= need) break;
            if (cluster.Offload(victim.Id)) free += cluster.World.GpuBytes(victim.Function);
        }

        return free >= need;
    }

    /// <summary>On its GPU with nothing queued or running.</summary>
    public static bool IsIdleResident(IReplicaView r) =>
        r.Residency == Residency.Gpu && r.Queued == 0 && r.Busy == 0 && r.Phase == ReplicaPhase.Running;
}
