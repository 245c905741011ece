using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Experiments;

/// <summary>What to simulate: every policy on every workload over one cluster.</summary>
/// <param name="World">The cluster, models and functions.</param>
/// <param name="Policies">Policy names.</param>
/// <param name="Workloads">Workloads (an ES1 sweep is one per cv).</param>
/// <param name="OutDirectory">Where per-run logs go (runs/POLICY/WORKLOAD/); null writes none.</param>
/// <param name="RequestLogs">Whether to write the per-request log.</param>
/// <param name="Options">Engine options (seed of service times, invariant checks).</param>
public sealed record SweepSpec(
    ClusterWorld World,
    IReadOnlyList<string> Policies,
    IReadOnlyList<Workload> Workloads,
    string? OutDirectory,
    bool RequestLogs = true,
    SimulationOptions? Options = null);
