using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// Ours: SLO-aware routing, placement and shuffling.
/// <list type="bullet">
/// <item>One warm process per function on every GPU, its model in host memory until a copy is wanted on that GPU.</item>
/// <item>Every half second the autoscaler sets each active function's copies from its arrival rate (target
/// utilisation per copy) and backlog; <see cref="CopyPlan"/> packs them onto the GPUs, most requests per byte
/// first; planned copies are prefetched, displacing only idle copies outside the plan, cheapest per byte first.</item>
/// <item>A request goes to the copy with the earliest expected completion (model availability, queue, inference
/// under the GPU's current contention); a copy is loaded on demand only into free memory or the room of unplanned
/// copies, so bursts cannot thrash the plan.</item>
/// <item>A request whose best expected completion misses its SLO is refused at once (503) instead of taking GPU
/// time from requests that can still make theirs: goodput is traded for SLO attainment, and both are reported.</item>
/// </list>
/// </summary>
public sealed class FaaswisePolicy(double targetUtilisation = 0.6, bool sloAdmission = true) : IPolicy
{
    /// <summary>Most processes of one function on one GPU.</summary>
    public const int CopiesPerGpu = 2;

    private IClusterControl? _cluster;
    private Func<IReplicaView, bool>? _unplanned;
    private Func<IReplicaView, double>? _cost;
    private int[] _wanted = [];
    private double[] _rates = [];
    private int[,] _plan = new int[0, 0];

    /// <inheritdoc />
    public string Name => "faaswise";

    /// <inheritdoc />
    public double ControlPeriodSeconds => 0.5;

    /// <inheritdoc />
    public void Deploy(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _cluster = cluster;
        _unplanned = Unplanned;
        _cost = v => _rates[v.Function] / cluster.World.GpuBytes(v.Function);
        var world = cluster.World;
        _wanted = Enumerable.Repeat(1, world.Functions.Count).ToArray();
        _rates = new double[world.Functions.Count];
        _plan = new int[world.Functions.Count, world.Gpus.Count];
        foreach (var f in Enumerable.Range(0, world.Functions.Count).OrderByDescending(world.GpuBytes))
        {
            var gpu = Placement.MostFreeGpu(cluster, f);
            if (gpu >= 0 && cluster.StartReplica(f, gpu, onGpu: true, ready: true, reserve: false) >= 0) _plan[f, gpu]++;
        }

        for (var f = 0; f < world.Functions.Count; f++)
        {
            for (var g = 0; g < world.Gpus.Count; g++)
            {
                if (_plan[f, g] == 0) cluster.StartReplica(f, g, onGpu: false, ready: true, reserve: false);
            }
        }
    }

    /// <inheritdoc />
    public void Control(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var world = cluster.World;
        for (var f = 0; f < world.Functions.Count; f++)
        {
            var spec = world.Functions[f];
            var rate = Math.Max(cluster.ArrivalRate(f, 5), cluster.ArrivalRate(f, 30));
            var copies = Copies(cluster, f);
            var wanted = rate <= 0 && cluster.Outstanding(f) == 0 ? 0 : (int)Math.Ceiling(rate * world.ExecSeconds(f, onGpu: true) / (targetUtilisation * spec.Workers));
            if (cluster.Outstanding(f) > 2 * spec.Workers * Math.Max(1, copies)) wanted = Math.Max(wanted, copies + 1);
            _rates[f] = rate;
            _wanted[f] = Math.Clamp(wanted, rate > 0 ? 1 : 0, Math.Min(spec.MaxReplicas, world.Gpus.Count));
        }

        _plan = CopyPlan.Make(cluster, _wanted, _rates, CopiesPerGpu);
        var resident = CopyPlan.ResidentCounts(cluster);
        for (var f = 0; f < world.Functions.Count; f++)
        {
            for (var g = 0; g < world.Gpus.Count; g++)
            {
                if (resident[f, g] >= _plan[f, g]) continue;
                IReplicaView? host = null;
                var starting = false;
                foreach (var r in cluster.ReplicasOf(f))
                {
                    if (r.Gpu != g) continue;
                    if (r.Residency == Residency.Host && r.Phase == ReplicaPhase.Running) host ??= r;
                    starting |= r.Phase == ReplicaPhase.Starting;
                }

                if (host is not null) Bring(cluster, host);
                else if (!starting) cluster.StartReplica(f, g, onGpu: false, ready: true, reserve: false);
            }
        }
    }

    /// <inheritdoc />
    public int Route(IClusterControl cluster, int function, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        IReplicaView? best = null;
        var bestSeconds = double.PositiveInfinity;
        var need = cluster.World.GpuBytes(function);
        foreach (var r in cluster.ReplicasOf(function))
        {
            var load = 0.0;
            if (r.Residency == Residency.Host)
            {
                if (!Eviction.CanMakeRoom(cluster, r.Gpu, need, _unplanned!)) continue;
                load = cluster.World.LoadSeconds(function, r.Gpu);
                if (cluster.GpuFreeBytes(r.Gpu) < need) load += cluster.World.OffloadSeconds(function, r.Gpu);
            }
            else if (r.Residency == Residency.Loading)
            {
                load = cluster.World.LoadSeconds(function, r.Gpu);
            }

            var seconds = CompletionEstimate.Seconds(cluster, r, now, load);
            if (seconds < bestSeconds)
            {
                best = r;
                bestSeconds = seconds;
            }
        }

        var spec = cluster.World.Functions[function];
        if (best is null || bestSeconds > (sloAdmission ? spec.SloSeconds : spec.TimeoutSeconds)) return -1;
        if (best.Residency == Residency.Host && !Bring(cluster, best)) return -1;
        return best.Id;
    }

    private bool Bring(IClusterControl cluster, IReplicaView r) =>
        Eviction.MakeRoom(cluster, r.Gpu, cluster.World.GpuBytes(r.Function), _unplanned!, _cost!)
        && cluster.LoadToGpu(r.Id);

    private bool Unplanned(IReplicaView v) => CopyPlan.Resident(_cluster!, v.Function, v.Gpu) > _plan[v.Function, v.Gpu];

    private static int Copies(IClusterControl cluster, int function)
    {
        var n = 0;
        foreach (var r in cluster.ReplicasOf(function))
        {
            if (r.Residency is Residency.Gpu or Residency.Loading) n++;
        }

        return n;
    }
}
