using MathNet.Numerics.Distributions;

namespace Faaswise.Simulation.Kpi;

/// <summary>Rows with seed "mean": per (policy, admission, workload, cv, function) over its seeds, the mean of every column and the 95 % interval half-widths (Student's t) of SLO attainment, goodput and p99.</summary>
public static class SeedMeans
{
    /// <summary>The mean rows of groups with at least two seeds, in the order the groups first appear.</summary>
    public static IReadOnlyList<SummaryRow> Of(IEnumerable<SummaryRow> perSeed)
    {
        ArgumentNullException.ThrowIfNull(perSeed);
        var means = new List<SummaryRow>();
        foreach (var g in perSeed.Where(r => r.Seed != "mean").GroupBy(r => (r.Policy, r.Admission, r.Workload, r.Cv, r.Function)))
        {
            var rows = g.ToList();
            if (rows.Count < 2) continue;
            double M(Func<SummaryRow, double> x) => rows.Average(x);
            means.Add(new SummaryRow(g.Key.Policy, g.Key.Admission, g.Key.Workload, g.Key.Cv, "mean", g.Key.Function,
                (long)Math.Round(M(r => r.Requests)), (long)Math.Round(M(r => r.Completed)), M(r => r.GoodputPct), M(r => r.SloAttainmentPct), M(r => r.SloGoodputRps),
                M(r => r.P50Ms), M(r => r.P90Ms), M(r => r.P95Ms), M(r => r.P99Ms), M(r => r.P999Ms), M(r => r.MaxMs), M(r => r.MeanMs),
                (long)Math.Round(M(r => r.Status408)), (long)Math.Round(M(r => r.Status429)), (long)Math.Round(M(r => r.Status503)), (long)Math.Round(M(r => r.Status502)),
                M(r => r.GpuUtilPct), M(r => r.GpuMemUsedGb), (int)Math.Round(M(r => r.Loads)), M(r => r.LoadSeconds), (int)Math.Round(M(r => r.Offloads)), M(r => r.OffloadSeconds),
                (int)Math.Round(M(r => r.ColdStarts)), M(r => r.ReplicaSeconds), M(r => r.GpuSeconds), M(r => r.DurationSeconds),
                HalfWidth(rows.Select(r => r.SloAttainmentPct)), HalfWidth(rows.Select(r => r.GoodputPct)), HalfWidth(rows.Select(r => r.P99Ms))));
        }

        return means;
    }

    /// <summary>Half-width of the 95 % confidence interval of the mean (Student's t with n - 1 degrees of freedom).</summary>
    public static double HalfWidth(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var x = values.ToArray();
        if (x.Length < 2) return double.NaN;
        var mean = x.Average();
        var sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        return StudentT.InvCDF(0, 1, x.Length - 1, 0.975) * sd / Math.Sqrt(x.Length);
    }
}
