using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Experiments;

/// <summary>What to simulate: every policy under every admission rule on every workload (one per cv and seed) over one cluster.</summary>
/// <param name="World">The cluster, models and functions.</param>
/// <param name="Policies">Policy names, and <c>bound</c> for the upper bound.</param>
/// <param name="Workloads">Workloads (an ES1 sweep is one per cv and seed); each runs with service draws seeded by its own seed.</param>
/// <param name="OutDirectory">Where per-run logs go (runs/POLICY[+slo]/WORKLOAD/); null writes none.</param>
/// <param name="RequestLogs">Whether to write the per-request log and the refusals in decisions.csv.</param>
/// <param name="Options">Engine options (service times, failures, invariant checks); the seed is each workload's.</param>
/// <param name="Admissions">Admission rules, each applied to every policy.</param>
/// <param name="TargetUtilisation">Per policy with one (pinned, faaswise), the target utilisation per replica or copy; others keep their defaults.</param>
public sealed record SweepSpec(
    ClusterWorld World,
    IReadOnlyList<string> Policies,
    IReadOnlyList<Workload> Workloads,
    string? OutDirectory,
    bool RequestLogs = true,
    SimulationOptions? Options = null,
    IReadOnlyList<string>? Admissions = null,
    IReadOnlyDictionary<string, double>? TargetUtilisation = null)
{
    /// <summary>The admission rules to run (none by default).</summary>
    public IReadOnlyList<string> AdmissionRules => Admissions is { Count: > 0 } a ? a : ["none"];
}
