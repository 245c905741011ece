using System.Diagnostics;
using System.Globalization;
using Faaswise.Experiments.Local;
using Faaswise.Kubernetes.Control;
using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine;
using Faaswise.Load.Targets;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Experiments.Runs;

/// <summary>What every live target does the same way: wait until the initial placement serves, play the workload open loop through a gateway, report progress.</summary>
internal static class LivePlay
{
    /// <summary>
    /// Waits until <paramref name="wanted"/> replicas run, with their models where the plan put them and ready when asked,
    /// and no other replica is still on its way, and, when <paramref name="readyWanted"/> says so, at least that many
    /// ready replicas per function (a view without an assume cache does not know a readiness still to come); a failed
    /// replica ends the wait at once.
    /// </summary>
    public static async Task ServingAsync(LiveCluster cluster, int wanted, TimeSpan patience, string logs, CancellationToken cancellation, IReadOnlyList<int>? readyWanted = null)
    {
        var until = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var s = cluster.Snapshot();
            var replicas = Enumerable.Range(0, s.World.Functions.Count).SelectMany(s.ReplicasOf).ToList();
            var failed = replicas.FirstOrDefault(r => r.Phase == ReplicaPhase.Failed);
            if (failed is not null) throw new ExperimentException($"replica {failed.Id} failed during the initial placement (see {logs})");
            var up = replicas.Count(r => r.Phase == ReplicaPhase.Running && r.ReadyPending is null && r.Residency is not (Residency.Loading or Residency.Offloading));
            var ready = readyWanted is null || readyWanted.Select((n, f) => s.ReplicasOf(f).Count(r => r.Ready && r.Phase == ReplicaPhase.Running) >= n).All(ok => ok);
            if (up >= wanted && replicas.Count == up && ready) return;
            if (Stopwatch.GetTimestamp() > until)
                throw new ExperimentException(string.Create(CultureInfo.InvariantCulture, $"the initial placement did not serve within {patience.TotalMinutes:0.#} minutes: {up} of {wanted} replicas up (see {logs})"));
            await Task.Delay(100, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>A live run's result, its summary rows computed as the simulator computes them from the run's counters and KPIs (under <paramref name="gate"/>).</summary>
    public static RunResult Result(string policy, string admission, Workload workload, ClusterWorld world, FunctionCounters[] counters, KpiCollector kpis, Lock gate, double seconds, double wallSeconds)
    {
        var label = new RunLabel(policy, admission, workload.Name, workload.Cv, workload.Seed);
        IReadOnlyList<SummaryRow> rows;
        lock (gate)
        {
            lock (counters) rows = Summaries.Rows(label, world, counters, Math.Min(counters.Sum(c => c.GpuExecSeconds), world.Gpus.Count * seconds), seconds, kpis);
        }

        var cdf = kpis.All.Latency.Quantiles(RunResult.CdfQuantiles).Select(ns => ns / 1e6).ToArray();
        return new RunResult(policy, admission, workload, rows, cdf, kpis.GpuMemory, workload.Requests, wallSeconds);
    }

    /// <summary>Every 10 s while the workload plays: requests ended so far and their SLO attainment.</summary>
    public static async Task ReportAsync(KpiCollector kpis, Lock gate, long total, DateTimeOffset origin, Action<string> progress, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                long ended, withinSlo;
                lock (gate) (ended, withinSlo) = (kpis.All.Requests, kpis.All.WithinSlo);
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"{(DateTimeOffset.UtcNow - origin).TotalSeconds:0} s: {ended:N0} of {total:N0} requests ended, {(ended > 0 ? 100.0 * withinSlo / ended : 0):0.0} % within their SLO"));
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Plays every function's trace open loop (one schedule per function, each from its start offset) to
    /// <c>GATEWAY/function/NAME</c>; returns the requests played. <paramref name="record"/> hears each request as it ends,
    /// with the replica's side from <paramref name="served"/> when the gateway keeps it.
    /// </summary>
    public static async Task<long> PlayAsync(ClusterWorld world, Workload workload, Uri gateway, DateTimeOffset origin, Action<RequestRecord> record, CancellationToken cancellation, ServedRequests? served = null)
    {
        var functions = workload.Functions.Select(f => world.FunctionIndex(f.Function)).ToArray();
        var targets = workload.Functions.Select(f => new AttackTarget(
            new Target("POST", new Uri(gateway, "function/" + f.Function), ReadOnlyMemory<byte>.Empty, []),
            new TraceArrivals(f.Offsets.Select(o => o + f.StartSeconds).ToArray(), f.Function))).ToArray();
        var timeout = world.Functions.Max(f => f.TimeoutSeconds) + 5;
        var attacker = new Attacker(new AttackOptions
        {
            Timeout = TimeSpan.FromSeconds(timeout), WarmUp = false, Engine = EngineKind.HttpClient, RequestIdHeader = served is null ? null : ServedRequests.Header,
        });
        long played = 0;
        var sink = new RequestRecords(functions, origin.ToUnixTimeMilliseconds() * 1_000_000, r =>
        {
            Interlocked.Increment(ref played);
            record(r);
        }, served);
        await attacker.RunAsync(targets, sink, cancellation).ConfigureAwait(false);
        return played;
    }
}
