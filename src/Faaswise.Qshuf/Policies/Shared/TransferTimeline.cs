using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// When a model on a GPU is expected to be resident, from what a snapshot shows (when each move was asked for, never
/// when it ends): offloads run one at a time in the order asked, loads one at a time in the order asked, and a load
/// starts only once the offloads ahead of it have released the memory it needs. A load queued behind others on the
/// same GPU is therefore not counted as ready at its own request time plus one transfer.
/// </summary>
public static class TransferTimeline
{
    [ThreadStatic] private static List<IReplicaView>? _loads;
    [ThreadStatic] private static List<IReplicaView>? _offloads;
    [ThreadStatic] private static List<(double End, long Freed)>? _releases;

    /// <summary>
    /// Seconds until <paramref name="replica"/>'s model is resident: for a loading replica, its place in the GPU's
    /// queue of moves; for one in host memory, a load asked now, after the moves already asked, preceded by an
    /// eviction of <paramref name="evictionSeconds"/> when room has to be made first; 0 when resident.
    /// </summary>
    public static double ResidentIn(IClusterSnapshot cluster, IReplicaView replica, double evictionSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(replica);
        if (replica.Residency == Residency.Gpu) return 0;
        if (replica.Gpu < 0 || replica.Residency is not (Residency.Loading or Residency.Host)) return double.PositiveInfinity;
        var now = cluster.Time;
        var gpu = replica.Gpu;
        var loads = _loads ??= [];
        var offloads = _offloads ??= [];
        loads.Clear();
        offloads.Clear();
        var on = cluster.ReplicasOn(gpu);
        for (var i = 0; i < on.Count; i++)
        {
            var r = on[i];
            if (r.Phase == ReplicaPhase.Failed) continue;
            if (r.Residency == Residency.Loading) loads.Add(r);
            else if (r.Residency == Residency.Offloading) offloads.Add(r);
        }

        var hypothetical = replica.Residency == Residency.Host;
        if (hypothetical && loads.Count == 0 && offloads.Count == 0) return evictionSeconds + cluster.LoadSeconds(replica.Function, gpu);
        if (loads.Count > 1) loads.Sort(ByRequest);
        if (offloads.Count > 1) offloads.Sort(ByRequest);
        var releases = Releases(cluster, offloads, gpu, now);
        var offloadsEnd = releases.Count > 0 ? releases[^1].End : now;
        if (hypothetical) loads.Add(replica);

        // The snapshot's free memory already sets aside every load asked; load i needs only its own and those ahead
        // of it, so what the loads behind it set aside counts as free for it.
        var free = cluster.GpuFreeBytes(gpu) - (hypothetical ? cluster.GpuBytesToLoad(replica) : 0);
        var setAside = 0L;
        foreach (var load in loads) setAside += cluster.GpuBytesToLoad(load);
        var copyEngineFree = double.NegativeInfinity;
        foreach (var load in loads)
        {
            setAside -= cluster.GpuBytesToLoad(load);
            var mine = ReferenceEquals(load, replica);
            var asked = mine && hypothetical ? now : Asked(load, now);
            var memory = mine && evictionSeconds > 0 ? offloadsEnd + evictionSeconds : MemoryAt(releases, free + setAside, offloadsEnd);
            var end = Math.Max(Math.Max(asked, copyEngineFree), memory) + cluster.LoadSeconds(load.Function, gpu);
            copyEngineFree = Math.Max(end, now);
            if (mine) return Math.Max(0, end - now);
        }

        return double.PositiveInfinity;
    }

    private static List<(double End, long Freed)> Releases(IClusterSnapshot cluster, List<IReplicaView> offloads, int gpu, double now)
    {
        var releases = _releases ??= [];
        releases.Clear();
        var engineFree = double.NegativeInfinity;
        foreach (var r in offloads)
        {
            var end = Math.Max(Math.Max(Asked(r, now), engineFree) + cluster.OffloadSeconds(r.Function, gpu), now);
            engineFree = end;
            releases.Add((end, cluster.GpuBytesFreedByOffload(r)));
        }

        return releases;
    }

    private static double MemoryAt(List<(double End, long Freed)> releases, long free, double offloadsEnd)
    {
        if (free >= 0) return double.NegativeInfinity;
        foreach (var (end, freed) in releases)
        {
            free += freed;
            if (free >= 0) return end;
        }

        return offloadsEnd;
    }

    private static double Asked(IReplicaView r, double now) => double.IsNaN(r.OperationSince) ? now : r.OperationSince;

    private static int ByRequest(IReplicaView a, IReplicaView b)
    {
        var c = a.OperationSince.CompareTo(b.OperationSince);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    }
}
