using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Kpi;

/// <summary>Turns a finished run's collector and counters into summary rows.</summary>
public static class Summaries
{
    /// <summary>The function rows, then ALL.</summary>
    public static IReadOnlyList<SummaryRow> Rows(RunLabel label, ClusterWorld world, IReadOnlyList<FunctionCounters> counters, double gpuBusySeconds, double endTime, KpiCollector kpis)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(kpis);
        var duration = Math.Max(endTime, 1e-9);
        var gpus = world.Gpus.Count;
        var samples = Math.Max(1, kpis.Samples);
        var rows = new List<SummaryRow>();
        for (var f = 0; f < world.Functions.Count; f++)
        {
            var c = counters[f];
            rows.Add(Row(label, world.Functions[f].Name, kpis.Functions[f],
                100 * c.GpuExecSeconds / (gpus * duration), c.GpuByteSeconds / samples / 1e9,
                c.Loads, c.LoadSeconds, c.Offloads, c.OffloadSeconds, c.ColdStarts, c.ReplicaSeconds, c.GpuSeconds, duration));
        }

        rows.Add(Row(label, "ALL", kpis.All,
            100 * gpuBusySeconds / (gpus * duration), kpis.GpuByteSeconds / samples / 1e9,
            counters.Sum(c => c.Loads), counters.Sum(c => c.LoadSeconds), counters.Sum(c => c.Offloads), counters.Sum(c => c.OffloadSeconds),
            counters.Sum(c => c.ColdStarts), counters.Sum(c => c.ReplicaSeconds), counters.Sum(c => c.GpuSeconds), duration));
        return rows;
    }

    private static SummaryRow Row(RunLabel label, string function, FunctionKpis k,
        double gpuUtilPct, double gpuMemGb, int loads, double loadSeconds, int offloads, double offloadSeconds,
        int coldStarts, double replicaSeconds, double gpuSeconds, double duration)
    {
        var requests = Math.Max(1, k.Requests);
        var q = k.Latency.Quantiles([0.5, 0.9, 0.95, 0.99, 0.999]).Select(ns => ns / 1e6).ToArray();
        return new SummaryRow(label.Policy, label.Admission, label.Workload, label.Cv, label.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), function,
            k.Requests, k.Completed, 100.0 * k.Completed / requests, 100.0 * k.WithinSlo / requests, k.WithinSlo / duration,
            q[0], q[1], q[2], q[3], q[4], k.Latency.Max / 1e6, k.Latency.Mean / 1e6,
            k.WithStatus(RequestStatus.Timeout), k.WithStatus(RequestStatus.EarlyDrop), k.WithStatus(RequestStatus.Refused), k.WithStatus(RequestStatus.Crashed),
            gpuUtilPct, gpuMemGb, loads, loadSeconds, offloads, offloadSeconds, coldStarts, replicaSeconds, gpuSeconds, duration);
    }
}
