using System.Globalization;
using Faaswise.Reports;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;

namespace Faaswise.Cli.Commands;

/// <summary>The simulator's figures: latency CDF and GPU memory over time per workload, SLO attainment and goodput against cv.</summary>
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
                    .Select(r => new LineSeries(r.Label, r.LatencyCdf.Select(v => Math.Max(v, 0.01)).ToArray(), RunResult.CdfQuantiles)).ToArray())
            { LogX = true, YRange = (0, 1.02) };
            written.Add(Save(cdf, directory, $"latency-cdf-{group.Key}.png"));

            var memory = new LineChart(
                $"GPU memory used, all GPUs, {group.Key}",
                "simulated time (s)", "GPU memory used (GB)",
                group.Where(r => r.Policy != Bound.Name).Select(r => new LineSeries(r.Label, r.GpuMemory.Select(p => p.Time).ToArray(), r.GpuMemory.Select(p => p.GpuGb.Sum()).ToArray())).ToArray())
            { Reference = (gpuMemoryGb, string.Create(CultureInfo.InvariantCulture, $"capacity {gpuMemoryGb:0} GB")) };
            written.Add(Save(memory, directory, $"gpu-memory-{group.Key}.png"));
        }

        var swept = results.Where(r => r.Workload.Cv is not null).GroupBy(r => r.Workload.Name).Where(g => g.Select(r => r.Workload.Cv).Distinct().Count() > 1);
        foreach (var group in swept)
        {
            var seeds = group.Select(r => r.Workload.Seed).Distinct().Count();
            var interval = seeds > 1 ? $", mean of {seeds} seeds with 95 % intervals" : "";
            foreach (var (name, title, value) in new (string, string, Func<SummaryRow, double>)[]
            {
                ("slo-vs-cv", "SLO attainment (% of requests)", r => r.SloAttainmentPct),
                ("goodput-vs-cv", "goodput (% of requests answered 200)", r => r.GoodputPct),
            })
            {
                var series = group.GroupBy(r => r.Label).Select(p =>
                {
                    var byCv = p.GroupBy(r => r.Workload.Cv!.Value).OrderBy(c => c.Key).ToArray();
                    var ys = byCv.Select(c => c.Average(r => value(r.All))).ToArray();
                    return new LineSeries(p.Key, byCv.Select(c => c.Key).ToArray(), ys)
                    {
                        YError = seeds > 1 ? byCv.Select(c => SeedMeans.HalfWidth(c.Select(r => value(r.All)))).ToArray() : null,
                    };
                }).ToArray();
                var chart = new LineChart($"{title.Split(" (")[0]} against burstiness, {group.Key}{interval}", "cv of inter-arrival times (log scale)", title, series)
                { LogX = true, Markers = true, YRange = (0, 101) };
                written.Add(Save(chart, directory, $"{name}-{group.Key}.png"));
            }
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
