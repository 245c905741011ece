using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Engine;

/// <summary>
/// The discrete-event simulator: QShuf's runtime (per replica a FIFO queue and its workers, timeouts, early drops,
/// readiness, cold starts, model residency and transfers, GPU memory with QShuf's quota, contention between
/// inferences sharing a GPU) driven by a workload and steered by a policy through <see cref="IClusterControl"/>.
/// </summary>
public sealed class Simulator : IClusterControl
{
    private readonly IPolicy _policy;
    private readonly ISimulationObserver _observer;
    private readonly SimulationOptions _options;
    private readonly EventQueue _events = new();
    private readonly GpuState[] _gpus;
    private readonly double[] _nodeCpu;
    private readonly long[] _nodeHost;
    private readonly List<Replica>[] _byFunction;
    private readonly List<Replica?> _replicas = [];
    private readonly ArrivalWindow[] _arrivals;
    private readonly int[] _outstanding;
    private readonly (FunctionTrace Trace, int Function)[] _traces;
    private readonly int[] _cursor;
    private readonly Random _random;
    private readonly SecondSample _sample;
    private readonly double[] _busyAtLastSecond;
    private int _nextReplica;
    private bool _deploying;
    private long _inFlight;
    private int _tracesLeft;
    private double _now;

    /// <summary>Prepares a run; <see cref="Run"/> performs it.</summary>
    public Simulator(ClusterWorld world, Workload workload, IPolicy policy, ISimulationObserver observer, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(workload);
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _observer = observer ?? throw new ArgumentNullException(nameof(observer));
        _options = options ?? new SimulationOptions();
        World = policy.UnlimitedGpuMemory ? world.WithUnlimitedGpuMemory() : world;
        _gpus = World.Gpus.Select(g => new GpuState(g.MemoryBytes)).ToArray();
        _nodeCpu = new double[World.Nodes.Count];
        _nodeHost = new long[World.Nodes.Count];
        var n = World.Functions.Count;
        _byFunction = Enumerable.Range(0, n).Select(_ => new List<Replica>()).ToArray();
        _arrivals = Enumerable.Range(0, n).Select(_ => new ArrivalWindow()).ToArray();
        _outstanding = new int[n];
        Counters = Enumerable.Range(0, n).Select(_ => new FunctionCounters()).ToArray();
        _traces = workload.Functions.Select(t => (t, World.FunctionIndex(t.Function) is var f and >= 0
            ? f
            : throw new ArgumentException($"the workload's function '{t.Function}' is not in the cluster file's functions", nameof(workload)))).ToArray();
        _cursor = new int[_traces.Length];
        _random = new Random(_options.Seed);
        _sample = new SecondSample(_gpus.Length, n);
        _busyAtLastSecond = new double[_gpus.Length];
    }

    /// <inheritdoc />
    public ClusterWorld World { get; }

    /// <summary>Per-function counters, filled as the run goes.</summary>
    public IReadOnlyList<FunctionCounters> Counters { get; }

    /// <summary>Simulated seconds from the start to the last event.</summary>
    public double EndTime { get; private set; }

    /// <summary>GPU busy seconds per GPU at the end.</summary>
    public IReadOnlyList<double> GpuBusySeconds => _gpus.Select(g => g.BusySeconds(EndTime)).ToArray();

    /// <summary>Requests that arrived.</summary>
    public long Requests { get; private set; }

    /// <summary>Host-to-GPU copies started, and those that ended with the model resident.</summary>
    public (long Started, long Resident) Loads { get; private set; }

    /// <summary>Runs the workload to its end: every request answered, every transfer finished.</summary>
    public void Run(CancellationToken cancellationToken = default)
    {
        _deploying = true;
        _policy.Deploy(this, 0);
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
                case EventKind.Control: ControlTick(); break;
                case EventKind.Second: SecondTick(); break;
            }

            if (_options.CheckInvariants) CheckInvariants();
            if ((++processed & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        }

        EndTime = _now;
        foreach (var r in Live) Counters[r.Function].ReplicaSeconds += EndTime - r.Created;
    }

    private IEnumerable<Replica> Live => _replicas.OfType<Replica>();

    private bool TryFind(int id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Replica? replica)
    {
        replica = id >= 0 && id < _replicas.Count ? _replicas[id] : null;
        return replica is not null;
    }

