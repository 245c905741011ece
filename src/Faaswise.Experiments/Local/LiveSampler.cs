using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Experiments.Local;

/// <summary>
/// The per-second state of a live run, as the simulator samples its own: GPU memory held (as the cluster view
/// accounts it), replicas and ready replicas, resident copies, arrivals and requests outstanding per function, and
/// the fraction of each second the GPU ran inferences (the GPU inference seconds the runtimes reported in that
/// second, shared among the GPUs that hold the function's model). It also counts replica-seconds and GPU-seconds.
/// </summary>
internal sealed class LiveSampler(ClusterWorld world, LiveCluster cluster, ArrivalMeter meter, FunctionCounters[] counters, params ISimulationObserver[] observers)
{
    public async Task RunAsync(DateTimeOffset origin, Lock gate, CancellationToken cancellation)
    {
        var arrivals = new long[world.Functions.Count];
        var exec = new double[world.Functions.Count];
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                var sample = Sample(cluster.Snapshot(), (DateTimeOffset.UtcNow - origin).TotalSeconds, arrivals, exec);
                lock (gate)
                {
                    foreach (var o in observers) o.OnSecond(sample);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private SecondSample Sample(ClusterSnapshot s, double time, long[] arrivals, double[] exec)
    {
        var sample = new SecondSample(world.Gpus.Count, world.Functions.Count) { Time = time };
        for (var g = 0; g < world.Gpus.Count; g++)
        {
            sample.GpuMemoryBytes[g] = world.Gpus[g].MemoryBytes - s.GpuFreeBytes(g);
            sample.GpuResidentModels[g] = s.ReplicasOn(g).Count(r => r.Residency == Residency.Gpu);
        }

        lock (counters)
        {
            for (var f = 0; f < world.Functions.Count; f++)
            {
                var replicas = s.ReplicasOf(f).Where(r => r.Phase is ReplicaPhase.Starting or ReplicaPhase.Running or ReplicaPhase.Draining).ToList();
                var holding = replicas.Where(r => r.Gpu >= 0 && r.Residency is Residency.Gpu or Residency.Loading or Residency.Offloading).ToList();
                sample.Replicas[f] = replicas.Count;
                sample.ReadyReplicas[f] = replicas.Count(r => r.Ready);
                sample.ResidentCopies[f] = replicas.Count(r => r.Residency == Residency.Gpu);
                sample.FunctionGpuBytes[f] = holding.Sum(s.GpuBytesToLoad);
                sample.Outstanding[f] = s.Outstanding(f);
                var total = meter.Total(f);
                sample.Arrivals[f] = (int)(total - arrivals[f]);
                arrivals[f] = total;
                var c = counters[f];
                var ran = c.GpuExecSeconds - exec[f];
                exec[f] = c.GpuExecSeconds;
                var gpus = replicas.Where(r => r.Gpu >= 0 && r.Residency == Residency.Gpu).Select(r => r.Gpu).Distinct().ToList();
                foreach (var g in gpus) sample.GpuBusy[g] = Math.Min(1, sample.GpuBusy[g] + (ran / gpus.Count));
                c.ReplicaSeconds += replicas.Count;
                c.GpuSeconds += holding.Count;
                c.GpuByteSeconds += sample.FunctionGpuBytes[f];
            }
        }

        return sample;
    }
}
