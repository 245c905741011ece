using System.Globalization;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// faaswise's shuffler: copies the plan wants on a GPU and that are not there are loaded into a warm process's
/// host-resident model, displacing only idle copies outside the plan, cheapest per byte first; where every process
/// of the function on that GPU already holds a copy, another process is started beside them (its model in host
/// memory, loaded at a later period).
/// </summary>
public sealed class PlannedPrefetch(CopyTargets targets) : IShuffler
{
    private int[,]? _resident;

    /// <inheritdoc />
    public void Shuffle(IClusterSnapshot cluster, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        if (targets.Plan is not { } plan) return;
        var world = cluster.World;
        var resident = _resident = CopyPlan.ResidentCounts(cluster, _resident);
        for (var f = 0; f < world.Functions.Count; f++)
        {
            for (var g = 0; g < world.Gpus.Count; g++)
            {
                if (resident[f, g] >= plan[f, g]) continue;
                IReplicaView? host = null;
                var starting = false;
                foreach (var r in cluster.ReplicasOf(f))
                {
                    if (r.Gpu != g) continue;
                    if (r.Residency == Residency.Host && r.Phase == ReplicaPhase.Running && !decisions.Names(r.Id)) host ??= r;
                    starting |= r.Phase == ReplicaPhase.Starting;
                }

                if (host is null)
                {
                    if (!starting)
                    {
                        decisions.Start(cluster, Decision.Start(f, g, onGpu: false, ready: true, reserve: false,
                            string.Create(CultureInfo.InvariantCulture, $"copy plan wants {plan[f, g]} on GPU {g}, {resident[f, g]} there, and no process to load into: started one beside")));
                    }

                    continue;
                }

                var reason = string.Create(CultureInfo.InvariantCulture, $"copy plan wants {plan[f, g]} on GPU {g}, {resident[f, g]} there: prefetch");
                if (Eviction.MakeRoom(cluster, decisions, host, v => targets.Unplanned(cluster, v, decisions), v => targets.Cost(cluster, v), "evicted for a planned copy (outside the plan, cheapest per byte)"))
                {
                    decisions.Load(cluster, host, reason);
                }
            }
        }
    }
}