    private bool Finished => _tracesLeft == 0 && _inFlight == 0;

    private void Arrive(int traceIndex)
    {
        var (trace, f) = _traces[traceIndex];
        var k = _cursor[traceIndex]++;
        if (k + 1 < trace.Offsets.Count) _events.Schedule(trace.StartSeconds + trace.Offsets[k + 1], EventKind.Arrival, traceIndex);
        else _tracesLeft--;
        Requests++;
        _arrivals[f].Add(_now);
        var request = new Request(f, _now, _now + World.Functions[f].TimeoutSeconds);
        foreach (var r in _byFunction[f]) Purge(r);
        var id = _policy.Route(this, f, _now);
        if (!TryFind(id, out var replica) || replica.Function != f || replica.Phase != ReplicaPhase.Running || !replica.Ready)
        {
            Emit(request, RequestStatus.Refused, _now, -1, -1);
            return;
        }

        _inFlight++;
        _outstanding[f]++;
        replica.Queue.Enqueue(request);
        Dispatch(replica);
    }

    /// <summary>Answers 408 for requests at the head of a queue whose deadline passed (the queue is in arrival order).</summary>
    private void Purge(Replica r)
    {
        while (r.Queue.Count > 0 && r.Queue.Peek().Deadline <= _now) EndQueued(r, r.Queue.Dequeue(), RequestStatus.Timeout);
    }

    private void EndQueued(Replica r, Request request, int status)
    {
        var end = status == RequestStatus.Timeout ? request.Deadline : _now;
        _inFlight--;
        _outstanding[request.Function]--;
        Emit(request, status, end, r.Id, r.Gpu);
    }

    private void Dispatch(Replica r)
    {
        while (r.Busy < r.Workers && r.Queue.Count > 0)
        {
            if (r.Residency is not (Residency.Gpu or Residency.Host) || r.Phase == ReplicaPhase.Starting) return;
            var request = r.Queue.Dequeue();
            if (request.Deadline <= _now)
            {
                EndQueued(r, request, RequestStatus.Timeout);
                continue;
            }

            var recent = r.RecentMean();
            if (!double.IsNaN(recent) && request.Deadline - _now < recent * World.Runtime.TimeoutFactor)
            {
                EndQueued(r, request, RequestStatus.EarlyDrop);
                continue;
            }

            var onGpu = r.Residency == Residency.Gpu;
            var exec = World.ExecSeconds(r.Function, onGpu);
            if (_options.Service == ServiceTimes.Exponential) exec *= -Math.Log(1 - _random.NextDouble());
            if (onGpu)
            {
                var gpu = _gpus[r.Gpu];
                var share = World.ModelOf(r.Function).GpuShare;
                var total = gpu.ShareRunning + share;
                if (total > 1) exec *= total;
                gpu.InferenceStarted(_now, share);
            }

            request.Start = _now;
            request.Exec = exec;
            request.OnGpu = onGpu;
            request.LoadWait = Overlap(request.Arrival, _now, r.LoadFrom, r.LoadUntil);
            r.Busy++;
            r.LastUsed = _now;
            _events.Schedule(_now + exec, EventKind.InferenceDone, r.Id, request);
        }
    }

    private static double Overlap(double a0, double a1, double b0, double b1) =>
        double.IsNaN(b0) ? 0 : Math.Max(0, Math.Min(a1, b1) - Math.Max(a0, b0));

    private void InferenceDone(Replica r, Request request)
    {
        r.Busy--;
        r.LastUsed = _now;
        if (request.OnGpu)
        {
            _gpus[r.Gpu].InferenceEnded(_now, World.ModelOf(r.Function).GpuShare);
            Counters[r.Function].GpuExecSeconds += request.Exec;
        }

        r.AddCompletion(_now - request.Arrival);
        _inFlight--;
        _outstanding[request.Function]--;
        if (_now <= request.Deadline) Emit(request, RequestStatus.Ok, _now, r.Id, r.Gpu);
        else Emit(request, RequestStatus.Timeout, request.Deadline, r.Id, r.Gpu);
        Dispatch(r);
        ExitIfDrained(r);
    }

