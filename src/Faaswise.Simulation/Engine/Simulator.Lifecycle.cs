using System.Globalization;
using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>Replica lifecycle: cold start, readiness with the probe's delay, draining and exit, crashes.</summary>
public sealed partial class Simulator
{
    private string? StartReplica(int function, int gpu, bool onGpu, bool ready, bool reserve, int slot, out Replica? started)
    {
        started = null;
        if (function < 0 || function >= _byFunction.Length) return "unknown function";
        if (gpu < -1 || gpu >= _gpus.Length) return $"unknown GPU {gpu}";
        if (gpu < 0) onGpu = false;
        var node = gpu < 0 ? 0 : World.GpuNode[gpu];
        var spec = World.Functions[function];
        if (_nodeCpu[node] + spec.CpuRequest > World.Nodes[node].CpuCores + 1e-9) return $"node {World.Nodes[node].Name} lacks CPU";
        var weights = World.ModelOf(function).WeightBytes;
        if (!onGpu && _nodeHost[node] + weights > World.Nodes[node].HostMemoryBytes) return $"node {World.Nodes[node].Name} lacks host memory";
        if (onGpu && GpuFree(gpu) < World.GpuBytes(function))
        {
            return string.Create(CultureInfo.InvariantCulture, $"GPU {gpu} lacks memory: {World.GpuBytes(function) / 1e9:0.##} GB needed, {GpuFree(gpu) / 1e9:0.##} GB free");
        }

        var index = _replicas.Count;
        var r = new Replica(index, string.Create(CultureInfo.InvariantCulture, $"{spec.Name}-{index}"), function, gpu, node, spec.Workers, World.Runtime.EarlyDropWindow, _now)
        {
            Reserve = reserve,
            Slot = slot,
            StartsOnGpu = onGpu,
            Ready = ready,
        };
        _replicas.Add(r);
        _byId[r.Id] = r;
        _byFunction[function].Add(r);
        if (gpu >= 0) _gpus[gpu].Replicas.Add(r);
        _nodeCpu[node] += spec.CpuRequest;
        if (onGpu)
        {
            SetGpu(r, World.GpuBytes(function));
            r.HoldsContext = true;
        }

        started = r;
        if (_options.CrashesPerReplicaHour > 0)
        {
            _events.Schedule(_now + (-Math.Log(1 - _failures.NextDouble()) * 3600 / _options.CrashesPerReplicaHour), EventKind.Crash, r.Index);
        }

        if (_deploying)
        {
            r.Phase = ReplicaPhase.Running;
            r.Residency = onGpu ? Residency.Gpu : Residency.Host;
            if (!onGpu) SetHost(r, weights);
            if (ready) r.ReadySince = _now;
            return null;
        }

        Counters[function].ColdStarts++;
        var cold = World.ColdStartSeconds(function, onGpu ? gpu : -1);
        r.TransferEnds = _now + cold;
        r.OperationSince = _now;
        if (onGpu)
        {
            r.LoadFrom = _now;
            r.LoadUntil = _now + cold;
        }

        _events.Schedule(_now + cold, EventKind.StartDone, r.Index);
        return null;
    }

    private void StartDone(int index)
    {
        if (!TryFind(index, out var r) || r.Phase == ReplicaPhase.Failed) return;
        r.Phase = r.Phase == ReplicaPhase.Draining ? ReplicaPhase.Draining : ReplicaPhase.Running;
        r.TransferEnds = double.NaN;
        r.OperationSince = double.NaN;
        r.Residency = r.StartsOnGpu ? Residency.Gpu : Residency.Host;
        if (!r.StartsOnGpu) SetHost(r, World.ModelOf(r.Function).WeightBytes);
        if (r.Ready && r.Phase == ReplicaPhase.Running)
        {
            // the readiness probe sees the model loaded one period later
            r.Ready = false;
            AskReadiness(r, true);
        }

        Dispatch(r);
        ExitIfDrained(r);
    }

