using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Kpi;

/// <summary>Turns a finished run's collector and counters into summary rows.</summary>
public static class Summaries
{
    /// <summary>The function rows, then ALL.</summary>
    public static IReadOnlyList<SummaryRow> Rows(string policy, string workload, double? cv, Simulator simulator, KpiCollector kpis)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(kpis);
        var world = simulator.World;
        var duration = Math.Max(simulator.EndTime, 1e-9);
        var gpus = world.Gpus.Count;
        var samples = Math.Max(1, kpis.Samples);
        var rows = new List<SummaryRow>();
        for (var f = 0; f < world.Functions.Count; f++)
        {
            var c = simulator.Counters[f];
            rows.Add(Row(policy, workload, cv, world.Functions[f].Name, kpis.Functions[f],
                100 * c.GpuExecSeconds / (gpus * duration), c.GpuByteSeconds / samples / 1e9,
                c.Loads, c.LoadSeconds, c.Offloads, c.OffloadSeconds, c.ColdStarts, c.ReplicaSeconds, c.GpuSeconds, duration));
        }

        var all = simulator.Counters;
        rows.Add(Row(policy, workload, cv, "ALL", kpis.All,
            100 * simulator.GpuBusySeconds.Sum() / (gpus * duration), kpis.GpuByteSeconds / samples / 1e9,
            all.Sum(c => c.Loads), all.Sum(c => c.LoadSeconds), all.Sum(c => c.Offloads), all.Sum(c => c.OffloadSeconds),
            all.Sum(c => c.ColdStarts), all.Sum(c => c.ReplicaSeconds), all.Sum(c => c.GpuSeconds), duration));
        return rows;
    }

    private static SummaryRow Row(string policy, string workload, double? cv, string function, FunctionKpis k,
        double gpuUtilPct, double gpuMemGb, int loads, double loadSeconds, int offloads, double offloadSeconds,
        int coldStarts, double replicaSeconds, double gpuSeconds, double duration)
    {
        var requests = Math.Max(1, k.Requests);
        var q = k.Latency.Quantiles([0.5, 0.9, 0.95, 0.99, 0.999]).Select(ns => ns / 1e6).ToArray();
        return new SummaryRow(policy, workload, cv, function, k.Requests, k.Completed,
            100.0 * k.Completed / requests, 100.0 * k.WithinSlo / requests,
            q[0], q[1], q[2], q[3], q[4], k.Latency.Max / 1e6, k.Latency.Mean / 1e6,
            k.WithStatus(RequestStatus.Timeout), k.WithStatus(RequestStatus.EarlyDrop), k.WithStatus(RequestStatus.Refused),
            gpuUtilPct, gpuMemGb, loads, loadSeconds, offloads, offloadSeconds, coldStarts, replicaSeconds, gpuSeconds, duration);
    }
}
