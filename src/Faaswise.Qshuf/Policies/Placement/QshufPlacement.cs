using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// QShuf's admission-time placement (reference/qshuf.md §2.1, F3): per function a round-robin plan of slots, each a
/// GPU, whether the model starts on it and whether the pod is a reserve; pods take the lowest free slot. The slot is a
/// label on the replica, so the free ones are found from the replicas alive (a restarted controller continues).
/// <paramref name="memoryAware"/> is F3's dynamic mode: a slot whose GPU lacks memory for the model moves to the GPU
/// with the most free memory, or starts with the model in host memory when none has room; the artifact's own plan
/// ignores memory (such a pod then fails to start).
/// </summary>
public sealed class QshufPlacement(int maxReplicas, bool memoryAware) : IPlacement
{
    private const int ReservePods = 1;

    /// <summary>The plan: per function, an active slot on GPU f mod G, then one reserve per possible scale-up on the following GPUs.</summary>
    public static QshufPlanSlot[][] Plan(int functions, int gpus, int maxReplicas)
    {
        var plan = new QshufPlanSlot[functions][];
        for (var f = 0; f < functions; f++)
        {
            plan[f] = new QshufPlanSlot[maxReplicas + 1];
            plan[f][0] = new QshufPlanSlot(f % gpus, Cuda: true, Reserve: false);
            for (var k = 1; k <= maxReplicas; k++) plan[f][k] = new QshufPlanSlot((f + k) % gpus, Cuda: false, Reserve: true);
        }

        return plan;
    }

    /// <inheritdoc />
    public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            for (var k = 0; k < Math.Max(1, cluster.World.Functions[f].MinReplicas); k++) Place(cluster, f, false, decisions, "initial deployment: active pod");
            for (var k = 0; k < ReservePods; k++) Place(cluster, f, true, decisions, "initial deployment: warm reserve");
        }
    }

    /// <inheritdoc />
    public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
    {
    }

    /// <inheritdoc />
    public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(decisions);
        var plan = Plan(cluster.World.Functions.Count, cluster.World.Gpus.Count, maxReplicas)[function];
        var next = FreeSlot(cluster, function, decisions, plan, reserve);
        var slot = plan[next % plan.Length];
        var gpu = slot.Gpu;
        var cuda = slot.Cuda;
        var where = $"plan slot {next}: GPU {gpu}, {(cuda ? "model on the GPU" : "model in host memory")}{(slot.Reserve ? ", reserve" : "")}";
        if (memoryAware && cuda && cluster.GpuFreeBytes(gpu) - decisions.Claimed(gpu) < cluster.World.GpuBytes(function))
        {
            var other = GpuChoice.MostFree(cluster, decisions, function);
            cuda = other >= 0;
            gpu = other >= 0 ? other : gpu;
            where += other >= 0 ? $"; moved to GPU {other}, the most free memory" : "; no GPU has room: model in host memory";
        }

        var start = Decision.Start(function, gpu, cuda, ready: !slot.Reserve, slot.Reserve, $"{reason}; {where}", next);
        decisions.Start(cluster, start);
        return start;
    }

    /// <summary>
    /// The lowest slot no replica holds (a draining or failed one gives its slot up), a reserve slot when a reserve is
    /// asked for. Not "one past the highest": pods can arrive out of plan order (on Kubernetes a Deployment's own
    /// replica can be admitted after one the controller added for slot 1), and the later one must still take slot 0.
    /// </summary>
    private static int FreeSlot(IClusterSnapshot cluster, int function, DecisionList decisions, QshufPlanSlot[] plan, bool reserve)
    {
        var held = new HashSet<int>();
        foreach (var r in cluster.ReplicasOf(function))
        {
            if (r.Phase is not (ReplicaPhase.Draining or ReplicaPhase.Failed)) held.Add(r.Slot);
        }

        foreach (var d in decisions)
        {
            if (d.Kind == DecisionKind.Start && d.Function == function) held.Add(d.Slot);
        }

        var wantsReserve = reserve && plan.Any(s => s.Reserve); // a plan of one active slot (no scale-up) has none to give
        var slot = 0;
        while (held.Contains(slot) || (wantsReserve && !plan[slot % plan.Length].Reserve)) slot++;
        return slot;
    }
}
