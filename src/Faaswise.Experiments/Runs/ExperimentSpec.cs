using Faaswise.Experiments.Local;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Experiments.Runs;

/// <summary>Where an experiment's runs happen.</summary>
public enum ExperimentTarget
{
    /// <summary>The discrete-event simulator.</summary>
    Simulator,

    /// <summary>Runtime processes on this machine's emulated (or real) GPUs behind a local gateway.</summary>
    Local,

    /// <summary>A Kubernetes cluster where <c>faaswise qshuf controller</c> runs the policy.</summary>
    Kubernetes,
}

/// <summary>An experiment: every policy under every admission rule on every workload, on one target.</summary>
/// <param name="Target">Where the runs happen.</param>
/// <param name="World">The cluster.</param>
/// <param name="ClusterSource">The cluster as the user named it (a shipped name or a file), for the manifest.</param>
/// <param name="Policies">Policy names.</param>
/// <param name="Admissions">Admission rules.</param>
/// <param name="Workloads">One per cv and seed.</param>
/// <param name="OutDirectory">Where summary.csv, manifest.json and runs/POLICY/WORKLOAD/ go.</param>
/// <param name="Simulation">The simulator's options (service distribution) for the simulator target.</param>
/// <param name="Local">The local target's options; null for the simulator.</param>
/// <param name="Kubernetes">The kubernetes target's options; null for the others.</param>
/// <param name="TargetUtilisation">Per policy with one, its target utilisation.</param>
/// <param name="RestSeconds">Pause between two live runs, seconds, after the last run's processes have exited.</param>
public sealed record ExperimentSpec(
    ExperimentTarget Target,
    ClusterWorld World,
    string ClusterSource,
    IReadOnlyList<string> Policies,
    IReadOnlyList<string> Admissions,
    IReadOnlyList<Workload> Workloads,
    string OutDirectory,
    SimulationOptions? Simulation = null,
    LocalRunOptions? Local = null,
    Kube.KubernetesRunOptions? Kubernetes = null,
    IReadOnlyDictionary<string, double>? TargetUtilisation = null,
    double RestSeconds = 5)
{
    /// <summary>Every (policy, admission, workload) in the order they run.</summary>
    public IReadOnlyList<(string Policy, string Admission, Workload Workload)> Runs =>
        Policies.SelectMany(p => Admissions.Select(a => (p, a))).SelectMany(pa => Workloads.Select(w => (pa.p, pa.a, w))).ToArray();
}
