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
}
