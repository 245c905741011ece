using System.Globalization;
using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>Model movement: loads wait in order for GPU memory and the host-to-device copy engine; offloads use the other direction; one copy per direction per GPU at a time.</summary>
public sealed partial class Simulator
{
    private long ContextBytes(Replica r) => r.HoldsContext ? World.Runtime.ContextBytes : 0;

    private string? RequestLoad(Replica r)
    {
        if (r.Gpu < 0) return "a CPU-only replica has no GPU";
        if (r.Phase != ReplicaPhase.Running) return $"replica is {r.Phase}";
        if (r.Residency != Residency.Host) return $"model is {r.Residency}, not in host memory";
        var gpu = _gpus[r.Gpu];
        var need = World.GpuBytes(r.Function) - ContextBytes(r);
        var coming = gpu.Capacity - gpu.Held - gpu.PendingBytes + gpu.ReleasingBytes;
        if (coming < need) return string.Create(CultureInfo.InvariantCulture, $"GPU {r.Gpu} lacks memory: {need / 1e9:0.##} GB needed, {coming / 1e9:0.##} GB free or being freed");
        r.Residency = Residency.Loading;
        r.TransferEnds = double.NaN;
        r.OperationSince = _now;
        r.LoadFrom = _now;
        r.LoadUntil = double.PositiveInfinity;
        r.PendingNeed = need;
        gpu.PendingLoads.AddLast(r);
        gpu.PendingBytes += need;
        StartPendingLoads(r.Gpu);
        return null;
    }

    private void StartPendingLoads(int g)
    {
        var gpu = _gpus[g];
        while (gpu.PendingLoads.First is { } node)
        {
            var r = node.Value;
            if (gpu.Capacity - gpu.Held < r.PendingNeed) return;
            gpu.PendingLoads.RemoveFirst();
            gpu.PendingBytes -= r.PendingNeed;
            SetGpu(r, r.GpuBytesHeld + r.PendingNeed);
            r.PendingNeed = 0;
            r.HoldsContext = true;
            var seconds = World.LoadSeconds(r.Function, g);
            var start = Math.Max(_now, gpu.HostToDeviceFreeAt);
            gpu.HostToDeviceFreeAt = start + seconds;
            r.TransferEnds = start + seconds;
            r.LoadUntil = start + seconds;
            Counters[r.Function].Loads++;
            Counters[r.Function].LoadSeconds += seconds;
            Loads = Loads with { Started = Loads.Started + 1 };
            _events.Schedule(start + seconds, EventKind.TransferDone, r.Index);
        }
    }

    private void CancelPendingLoad(Replica r)
    {
        if (r.Residency != Residency.Loading || !double.IsNaN(r.TransferEnds) || r.PendingNeed == 0) return;
        var gpu = _gpus[r.Gpu];
        gpu.PendingLoads.Remove(r);
        gpu.PendingBytes -= r.PendingNeed;
        r.PendingNeed = 0;
    }

    private string? RequestOffload(Replica r)
    {
        if (r.Residency != Residency.Gpu) return $"model is {r.Residency}, not on the GPU";
        if (r.Phase != ReplicaPhase.Running) return $"replica is {r.Phase}";
        if (!r.Idle) return "replica is serving";
        var gpu = _gpus[r.Gpu];
        var seconds = World.OffloadSeconds(r.Function, r.Gpu);
        var start = Math.Max(_now, gpu.DeviceToHostFreeAt);
        gpu.DeviceToHostFreeAt = start + seconds;
        r.Residency = Residency.Offloading;
        r.OperationSince = _now;
        r.Releasing = r.GpuBytesHeld - (World.Runtime.PersistentContext ? World.Runtime.ContextBytes : 0);
        gpu.ReleasingBytes += r.Releasing;
        r.TransferEnds = start + seconds;
        Counters[r.Function].Offloads++;
        Counters[r.Function].OffloadSeconds += seconds;
        _events.Schedule(start + seconds, EventKind.TransferDone, r.Index);
        return null;
    }

    private void TransferDone(int index)
    {
        if (!TryFind(index, out var r) || r.Phase == ReplicaPhase.Failed) return;
        r.TransferEnds = double.NaN;
        r.OperationSince = double.NaN;
        if (r.Residency == Residency.Loading)
        {
            _observed.Loaded(r.Function, World.LoadSeconds(r.Function, r.Gpu));
            if (_options.LoadFailureProbability > 0 && _failures.NextDouble() < _options.LoadFailureProbability)
            {
                r.Residency = Residency.Host;
                r.LastFailure = "load failed";
                r.LoadUntil = _now;
                SetGpu(r, World.Runtime.PersistentContext ? World.Runtime.ContextBytes : 0);
                r.HoldsContext = World.Runtime.PersistentContext;
                Loads = Loads with { Failed = Loads.Failed + 1 };
                StartPendingLoads(r.Gpu);
            }
            else
            {
                r.Residency = Residency.Gpu;
                Loads = Loads with { Resident = Loads.Resident + 1 };
                SetHost(r, 0);
            }
        }
        else if (r.Residency == Residency.Offloading)
        {
            _observed.Offloaded(r.Function, World.OffloadSeconds(r.Function, r.Gpu));
            r.Residency = Residency.Host;
            _gpus[r.Gpu].ReleasingBytes -= r.Releasing;
            SetHost(r, World.ModelOf(r.Function).WeightBytes);
            SetGpu(r, r.GpuBytesHeld - r.Releasing);
            r.HoldsContext = r.GpuBytesHeld > 0;
            r.Releasing = 0;
            StartPendingLoads(r.Gpu);
        }

        Dispatch(r);
        ExitIfDrained(r);
    }
}