    private string? SetReady(Replica r, bool ready)
    {
        if (r.Phase is ReplicaPhase.Draining or ReplicaPhase.Failed) return $"replica is {r.Phase}";
        if (r.Phase == ReplicaPhase.Starting)
        {
            r.Ready = ready;
            return null;
        }

        AskReadiness(r, ready);
        return null;
    }

    private void AskReadiness(Replica r, bool ready)
    {
        if (ready == r.Ready)
        {
            r.ReadyPending = null;
            return;
        }

        var delay = ready ? World.Runtime.ReadyDelaySeconds : World.Runtime.NotReadyDelaySeconds;
        if (_deploying || delay <= 0)
        {
            r.Ready = ready;
            if (ready) r.ReadySince = _now;
            r.ReadyPending = null;
            return;
        }

        if (r.ReadyPending == ready) return;
        r.ReadyPending = ready;
        r.ReadyDueAt = _now + delay;
        _events.Schedule(r.ReadyDueAt, EventKind.ReadyDone, r.Index);
    }

    private void ReadyDone(int index)
    {
        if (!TryFind(index, out var r) || r.ReadyPending is not { } ready || _now < r.ReadyDueAt) return;
        r.ReadyPending = null;
        if (r.Phase != ReplicaPhase.Running) return;
        r.Ready = ready;
        if (ready) r.ReadySince = _now;
    }

    private void Stop(Replica r)
    {
        r.StopAsked = true;
        if (r.Phase != ReplicaPhase.Failed) r.Phase = ReplicaPhase.Draining;
        r.Ready = false;
        r.ReadyPending = null;
        CancelPendingLoad(r);
        ExitIfDrained(r);
    }

    private void Crash(int index)
    {
        if (!TryFind(index, out var r) || r.Phase is ReplicaPhase.Failed or ReplicaPhase.Draining) return;
        if (r.Residency == Residency.Loading && !double.IsNaN(r.TransferEnds)) Loads = Loads with { Failed = Loads.Failed + 1 };
        CancelPendingLoad(r);
        if (r.Residency == Residency.Offloading) _gpus[r.Gpu].ReleasingBytes -= r.Releasing;
        r.Releasing = 0;
        r.Phase = ReplicaPhase.Failed;
        r.FailedAt = _now;
        r.LastFailure = "process crashed";
        r.Ready = false;
        r.ReadyPending = null;
        r.TransferEnds = double.NaN;
        r.OperationSince = double.NaN;
        r.Residency = Residency.None;
        r.HoldsContext = false;
        if (r.LoadUntil > _now) r.LoadUntil = _now;
        while (r.Queue.Count > 0) EndQueued(r, r.Queue.Dequeue(), RequestStatus.Crashed);
        SetGpu(r, 0);
        SetHost(r, 0);
        if (r.Gpu >= 0) StartPendingLoads(r.Gpu);
    }

    private void ExitIfDrained(Replica r)
    {
        var leaving = r.Phase == ReplicaPhase.Draining || (r.Phase == ReplicaPhase.Failed && r.StopAsked);
        if (!leaving || !r.Idle || !double.IsNaN(r.TransferEnds)) return;
        CancelPendingLoad(r);
        SetGpu(r, 0);
        SetHost(r, 0);
        _nodeCpu[r.Node] -= World.Functions[r.Function].CpuRequest;
        _replicas[r.Index] = null;
        _byId.Remove(r.Id);
        _byFunction[r.Function].Remove(r);
        if (r.Gpu >= 0)
        {
            _gpus[r.Gpu].Replicas.Remove(r);
            StartPendingLoads(r.Gpu);
        }

        Counters[r.Function].ReplicaSeconds += _now - r.Created;
    }

    private long GpuFree(int gpu) => _gpus[gpu].Capacity - _gpus[gpu].Held - _gpus[gpu].PendingBytes;

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
}
