using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// Today's OpenFaaS on Kubernetes with GPUs: every replica keeps its model on its GPU, replicas are spread over the
/// GPU with the most free memory, the rps autoscaler targets a utilisation per replica and a new replica is a cold
/// start; scale-down waits out a 60 s stabilisation window.
/// </summary>
public sealed class PinnedPolicy(double targetUtilisation = 0.7) : IPolicy
{
    private RoundRobin? _roundRobin;
    private double[] _lowSince = [];

    /// <inheritdoc />
    public string Name => "pinned";

    /// <inheritdoc />
    public double ControlPeriodSeconds => 5;

    /// <inheritdoc />
    public void Deploy(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var functions = cluster.World.Functions;
        _roundRobin = new RoundRobin(functions.Count);
        _lowSince = Enumerable.Repeat(double.NaN, functions.Count).ToArray();
        foreach (var f in Enumerable.Range(0, functions.Count).OrderByDescending(cluster.World.GpuBytes))
        {
            for (var k = 0; k < Math.Max(1, functions[f].MinReplicas); k++)
            {
                var gpu = Placement.MostFreeGpu(cluster, f);
                if (gpu >= 0) cluster.StartReplica(f, gpu, onGpu: true, ready: true, reserve: false);
            }
        }
    }

    /// <inheritdoc />
    public void Control(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            var spec = cluster.World.Functions[f];
            var perReplica = targetUtilisation * spec.Workers / cluster.World.ExecSeconds(f, onGpu: true);
            var desired = Math.Clamp((int)Math.Ceiling(cluster.ArrivalRate(f, 10) / perReplica), Math.Max(1, spec.MinReplicas), spec.MaxReplicas);
            var live = cluster.ReplicasOf(f).Where(r => r.Phase != ReplicaPhase.Draining).ToList();
            if (desired > live.Count)
            {
                _lowSince[f] = double.NaN;
                for (var k = live.Count; k < desired; k++)
                {
                    var gpu = Placement.MostFreeGpu(cluster, f);
                    if (gpu < 0) break;
                    cluster.StartReplica(f, gpu, onGpu: true, ready: true, reserve: false);
                }
            }
            else if (desired < live.Count)
            {
                if (double.IsNaN(_lowSince[f])) _lowSince[f] = now;
                if (now - _lowSince[f] >= Placement.ScaleDownWindowSeconds)
                {
                    cluster.Stop(live[^1].Id);
                    _lowSince[f] = double.NaN;
                }
            }
            else
            {
                _lowSince[f] = double.NaN;
            }
        }
    }

    /// <inheritdoc />
    public int Route(IClusterControl cluster, int function, double now) => _roundRobin!.Pick(cluster, function);
}
