using System.Text.Json.Nodes;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// The cluster as the controllers know it: function pods from the informer, what each runtime last reported, the
/// requests the router holds per pod, the functions' observed traffic, and the operations decided but not yet seen
/// (an assume cache, as kube-scheduler keeps: a start counts as a starting replica, a load as loading, a readiness
/// change as pending, until the informer or the runtime shows it or it expires). <see cref="Snapshot"/> freezes it all
/// for a policy. Everything here is rebuilt from the cluster, so a new leader continues where the last one stopped.
/// </summary>
public sealed class LiveCluster(ClusterWorld world, TimeProvider clock)
{
    private const double IntentSeconds = 90;
    private const double PendingSeconds = 30;
    private const double OperationSeconds = 300;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FunctionPod> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuntimeState> _runtime = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (PlacementIntent Intent, int Function)> _intents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DecisionKind Kind, double Since)> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Ready, double Expires)> _readyPending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _stopping = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int InFlight, double LastUsed)> _load = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Since, bool Ready)> _intentSince = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wasResident = new(StringComparer.Ordinal);
    private FunctionObservation[] _observed = [];
    private bool _routed;

    /// <summary>Nodes, GPUs, models and functions.</summary>
    public ClusterWorld World { get; } = world;

    /// <summary>Unix seconds now.</summary>
    public double Now => clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Raised (outside the lock) when a pod created for an intent is first seen ready: the intent and seconds from decision to ready.</summary>
    public event Action<FunctionPod, double>? IntentReady;

    /// <summary>Function pods as last observed.</summary>
    public IReadOnlyList<FunctionPod> Pods
    {
        get
        {
            lock (_gate) return _pods.Values.ToList();
        }
    }

    /// <summary>A pod by name, or null.</summary>
    public FunctionPod? Pod(string name)
    {
        lock (_gate) return _pods.GetValueOrDefault(name);
    }

    /// <summary>A pod was added or changed.</summary>
    public void Observe(JsonObject pod)
    {
        if (FunctionPod.Read(World, pod) is not { } p) return;
        double? readyAfter = null;
        lock (_gate)
        {
            _pods[p.Name] = p;
            if (p.Replica.Residency == Residency.Gpu) _wasResident.Add(p.Name);
            if (p.Intent is { } id && _intents.Remove(id, out var intent)) _intentSince[p.Name] = (intent.Intent.Since, intent.Intent.Ready);
            if ((p.Replica.Ready || p.Replica.Phase is ReplicaPhase.Failed or ReplicaPhase.Draining) && _intentSince.Remove(p.Name, out var since) && p.Replica.Ready) readyAfter = Now - since.Since;
            if (_readyPending.TryGetValue(p.Name, out var pending) && pending.Ready == p.Replica.Ready) _readyPending.Remove(p.Name);
        }

        if (readyAfter is { } seconds) IntentReady?.Invoke(p, seconds);
    }

    /// <summary>A pod was deleted.</summary>
    public void Forget(JsonObject pod)
    {
        if (pod?["metadata"]?["name"]?.GetValue<string>() is not { } name) return;
        lock (_gate) Drop(name);
    }

    /// <summary>Every pod is replaced by <paramref name="pods"/> (after a relist).</summary>
    public void Reset(IReadOnlyList<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var names = pods.Select(p => p["metadata"]?["name"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var gone in _pods.Keys.Where(k => !names.Contains(k)).ToList()) Drop(gone);
        }

        foreach (var p in pods) Observe(p);
    }

    /// <summary>What a pod's runtime answered.</summary>
    public void Report(string pod, RuntimeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            if (!_pods.ContainsKey(pod)) return;
            if (_operations.TryGetValue(pod, out var op) && op.Since > state.At) return;
            _runtime[pod] = state;
            if (state.Residency == Residency.Gpu) _wasResident.Add(pod);
        }
    }

    /// <summary>The functions' traffic as the rate source last observed it (index = function).</summary>
    public void Observed(IReadOnlyList<FunctionObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        lock (_gate) _observed = observations.ToArray();
    }

    /// <summary>The router took a request for a pod (+1) or finished one (-1); the queues it holds become the replicas' queues.</summary>
    public void Routed(string pod, int delta)
    {
        lock (_gate)
        {
            _routed = true;
            var (inFlight, lastUsed) = _load.GetValueOrDefault(pod);
            _load[pod] = (Math.Max(0, inFlight + delta), Now);
        }
    }

    /// <summary>Assumes the effect of a decision about to be applied (a start's intent is assumed by <see cref="AssumeIntent"/>).</summary>
    public void Assume(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Replica is not { } pod) return;
        var now = Now;
        lock (_gate)
        {
            switch (decision.Kind)
            {
                case DecisionKind.Load or DecisionKind.Offload:
                    _operations[pod] = (decision.Kind, now);
                    break;
                case DecisionKind.Ready or DecisionKind.NotReady:
                    _readyPending[pod] = (decision.Kind == DecisionKind.Ready, now + PendingSeconds);
                    break;
                case DecisionKind.Stop:
                    _stopping[pod] = now + PendingSeconds;
                    break;
            }
        }
    }

    /// <summary>Counts a start's intent as a starting replica until a pod takes it or it expires.</summary>
    public void AssumeIntent(PlacementIntent intent, int function)
    {
        ArgumentNullException.ThrowIfNull(intent);
        lock (_gate) _intents[intent.Id] = (intent, function);
    }

    /// <summary>An operation on a pod ended: the runtime's new state when it succeeded, the reason when it failed.</summary>
    public void Settle(Decision decision, RuntimeState? state, string? failure)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (_gate)
        {
            if (decision.Replica is not { } pod) return;
            if (decision.Kind is DecisionKind.Load or DecisionKind.Offload) _operations.Remove(pod);
            if (state is not null && _pods.ContainsKey(pod))
            {
                _runtime[pod] = state;
                if (state.Residency == Residency.Gpu) _wasResident.Add(pod);
            }

            if (failure is null)
            {
                _failures.Remove(pod);
                return;
            }

            _failures[pod] = failure;
            if (decision.Kind is DecisionKind.Ready or DecisionKind.NotReady) _readyPending.Remove(pod);
            if (decision.Kind == DecisionKind.Stop) _stopping.Remove(pod);
        }
    }

    /// <summary>A start's intent could not be written: it no longer counts.</summary>
    public void Abandon(string intent)
    {
        lock (_gate) _intents.Remove(intent);
    }

    /// <summary>Intents not yet taken by a pod (for the applier's clean-up of the Deployment annotation).</summary>
    public IReadOnlySet<string> OpenIntents
    {
        get
        {
            lock (_gate) return _intents.Keys.ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>An immutable snapshot for a policy.</summary>
    public ClusterSnapshot Snapshot()
    {
        var now = Now;
        lock (_gate)
        {
            foreach (var expired in _intents.Where(i => i.Value.Intent.Expires <= now).Select(i => i.Key).ToList()) _intents.Remove(expired);
            foreach (var expired in _readyPending.Where(i => i.Value.Expires <= now).Select(i => i.Key).ToList()) _readyPending.Remove(expired);
            foreach (var expired in _stopping.Where(i => i.Value <= now).Select(i => i.Key).ToList()) _stopping.Remove(expired);

            // A move whose applier went away (its term ended) is not waited for forever: the runtime's reports take over.
            foreach (var expired in _operations.Where(i => i.Value.Since + OperationSeconds <= now).Select(i => i.Key).ToList()) _operations.Remove(expired);
            var replicas = new List<ReplicaSnapshot>(_pods.Count + _intents.Count);
            var outstanding = new int[World.Functions.Count];
            foreach (var p in _pods.Values.OrderBy(p => p.Created).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                var r = Replica(p, now);
                outstanding[r.Function] += r.Queued + r.Busy;
                replicas.Add(r);
            }

            foreach (var (id, (intent, function)) in _intents.OrderBy(i => i.Value.Intent.Since))
            {
                var gpu = Admission.PodReplica.GpuIndex(World, intent.Gpu);
                replicas.Add(new ReplicaSnapshot("intent:" + id, function, gpu, ReplicaPhase.Starting, intent.OnGpu && gpu >= 0 ? Residency.Loading : Residency.None, false)
                {
                    Reserve = intent.Reserve, Slot = intent.Slot, OperationSince = intent.Since, LastUsed = intent.Since, ReadyPending = intent.Ready ? true : null,
                });
            }

            var observed = Enumerable.Range(0, World.Functions.Count).Select(f =>
            {
                var o = f < _observed.Length ? _observed[f] : new FunctionObservation();
                return _routed ? o with { Outstanding = outstanding[f] } : o;
            }).ToArray();
            return new ClusterSnapshot(World, now, replicas, observed);
        }
    }

    private ReplicaSnapshot Replica(FunctionPod p, double now)
    {
        var r = p.Replica;
        var runtime = _runtime.GetValueOrDefault(p.Name);
        var residency = r.Phase == ReplicaPhase.Starting ? (r.Residency == Residency.Gpu ? Residency.Loading : Residency.None)
            : runtime?.Residency is { } reported and not Residency.None ? reported : r.Residency;
        var since = r.Phase == ReplicaPhase.Starting ? p.Created : double.NaN;
        if (_operations.TryGetValue(p.Name, out var op))
        {
            residency = op.Kind == DecisionKind.Load ? Residency.Loading : Residency.Offloading;
            since = op.Since;
        }

        var phase = _stopping.ContainsKey(p.Name) && r.Phase is ReplicaPhase.Running or ReplicaPhase.Starting ? ReplicaPhase.Draining : r.Phase;
        var (inFlight, lastUsed) = _load.GetValueOrDefault(p.Name);
        bool? pending = _readyPending.TryGetValue(p.Name, out var rp) && rp.Ready != r.Ready ? rp.Ready
            : _intentSince.TryGetValue(p.Name, out var started) && started.Ready && !r.Ready ? true : null;
        return r with
        {
            Phase = phase,
            Residency = residency,
            ReadyPending = pending,
            Busy = Math.Min(inFlight, 1),
            Queued = Math.Max(0, inFlight - 1),
            OperationSince = since,
            LastUsed = Math.Max(p.Created, lastUsed),
            LastFailure = _failures.GetValueOrDefault(p.Name),
            HoldsContext = World.Runtime.PersistentContext && r.Gpu >= 0 && residency == Residency.Host && _wasResident.Contains(p.Name),
        };
    }

    private void Drop(string name)
    {
        _pods.Remove(name);
        _runtime.Remove(name);
        _operations.Remove(name);
        _readyPending.Remove(name);
        _stopping.Remove(name);
        _failures.Remove(name);
        _load.Remove(name);
        _intentSince.Remove(name);
        _wasResident.Remove(name);
    }
}
