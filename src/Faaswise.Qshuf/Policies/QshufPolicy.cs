using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// QShuf as its artifact intends it (reference/qshuf.md §2.1-2.5): a round-robin placement plan per function (an
/// active pod on a GPU, then reserves in host memory on the GPUs in turn), the autoscaler every 5 s with its
/// formula, promotion of a reserve by /toready then /tocuda, demotion by /tonotready after need &lt; 0 held for
/// 60 s (the model stays on the GPU), and at least one not-ready pod per function, checked every 20 s. It has no
/// notion of GPU memory: a /tocuda that does not fit fails and the pod serves on its CPU.
/// </summary>
public sealed class QshufPolicy(QshufAutoscaler? autoscaler = null) : IPolicy
{
    private const double ReserveCheckSeconds = 20;
    private const int ReservePods = 1;
    private readonly QshufAutoscaler _autoscaler = autoscaler ?? new QshufAutoscaler();
    private RoundRobin? _roundRobin;
    private QshufPlanSlot[][] _plan = [];
    private int[] _planIndex = [];
    private double[] _scaleRecord = [];
    private double[] _reserveChecked = [];

    /// <inheritdoc />
    public string Name => "qshuf";

    /// <inheritdoc />
    public double ControlPeriodSeconds => 5;

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
    public void Deploy(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var n = cluster.World.Functions.Count;
        _roundRobin = new RoundRobin(n);
        _plan = Plan(n, cluster.World.Gpus.Count, _autoscaler.MaxReplicas);
        _planIndex = new int[n];
        _scaleRecord = Enumerable.Repeat(now, n).ToArray();
        _reserveChecked = Enumerable.Repeat(now, n).ToArray();
        for (var f = 0; f < n; f++)
        {
            for (var k = 0; k < Math.Max(1, cluster.World.Functions[f].MinReplicas); k++) StartFromPlan(cluster, f);
            for (var k = 0; k < ReservePods; k++) StartFromPlan(cluster, f, forceReserve: true);
        }
    }

    private void StartFromPlan(IClusterControl cluster, int f, bool forceReserve = false)
    {
        var plan = _plan[f];
        if (forceReserve && !plan[_planIndex[f] % plan.Length].Reserve) _planIndex[f]++;
        var slot = plan[_planIndex[f]++ % plan.Length];
        cluster.StartReplica(f, slot.Gpu, slot.Cuda, ready: !slot.Reserve, reserve: slot.Reserve);
    }

    /// <inheritdoc />
    public void Control(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            var replicas = cluster.ReplicasOf(f);
            var ready = replicas.Where(r => r.Ready && r.Phase == ReplicaPhase.Running).ToList();
            var reserves = replicas.Where(r => !r.Ready && r.Phase == ReplicaPhase.Running && r.Reserve).ToList();
            var latency = cluster.World.ExecSeconds(f, onGpu: true);
            var desired = _autoscaler.DesiredReplicas(latency, cluster.ArrivalRate(f, 5), cluster.Outstanding(f), cluster.ArrivalCv(f, 600), ready.Count);
            var need = desired - ready.Count;
            if (need < 0)
            {
                if (now - _scaleRecord[f] < Placement.ScaleDownWindowSeconds) continue;
                foreach (var r in ready.Where(r => r.Reserve).OrderByDescending(r => r.ReadySince).Take(-need)) cluster.SetReady(r.Id, false);
            }
            else if (need > 0)
            {
                foreach (var r in reserves.Take(need))
                {
                    cluster.SetReady(r.Id, true);
                    if (r.Residency == Residency.Host) cluster.LoadToGpu(r.Id);
                }
            }

            _scaleRecord[f] = now;
            if (now - _reserveChecked[f] >= ReserveCheckSeconds)
            {
                _reserveChecked[f] = now;
                var standing = replicas.Count(r => !r.Ready && r.Phase != ReplicaPhase.Draining);
                if (standing < ReservePods) StartFromPlan(cluster, f, forceReserve: true);
            }
        }
    }

    /// <inheritdoc />
    public int Route(IClusterControl cluster, int function, double now) => _roundRobin!.Pick(cluster, function);
}
