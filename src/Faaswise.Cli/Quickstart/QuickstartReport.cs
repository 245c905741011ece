using System.Globalization;
using System.Text.Json;
using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling;
using Faaswise.Modeling.Profiling;
using Faaswise.Experiments.Gap;
using Faaswise.Reports;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;

namespace Faaswise.Cli.Quickstart;

/// <summary>Writes report.html and its figures from what the quickstart's stages left in its folder.</summary>
internal static class QuickstartReport
{
    public const string Profile = "profile";
    public const string Groups = "groups/group_list.json";
    public const string Samples = "samples";
    public const string Model = "model";
    public const string Simulations = "sim";
    public const string Live = "live";
    public const string Twin = "live-sim";
    public static readonly string[] Clusters = ["default", "memory-pressure"];

    /// <summary>Builds the report; returns the lines the terminal summary shows.</summary>
    public static IReadOnlyList<string> Write(string dir, QuickstartPlan plan, IReadOnlyList<(string Title, double Seconds, bool Resumed)> timings)
    {
        var figures = Path.Combine(dir, "figures");
        Directory.CreateDirectory(figures);
        var summary = new List<string>();
        var report = new HtmlReport("Faaswise quickstart: this machine, its forecaster, and GPU policies compared");
        report.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"Measured on {Environment.MachineName}: {Environment.ProcessorCount} cores ({CpuModel()}), {MemoryGb():0.#} GB of memory, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, faaswise {typeof(QuickstartReport).Assembly.GetName().Version?.ToString(3)}."));
        report.Paragraph("Plan: " + plan.Describe() + ". Functions run as processes behind the embedded OpenFaaS-compatible gateway; node and function metrics come from the local collector (procfs, and RAPL or an estimated power model).");
        report.Table(["stage", "seconds"], timings.Select(t => (IReadOnlyList<string>)[t.Title, t.Resumed ? "earlier run" : t.Seconds.ToString("0", CultureInfo.InvariantCulture)]));

        ProfileSection(dir, report, summary);
        ClusterSection(dir, report, summary);
        ForecasterSection(dir, report, summary);
        PolicySection(dir, report, summary);
        LiveSection(dir, plan, report, summary);

        report.Heading("Files beside this report");
        report.Links(
            (Profile + "/profiles", "per-function profiles (DFaaS's profiler format), with the runs' results files and index.csv"),
            (Groups, "the function clusters (group_list.json) and the fitted profiler beside it"),
            (Samples, "the two-function dataset (DFaaS's results columns, then ours; manifest.json has units and the node)"),
            (Model, "the forecaster: LightGBM models, manifest.json with checksums, metrics.json and metrics.md"),
            (Simulations + "/default/summary.csv", "policy KPIs on the default cluster"),
            (Simulations + "/memory-pressure/summary.csv", "policy KPIs on the memory-pressure cluster"),
            (Live + "/gap-report.html", "the live run against its simulated twin: every KPI, rankings and figures"),
            (Live + "/summary.csv", "live KPIs (the simulator's summary.csv columns), with per-request logs, decisions and time series under runs/"),
            ("logs", "each stage's output"));
        var path = Path.Combine(dir, "report.html");
        report.Save(path);
        return summary;
    }

    private static void ProfileSection(string dir, HtmlReport report, List<string> summary)
    {
        report.Heading("This node's profile per function");
        var rows = ProfileLoader.Load(Path.Combine(dir, Profile, "profiles"));
        var byFunction = rows.GroupBy(r => r.Name).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        report.Paragraph($"Each function alone under open-loop load, one attack per rate ({rows.Count} measurements).");
        (int Metric, string File, string Title, string Axis, double Scale)[] charts =
        [
            (1, "profile-cpu.png", "CPU of the function's replicas", "CPU (% of one core)", 1),
            (2, "profile-ram.png", "Memory of the function's replicas", "RAM (MB)", 1e-6),
            (5, "profile-latency.png", "Mean latency (DFaaS's medium_latency)", "mean latency (ms)", 1e-6),
            (0, "profile-success.png", "Successful requests", "success (% of requests)", 100),
        ];
        foreach (var (metric, file, title, axis, scale) in charts)
        {
            new LineChart(title + " against offered load", "offered load (requests/s)", axis,
                byFunction.Select(g =>
                {
                    var points = g.GroupBy(r => r.Rate).OrderBy(p => p.Key).ToArray();
                    return new LineSeries(g.Key, points.Select(p => p.Key).ToArray(), points.Select(p => p.Average(r => r.Metrics[metric]) * scale).ToArray());
                }).ToArray())
            { Markers = true }.SavePng(Path.Combine(dir, "figures", file));
        }

        report.Figures(charts.Select(c => ("figures/" + c.File, c.Title + " against offered load")).ToArray());
        var top = byFunction.Select(g => (g.Key, Cpu: g.Max(r => r.Metrics[1]))).MaxBy(x => x.Cpu);
        summary.Add(string.Create(CultureInfo.InvariantCulture, $"profiled {byFunction.Length} functions; the heaviest on CPU: {top.Key} at {top.Cpu:0.0} % of a core"));
    }

    private static void ClusterSection(string dir, HtmlReport report, List<string> summary)
    {
        report.Heading("Function clusters");
        var groups = GroupList.Read(Path.Combine(dir, Groups));
        report.Paragraph("Profiles min-max scaled, reduced by PCA (95 % of the variance) and clustered by k-means; groups are named by resource use. A new function is placed without retraining by faaswise assign.");
        report.Table(["group", "functions"], groups.Names.Select(g => (IReadOnlyList<string>)[g, string.Join(", ", groups[g])]));
        summary.Add("clusters: " + string.Join("; ", groups.Names.Select(g => $"{g} = {string.Join(", ", groups[g])}")));
    }

    private static void ForecasterSection(string dir, HtmlReport report, List<string> summary)
    {
        report.Heading("Forecaster accuracy (held-out runs)");
        var metrics = JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(Path.Combine(dir, Model, "metrics.json")), ModelingJson.Indented)!;
        var model = ModelDirectory.Load(Path.Combine(dir, Model));
        var unitOf = MetricsMarkdown.UnitsOf(model.Manifest);
        report.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"Trained by faaswise train on the sampled pairs with the grouped split: whole runs (one per pair of functions) are held out, so the scores below are on a pair of functions the model never saw together ({metrics.Rows} test rows). MAPE in %; coverage = share of measured values below the 0.05 and 0.95 quantile predictions (ideal 0.05 and 0.95). R² compares the error with the spread of the held-out values: where a target barely varies (node RAM in a short run), read its MAPE instead. Leaves need only 5 rows here (LightGBM's default is 20), as the dataset has a few dozen rows."));
        report.Table(["target", "unit", "R²", "MAPE %", "RMSE", "below q05", "below q95"],
            metrics.Targets.Select(t => (IReadOnlyList<string>)[t.Key, unitOf(t.Key), F(t.Value.R2, "0.000"), F(t.Value.Mape * 100, "0.0"), F(t.Value.Rmse, "G4"), F(t.Value.CoverageQ05, "0.00"), F(t.Value.CoverageQ95, "0.00")]));
        if (metrics.DescribeIdleBaseline(unitOf) is { } idle) report.Paragraph(idle);
        if (metrics.OverloadedNode is { } o)
        {
            report.Paragraph(string.Create(CultureInfo.InvariantCulture, $"Overload classifier: accuracy {o.Accuracy:0.000}, F1 {o.F1:0.000}, {o.Positives} overloaded test rows."));
        }

        var data = DatasetLoader.Load(Path.Combine(dir, Samples));
        var split = DatasetSplit.Recorded(data.Rows, model.Manifest.Protocol);
        var test = split.Test.Select(i => data.Rows[i]).ToArray();
        var batch = model.PredictBatch(test.Select(model.Inputs).ToArray());
        (string Target, string File, string Axis, double Scale)[] charts =
        [
            ("cpu_usage_node", "forecast-cpu.png", "node CPU (% of one core)", 1),
            ("ram_usage_node", "forecast-ram.png", "node RAM (MB)", 1e-6),
            ("power_usage_node", "forecast-power.png", "node power (W)", 1e-6),
        ];
        var drawn = new List<(string, string)>();
        foreach (var (target, file, axis, scale) in charts)
        {
            var entry = model.Manifest.Targets.FirstOrDefault(t => t.Target.Name == target);
            if (entry is null || !batch.Targets.TryGetValue(target, out var predicted)) continue;
            new LineChart($"Predicted against measured: {axis}", "measured " + axis, "predicted " + axis,
                [new LineSeries("held-out rows", test.Select(r => entry.Target.ValueOf(r) * scale).ToArray(), predicted.Point.Select(v => v * scale).ToArray())])
            { PointsOnly = true, Identity = true }.SavePng(Path.Combine(dir, "figures", file));
            drawn.Add(("figures/" + file, "Predicted against measured " + axis + " on held-out rows"));
        }

        report.Figures([.. drawn]);
        if (metrics.Targets.TryGetValue("cpu_usage_node", out var cpu))
        {
            summary.Add(string.Create(CultureInfo.InvariantCulture, $"forecaster on held-out runs: node CPU R² {cpu.R2:0.000}, MAPE {cpu.Mape * 100:0.0} %"));
        }
    }

    private static void PolicySection(string dir, HtmlReport report, List<string> summary)
    {
        report.Heading("GPU inference policies (simulated)");
        report.Paragraph("QShuf's ES1 workload (ten deep-learning functions, gamma arrivals at each cv) simulated with faaswise simulate on the shipped default cluster (4 x 24 GB GPUs) and the memory-pressure cluster (2 x 24 GB, about half of what QShuf's pinned deployment needs). Every policy runs with SLO admission (a request whose expected completion misses its SLO is refused with 503), so goodput shows what refusing costs; bound is an upper bound on both. SLO attainment counts every request; latency percentiles are of answered requests. docs/simulator.md describes the model and the policies.");
        foreach (var cluster in Clusters)
        {
            var folder = Simulations + "/" + cluster;
            report.Heading("Cluster: " + cluster, 3);
            var rows = Simulation.Kpi.SummaryCsv.ReadColumns(Path.Combine(dir, folder, "summary.csv")).Where(c => c["function"] == "ALL").ToArray();
            report.Table(["cv", "policy", "admission", "SLO attainment %", "goodput %", "SLO-met req/s", "p50 ms", "p99 ms", "GPU memory GB", "loads", "cold starts"],
                rows.OrderBy(c => N(c["cv"])).Select(c => (IReadOnlyList<string>)[c["cv"], c["policy"], c["admission"], F(N(c["slo_attainment_pct"]), "0.00"), F(N(c["goodput_pct"]), "0.00"),
                    F(N(c["slo_goodput_rps"]), "0.00"), F(N(c["p50_ms"]), "0"), F(N(c["p99_ms"]), "0"), F(N(c["gpu_mem_used_gb"]), "0.0"), c["loads"], c["cold_starts"]]));
            report.Figures(
                (folder + "/slo-vs-cv-es1.png", "SLO attainment against cv, " + cluster),
                (folder + "/goodput-vs-cv-es1.png", "Goodput against cv, " + cluster),
                (folder + "/latency-cdf-es1-cv1-seed1.png", "Latency CDF at cv 1, " + cluster),
                (folder + "/gpu-memory-es1-cv1-seed1.png", "GPU memory over time at cv 1, " + cluster));
            if (cluster == "memory-pressure")
            {
                var atOne = rows.Where(c => c["cv"] == "1" && c["policy"] != "bound").MaxBy(c => N(c["slo_attainment_pct"]));
                if (atOne is not null) summary.Add(string.Create(CultureInfo.InvariantCulture, $"memory-pressure cluster at cv 1: best policy {atOne["policy"]} (admission {atOne["admission"]}) with {N(atOne["slo_attainment_pct"]):0.00} % SLO attainment"));
            }
        }
    }

    private static void LiveSection(string dir, QuickstartPlan plan, HtmlReport report, List<string> summary)
    {
        report.Heading("GPU inference policies, live on this machine and simulated");
        report.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"ES1 at cv {QuickstartPlan.LiveCv} (T = {plan.LiveSeconds} s, rates halved: what 2 cores serve) played open loop by faaswise experiment run --target local: each replica is a faaswise runtime process serving a real ONNX model (ResNet-18, and a synthetic 256 MB model) on one emulated 0.5 GB GPU, with the policy applied live through the local gateway. The simulated twin replays the same arrivals with the shipped local cluster file, uncalibrated (faaswise experiment calibrate fits one from the live logs). Gap = simulated − live; the targets after calibration are 3 points of SLO attainment and 15 % of p99. A run this short is one sample: read the gap, not the ranking, as what it shows."));
        var live = SummaryCsv.ReadRows(Path.Combine(dir, Live, "summary.csv"));
        var twin = SummaryCsv.ReadRows(Path.Combine(dir, Twin, "summary.csv"));
        var gap = SimToRealGap.Of(live, twin);
        var runs = gap.Rows.GroupBy(r => Sweep.PolicyLabel(r.Policy, r.Admission)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Policy: g.Key, Slo: g.Single(r => r.Kpi == "slo_attainment_pct"), P99: g.Single(r => r.Kpi == "p99_ms"), Loads: g.Single(r => r.Kpi == "loads")))
            .ToArray();
        report.Table(["policy", "SLO % live", "SLO % simulated", "gap (points)", "p99 ms live", "p99 ms simulated", "p99 gap", "loads live", "loads simulated"],
            runs.Select(r => (IReadOnlyList<string>)[r.Policy, F(r.Slo.Live, "0.00"), F(r.Slo.Simulated, "0.00"), F(r.Slo.Gap, "+0.00;-0.00;0.00"), F(r.P99.Live, "0"), F(r.P99.Simulated, "0"),
                double.IsNaN(r.P99.Relative) ? "n/a" : F(100 * r.P99.Relative, "+0;-0;0") + " %", F(r.Loads.Live, "0"), F(r.Loads.Simulated, "0")]));
        bool Tied(Func<GapRow, double> side) => runs.Select(r => Math.Round(side(r.Slo), 2)).Distinct().Count() < runs.Length;
        foreach (var (_, _, _, liveOrder, simOrder) in gap.Rankings)
        {
            report.Paragraph(Tied(r => r.Live) || Tied(r => r.Simulated)
                ? "The policies tie on SLO attainment live or simulated, so this run does not rank them."
                : $"Ranked by SLO attainment: live {liveOrder}; simulated {simOrder} ({(liveOrder == simOrder ? "the same" : "not the same")}).");
        }

        var figures = Path.Combine(dir, Live, "gap-figures");
        report.Figures(Directory.GetFiles(figures, "cdf-*.png").Concat(Directory.GetFiles(figures, "gpu-memory-*.png")).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(dir, f).Replace('\\', '/'), Path.GetFileNameWithoutExtension(f).Replace("cdf-", "Latency CDF, live and simulated: ", StringComparison.Ordinal).Replace("gpu-memory-", "GPU memory over time, live and simulated: ", StringComparison.Ordinal)))
            .ToArray());
        summary.Add(string.Create(CultureInfo.InvariantCulture, $"live on this machine (ES1 cv {QuickstartPlan.LiveCv}): ") + string.Join("; ", runs.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Policy} {r.Slo.Live:0.0} % SLO (simulated {r.Slo.Simulated:0.0} %)"))));
    }

    private static double N(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string F(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static double MemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9;
}
