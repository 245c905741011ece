using System.Diagnostics.CodeAnalysis;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Engine;

/// <summary>
/// The discrete-event simulator: QShuf's runtime (per replica a FIFO queue and its workers, timeouts, early drops,
/// readiness, cold starts, model residency and transfers, GPU memory with QShuf's quota, contention between
/// inferences sharing a GPU, crashes and failed loads) driven by a workload and steered by a policy that reads the
/// simulator as a snapshot and returns decisions, which the simulator applies at once. This file is the event loop;
/// the request path, transfers, replica lifecycle, decisions, snapshot, sampling and invariants have a file each.
/// </summary>
public sealed partial class Simulator
{
    private readonly ISimulationObserver _observer;
    private readonly SimulationOptions _options;
    private readonly Func<Policy>? _restartWith;
    private readonly EventQueue _events = new();
    private readonly GpuState[] _gpus;
    private readonly double[] _nodeCpu;
    private readonly long[] _nodeHost;
    private readonly List<Replica>[] _byFunction;
    private readonly List<Replica?> _replicas = [];
    private readonly Dictionary<string, Replica> _byId = new(StringComparer.Ordinal);
    private readonly ArrivalHistory[] _arrivals;
    private readonly Observations _observed;
    private readonly int[] _outstanding;
    private readonly (FunctionTrace Trace, int Function)[] _traces;
    private readonly Random[] _serviceStreams;
    private readonly ServiceDistribution _service;
    private readonly int[] _cursor;
    private readonly Random _failures;
    private readonly SecondSample _sample;
    private readonly double[] _busyAtLastSecond;
    private Policy _policy;
    private bool _deploying;
    private long _inFlight;
    private int _tracesLeft;
    private double _now;

    /// <summary>Prepares a run; <see cref="Run"/> performs it. <paramref name="restartWith"/> makes the fresh policies of <see cref="SimulationOptions.RestartPolicyAt"/>.</summary>
    public Simulator(ClusterWorld world, Workload workload, Policy policy, ISimulationObserver observer, SimulationOptions? options = null, Func<Policy>? restartWith = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(workload);
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _observer = observer ?? throw new ArgumentNullException(nameof(observer));
        _options = options ?? new SimulationOptions();
        _restartWith = restartWith;
        if (_options.RestartPolicyAt is { Count: > 0 } && restartWith is null) throw new ArgumentException("restarts need a factory of fresh policies", nameof(restartWith));
        World = world;
        _gpus = World.Gpus.Select(g => new GpuState(g.MemoryBytes)).ToArray();
        _nodeCpu = new double[World.Nodes.Count];
        _nodeHost = new long[World.Nodes.Count];
        var n = World.Functions.Count;
        _byFunction = Enumerable.Range(0, n).Select(_ => new List<Replica>()).ToArray();
        _arrivals = Enumerable.Range(0, n).Select(_ => new ArrivalHistory()).ToArray();
        _observed = new Observations(n);
        _outstanding = new int[n];
        Counters = Enumerable.Range(0, n).Select(_ => new FunctionCounters()).ToArray();
        _traces = workload.Functions.Select(t => (t, World.FunctionIndex(t.Function) is var f and >= 0
            ? f
            : throw new ArgumentException($"the workload's function '{t.Function}' is not in the cluster file's functions", nameof(workload)))).ToArray();
        _cursor = new int[_traces.Length];
        _service = _options.Service ?? ServiceDistribution.Deterministic;
        _serviceStreams = Enumerable.Range(0, _traces.Length).Select(i => ServiceDistribution.StreamFor(_options.Seed, i)).ToArray();
        _failures = new Random(_options.Seed + 7);
        _sample = new SecondSample(_gpus.Length, n);
        _busyAtLastSecond = new double[_gpus.Length];
    }

    /// <summary>Nodes, GPUs, models and functions.</summary>
    public ClusterWorld World { get; }

    /// <summary>Per-function counters, filled as the run goes.</summary>
    public IReadOnlyList<FunctionCounters> Counters { get; }

    /// <summary>Simulated seconds from the start to the last event.</summary>
    public double EndTime { get; private set; }

    /// <summary>GPU busy seconds per GPU at the end.</summary>
    public IReadOnlyList<double> GpuBusySeconds => _gpus.Select(g => g.BusySeconds(EndTime)).ToArray();

    /// <summary>Requests that arrived.</summary>
    public long Requests { get; private set; }

    /// <summary>Host-to-GPU copies started, those that ended with the model resident, and those that failed.</summary>
    public LoadCounts Loads { get; private set; }

    /// <summary>The policy steering the run now (a fresh one after each restart).</summary>
    public Policy Policy => _policy;

    /// <summary>Runs the workload to its end: every request answered, every transfer finished.</summary>
    public void Run(CancellationToken cancellationToken = default)
    {
        _deploying = true;
        Apply(_policy.Deploy(this), "deploy");
        _deploying = false;
        for (var i = 0; i < _traces.Length; i++)
        {
            if (_traces[i].Trace.Offsets.Count > 0)
            {
                _tracesLeft++;
                _events.Schedule(_traces[i].Trace.StartSeconds + _traces[i].Trace.Offsets[0], EventKind.Arrival, i);
            }
        }

        _events.Schedule(_policy.ControlPeriodSeconds, EventKind.Control, 0);
        _events.Schedule(1, EventKind.Second, 0);
        foreach (var t in _options.RestartPolicyAt ?? []) _events.Schedule(t, EventKind.Restart, 0);
        var processed = 0L;
        while (_events.TryNext(out var e, out var time))
        {
            _now = time;
            switch (e.Kind)
            {
                case EventKind.Arrival: Arrive(e.Index); break;
                case EventKind.InferenceDone: InferenceDone(_replicas[e.Index]!, e.Request!); break;
                case EventKind.TransferDone: TransferDone(e.Index); break;
                case EventKind.StartDone: StartDone(e.Index); break;
                case EventKind.ReadyDone: ReadyDone(e.Index); break;
                case EventKind.Crash: Crash(e.Index); break;
                case EventKind.Control: ControlTick(); break;
                case EventKind.Second: SecondTick(); break;
                case EventKind.Restart: _policy = _restartWith!(); break;
            }

            if (_options.CheckInvariants) CheckInvariants();
            if ((++processed & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        }

        EndTime = _now;
        foreach (var r in Live) Counters[r.Function].ReplicaSeconds += EndTime - r.Created;
    }

    private IEnumerable<Replica> Live => _replicas.OfType<Replica>();

    private bool Finished => _tracesLeft == 0 && _inFlight == 0;

    private bool TryFind(int index, [NotNullWhen(true)] out Replica? replica)
    {
        replica = index >= 0 && index < _replicas.Count ? _replicas[index] : null;
        return replica is not null;
    }

    private void ControlTick()
    {
        if (Finished) return;
        foreach (var list in _byFunction)
        {
            foreach (var r in list) Purge(r);
        }

        Apply(_policy.Control(this), "control");
        _events.Schedule(_now + _policy.ControlPeriodSeconds, EventKind.Control, 0);
    }
}

/// <summary>Host-to-GPU copies of a run.</summary>
/// <param name="Started">Copies that began.</param>
/// <param name="Resident">Copies that ended with the model on the GPU.</param>
/// <param name="Failed">Copies that failed, or whose process crashed during them.</param>
public readonly record struct LoadCounts(long Started, long Resident, long Failed);
