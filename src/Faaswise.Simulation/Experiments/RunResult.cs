using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Experiments;

/// <summary>One simulated run: its summary rows and what the figures need.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="Admission">Admission rule.</param>
/// <param name="Workload">The workload.</param>
/// <param name="Rows">Function rows then ALL.</param>
/// <param name="LatencyCdf">Latency of 200 answers (ms) at the quantiles of <see cref="CdfQuantiles"/>.</param>
/// <param name="GpuMemory">Per simulated second, GPU memory used per GPU, GB.</param>
/// <param name="Requests">Requests simulated.</param>
/// <param name="WallSeconds">Wall time of the run, seconds.</param>
public sealed record RunResult(
    string Policy, string Admission, Workload Workload, IReadOnlyList<SummaryRow> Rows, IReadOnlyList<double> LatencyCdf,
    IReadOnlyList<(double Time, double[] GpuGb)> GpuMemory, long Requests, double WallSeconds)
{
    /// <summary>The ALL row.</summary>
    public SummaryRow All => Rows[^1];

    /// <summary>Policy and admission as results show them: <c>qshuf</c>, <c>qshuf+slo</c>.</summary>
    public string Label => Sweep.PolicyLabel(Policy, Admission);

    /// <summary>Quantiles at which <see cref="LatencyCdf"/> is given: 0 to 0.99 by 0.005, then the tail.</summary>
    public static IReadOnlyList<double> CdfQuantiles { get; } =
        Enumerable.Range(0, 199).Select(i => i * 0.005).Concat([0.991, 0.993, 0.995, 0.997, 0.999, 0.9995, 0.9999, 1.0]).ToArray();
}
