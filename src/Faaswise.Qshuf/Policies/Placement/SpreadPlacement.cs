using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>Kubernetes' spreading: each replica on the GPU with the most free memory, its model on the GPU; largest models placed first.</summary>
public sealed class SpreadPlacement : IPlacement
{
    /// <inheritdoc />
    public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var f in Enumerable.Range(0, cluster.World.Functions.Count).OrderByDescending(cluster.World.GpuBytes))
        {
            for (var k = 0; k < Math.Max(1, cluster.World.Functions[f].MinReplicas); k++)
            {
                if (Place(cluster, f, false, decisions, "initial deployment: min replicas") is null) break;
            }
        }
    }

    /// <inheritdoc />
    public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
    {
    }

    /// <inheritdoc />
    public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var gpu = GpuChoice.MostFree(cluster, decisions, function);
        if (gpu < 0) return null;
        var start = Decision.Start(function, gpu, onGpu: true, ready: !reserve, reserve, $"{reason}; GPU {gpu} has the most free memory");
        decisions.Start(cluster, start);
        return start;
    }
}
