using System.Diagnostics;
using System.Globalization;
using Faaswise.Qshuf.Policies;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Output;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Experiments;

/// <summary>Runs every (policy, workload) of a sweep, in parallel over the cores, each deterministic for its seeds.</summary>
public static class Sweep
{
    /// <summary>Folder name of a workload's runs: its name and cv.</summary>
    public static string WorkloadLabel(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Cv is { } cv ? string.Create(CultureInfo.InvariantCulture, $"{workload.Name}-cv{cv}") : workload.Name;
    }

    /// <summary>Runs the sweep; results come in policy order, then workload order. <paramref name="done"/> is told of each finished run.</summary>
    public static IReadOnlyList<RunResult> Run(SweepSpec spec, Action<RunResult>? done = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var p in spec.Policies)
        {
            if (PolicyCatalog.Create(p) is null) throw new ArgumentException($"unknown policy '{p}' (known: {string.Join(", ", PolicyCatalog.Names)})", nameof(spec));
        }

        var jobs = spec.Policies.SelectMany((p, i) => spec.Workloads.Select((w, j) => (Policy: p, Workload: w, Order: i * spec.Workloads.Count + j))).ToArray();
        var results = new RunResult[jobs.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        var gate = new Lock();
        Parallel.ForEach(jobs, parallel, job =>
        {
            var result = RunOne(spec, job.Policy, job.Workload, cancellationToken);
            results[job.Order] = result;
            if (done is not null)
            {
                lock (gate) done(result);
            }
        });
        return results;
    }

    /// <summary>One run, writing its logs when the sweep has an output folder.</summary>
    public static RunResult RunOne(SweepSpec spec, string policyName, Workload workload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var policy = PolicyCatalog.Create(policyName) ?? throw new ArgumentException($"unknown policy '{policyName}'", nameof(policyName));
        var clock = Stopwatch.StartNew();
        var kpis = new KpiCollector(spec.World);
        var disposables = new List<IDisposable>();
        var observers = new List<ISimulationObserver> { kpis };
        try
        {
            if (spec.OutDirectory is { } root)
            {
                var folder = Path.Combine(root, "runs", policyName, WorkloadLabel(workload));
                Directory.CreateDirectory(folder);
                var series = new TimeSeriesCsv(folder, spec.World);
                disposables.Add(series);
                observers.Add(series);
                if (spec.RequestLogs)
                {
                    var log = new RequestLogCsv(Path.Combine(folder, "requests.csv"), spec.World);
                    disposables.Add(log);
                    observers.Add(log);
                }
            }

            var simulator = new Simulator(spec.World, workload, policy, new Observers([.. observers]), spec.Options);
            simulator.Run(cancellationToken);
            var rows = Summaries.Rows(policyName, workload.Name, workload.Cv, simulator, kpis);
            var cdf = kpis.All.Latency.Quantiles(RunResult.CdfQuantiles).Select(ns => ns / 1e6).ToArray();
            return new RunResult(policyName, workload, rows, cdf, kpis.GpuMemory, simulator.Requests, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var d in disposables) d.Dispose();
        }
    }
}
