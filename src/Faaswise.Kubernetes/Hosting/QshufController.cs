using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Informers;
using Faaswise.Kubernetes.Scheduling;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Faaswise.Kubernetes.Hosting;

/// <summary>
/// QShuf's controllers in one process: informers over the function pods and the nodes, a poller of each runtime's
/// residency, and, while this replica leads (a Lease), the policy's control loop (scaler, shuffler, placement upkeep),
/// the scheduler that binds pods, and the applier of decisions. A new leader builds everything from the cluster:
/// the policy is created fresh and reads its state from the pods' labels.
/// </summary>
public sealed partial class QshufController(IKubernetes client, ClusterWorld world, Func<Policy> createPolicy, ControllerOptions options, ILoggerFactory logs, PrometheusRates? rates = null)
{
    private readonly ILogger _log = logs.CreateLogger("controller");
    private readonly ClusterView _view = new(client, world, options.Namespace, options.ControlPort, options.DirectControl, options.RuntimePoll);
    private readonly Lock _policyGate = new();
    private readonly Dictionary<int, (int Replicas, int Ready, long Until)> _settling = [];
    private Policy _policy = createPolicy();
    private volatile DecisionApplier? _applier;
    private volatile bool _leading;
    private int _terms;

    /// <summary>The cluster as known here.</summary>
    public LiveCluster Cluster => _view.Cluster;

    /// <summary>Arrivals counted by the router.</summary>
    public ArrivalMeter Meter { get; } = new(world.Functions.Count, TimeProvider.System);

    /// <summary>Whether this replica leads now.</summary>
    public bool Leading => _leading;

    /// <summary>Times this replica became leader.</summary>
    public int Terms => Volatile.Read(ref _terms);

    /// <summary>Completes once the informers have listed.</summary>
    public Task Synced => _view.Synced;

    /// <summary>The scheduler of the current term, or null.</summary>
    public PodBinder? Binder { get; private set; }

    /// <summary>Every scheduling attempt's result (scheduled, unschedulable), from every term.</summary>
    public event Action<string>? ScheduleAttempted;

    /// <summary>Every decision applied or refused, from every term.</summary>
    public event Action<DecisionOutcome>? Applied;

    /// <summary>The applier of the current term (null while standing by): the router hands it the loads its routes need.</summary>
    public DecisionApplier? Applier => _applier;

