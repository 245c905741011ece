namespace Faaswise.Simulation.Kpi;

/// <summary>
/// One row of summary.csv: one (policy, admission, workload, cv, seed, function), or function ALL; rows with seed
/// "mean" hold the mean over seeds and the half-widths of the 95 % intervals (null on per-seed rows).
/// </summary>
public sealed record SummaryRow(
    string Policy, string Admission, string Workload, double? Cv, string Seed, string Function,
    long Requests, long Completed, double GoodputPct, double SloAttainmentPct, double SloGoodputRps,
    double P50Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs,
    long Status408, long Status429, long Status503, long Status502,
    double GpuUtilPct, double GpuMemUsedGb, int Loads, double LoadSeconds, int Offloads, double OffloadSeconds,
    int ColdStarts, double ReplicaSeconds, double GpuSeconds, double DurationSeconds,
    double? SloAttainmentCi95 = null, double? GoodputCi95 = null, double? P99Ci95 = null);
