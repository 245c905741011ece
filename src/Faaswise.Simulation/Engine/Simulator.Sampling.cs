using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>The per-second sample: GPU memory, busy time and residents; per function replicas, copies, arrivals, backlog.</summary>
public sealed partial class Simulator
{
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
}
