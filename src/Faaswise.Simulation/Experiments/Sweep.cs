using System.Diagnostics;
using System.Globalization;
using Faaswise.Qshuf.Policies;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Output;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Experiments;

/// <summary>Runs every (policy, admission, workload) of a sweep, in parallel over the cores, each deterministic for its seeds.</summary>
public static class Sweep
{
    /// <summary>Folder name of a workload's runs: its name, cv and seed.</summary>
    public static string WorkloadLabel(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var name = workload.Cv is { } cv ? string.Create(CultureInfo.InvariantCulture, $"{workload.Name}-cv{cv}") : workload.Name;
        return string.Create(CultureInfo.InvariantCulture, $"{name}-seed{workload.Seed}");
    }

    /// <summary>Policy and admission as results show them: the name, then <c>+slo</c> under SLO admission.</summary>
    public static string PolicyLabel(string policy, string admission) => admission == "none" ? policy : $"{policy}+{admission}";

    /// <summary>Every name <see cref="Run"/> accepts: the policies and the bound.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. PolicyCatalog.Names, Bound.Name];

    /// <summary>Runs the sweep; results come in policy, admission, then workload order. <paramref name="done"/> is told of each finished run.</summary>
    public static IReadOnlyList<RunResult> Run(SweepSpec spec, Action<RunResult>? done = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var p in spec.Policies)
        {
            if (!Names.Contains(p)) throw new ArgumentException($"unknown policy '{p}' (known: {string.Join(", ", Names)})", nameof(spec));
        }

        foreach (var a in spec.AdmissionRules)
        {
            if (!PolicyCatalog.Admissions.Contains(a)) throw new ArgumentException($"unknown admission '{a}' (known: {string.Join(", ", PolicyCatalog.Admissions)})", nameof(spec));
        }

        var runs = spec.Policies.SelectMany(p => (p == Bound.Name ? ["none"] : spec.AdmissionRules).Select(a => (Policy: p, Admission: a)));
        var jobs = runs.SelectMany(pa => spec.Workloads.Select(w => (pa.Policy, pa.Admission, Workload: w))).Select((j, i) => (j.Policy, j.Admission, j.Workload, Order: i)).ToArray();
        var results = new RunResult[jobs.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        var gate = new Lock();
        Parallel.ForEach(jobs, parallel, job =>
        {
            var result = RunOne(spec, job.Policy, job.Workload, job.Admission, cancellationToken);
            results[job.Order] = result;
            if (done is not null)
            {
                lock (gate) done(result);
            }
        });
        return results;
    }

    /// <summary>One run, writing its logs when the sweep has an output folder.</summary>
    public static RunResult RunOne(SweepSpec spec, string policyName, Workload workload, string admission = "none", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(workload);
        var isBound = policyName == Bound.Name;
        var policy = isBound ? null : PolicyCatalog.Create(policyName, admission, spec.TargetUtilisation?.GetValueOrDefault(policyName) is > 0 and var t ? t : null) ?? throw new ArgumentException($"unknown policy '{policyName}' or admission '{admission}'", nameof(policyName));
        var clock = Stopwatch.StartNew();
        var kpis = new KpiCollector(spec.World);
        var disposables = new List<IDisposable>();
        var observers = new List<ISimulationObserver> { kpis };
        var options = (spec.Options ?? new SimulationOptions()) with { Seed = workload.Seed };
        try
        {
            if (spec.OutDirectory is { } root)
            {
                var folder = Path.Combine(root, "runs", PolicyLabel(policyName, admission), WorkloadLabel(workload));
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

                if (!isBound)
                {
                    var decisions = new DecisionsCsv(Path.Combine(folder, "decisions.csv"), spec.World, refusals: spec.RequestLogs);
                    disposables.Add(decisions);
                    observers.Add(decisions);
                }
            }

            var label = new RunLabel(policyName, admission, workload.Name, workload.Cv, workload.Seed);
            IReadOnlyList<SummaryRow> rows;
            long requests;
            if (isBound)
            {
                var end = Bound.Run(spec.World, workload, new Observers([.. observers]), options);
                rows = Summaries.Rows(label, spec.World, spec.World.Functions.Select(_ => new FunctionCounters()).ToArray(), 0, end, kpis);
                requests = workload.Requests;
            }
            else
            {
                var simulator = new Simulator(spec.World, workload, policy!, new Observers([.. observers]), options);
                simulator.Run(cancellationToken);
                rows = Summaries.Rows(label, spec.World, simulator.Counters, simulator.GpuBusySeconds.Sum(), simulator.EndTime, kpis);
                requests = simulator.Requests;
            }

            var cdf = kpis.All.Latency.Quantiles(RunResult.CdfQuantiles).Select(ns => ns / 1e6).ToArray();
            return new RunResult(policyName, admission, workload, rows, cdf, kpis.GpuMemory, requests, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var d in disposables) d.Dispose();
        }
    }
}
