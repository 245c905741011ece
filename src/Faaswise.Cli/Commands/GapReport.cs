using System.Globalization;
using Faaswise.Experiments.Gap;
using Faaswise.Reports;
using Faaswise.Simulation.Kpi;

namespace Faaswise.Cli.Commands;

/// <summary>
/// compare's static HTML report: live next to simulated for every run both have: the gap table and rankings, each
/// KPI simulated against live, SLO attainment and goodput against cv (with 95 % intervals over seeds), latency CDFs
/// from the request logs, and GPU memory and replicas over time from the time series.
/// </summary>
internal static class GapReport
{
    public static string Write(SimToRealGap gap, IReadOnlyList<SummaryRow> live, IReadOnlyList<SummaryRow> simulated, string liveDirectory, string simDirectory, string directory, string stem)
    {
        var figures = Path.Combine(directory, stem + "-figures");
        Directory.CreateDirectory(figures);
        var report = new HtmlReport("Live against simulated")
            .Heading("Live against simulated", 1)
            .Paragraph($"live: {liveDirectory}; simulated: {simDirectory}. Gap = simulated − live (points for percentages). Targets: SLO attainment within 3 points, p99 within 15 %.");
        report.Heading("Per run").Table(
            ["workload", "cv", "seed", "policy", "SLO % live", "SLO % sim", "gap (pts)", "p99 ms live", "p99 ms sim", "gap", "goodput % live", "goodput % sim", "within targets"],
            gap.Rows.GroupBy(r => (r.Workload, r.Cv, r.Seed, r.Policy, r.Admission)).Select(g =>
            {
                var slo = g.Single(r => r.Kpi == "slo_attainment_pct");
                var p99 = g.Single(r => r.Kpi == "p99_ms");
                var good = g.Single(r => r.Kpi == "goodput_pct");
                return (IReadOnlyList<string>)[g.Key.Workload, F(g.Key.Cv), g.Key.Seed, Simulation.Experiments.Sweep.PolicyLabel(g.Key.Policy, g.Key.Admission),
                    F(slo.Live), F(slo.Simulated), F(slo.Gap), F(p99.Live), F(p99.Simulated), double.IsNaN(p99.Relative) ? "" : F(100 * p99.Relative) + " %",
                    F(good.Live), F(good.Simulated), slo.WithinTarget == true && p99.WithinTarget == true ? "yes" : "no"];
            }));
        if (gap.Rankings.Count > 0)
        {
            report.Heading("Rankings by SLO attainment").Table(["workload", "cv", "seed", "live", "simulated", "same"],
                gap.Rankings.Select(r => (IReadOnlyList<string>)[r.Workload, F(r.Cv), r.Seed, r.LiveOrder, r.SimulatedOrder, r.LiveOrder == r.SimulatedOrder ? "yes" : "no"]));
        }

        var shown = new List<(string, string)>();
        shown.AddRange(GapFigures.Write(gap, figures, "gap").Select(p => (Relative(directory, p), "each run's KPI simulated against live; on the diagonal the simulator is right")));
        shown.AddRange(AgainstCv(live, simulated, figures).Select(p => (Relative(directory, p), "live (solid markers) and simulated, against cv; bars: 95 % intervals over seeds")));
        foreach (var run in gap.Rows.Select(r => (r.Policy, r.Admission, r.Workload, r.Cv, r.Seed)).Distinct())
        {
            var label = Simulation.Experiments.Sweep.PolicyLabel(run.Policy, run.Admission);
            var workload = string.Create(CultureInfo.InvariantCulture, $"{run.Workload}{(run.Cv is { } cv ? $"-cv{cv}" : "")}-seed{run.Seed}");
            var liveRun = Path.Combine(liveDirectory, "runs", label, workload);
            var simRun = Path.Combine(simDirectory, "runs", label, workload);
            if (!Directory.Exists(liveRun) || !Directory.Exists(simRun)) continue;
            var name = $"{label}-{workload}";
            var cdf = new LineChart($"Latency CDF of answered requests, {label}, {workload}", "latency (ms, log scale)", "fraction of answered requests",
                [Cdf("live", Path.Combine(liveRun, "requests.csv")), Cdf("simulated", Path.Combine(simRun, "requests.csv"))]) { LogX = true, YRange = (0, 1.02) };
            var memory = new LineChart($"GPU memory used, {label}, {workload}", "time (s)", "GPU memory used (GB)",
                [Series("live", Path.Combine(liveRun, "gpus.csv"), "memory_used_gb"), Series("simulated", Path.Combine(simRun, "gpus.csv"), "memory_used_gb")]);
            var replicas = new LineChart($"Replicas, {label}, {workload}", "time (s)", "replicas (all functions)",
                [Series("live", Path.Combine(liveRun, "functions.csv"), "replicas"), Series("simulated", Path.Combine(simRun, "functions.csv"), "replicas")]);
            foreach (var (chart, kind) in new[] { (cdf, "cdf"), (memory, "gpu-memory"), (replicas, "replicas") })
            {
                var path = Path.Combine(figures, $"{kind}-{name}.png");
                chart.SavePng(path);
                shown.Add((Relative(directory, path), $"{kind}, {label}, {workload}"));
            }
        }

        report.Heading("Figures").Figures([.. shown]);
        var html = Path.Combine(directory, stem + "-report.html");
        report.Save(html);
        return html;
    }

