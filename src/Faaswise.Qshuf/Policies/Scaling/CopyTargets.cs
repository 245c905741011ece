using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// faaswise's scaler: every period each active function wants ceil(rate x observed service time / target
/// utilisation) copies (rate: the larger of the 5 s and 30 s windows), one more while its backlog exceeds two
/// requests per copy, at most its max_replicas and the number of GPUs; <see cref="CopyPlan"/> packs the copies
/// onto the GPUs. The shuffler and the router read the plan. It is recomputed from the snapshot every period, so
/// a restarted controller has it again after one period; until then nothing counts as unplanned.
/// </summary>
public sealed class CopyTargets(double targetUtilisation) : IScaler
{
    /// <summary>Most copies of one function's model on one GPU (a second one runs in a second process there).</summary>
    public const int CopiesPerGpu = 2;

    /// <summary>Copies planned per function and GPU, or null before the first period.</summary>
    public int[,]? Plan { get; private set; }

    /// <summary>Each function's arrival rate at the last period, requests/s.</summary>
    public double[] Rates { get; private set; } = [];

    /// <inheritdoc />
    public void Scale(IClusterSnapshot cluster, IPlacement placement, Decisions.DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var world = cluster.World;
        var wanted = new int[world.Functions.Count];
        var rates = new double[world.Functions.Count];
        for (var f = 0; f < world.Functions.Count; f++)
        {
            var spec = world.Functions[f];
            var rate = Math.Max(cluster.ArrivalRate(f, 5), cluster.ArrivalRate(f, 30));
            var copies = 0;
            foreach (var r in cluster.ReplicasOf(f))
            {
                if (r.Residency is Residency.Gpu or Residency.Loading) copies++;
            }

            var outstanding = cluster.Outstanding(f);
            var want = rate <= 0 && outstanding == 0 ? 0 : (int)Math.Ceiling(rate * cluster.ServiceSeconds(f, onGpu: true) / (targetUtilisation * spec.Workers));
            if (outstanding > 2 * spec.Workers * Math.Max(1, copies)) want = Math.Max(want, copies + 1);
            rates[f] = rate;
            wanted[f] = Math.Clamp(want, rate > 0 ? 1 : 0, Math.Min(spec.MaxReplicas, world.Gpus.Count));
        }

        Rates = rates;
        Plan = CopyPlan.Make(cluster, wanted, rates, CopiesPerGpu, Plan);
    }

    /// <summary>
    /// Whether a resident copy is beyond what the plan wants on its GPU, counting neither copies that
    /// <paramref name="decisions"/> already move (false before the first plan), and not the last resident copy of a
    /// function with traffic: a copy the plan moves elsewhere is given up only once another one is resident (make
    /// before break).
    /// </summary>
    public bool Unplanned(IClusterSnapshot cluster, IReplicaView v, Decisions.DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(decisions);
        if (Plan is not { } plan || v.Gpu < 0) return false;
        var here = 0;
        var elsewhere = false;
        var replicas = cluster.ReplicasOf(v.Function);
        for (var i = 0; i < replicas.Count; i++)
        {
            var other = replicas[i];
            if (decisions.Names(other.Id) && !ReferenceEquals(other, v)) continue;
            if (other.Gpu == v.Gpu && other.Residency is Residency.Gpu or Residency.Loading) here++;
            elsewhere |= !ReferenceEquals(other, v) && other.Residency == Residency.Gpu && other.Phase == ReplicaPhase.Running;
        }

        return here > plan[v.Function, v.Gpu] && (elsewhere || v.Function >= Rates.Length || Rates[v.Function] <= 0);
    }

    /// <summary>Eviction cost: requests per second per GPU byte (cheapest evicted first).</summary>
    public double Cost(IClusterSnapshot cluster, IReplicaView v)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(v);
        return (v.Function < Rates.Length ? Rates[v.Function] : 0) / cluster.World.GpuBytes(v.Function);
    }
}
