using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>Expected completion of a request sent to a replica now: model availability, then its queue, then its own inference.</summary>
internal static class CompletionEstimate
{
    /// <summary>Inference time on the replica's GPU given what runs there now, seconds.</summary>
    public static double ExecSeconds(IClusterControl cluster, int function, int gpu)
    {
        var exec = cluster.World.ExecSeconds(function, onGpu: true);
        var share = cluster.GpuShareRunning(gpu) + cluster.World.ModelOf(function).GpuShare;
        return share > 1 ? exec * share : exec;
    }

    /// <summary>Seconds until a request sent now would complete; +infinity when the replica cannot serve it.</summary>
    public static double Seconds(IClusterControl cluster, IReplicaView r, double now, double loadSeconds)
    {
        if (!r.Ready || r.Phase != ReplicaPhase.Running || r.Gpu < 0) return double.PositiveInfinity;
        var exec = ExecSeconds(cluster, r.Function, r.Gpu);
        var available = r.Residency switch
        {
            Residency.Gpu => 0,
            Residency.Loading => double.IsNaN(r.TransferEnds) ? loadSeconds : Math.Max(0, r.TransferEnds - now),
            Residency.Host => loadSeconds,
            _ => double.PositiveInfinity,
        };
        var workers = cluster.World.Functions[r.Function].Workers;
        return available + (r.Queued + r.Busy) * exec / workers + exec;
    }
}
