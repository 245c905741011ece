using System.Diagnostics;
using Faaswise.Kubernetes.Control;
using Faaswise.Experiments.Runs;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Output;
using Faaswise.Simulation.Workloads;
using Microsoft.Extensions.Logging;

namespace Faaswise.Experiments.Local;

/// <summary>
/// One live run on this machine: the policy's initial placement started as runtime processes on emulated GPUs, a
/// wait until they serve, then the workload played open loop through the local gateway while the policy's control
/// loop and router drive the replicas through the same applier Kubernetes uses. It writes what a simulated run
/// writes (requests.csv, decisions.csv, gpus.csv, functions.csv, and the summary rows) plus service.csv, moves.csv,
/// starts.csv and one log per replica.
/// </summary>
public sealed class LocalRun(LocalRunOptions options, ILoggerFactory logs)
{
    /// <summary>Longest wait for the initial placement to serve.</summary>
    public static readonly TimeSpan DeployPatience = TimeSpan.FromMinutes(3);

    /// <summary>Runs <paramref name="policyName"/> on <paramref name="workload"/>, writing into <paramref name="folder"/>; <paramref name="progress"/> hears a line now and then.</summary>
    public async Task<RunResult> RunAsync(string policyName, string admission, Workload workload, string folder, Action<string>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var world = options.World;
        var policy = PolicyCatalog.Create(policyName, admission, options.TargetUtilisation?.GetValueOrDefault(policyName) is > 0 and var t ? t : null)
            ?? throw new ArgumentException($"unknown policy '{policyName}' or admission '{admission}'", nameof(policyName));
        var wall = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        var replicaLogs = Path.Combine(folder, "replicas");
        ProcessPods.KillLeftovers(replicaLogs);
        var ledgers = Path.Combine(folder, "ledgers");
        if (Directory.Exists(ledgers)) Directory.Delete(ledgers, recursive: true);

        var log = logs.CreateLogger("experiment");
        var cluster = new LiveCluster(world, TimeProvider.System);
        var meter = new ArrivalMeter(world.Functions.Count, TimeProvider.System);
        var counters = world.Functions.Select(_ => new FunctionCounters()).ToArray();
        var kpis = new KpiCollector(world);
        var gate = new Lock();
        using var requests = new RequestLogCsv(Path.Combine(folder, "requests.csv"), world);
        using var series = new TimeSeriesCsv(folder, world);
        using var decisions = new OutcomeCsv(Path.Combine(folder, "decisions.csv"), world);
        using var liveLog = new LiveLog(folder, cluster.Now, world, counters);
        await using var events = new StreamWriter(Path.Combine(folder, "events.log")) { AutoFlush = true };
        var launch = new RuntimeLaunch(options.Faaswise, world, options.Models, ledgers, replicaLogs, options.Threads, options.CudaDevices);
        await using var pods = new ProcessPods(cluster, launch) { Log = liveLog };
        var applier = new DecisionApplier(cluster, new ProcessActions(pods, events), new ApplierOptions(), log);
        applier.Applied += decisions.Write;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var applying = applier.RunAsync(stop.Token);
        var background = new List<Task> { applying };
        try
        {
            var plan = policy.Deploy(cluster.Snapshot());
            progress?.Invoke($"placing {plan.Count(d => d.Kind == DecisionKind.Start)} replicas and waiting until they serve");
            applier.Submit(plan, "deploy");
            try
            {
                await LivePlay.ServingAsync(cluster, plan.Count(d => d.Kind == DecisionKind.Start), DeployPatience, "replicas/*.log", stop.Token).ConfigureAwait(false);
            }
            catch (ExperimentException) when (pods.CudaMissingReason is { } reason)
            {
                throw new ExperimentException($"--gpu {options.Gpus}: {reason}");
            }

            pods.Stage = "run";

            (RouteDecision, IReadOnlyList<Decision>) Route(IClusterSnapshot snapshot, int function)
            {
                lock (gate)
                {
                    var (route, side) = policy.Route(snapshot, function);
                    return (route, side.Count == 0 ? [] : side.ToList());
                }
            }

            var served = new ServedRequests();
            await using var gateway = await LocalGateway.StartAsync(cluster, Route, applier, meter, liveLog, served).ConfigureAwait(false);
            var origin = DateTimeOffset.UtcNow;
            meter.Start(origin);

            // The simulator controls at whole seconds of the workload's clock; ticking just after them, the live policy reads the same bins.
            background.Add(ControlAsync(policy, cluster, meter, applier, gate, stop.Token));
            var sampler = new LiveSampler(world, cluster, meter, counters, kpis, series);
            background.Add(sampler.RunAsync(origin, gate, stop.Token));
            progress?.Invoke($"playing {workload.Requests:N0} requests through {gateway.Url}");
            if (progress is not null) background.Add(LivePlay.ReportAsync(kpis, gate, workload.Requests, origin, progress, stop.Token));
            var outcome = await LivePlay.PlayAsync(world, workload, gateway.Url, origin, record =>
            {
                lock (gate)
                {
                    requests.OnRequest(record);
                    kpis.OnRequest(record);
                }
            }, stop.Token, served).ConfigureAwait(false);
            var end = (DateTimeOffset.UtcNow - origin).TotalSeconds;
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(background).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            progress?.Invoke($"played {outcome:N0} requests");
            return LivePlay.Result(policyName, admission, workload, world, counters, kpis, gate, end, wall.Elapsed.TotalSeconds);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(background).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task ControlAsync(Policy policy, LiveCluster cluster, ArrivalMeter meter, DecisionApplier applier, Lock gate, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(policy.ControlPeriodSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                cluster.Observed(meter.Observe());
                DecisionList decisions;
                lock (gate) decisions = policy.Control(cluster.Snapshot());
                applier.Submit(decisions, "control");
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
