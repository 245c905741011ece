using Faaswise.Experiments.Gap;
using Faaswise.Reports;
using Faaswise.Simulation.Experiments;

namespace Faaswise.Cli.Commands;

/// <summary>compare's figures: each run's KPI simulated against live, one colour per policy, on the identity line when the simulator is right.</summary>
internal static class GapFigures
{
    public static IReadOnlyList<string> Write(SimToRealGap gap, string directory, string stem)
    {
        var written = new List<string>();
        foreach (var (kpi, what, file) in new[] { ("slo_attainment_pct", "SLO attainment (%)", "slo"), ("p99_ms", "p99 latency (ms)", "p99") })
        {
            var series = gap.Rows.Where(r => r.Kpi == kpi).GroupBy(r => Sweep.PolicyLabel(r.Policy, r.Admission))
                .Select(g => new LineSeries(g.Key, g.Select(r => r.Live).ToArray(), g.Select(r => r.Simulated).ToArray())).ToArray();
            if (series.Length == 0) continue;
            var chart = new LineChart($"{what.Split(" (")[0]}: simulated against live, one point per run", $"live {what}", $"simulated {what}", series)
            { PointsOnly = true, Identity = true };
            var path = Path.Combine(directory, $"{stem}-{file}.png");
            chart.SavePng(path);
            written.Add(path);
        }

        return written;
    }
}