    private void Emit(Request request, int status, double end, int replica, int gpu)
    {
        var started = !double.IsNaN(request.Start);
        var waited = (started ? request.Start : end) - request.Arrival;
        var load = started ? request.LoadWait : 0;
        _observer.OnRequest(new RequestRecord(
            request.Function, request.Arrival, request.Start, end, status, started && request.OnGpu,
            Math.Max(0, waited - load), load, started ? request.Exec : 0, replica, gpu));
    }

    private void TransferDone(int id)
    {
        var r = _replicas[id]!;
        r.TransferEnds = double.NaN;
        if (r.Residency == Residency.Loading)
        {
            r.Residency = Residency.Gpu;
            Loads = (Loads.Started, Loads.Resident + 1);
            SetHost(r, 0);
        }
        else if (r.Residency == Residency.Offloading)
        {
            r.Residency = Residency.Host;
            _gpus[r.Gpu].ReleasingBytes -= r.GpuBytesHeld;
            SetHost(r, World.ModelOf(r.Function).WeightBytes);
            SetGpu(r, 0);
            StartPendingLoads(r.Gpu);
        }

        Dispatch(r);
        ExitIfDrained(r);
    }

    private void StartDone(int id)
    {
        var r = _replicas[id]!;
        r.Phase = r.Phase == ReplicaPhase.Draining ? ReplicaPhase.Draining : ReplicaPhase.Running;
        r.TransferEnds = double.NaN;
        r.Residency = r.StartsOnGpu ? Residency.Gpu : Residency.Host;
        if (!r.StartsOnGpu) SetHost(r, World.ModelOf(r.Function).WeightBytes);
        if (r.Ready) r.ReadySince = _now;
        Dispatch(r);
        ExitIfDrained(r);
    }

    private void ControlTick()
    {
        if (Finished) return;
        foreach (var list in _byFunction)
        {
            foreach (var r in list) Purge(r);
        }

        _policy.Control(this, _now);
        _events.Schedule(_now + _policy.ControlPeriodSeconds, EventKind.Control, 0);
    }

    private void SecondTick()
    {
        var s = _sample;
        s.Time = _now;
        for (var g = 0; g < _gpus.Length; g++)
        {
            var gpu = _gpus[g];
            s.GpuMemoryBytes[g] = gpu.Held;
            var busy = gpu.BusySeconds(_now);
            s.GpuBusy[g] = Math.Clamp(busy - _busyAtLastSecond[g], 0, 1);
            _busyAtLastSecond[g] = busy;
            var resident = 0;
            foreach (var r in gpu.Replicas)
            {
                if (r.Residency == Residency.Gpu) resident++;
            }

            s.GpuResidentModels[g] = resident;
        }

        for (var f = 0; f < _byFunction.Length; f++)
        {
            int ready = 0, copies = 0;
            long bytes = 0;
            foreach (var r in _byFunction[f])
            {
                if (r.Ready && r.Phase == ReplicaPhase.Running) ready++;
                if (r.Residency == Residency.Gpu) copies++;
                bytes += r.GpuBytesHeld;
                if (r.GpuBytesHeld > 0) Counters[f].GpuSeconds += 1;
            }

            Counters[f].GpuByteSeconds += bytes;
            s.ReadyReplicas[f] = ready;
            s.Replicas[f] = _byFunction[f].Count;
            s.ResidentCopies[f] = copies;
            s.FunctionGpuBytes[f] = bytes;
            s.Arrivals[f] = _arrivals[f].LastFullSecond(_now);
            s.Outstanding[f] = _outstanding[f];
        }

        _observer.OnSecond(s);
        if (!Finished) _events.Schedule(_now + 1, EventKind.Second, 0);
    }

    // ---- IClusterControl: what policies read ----

    /// <inheritdoc />
    public IReadOnlyList<IReplicaView> ReplicasOf(int function) => _byFunction[function];

    /// <inheritdoc />
    public IReadOnlyList<IReplicaView> ReplicasOn(int gpu) => _gpus[gpu].Replicas;

    /// <inheritdoc />
    public long GpuFreeBytes(int gpu) => _gpus[gpu].Capacity - _gpus[gpu].Held - _gpus[gpu].PendingBytes;

    /// <inheritdoc />
    public long GpuReleasingBytes(int gpu) => _gpus[gpu].ReleasingBytes;

