namespace Faaswise.Simulation.Kpi;

/// <summary>One row of summary.csv: one (policy, workload, cv, function), or function ALL.</summary>
public sealed record SummaryRow(
    string Policy, string Workload, double? Cv, string Function,
    long Requests, long Completed, double GoodputPct, double SloAttainmentPct,
    double P50Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs,
    long Status408, long Status429, long Status503,
    double GpuUtilPct, double GpuMemUsedGb, int Loads, double LoadSeconds, int Offloads, double OffloadSeconds,
    int ColdStarts, double ReplicaSeconds, double GpuSeconds, double DurationSeconds);
