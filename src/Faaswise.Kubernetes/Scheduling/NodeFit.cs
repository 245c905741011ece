using System.Globalization;
using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Scheduling;

/// <summary>
/// Filter and score for one pod over the nodes (kube-scheduler's extension points, as pure functions): a node fits
/// when it is ready and schedulable, is the node the webhook placed the pod on (when it did), has the CPU the pod
/// requests left over the pods bound or assumed there, and its GPU has the memory for the pod's model when the pod
/// loads it at start. Among nodes that fit, the one with the most free CPU scores highest.
/// </summary>
public static class NodeFit
{
    /// <summary>Why each node does or does not fit (null: fits).</summary>
    public static IReadOnlyDictionary<string, string?> Filter(ClusterWorld world, FunctionPod pod, IEnumerable<NodeCapacity> nodes, IReadOnlyCollection<FunctionPod> bound)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(bound);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            result[n.Name] = !n.Ready ? "node(s) were not ready"
                : !n.Schedulable ? "node(s) were unschedulable"
                : pod.PlannedNode is { } planned && planned != n.Name ? "node(s) didn't match the node QShuf placed the pod on"
                : FreeCpu(n, bound) < pod.CpuRequest ? "Insufficient cpu"
                : !GpuFits(world, pod, bound) ? "Insufficient GPU memory"
                : null;
        }

        return result;
    }

    /// <summary>Scores 0-10 for the nodes that fit: free CPU after the pod, relative to the node's allocatable CPU.</summary>
    public static IReadOnlyDictionary<string, int> Score(FunctionPod pod, IEnumerable<NodeCapacity> fitting, IReadOnlyCollection<FunctionPod> bound)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return fitting.ToDictionary(n => n.Name, n => n.Cpu <= 0 ? 0 : (int)Math.Round(10 * Math.Clamp((FreeCpu(n, bound) - pod.CpuRequest) / n.Cpu, 0, 1)), StringComparer.Ordinal);
    }

    /// <summary>kube-scheduler's summary of a failed filter: "0/3 nodes are available: 2 Insufficient cpu, 1 node(s) were not ready."</summary>
    public static string Summary(IReadOnlyDictionary<string, string?> filtered)
    {
        ArgumentNullException.ThrowIfNull(filtered);
        var reasons = filtered.Values.OfType<string>().GroupBy(r => r, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"));
        return string.Create(CultureInfo.InvariantCulture, $"0/{filtered.Count} nodes are available: {string.Join(", ", reasons)}.");
    }

    private static double FreeCpu(NodeCapacity node, IReadOnlyCollection<FunctionPod> bound) =>
        node.Cpu - bound.Where(p => p.Node == node.Name && p.Replica.Phase is not ReplicaPhase.Failed).Sum(p => p.CpuRequest);

    private static bool GpuFits(ClusterWorld world, FunctionPod pod, IReadOnlyCollection<FunctionPod> bound)
    {
        var gpu = pod.Replica.Gpu;
        if (gpu < 0 || pod.Replica.Residency != Residency.Gpu) return true;
        var held = bound.Where(p => p.Name != pod.Name && p.Replica.Gpu == gpu && p.Replica.Residency == Residency.Gpu && p.Replica.Phase is not ReplicaPhase.Failed)
            .Sum(p => world.GpuBytes(p.Replica.Function));
        return held + world.GpuBytes(pod.Replica.Function) <= world.Gpus[gpu].MemoryBytes;
    }
}
