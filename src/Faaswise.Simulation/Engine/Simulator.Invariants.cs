using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>Checks after every event (tests): GPU memory within capacity and equal to what replicas hold, residency consistent with memory, requests accounted.</summary>
public sealed partial class Simulator
{
    private void CheckInvariants()
    {
        var context = World.Runtime.ContextBytes;
        for (var g = 0; g < _gpus.Length; g++)
        {
            var gpu = _gpus[g];
            if (gpu.Held > gpu.Capacity) throw new InvalidOperationException($"t={_now}: GPU {g} holds {gpu.Held} B of {gpu.Capacity} B");
            long sum = 0, releasing = 0;
            foreach (var r in gpu.Replicas)
            {
                sum += r.GpuBytesHeld;
                var full = World.GpuBytes(r.Function);
                var expected = r.Phase == ReplicaPhase.Failed ? 0
                    : r.Residency is Residency.Gpu or Residency.Offloading || (r.Residency == Residency.Loading && !double.IsNaN(r.TransferEnds)) || (r.Phase == ReplicaPhase.Starting && r.StartsOnGpu) ? full
                    : r.HoldsContext ? context : 0;
                if (r.GpuBytesHeld != expected) throw new InvalidOperationException($"t={_now}: replica {r.Id} is {r.Residency}/{r.Phase} and holds {r.GpuBytesHeld} B of GPU memory, expected {expected} B");
                if (r.Residency == Residency.Offloading) releasing += r.Releasing;
            }

            if (releasing != gpu.ReleasingBytes) throw new InvalidOperationException($"t={_now}: GPU {g} expects {gpu.ReleasingBytes} B back from offloads, they will release {releasing} B");
            if (sum != gpu.Held) throw new InvalidOperationException($"t={_now}: GPU {g} accounts {gpu.Held} B but its replicas hold {sum} B");
        }

        var queued = 0L;
        foreach (var r in Live) queued += r.Queue.Count + r.Busy;
        if (queued != _inFlight) throw new InvalidOperationException($"t={_now}: {_inFlight} requests in flight but replicas hold {queued}");
    }
}
