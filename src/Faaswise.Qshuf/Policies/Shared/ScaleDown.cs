using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>What the scalers share: the scale-down stabilisation window and the replicas that count as live.</summary>
public static class ScaleDown
{
    /// <summary>Seconds a stabilisation window must see a lower target before scaling down.</summary>
    public const double WindowSeconds = 60;

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
