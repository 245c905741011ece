using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// Making room on a GPU for a replica's model: offload idle resident models, cheapest first by a policy's cost, then
/// stop idle processes whose model is in host memory but that still hold a CUDA context there (a process keeps its
/// context after an offload; only its exit frees it, and the layout starts a fresh process without one).
/// </summary>
public static class Eviction
{
    // MakeRoom runs on the request path of the swapping policies: candidates are gathered into per-thread lists
    [ThreadStatic] private static List<(double Key, IReplicaView Replica)>? _victims;
    [ThreadStatic] private static List<(double Key, IReplicaView Replica)>? _holders;

    private static readonly Comparison<(double Key, IReplicaView Replica)> Cheapest = (a, b) =>
    {
        var byKey = a.Key.CompareTo(b.Key);
        return byKey != 0 ? byKey : string.CompareOrdinal(a.Replica.Id, b.Replica.Id);
    };

    /// <summary>GPU memory that is free or will be once the offloads under way and those decided end, less what decided loads take, bytes.</summary>
    public static long ComingFree(IClusterSnapshot cluster, DecisionList decisions, int gpu)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        return cluster.GpuFreeBytes(gpu) + cluster.GpuReleasingBytes(gpu) + decisions.Freed(gpu) - decisions.Claimed(gpu);
    }

    /// <summary>Whether offloading idle models that <paramref name="evictable"/> accepts, and stopping idle context holders, can make room for <paramref name="target"/>'s model.</summary>
    public static bool CanMakeRoom(IClusterSnapshot cluster, DecisionList decisions, IReplicaView target, Func<IReplicaView, bool> evictable)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(evictable);
        var need = cluster.GpuBytesToLoad(target);
        var free = ComingFree(cluster, decisions, target.Gpu);
        if (free >= need) return true;
        foreach (var r in cluster.ReplicasOn(target.Gpu))
        {
            if (IsIdleResident(r) && !decisions.Names(r.Id) && evictable(r)) free += cluster.GpuBytesFreedByOffload(r);
            else if (IsIdleContextHolder(cluster, decisions, r, target)) free += Context(cluster, r);
            if (free >= need) return true;
        }

        return false;
    }

    /// <summary>
    /// Decides the offloads, then the stops, that make room for <paramref name="target"/>'s model; false when they
    /// cannot (nothing decided, unless <paramref name="evictable"/> turned a victim down once others were chosen).
    /// </summary>
    public static bool MakeRoom(IClusterSnapshot cluster, DecisionList decisions, IReplicaView target, Func<IReplicaView, bool> evictable, Func<IReplicaView, double> cost, string reason)
    {
        ArgumentNullException.ThrowIfNull(target);
        var need = cluster.GpuBytesToLoad(target);
        var gpu = target.Gpu;
        if (ComingFree(cluster, decisions, gpu) >= need) return true;
        if (!CanMakeRoom(cluster, decisions, target, evictable)) return false;
        var on = cluster.ReplicasOn(gpu);
        var victims = _victims ??= [];
        victims.Clear();
        for (var i = 0; i < on.Count; i++)
        {
            if (IsIdleResident(on[i]) && !decisions.Names(on[i].Id) && evictable(on[i])) victims.Add((cost(on[i]), on[i]));
        }

        victims.Sort(Cheapest);
        foreach (var (_, victim) in victims)
        {
            if (ComingFree(cluster, decisions, gpu) >= need) return true;
            // each offload decided can change whether the next victim may go (a policy keeps a function's last copy)
            if (evictable(victim)) decisions.Offload(cluster, victim, reason);
        }

        var holders = _holders ??= [];
        holders.Clear();
        for (var i = 0; i < on.Count; i++)
        {
            if (IsIdleContextHolder(cluster, decisions, on[i], target)) holders.Add((on[i].LastUsed, on[i]));
        }

        holders.Sort(Cheapest);
        foreach (var (_, holder) in holders)
        {
            if (ComingFree(cluster, decisions, gpu) >= need) return true;
            decisions.Stop(cluster, holder, "idle process holding a CUDA context: stopped to free it (a fresh one replaces it)");
        }

        return ComingFree(cluster, decisions, gpu) >= need;
    }

    /// <summary>On its GPU with nothing queued or running.</summary>
    public static bool IsIdleResident(IReplicaView r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Residency == Residency.Gpu && r.Queued == 0 && r.Busy == 0 && r.Phase == ReplicaPhase.Running;
    }

    /// <summary>GPU memory a process holds without its model there (its CUDA context), bytes.</summary>
    public static long Context(IClusterSnapshot cluster, IReplicaView r)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(r);
        return r.Residency == Residency.Host ? cluster.World.GpuBytes(r.Function) - cluster.GpuBytesToLoad(r) : 0;
    }

    private static bool IsIdleContextHolder(IClusterSnapshot cluster, DecisionList decisions, IReplicaView r, IReplicaView target) =>
        r.Id != target.Id && r.Phase == ReplicaPhase.Running && r.Queued == 0 && r.Busy == 0 && !decisions.Names(r.Id) && Context(cluster, r) > 0;
}
