using System.Globalization;
using System.Text;

namespace Faaswise.Simulation.Kpi;

/// <summary>summary.csv: a fixed header, one row per (policy, admission, workload, cv, seed, function) with an ALL row per run.</summary>
public static class SummaryCsv
{
    /// <summary>
    /// The columns, in order. Latencies are of 200 answers, ms; *_s are seconds; gpu_mem_used_gb is the mean over
    /// per-second samples; slo_goodput_rps counts 200s within the SLO per second of the run; *_ci95 are half-widths of
    /// 95 % intervals over seeds (on seed = mean rows only).
    /// </summary>
    public static readonly string Header =
        "policy,admission,workload,cv,seed,function,requests,completed,goodput_pct,slo_attainment_pct,slo_goodput_rps,p50_ms,p90_ms,p95_ms,p99_ms,p999_ms,max_ms,mean_ms," +
        "status_408,status_429,status_503,status_502,gpu_util_pct,gpu_mem_used_gb,loads,load_s,offloads,offload_s,cold_starts,replica_s,gpu_s,duration_s," +
        "slo_attainment_pct_ci95,goodput_pct_ci95,p99_ms_ci95";

    /// <summary>The file's text.</summary>
    public static string Format(IEnumerable<SummaryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var b = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            b.Append(CultureInfo.InvariantCulture,
                $"{r.Policy},{r.Admission},{r.Workload},{r.Cv?.ToString(CultureInfo.InvariantCulture)},{r.Seed},{r.Function},{r.Requests},{r.Completed},{r.GoodputPct:0.###},{r.SloAttainmentPct:0.###},{r.SloGoodputRps:0.###},")
             .Append(CultureInfo.InvariantCulture,
                $"{r.P50Ms:0.###},{r.P90Ms:0.###},{r.P95Ms:0.###},{r.P99Ms:0.###},{r.P999Ms:0.###},{r.MaxMs:0.###},{r.MeanMs:0.###},")
             .Append(CultureInfo.InvariantCulture,
                $"{r.Status408},{r.Status429},{r.Status503},{r.Status502},{r.GpuUtilPct:0.###},{r.GpuMemUsedGb:0.###},{r.Loads},{r.LoadSeconds:0.###},{r.Offloads},{r.OffloadSeconds:0.###},")
             .Append(CultureInfo.InvariantCulture,
                $"{r.ColdStarts},{r.ReplicaSeconds:0.#},{r.GpuSeconds:0.#},{r.DurationSeconds:0.###},{Ci(r.SloAttainmentCi95)},{Ci(r.GoodputCi95)},{Ci(r.P99Ci95)}\n");
        }

        return b.ToString();
    }

    /// <summary>
    /// The rows of a summary.csv as column name → text, read by the header's names (so a reader never depends on
    /// column positions); <see cref="FormatException"/> names the file and line of a row that does not fit the header.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ReadColumns(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new FormatException($"{path}: empty, not a summary.csv");
        var names = lines[0].Split(',');
        foreach (var required in (string[])["policy", "admission", "cv", "function", "slo_attainment_pct"])
        {
            if (!names.Contains(required, StringComparer.Ordinal)) throw new FormatException($"{path}: no column {required}; not a summary.csv");
        }

        var rows = new List<IReadOnlyDictionary<string, string>>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            if (fields.Length != names.Length) throw new FormatException($"{path}:{i + 1}: {fields.Length} fields under a header of {names.Length}");
            rows.Add(names.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>The rows of a summary.csv as <see cref="SummaryRow"/>s (what <see cref="Format"/> wrote reads back); <see cref="FormatException"/> names the file and a field that is not a number.</summary>
    public static IReadOnlyList<SummaryRow> ReadRows(string path) => ReadColumns(path).Select(c =>
    {
        double D(string name) => c.TryGetValue(name, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
            : throw new FormatException($"{path}: {name} '{c.GetValueOrDefault(name)}' is not a number");
        double? N(string name) => c.TryGetValue(name, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
        long L(string name) => (long)Math.Round(D(name));
        return new SummaryRow(c["policy"], c["admission"], c.GetValueOrDefault("workload", ""), N("cv"), c.GetValueOrDefault("seed", ""), c["function"],
            L("requests"), L("completed"), D("goodput_pct"), D("slo_attainment_pct"), D("slo_goodput_rps"),
            D("p50_ms"), D("p90_ms"), D("p95_ms"), D("p99_ms"), D("p999_ms"), D("max_ms"), D("mean_ms"),
            L("status_408"), L("status_429"), L("status_503"), L("status_502"),
            D("gpu_util_pct"), D("gpu_mem_used_gb"), (int)L("loads"), D("load_s"), (int)L("offloads"), D("offload_s"),
            (int)L("cold_starts"), D("replica_s"), D("gpu_s"), D("duration_s"),
            N("slo_attainment_pct_ci95"), N("goodput_pct_ci95"), N("p99_ms_ci95"));
    }).ToArray();

    private static string Ci(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";
}
