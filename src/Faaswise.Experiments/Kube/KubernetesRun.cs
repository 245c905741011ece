using System.Diagnostics;
using Faaswise.Experiments.Local;
using Faaswise.Experiments.Runs;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Informers;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Output;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Experiments.Kube;

/// <summary>
/// One run against a Kubernetes cluster where <c>faaswise qshuf controller</c> runs the policy: the functions reset to
/// the policy's initial deployment (made by the controller) and a wait until it serves, then the workload played open
/// loop through the gateway while a read-only view of the cluster (the controller's own informers and runtime
/// poller) samples replicas, residency and GPU memory each second, and the runtimes' metrics give loads, offloads,
/// GPU inference seconds and cold starts. It writes what a simulated run writes (requests.csv, gpus.csv,
/// functions.csv and the summary rows). The policy's decisions are the controller's (its <c>--decisions</c> file and
/// the Events it writes).
/// </summary>
public sealed class KubernetesRun(KubernetesRunOptions options)
{
    /// <summary>Runs <paramref name="workload"/> with the controller's policy, which must be <paramref name="policyName"/>, writing into <paramref name="folder"/>.</summary>
    public async Task<RunResult> RunAsync(string policyName, string admission, Workload workload, string folder, Action<string>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var world = options.World;
        var policy = PolicyCatalog.Create(policyName, admission) ?? throw new ArgumentException($"unknown policy '{policyName}' or admission '{admission}'", nameof(policyName));
        var wall = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        var names = world.Functions.Select(f => f.Name).ToList();
        var missing = await FunctionReset.MissingAsync(options.Client, options.Namespace, names, cancellation).ConfigureAwait(false);
        var absent = workload.Functions.Select(f => f.Function).Intersect(missing, StringComparer.Ordinal).ToList();
        if (absent.Count > 0)
            throw new ExperimentException($"no Deployment for {string.Join(", ", absent)} in namespace {options.Namespace}: deploy the workload's functions (faas-cli deploy) before the experiment");
        var deployed = names.Except(missing, StringComparer.Ordinal).ToList();

        var view = new ClusterView(options.Client, world, options.Namespace, options.ControlPort, options.DirectControl, TimeSpan.FromMilliseconds(500));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var background = new List<Task> { view.RunAsync(stop.Token) };
        try
        {
            try
            {
                await view.Synced.WaitAsync(options.Wait, stop.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ExperimentException($"could not list the pods, nodes and Deployments of {options.Namespace} at {options.ApiServer} within {options.Wait.TotalMinutes:0.#} minutes; check --kubeconfig and RBAC");
            }

            progress?.Invoke($"resetting {deployed.Count} functions to {policy.Name}'s initial deployment");
            await FunctionReset.ResetAsync(options.Client, options.Namespace, deployed, options.Wait, stop.Token).ConfigureAwait(false);
            await DeployedByAsync(view, deployed, policy.Name, stop.Token).ConfigureAwait(false);
            var plan = policy.Deploy(new Qshuf.Control.ClusterSnapshot(world, 0, []));
            var wanted = plan.Count(d => d.Kind == DecisionKind.Start && deployed.Contains(world.Functions[d.Function].Name));
            progress?.Invoke($"waiting until the controller's {wanted} replicas serve");
            var readyWanted = world.Functions.Select((fn, f) => deployed.Contains(fn.Name) ? plan.Count(d => d.Kind == DecisionKind.Start && d.Function == f && d.StartReady) : 0).ToArray();
            await LivePlay.ServingAsync(view.Cluster, wanted, options.Wait, $"kubectl -n {options.Namespace} logs", stop.Token, readyWanted).ConfigureAwait(false);

            var counters = world.Functions.Select(_ => new FunctionCounters()).ToArray();
            var meter = new ArrivalMeter(world.Functions.Count, TimeProvider.System);
            var kpis = new KpiCollector(world);
            var gate = new Lock();
            using var requests = new RequestLogCsv(Path.Combine(folder, "requests.csv"), world);
            using var series = new TimeSeriesCsv(folder, world);
            using var scrape = new RuntimeScrape(options.Client, view.Cluster, options.Namespace, options.ControlPort, options.DirectControl, counters);
            await scrape.BeginAsync(stop.Token).ConfigureAwait(false);
            var atStart = await PrometheusStartAsync(progress, stop.Token).ConfigureAwait(false);
            using var playing = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var origin = DateTimeOffset.UtcNow;
            var during = new List<Task>
            {
                scrape.RunAsync(TimeSpan.FromSeconds(2), playing.Token),
                new LiveSampler(world, view.Cluster, meter, counters, kpis, series).RunAsync(origin, gate, playing.Token),
            };
            if (progress is not null) during.Add(LivePlay.ReportAsync(kpis, gate, workload.Requests, origin, progress, playing.Token));
            progress?.Invoke($"playing {workload.Requests:N0} requests through {options.Gateway}");
            var played = await LivePlay.PlayAsync(world, workload, options.Gateway, origin, record =>
            {
                meter.Arrive(record.Function);
                lock (gate)
                {
                    requests.OnRequest(record);
                    kpis.OnRequest(record);
                }
            }, stop.Token).ConfigureAwait(false);
            var ended = DateTimeOffset.UtcNow;
            var end = (ended - origin).TotalSeconds;
            await playing.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(during).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            if (atStart is not null) await PrometheusEndAsync(Path.Combine(folder, "prometheus.csv"), atStart, origin, ended, progress, stop.Token).ConfigureAwait(false);

            progress?.Invoke($"played {played:N0} requests; runtime metrics read from {scrape.Pods} pods");
            return LivePlay.Result(policyName, admission, workload, world, counters, kpis, gate, end, wall.Elapsed.TotalSeconds);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(background).ConfigureAwait(false);
        }
    }

    /// <summary>The gateway's counters in Prometheus before the run (after one more scrape), or null without Prometheus or when it fails.</summary>
    private async Task<Dictionary<(string Signal, string Series), double>?> PrometheusStartAsync(Action<string>? progress, CancellationToken cancellation)
    {
        if (options.Prometheus is not { } readout) return null;
        try
        {
            await readout.FreshAsync(DateTimeOffset.UtcNow, cancellation).ConfigureAwait(false);
            return await readout.CountersAsync(DateTimeOffset.UtcNow, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Metrics.Prometheus.PrometheusException or HttpRequestException)
        {
            progress?.Invoke($"Prometheus could not be read ({e.Message}); this run has no prometheus.csv");
            return null;
        }
    }

    /// <summary>prometheus.csv, once Prometheus has scraped the gateway after the run; a failure costs that file only.</summary>
    private async Task PrometheusEndAsync(string path, Dictionary<(string Signal, string Series), double> atStart, DateTimeOffset origin, DateTimeOffset ended, Action<string>? progress, CancellationToken cancellation)
    {
        var readout = options.Prometheus!;
        try
        {
            if (!await readout.FreshAsync(ended, cancellation).ConfigureAwait(false))
                progress?.Invoke($"Prometheus shows no scrape of the gateway after the run ended (within {PrometheusReadout.FreshPatience.TotalSeconds:0} s): its counts may miss the run's last requests");
            await readout.WriteAsync(path, atStart, origin, ended, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Metrics.Prometheus.PrometheusException or HttpRequestException)
        {
            progress?.Invoke($"Prometheus could not be read ({e.Message}); this run has no prometheus.csv");
        }
    }

    /// <summary>Waits until the controller has made its initial deployment of every function, and checks that it runs the experiment's policy.</summary>
    private async Task DeployedByAsync(ClusterView view, IReadOnlyList<string> functions, string policy, CancellationToken cancellation)
    {
        var until = Stopwatch.GetTimestamp() + (long)(options.Wait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var marks = functions.Select(f => (Function: f, By: view.DeployedBy(f))).ToList();
            if (marks.FirstOrDefault(m => m.By is not null && m.By != policy) is { By: { } other })
                throw new ExperimentException($"the controller runs policy {other}, not {policy}: restart faaswise qshuf controller with --policy {policy}, or run the experiment with --policy {other}");
            if (marks.All(m => m.By is not null)) return;
            if (Stopwatch.GetTimestamp() > until)
                throw new ExperimentException($"the controller made no initial deployment of {string.Join(", ", marks.Where(m => m.By is null).Select(m => m.Function))} within {options.Wait.TotalMinutes:0.#} minutes: is faaswise qshuf controller running and leading in {options.Namespace}?");
            await Task.Delay(200, cancellation).ConfigureAwait(false);
        }
    }
}
