using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// One warm process per function on every GPU, ready, its model in host memory until a shuffler or router loads it
/// (Clockwork, FaaSwap). With <paramref name="firstCopyResident"/> each function's first process starts with its
/// model on the GPU with the most free memory, largest models first. A process that failed is replaced.
/// </summary>
public sealed class EveryGpuPlacement(bool firstCopyResident) : IPlacement
{
    /// <inheritdoc />
    public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        var world = cluster.World;
        var resident = new int[world.Functions.Count];
        Array.Fill(resident, -1);
        if (firstCopyResident)
        {
            foreach (var f in Enumerable.Range(0, world.Functions.Count).OrderByDescending(world.GpuBytes))
            {
                resident[f] = GpuChoice.MostFree(cluster, decisions, f);
                if (resident[f] >= 0) decisions.Start(cluster, Decision.Start(f, resident[f], onGpu: true, ready: true, reserve: false, $"initial deployment: first copy on GPU {resident[f]}, the most free memory"));
            }
        }

        for (var f = 0; f < world.Functions.Count; f++)
        {
            for (var g = 0; g < world.Gpus.Count; g++)
            {
                if (g != resident[f]) decisions.Start(cluster, Decision.Start(f, g, onGpu: false, ready: true, reserve: false, "initial deployment: a warm process on every GPU"));
            }
        }
    }

    /// <inheritdoc />
    public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            for (var g = 0; g < cluster.World.Gpus.Count; g++)
            {
                var present = false;
                foreach (var r in cluster.ReplicasOf(f)) present |= r.Gpu == g && r.Phase is ReplicaPhase.Starting or ReplicaPhase.Running;
                if (!present) decisions.Start(cluster, Decision.Start(f, g, onGpu: false, ready: true, reserve: false, $"no process of this function on GPU {g}: started one"));
            }
        }
    }

    /// <inheritdoc />
    public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason) => null;
}