    /// <inheritdoc />
    public double GpuShareRunning(int gpu) => _gpus[gpu].ShareRunning;

    /// <inheritdoc />
    public double ArrivalRate(int function, double seconds) => _arrivals[function].Rate(_now, seconds);

    /// <inheritdoc />
    public double ArrivalCv(int function, double seconds) => _arrivals[function].Cv(_now, seconds);

    /// <inheritdoc />
    public int Outstanding(int function) => _outstanding[function];

    // ---- IClusterControl: what policies do ----

    /// <inheritdoc />
    public int StartReplica(int function, int gpu, bool onGpu, bool ready, bool reserve)
    {
        if (gpu < -1 || gpu >= _gpus.Length || function < 0 || function >= _byFunction.Length) return -1;
        if (gpu < 0) onGpu = false;
        var node = gpu < 0 ? 0 : World.GpuNode[gpu];
        var spec = World.Functions[function];
        if (_nodeCpu[node] + spec.CpuRequest > World.Nodes[node].CpuCores + 1e-9) return -1;
        var weights = World.ModelOf(function).WeightBytes;
        if (!onGpu && _nodeHost[node] + weights > World.Nodes[node].HostMemoryBytes) return -1;
        if (onGpu && GpuFreeBytes(gpu) < World.GpuBytes(function)) return -1;
        var r = new Replica(_nextReplica++, function, gpu, node, spec.Workers, World.Runtime.EarlyDropWindow, _now)
        {
            Reserve = reserve,
            StartsOnGpu = onGpu,
            Ready = ready,
        };
        _replicas.Add(r);
        _byFunction[function].Add(r);
        if (gpu >= 0) _gpus[gpu].Replicas.Add(r);
        _nodeCpu[node] += spec.CpuRequest;
        if (onGpu) SetGpu(r, World.GpuBytes(function));
        if (_deploying)
        {
            r.Phase = ReplicaPhase.Running;
            r.Residency = onGpu ? Residency.Gpu : Residency.Host;
            if (!onGpu) SetHost(r, weights);
            if (ready) r.ReadySince = _now;
            return r.Id;
        }

        Counters[function].ColdStarts++;
        var cold = World.ColdStartSeconds(function, onGpu ? gpu : -1);
        r.TransferEnds = _now + cold;
        if (onGpu)
        {
            r.LoadFrom = _now;
            r.LoadUntil = _now + cold;
        }

        _events.Schedule(_now + cold, EventKind.StartDone, r.Id);
        return r.Id;
    }

    /// <inheritdoc />
    public bool SetReady(int replica, bool ready)
    {
        if (!TryFind(replica, out var r) || r.Phase == ReplicaPhase.Draining) return false;
        if (ready && !r.Ready) r.ReadySince = _now;
        r.Ready = ready;
        return true;
    }

    /// <inheritdoc />
    public bool LoadToGpu(int replica)
    {
        if (!TryFind(replica, out var r) || r.Gpu < 0 || r.Residency != Residency.Host || r.Phase == ReplicaPhase.Draining) return false;
        var gpu = _gpus[r.Gpu];
        var need = World.GpuBytes(r.Function);
        if (gpu.Capacity - gpu.Held - gpu.PendingBytes + gpu.ReleasingBytes < need) return false;
        r.Residency = Residency.Loading;
        r.TransferEnds = double.NaN;
        r.LoadFrom = _now;
        r.LoadUntil = double.PositiveInfinity;
        gpu.PendingLoads.AddLast(r);
        gpu.PendingBytes += need;
        StartPendingLoads(r.Gpu);
        return true;
    }

    private void StartPendingLoads(int g)
    {
        var gpu = _gpus[g];
        while (gpu.PendingLoads.First is { } node)
        {
            var r = node.Value;
            var need = World.GpuBytes(r.Function);
            if (gpu.Capacity - gpu.Held < need) return;
            gpu.PendingLoads.RemoveFirst();
            gpu.PendingBytes -= need;
            SetGpu(r, need);
            var seconds = World.LoadSeconds(r.Function, g);
            var start = Math.Max(_now, gpu.HostToDeviceFreeAt);
            gpu.HostToDeviceFreeAt = start + seconds;
            r.TransferEnds = start + seconds;
            r.LoadUntil = start + seconds;
            Counters[r.Function].Loads++;
            Counters[r.Function].LoadSeconds += seconds;
            Loads = (Loads.Started + 1, Loads.Resident);
            _events.Schedule(start + seconds, EventKind.TransferDone, r.Id);
        }
    }

