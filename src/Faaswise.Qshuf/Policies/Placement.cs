using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>Placement helpers shared by policies.</summary>
internal static class Placement
{
    /// <summary>The GPU with the most free memory that holds the function's model, or -1 (spread placement).</summary>
    public static int MostFreeGpu(IClusterControl cluster, int function)
    {
        var need = cluster.World.GpuBytes(function);
        var best = -1;
        long bestFree = -1;
        for (var g = 0; g < cluster.World.Gpus.Count; g++)
        {
            var free = cluster.GpuFreeBytes(g);
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
}
