using System.Globalization;
using Faaswise.Experiments.Local;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;
using Microsoft.Extensions.Logging;

namespace Faaswise.Experiments.Runs;

/// <summary>
/// Runs an experiment's runs one after the other, crash-safe as <c>faaswise sample</c> is: a run is finished when its
/// folder holds its own summary.csv, written last and atomically; a rerun into the same directory keeps finished
/// runs, redoes the one that was under way from scratch (its leftover processes ended, its partial files removed)
/// and goes on. Live runs start from the initial placement each time, wait until it serves, and rest in between.
/// </summary>
public static class ExperimentSweep
{
    /// <summary>Each run's own summary, the mark that it finished.</summary>
    public const string RunSummaryFile = "summary.csv";

    /// <summary>Where an experiment keeps its workloads (faaswise workload generate's format), so its simulated twin plays the same arrivals.</summary>
    public const string WorkloadsFolder = "workloads";

    /// <summary>The workloads an experiment directory kept, in label order; empty when it is not one.</summary>
    public static IReadOnlyList<Simulation.Workloads.Workload> SavedWorkloads(string experiment)
    {
        var folder = Path.Combine(experiment, WorkloadsFolder);
        if (!File.Exists(Path.Combine(experiment, ExperimentManifest.FileName)) || !Directory.Exists(folder)) return [];
        return Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(WorkloadFiles.Read).ToArray();
    }

    /// <summary>A run's folder under the experiment's directory: runs/POLICY[+slo]/WORKLOAD-cvX-seedN, as <c>simulate</c> lays them out.</summary>
    public static string RunFolder(string root, string policy, string admission, Simulation.Workloads.Workload workload) =>
        Path.Combine(root, "runs", Sweep.PolicyLabel(policy, admission), Sweep.WorkloadLabel(workload));

    /// <summary>
    /// Runs what is not finished; returns every run's rows (finished earlier or now, each as its summary.csv reads back,
    /// so the means are the same whether or not the sweep was resumed), in the spec's order, then the means over seeds.
    /// </summary>
    public static async Task<IReadOnlyList<SummaryRow>> RunAsync(ExperimentSpec spec, ExperimentManifest manifest, ILoggerFactory logs, Action<string> progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(progress);
        Directory.CreateDirectory(spec.OutDirectory);
        manifest.WriteOrCheck(spec.OutDirectory);
        foreach (var w in spec.Workloads)
        {
            var saved = Path.Combine(spec.OutDirectory, WorkloadsFolder, Sweep.WorkloadLabel(w));
            if (!File.Exists(Path.Combine(saved, WorkloadFiles.ManifestFile))) WorkloadFiles.Write(w, saved);
        }

        var runs = spec.Runs;
        var rows = new List<SummaryRow>();
        var finished = 0;
        var live = false;
        foreach (var (policy, admission, workload) in runs)
        {
            cancellation.ThrowIfCancellationRequested();
            var folder = RunFolder(spec.OutDirectory, policy, admission, workload);
            var label = $"[{finished + 1}/{runs.Count}] {Sweep.PolicyLabel(policy, admission)} {Sweep.WorkloadLabel(workload)}";
            var done = Path.Combine(folder, RunSummaryFile);
            if (File.Exists(done))
            {
                rows.AddRange(SummaryCsv.ReadRows(done));
                finished++;
                progress($"{label}: finished before, kept");
                continue;
            }

            if (Directory.Exists(folder))
            {
                var killed = ProcessPods.KillLeftovers(Path.Combine(folder, "replicas"));
                Directory.Delete(folder, recursive: true);
                progress(string.Create(CultureInfo.InvariantCulture, $"{label}: an interrupted attempt was removed ({killed} leftover runtime processes ended); running it again"));
            }

            if (live && spec.RestSeconds > 0) await Task.Delay(TimeSpan.FromSeconds(spec.RestSeconds), cancellation).ConfigureAwait(false);
            RunResult result;
            if (spec.Target == ExperimentTarget.Local)
            {
                var local = spec.Local ?? throw new ArgumentException("a local experiment needs its local options", nameof(spec));
                result = await new LocalRun(local, logs).RunAsync(policy, admission, workload, folder, line => progress($"{label}: {line}"), cancellation).ConfigureAwait(false);
                live = true;
            }
            else if (spec.Target == ExperimentTarget.Kubernetes)
            {
                var cluster = spec.Kubernetes ?? throw new ArgumentException("a kubernetes experiment needs its cluster options", nameof(spec));
                result = await new Kube.KubernetesRun(cluster).RunAsync(policy, admission, workload, folder, line => progress($"{label}: {line}"), cancellation).ConfigureAwait(false);
                live = true;
            }
            else
            {
                var sweep = new SweepSpec(spec.World, [policy], [workload], spec.OutDirectory, true, spec.Simulation, [admission], spec.TargetUtilisation);
                result = await Task.Run(() => Sweep.RunOne(sweep, policy, workload, admission, cancellation), cancellation).ConfigureAwait(false);
            }

            var temporary = done + ".tmp";
            await File.WriteAllTextAsync(temporary, SummaryCsv.Format(result.Rows), CancellationToken.None).ConfigureAwait(false);
            File.Move(temporary, done);
            rows.AddRange(SummaryCsv.ReadRows(done));
            finished++;
            progress(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {result.All.Requests:N0} requests, SLO {result.All.SloAttainmentPct:0.00} %, goodput {result.All.GoodputPct:0.00} %, p99 {result.All.P99Ms:0.0} ms ({result.WallSeconds:0.0} s)"));
        }

        IReadOnlyList<SummaryRow> all = [.. rows, .. SeedMeans.Of(rows)];
        var summary = Path.Combine(spec.OutDirectory, "summary.csv");
        await File.WriteAllTextAsync(summary + ".tmp", SummaryCsv.Format(all), CancellationToken.None).ConfigureAwait(false);
        File.Move(summary + ".tmp", summary, overwrite: true);
        return all;
    }
}