    private static IEnumerable<string> AgainstCv(IReadOnlyList<SummaryRow> live, IReadOnlyList<SummaryRow> simulated, string figures)
    {
        foreach (var (kpi, title, value) in new (string, string, Func<SummaryRow, double>)[]
        {
            ("slo", "SLO attainment (%)", r => r.SloAttainmentPct), ("goodput", "goodput (%)", r => r.GoodputPct),
        })
        {
            var series = new List<LineSeries>();
            foreach (var (side, rows) in new[] { ("live", live), ("simulated", simulated) })
            {
                foreach (var policy in rows.Where(r => r.Function == "ALL" && r.Seed != "mean" && r.Cv is not null).GroupBy(r => Simulation.Experiments.Sweep.PolicyLabel(r.Policy, r.Admission)))
                {
                    var byCv = policy.GroupBy(r => r.Cv!.Value).OrderBy(g => g.Key).ToArray();
                    series.Add(new LineSeries($"{policy.Key} {side}", byCv.Select(g => g.Key).ToArray(), byCv.Select(g => g.Average(value)).ToArray())
                    {
                        YError = byCv.All(g => g.Count() > 1) ? byCv.Select(g => SeedMeans.HalfWidth(g.Select(value))).ToArray() : null,
                    });
                }
            }

            if (series.Count == 0 || series.All(s => s.X.Count < 2)) continue;
            var path = Path.Combine(figures, $"{kpi}-vs-cv.png");
            new LineChart($"{title.Split(" (")[0]} against cv, live and simulated", "cv of inter-arrival times (log scale)", title, series) { LogX = true, Markers = true, YRange = (0, 101) }.SavePng(path);
            yield return path;
        }
    }

    private static LineSeries Cdf(string label, string requests)
    {
        var latencies = LogCsv.Read(requests).Where(r => r["StatusCode"] == "200").Select(r => 1000 * (N(r["end_s"]) - N(r["arrival_s"]))).Order().ToArray();
        if (latencies.Length == 0) return new LineSeries(label, [1], [0]);
        var step = Math.Max(1, latencies.Length / 400);
        var picked = Enumerable.Range(0, latencies.Length).Where(i => i % step == 0 || i == latencies.Length - 1).ToArray();
        return new LineSeries(label, picked.Select(i => Math.Max(latencies[i], 0.01)).ToArray(), picked.Select(i => (i + 1.0) / latencies.Length).ToArray());
    }

    private static LineSeries Series(string label, string csv, string column)
    {
        var sums = LogCsv.Read(csv).GroupBy(r => N(r["time_s"])).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(r => N(r[column])))).ToArray();
        return sums.Length == 0 ? new LineSeries(label, [0], [0]) : new LineSeries(label, sums.Select(s => s.Key).ToArray(), sums.Select(s => s.Item2).ToArray());
    }

    private static double N(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static string F(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static string Relative(string from, string path) => Path.GetRelativePath(from, path);
}