    /// <summary>A controller for a policy of the catalogue.</summary>
    public static QshufController For(IKubernetes client, ClusterWorld world, string policy, string admission, ControllerOptions options, ILoggerFactory logs, PrometheusRates? rates = null) =>
        new(client, world, () => PolicyCatalog.Create(policy, admission) ?? throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"unknown policy {policy} or admission {admission}"), nameof(policy)), options, logs, rates);

    /// <summary>Routes a request of a function with the current policy (thread-safe).</summary>
    public (RouteDecision Route, IReadOnlyList<Decision> Side) Route(IClusterSnapshot snapshot, int function)
    {
        lock (_policyGate)
        {
            var (route, side) = _policy.Route(snapshot, function);
            return (route, side.Count == 0 ? [] : side.ToList());
        }
    }

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var background = new List<Task> { _view.RunAsync(stop.Token) };
        try
        {
            await _view.Synced.WaitAsync(cancellation).ConfigureAwait(false);
            if (!options.LeaderElection)
            {
                await LeadAsync(stop.Token).ConfigureAwait(false);
                return;
            }

            var config = new LeaderElectionConfig(new LeaseLock(client, options.LeaseNamespace, options.LeaseName, options.Identity))
            {
                LeaseDuration = options.LeaseDuration, RenewDeadline = options.RenewDeadline, RetryPeriod = options.RetryPeriod,
            };
            using var elector = new LeaderElector(config);
            CancellationTokenSource? term = null;
            Task leading = Task.CompletedTask;
            elector.OnStartedLeading += () =>
            {
                term = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                leading = LeadAsync(term.Token);
            };
            elector.OnStoppedLeading += () => term?.Cancel();
            elector.OnError += e => LogElection(_log, e.Message);
            try
            {
                await elector.RunAndTryToHoldLeadershipForeverAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }

            term?.Cancel();
            await leading.ConfigureAwait(false);
            term?.Dispose();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(background).ConfigureAwait(false);
        }
    }

    private async Task LeadAsync(CancellationToken cancellation)
    {
        Interlocked.Increment(ref _terms);
        var policy = createPolicy();
        lock (_policyGate) _policy = policy;
        var runtime = new RuntimeControl(client, options.Namespace, options.ControlPort, options.DirectControl, TimeSpan.FromSeconds(30));
        var applier = new DecisionApplier(Cluster, new ClusterActions(client, options.Namespace, runtime, options.Identity), options.Applier, _log);
        applier.Applied += o => Applied?.Invoke(o);
        Binder = options.SchedulerName is { } name ? new PodBinder(client, Cluster, () => _view.Nodes, options.Namespace, name, options.Identity, _log) : null;
        if (Binder is not null) Binder.Attempted += result => ScheduleAttempted?.Invoke(result);
        var applying = applier.RunAsync(cancellation);
        _applier = applier;
        _leading = true;
        LogLeading(_log, options.Identity, policy.Name);
        try
        {
            var binding = Binder is { } binder ? BindLoopAsync(binder, cancellation) : Task.CompletedTask;
            var period = options.Period ?? TimeSpan.FromSeconds(policy.ControlPeriodSeconds);
            using var timer = new PeriodicTimer(period);
            do
            {
                if (options.InitialDeployment && _view.AwaitsDeployment) await TryDeployAsync(policy, applier, cancellation).ConfigureAwait(false);
                await ObserveAsync(cancellation).ConfigureAwait(false);
                var snapshot = Cluster.Snapshot();
                DecisionList decisions;
                lock (_policyGate) decisions = policy.Control(snapshot);
                applier.Submit(decisions.Where(d => Deployed(d.Function) && Settled(d.Function, snapshot)).ToList(), "control");
            }
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false));

            await binding.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(_log, "leading", e.ToString());
            throw;
        }
        finally
        {
            _leading = false;
            _applier = null;
            await applying.ConfigureAwait(false);
            runtime.Dispose();
            LogStoppedLeading(_log, options.Identity);
        }
    }

    /// <summary>The functions' traffic: from the gateway's metrics in Prometheus when given (the last reading stands when it fails), else as the router counts it.</summary>
    private async Task ObserveAsync(CancellationToken cancellation)
    {
        if (rates is null)
        {
            Cluster.Observed(Meter.Observe());
            return;
        }

        try
        {
            Cluster.Observed(await rates.ObserveAsync(cancellation).ConfigureAwait(false));
        }
        catch (Exception e) when (e is Faaswise.Metrics.Prometheus.PrometheusException or HttpRequestException or IOException)
        {
            LogFailed(_log, "reading the functions' rates from Prometheus", e.Message);
        }
    }

    private async Task BindLoopAsync(PodBinder binder, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        do
        {
            try
            {
                await binder.PassAsync(cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                LogFailed(_log, "a scheduling pass", e.Message);
            }
            catch (Exception e)
            {
                LogFailed(_log, "a scheduling pass", e.ToString());
                throw;
            }
        }
        while (await WaitAsync(timer, cancellation).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellation)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task TryDeployAsync(Policy policy, DecisionApplier applier, CancellationToken cancellation)
    {
        try
        {
            await DeployAsync(policy, applier, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
        {
            LogFailed(_log, "the initial deployment", e.Message);
        }
    }

    /// <summary>
    /// Whether the function's initial deployment is up (its replicas running, as many ready as the plan makes ready,
    /// none on its way, models where they were put), or has had <see cref="ControllerOptions.InitialSettle"/> to come up; until then its control decisions
    /// wait. Without this, QShuf's scaler saw "0 ready" while the first pod started and promoted the warm reserve.
    /// </summary>
    private bool Settled(int function, ClusterSnapshot snapshot)
    {
        lock (_settling)
        {
            if (!_settling.TryGetValue(function, out var settling)) return true;
            var replicas = snapshot.ReplicasOf(function);
            var up = replicas.Count >= settling.Replicas && replicas.Count(r => r.Ready) >= settling.Ready
                && replicas.All(r => r.Phase == ReplicaPhase.Running && r.ReadyPending is null && r.Residency is not (Residency.Loading or Residency.Offloading));
            if (!up && Stopwatch.GetTimestamp() < settling.Until) return false;
            _settling.Remove(function);
            return true;
        }
    }

    /// <summary>
    /// The policy's initial deployment on a running cluster: the decisions it makes on an empty one, less the replicas
    /// each function has already (its Deployment's own pods, placed by the webhook), once per Deployment (an annotation):
    /// for every Deployment there when a term begins and for every one created, or reset (the annotation removed), later.
    /// A paused Deployment (being reset) waits.
    /// </summary>
    private async Task DeployAsync(Policy policy, DecisionApplier applier, CancellationToken cancellation)
    {
        var snapshot = Cluster.Snapshot();
        var plan = policy.Deploy(new ClusterSnapshot(world, snapshot.Time, []));
        for (var f = 0; f < world.Functions.Count; f++)
        {
            var name = world.Functions[f].Name;
            V1Deployment deployment;
            try
            {
                deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, options.Namespace, cancellationToken: cancellation).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            if (deployment.Metadata.Annotations is { } a && (a.ContainsKey(PodLabels.Deployed) || a.ContainsKey(PodLabels.Paused))) continue;
            // The Deployment's own replicas become pods the webhook places, whether or not the informer shows them yet.
            var have = Math.Max(snapshot.ReplicasOf(f).Count(r => r.Phase is ReplicaPhase.Starting or ReplicaPhase.Running), deployment.Spec.Replicas ?? 1);
            var missing = plan.Where(d => d.Kind == DecisionKind.Start && d.Function == f).Skip(have).ToList();
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [PodLabels.Deployed] = policy.Name } } };
            await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, options.Namespace, cancellationToken: cancellation).ConfigureAwait(false);
            LogDeploy(_log, name, have, missing.Count);
            applier.Submit(missing, "deploy");
            var starts = plan.Where(d => d.Kind == DecisionKind.Start && d.Function == f).ToList();
            var replicas = Math.Max(starts.Count, have);
            if (options.InitialSettle > TimeSpan.Zero && replicas > 0)
            {
                var ready = Math.Min(replicas, Math.Max(starts.Count(d => d.StartReady), 1));
                lock (_settling) _settling[f] = (replicas, ready, Stopwatch.GetTimestamp() + (long)(options.InitialSettle.TotalSeconds * Stopwatch.Frequency));
            }
        }
    }

    /// <summary>Whether the function has a Deployment in the namespace that is not paused (the world may list functions not deployed; decisions about them are dropped).</summary>
    public bool Deployed(int function) => _view.Deployed(function);

    /// <summary>The nodes as the informer shows them.</summary>
    public IReadOnlyList<NodeCapacity> NodeCapacities => _view.Nodes;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads: running policy {Policy}")]
    private static partial void LogLeading(ILogger log, string identity, string policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    private static partial void LogStoppedLeading(ILogger log, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "initial deployment of {Function}: {Have} replicas up, {Missing} to start")]
    private static partial void LogDeploy(ILogger log, string function, int have, int missing);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed: {Message}")]
    private static partial void LogFailed(ILogger log, string what, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election: {Message}")]
    private static partial void LogElection(ILogger log, string message);
}