    /// <inheritdoc />
    public bool Offload(int replica)
    {
        if (!TryFind(replica, out var r) || r.Residency != Residency.Gpu || !r.Idle || r.Phase != ReplicaPhase.Running) return false;
        var gpu = _gpus[r.Gpu];
        var seconds = World.OffloadSeconds(r.Function, r.Gpu);
        var start = Math.Max(_now, gpu.DeviceToHostFreeAt);
        gpu.DeviceToHostFreeAt = start + seconds;
        r.Residency = Residency.Offloading;
        gpu.ReleasingBytes += r.GpuBytesHeld;
        r.TransferEnds = start + seconds;
        Counters[r.Function].Offloads++;
        Counters[r.Function].OffloadSeconds += seconds;
        _events.Schedule(start + seconds, EventKind.TransferDone, r.Id);
        return true;
    }

    /// <inheritdoc />
    public void Stop(int replica)
    {
        if (!TryFind(replica, out var r)) return;
        r.Phase = ReplicaPhase.Draining;
        r.Ready = false;
        ExitIfDrained(r);
    }

    private void ExitIfDrained(Replica r)
    {
        if (r.Phase != ReplicaPhase.Draining || !r.Idle || !double.IsNaN(r.TransferEnds)) return;
        if (r.Residency == Residency.Loading)
        {
            var gpu = _gpus[r.Gpu];
            gpu.PendingLoads.Remove(r);
            gpu.PendingBytes -= World.GpuBytes(r.Function);
        }

        SetGpu(r, 0);
        SetHost(r, 0);
        _nodeCpu[r.Node] -= World.Functions[r.Function].CpuRequest;
        _replicas[r.Id] = null;
        _byFunction[r.Function].Remove(r);
        if (r.Gpu >= 0)
        {
            _gpus[r.Gpu].Replicas.Remove(r);
            StartPendingLoads(r.Gpu);
        }

        Counters[r.Function].ReplicaSeconds += _now - r.Created;
    }

    private void SetGpu(Replica r, long bytes)
    {
        if (r.Gpu < 0) return;
        _gpus[r.Gpu].Held += bytes - r.GpuBytesHeld;
        r.GpuBytesHeld = bytes;
    }

    private void SetHost(Replica r, long bytes)
    {
        _nodeHost[r.Node] += bytes - r.HostBytesHeld;
        r.HostBytesHeld = bytes;
    }

    private void CheckInvariants()
    {
        for (var g = 0; g < _gpus.Length; g++)
        {
            var gpu = _gpus[g];
            if (gpu.Held > gpu.Capacity) throw new InvalidOperationException($"t={_now}: GPU {g} holds {gpu.Held} B of {gpu.Capacity} B");
            var sum = 0L;
            foreach (var r in gpu.Replicas)
            {
                sum += r.GpuBytesHeld;
                var holds = r.Residency is Residency.Gpu or Residency.Offloading || (r.Residency == Residency.Loading && !double.IsNaN(r.TransferEnds)) || (r.Phase == ReplicaPhase.Starting && r.StartsOnGpu);
                if (holds != r.GpuBytesHeld > 0) throw new InvalidOperationException($"t={_now}: replica {r.Id} is {r.Residency}/{r.Phase} but holds {r.GpuBytesHeld} B of GPU memory");
            }

            var releasing = gpu.Replicas.Where(r => r.Residency == Residency.Offloading).Sum(r => r.GpuBytesHeld);
            if (releasing != gpu.ReleasingBytes) throw new InvalidOperationException($"t={_now}: GPU {g} expects {gpu.ReleasingBytes} B back from offloads, they hold {releasing} B");
            if (sum != gpu.Held) throw new InvalidOperationException($"t={_now}: GPU {g} accounts {gpu.Held} B but its replicas hold {sum} B");
        }

        var queued = 0L;
        foreach (var r in Live) queued += r.Queue.Count + r.Busy;
        if (queued != _inFlight) throw new InvalidOperationException($"t={_now}: {_inFlight} requests in flight but replicas hold {queued}");
    }
}
