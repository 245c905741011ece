using System.Globalization;
using System.Text;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;

namespace Faaswise.Experiments.Gap;

/// <summary>One KPI of one run, live and simulated: gap = simulated − live (points for percentages), relative = gap / live.</summary>
public sealed record GapRow(string Policy, string Admission, string Workload, double? Cv, string Seed, string Kpi, double Live, double Simulated)
{
    /// <summary>Simulated − live.</summary>
    public double Gap => Simulated - Live;

    /// <summary>Gap / |live|, NaN when live is 0.</summary>
    public double Relative => Live == 0 ? double.NaN : Gap / Math.Abs(Live);

    /// <summary>Whether the gap is within the target the issue sets (SLO attainment within 3 points, p99 within 15 %), or null for KPIs without one.</summary>
    public bool? WithinTarget => Kpi switch
    {
        "slo_attainment_pct" => Math.Abs(Gap) <= 3,
        "p99_ms" => Math.Abs(Relative) <= 0.15,
        _ => null,
    };
}

/// <summary>
/// The sim-to-real gap of an experiment and its simulated twin: per run (policy, admission, workload, cv, seed; a
/// live run without a simulated run of its seed is matched with the simulated mean over seeds) and KPI, and whether
/// the policies rank the same by SLO attainment live and simulated.
/// </summary>
public sealed record SimToRealGap(IReadOnlyList<GapRow> Rows, IReadOnlyList<(string Workload, double? Cv, string Seed, string LiveOrder, string SimulatedOrder)> Rankings)
{
    /// <summary>The KPIs compared, as summary.csv names them.</summary>
    public static IReadOnlyList<string> Kpis { get; } = ["slo_attainment_pct", "goodput_pct", "p50_ms", "p99_ms", "loads", "offloads", "cold_starts", "gpu_mem_used_gb"];

    /// <summary>gap.csv's columns.</summary>
    public const string Header = "policy,admission,workload,cv,seed,kpi,live,simulated,gap,relative,within_target";

    /// <summary>Compares the ALL rows of two summaries.</summary>
    public static SimToRealGap Of(IReadOnlyList<SummaryRow> live, IReadOnlyList<SummaryRow> simulated)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(simulated);
        var sim = simulated.Where(r => r.Function == "ALL").ToList();
        var rows = new List<GapRow>();
        var pairs = new List<(SummaryRow Live, SummaryRow Sim)>();
        foreach (var l in live.Where(r => r.Function == "ALL" && r.Seed != "mean"))
        {
            var twin = sim.FirstOrDefault(s => Same(l, s) && s.Seed == l.Seed) ?? sim.FirstOrDefault(s => Same(l, s) && s.Seed == "mean");
            if (twin is null) continue;
            pairs.Add((l, twin));
            foreach (var kpi in Kpis) rows.Add(new GapRow(l.Policy, l.Admission, l.Workload, l.Cv, l.Seed, kpi, Value(l, kpi), Value(twin, kpi)));
        }

        var rankings = pairs.GroupBy(p => (p.Live.Workload, p.Live.Cv, p.Live.Seed)).Where(g => g.Count() > 1).Select(g =>
        {
            static string Order(IEnumerable<SummaryRow> rows) => string.Join(" > ", rows.OrderByDescending(r => r.SloAttainmentPct).ThenBy(r => r.P99Ms).Select(r => Sweep.PolicyLabel(r.Policy, r.Admission)));
            return (g.Key.Workload, g.Key.Cv, g.Key.Seed, Order(g.Select(p => p.Live)), Order(g.Select(p => p.Sim)));
        }).ToArray();
        return new SimToRealGap(rows, rankings);
    }

    /// <summary>gap.csv's text.</summary>
    public string Csv()
    {
        var b = new StringBuilder(Header).Append('\n');
        foreach (var r in Rows)
        {
            b.Append(CultureInfo.InvariantCulture,
                $"{r.Policy},{r.Admission},{r.Workload},{r.Cv?.ToString(CultureInfo.InvariantCulture)},{r.Seed},{r.Kpi},{r.Live:0.###},{r.Simulated:0.###},{r.Gap:0.###},{(double.IsNaN(r.Relative) ? "" : r.Relative.ToString("0.####", CultureInfo.InvariantCulture))},{(r.WithinTarget is { } w ? (w ? "yes" : "no") : "")}\n");
        }

        return b.ToString();
    }

    /// <summary>ranking.csv's text: per workload, cv and seed, the policies in order of SLO attainment (then p99) live and simulated.</summary>
    public string RankingCsv()
    {
        var b = new StringBuilder("workload,cv,seed,live_order,simulated_order,same\n");
        foreach (var (workload, cv, seed, liveOrder, simOrder) in Rankings)
        {
            b.Append(CultureInfo.InvariantCulture, $"{workload},{cv?.ToString(CultureInfo.InvariantCulture)},{seed},{liveOrder},{simOrder},{(liveOrder == simOrder ? "yes" : "no")}\n");
        }

        return b.ToString();
    }

    /// <summary>A table for people: per run, SLO attainment and p99 live and simulated with their gaps, then the rankings.</summary>
    public string Table()
    {
        var b = new StringBuilder();
        b.AppendLine("workload      cv   seed  policy            SLO % live    sim    gap  p99 ms live      sim    gap %  goodput % live    sim  ok");
        foreach (var g in Rows.GroupBy(r => (r.Workload, r.Cv, r.Seed, r.Policy, r.Admission)).OrderBy(g => g.Key.Workload, StringComparer.Ordinal).ThenBy(g => g.Key.Cv).ThenBy(g => g.Key.Policy, StringComparer.Ordinal))
        {
            var slo = g.Single(r => r.Kpi == "slo_attainment_pct");
            var p99 = g.Single(r => r.Kpi == "p99_ms");
            var good = g.Single(r => r.Kpi == "goodput_pct");
            var ok = slo.WithinTarget == true && p99.WithinTarget == true ? "yes" : "no";
            b.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.Workload,-10} {g.Key.Cv,5} {g.Key.Seed,6}  {Sweep.PolicyLabel(g.Key.Policy, g.Key.Admission),-14} {slo.Live,11:0.00} {slo.Simulated,6:0.00} {slo.Gap,+6:+0.00;-0.00;0.00} {p99.Live,12:0.0} {p99.Simulated,8:0.0} {100 * p99.Relative,+8:+0.0;-0.0;0.0} {good.Live,15:0.00} {good.Simulated,6:0.00}  {ok}"));
        }

        foreach (var (workload, cv, seed, liveOrder, simOrder) in Rankings)
        {
            b.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{workload} cv {cv} seed {seed}: live {liveOrder}; simulated {simOrder}: {(liveOrder == simOrder ? "ranked the same" : "ranked differently")}"));
        }

        return b.ToString();
    }

    private static bool Same(SummaryRow a, SummaryRow b) => a.Policy == b.Policy && a.Admission == b.Admission && a.Workload == b.Workload && a.Cv == b.Cv;

    private static double Value(SummaryRow r, string kpi) => kpi switch
    {
        "slo_attainment_pct" => r.SloAttainmentPct,
        "goodput_pct" => r.GoodputPct,
        "p50_ms" => r.P50Ms,
        "p99_ms" => r.P99Ms,
        "loads" => r.Loads,
        "offloads" => r.Offloads,
        "cold_starts" => r.ColdStarts,
        "gpu_mem_used_gb" => r.GpuMemUsedGb,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "not a compared KPI"),
    };
}
