using System.Globalization;
using Faaswise.Qshuf.Policies;
using Faaswise.Reports;
using Faaswise.Simulation.Experiments;

namespace Faaswise.Cli.Commands;

/// <summary>The simulator's figures: latency CDF and GPU memory over time per workload, SLO attainment against cv.</summary>
internal static class SimulationFigures
{
    public static IReadOnlyList<string> Write(IReadOnlyList<RunResult> results, string directory, double gpuMemoryGb)
    {
        var written = new List<string>();
        var byWorkload = results.GroupBy(r => Sweep.WorkloadLabel(r.Workload)).ToList();
        foreach (var group in byWorkload)
        {
            var cdf = new LineChart(
                $"Latency CDF of answered requests, {group.Key}",
                "latency (ms, log scale)", "fraction of answered requests",
                group.Where(r => r.All.Completed > 0)
                    .Select(r => new LineSeries(r.Policy, r.LatencyCdf.Select(v => Math.Max(v, 0.01)).ToArray(), RunResult.CdfQuantiles)).ToArray())
            { LogX = true, YRange = (0, 1.02) };
            written.Add(Save(cdf, directory, $"latency-cdf-{group.Key}.png"));

            var memory = new LineChart(
                $"GPU memory used, all GPUs, {group.Key} (the oracle's GPUs have no limit: not shown)",
                "simulated time (s)", "GPU memory used (GB)",
                group.Where(r => PolicyCatalog.Create(r.Policy) is { UnlimitedGpuMemory: false }).Select(r => new LineSeries(r.Policy, r.GpuMemory.Select(p => p.Time).ToArray(), r.GpuMemory.Select(p => p.GpuGb.Sum()).ToArray())).ToArray())
            { Reference = (gpuMemoryGb, string.Create(CultureInfo.InvariantCulture, $"capacity {gpuMemoryGb:0} GB")) };
            written.Add(Save(memory, directory, $"gpu-memory-{group.Key}.png"));
        }

        var swept = results.Where(r => r.Workload.Cv is not null).GroupBy(r => r.Workload.Name).Where(g => g.Select(r => r.Workload.Cv).Distinct().Count() > 1);
        foreach (var group in swept)
        {
            var slo = new LineChart(
                $"SLO attainment against burstiness, {group.Key}",
                "cv of inter-arrival times (log scale)", "SLO attainment (% of requests)",
                group.GroupBy(r => r.Policy).Select(p => new LineSeries(p.Key,
                    p.OrderBy(r => r.Workload.Cv).Select(r => r.Workload.Cv!.Value).ToArray(),
                    p.OrderBy(r => r.Workload.Cv).Select(r => r.All.SloAttainmentPct).ToArray())).ToArray())
            { LogX = true, Markers = true, YRange = (0, 101) };
            written.Add(Save(slo, directory, $"slo-vs-cv-{group.Key}.png"));
        }

        return written;
    }

    private static string Save(LineChart chart, string directory, string name)
    {
        var path = Path.Combine(directory, name);
        chart.SavePng(path);
        return path;
    }
}
