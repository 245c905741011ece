namespace Faaswise.Simulation.Engine;

/// <summary>One GPU's memory, copy engines, running inferences and busy time.</summary>
internal sealed class GpuState(long capacity)
{
    public long Capacity { get; } = capacity;

    public long Held { get; set; }

    public long PendingBytes { get; set; }

    public long ReleasingBytes { get; set; }

    public LinkedList<Replica> PendingLoads { get; } = new();

    public double HostToDeviceFreeAt { get; set; }

    public double DeviceToHostFreeAt { get; set; }

    public int Running { get; set; }

    public double ShareRunning { get; set; }

    public List<Replica> Replicas { get; } = [];

    private double _busySince;
    private double _busyTotal;

    public void InferenceStarted(double now, double share)
    {
        if (Running++ == 0) _busySince = now;
        ShareRunning += share;
    }

    public void InferenceEnded(double now, double share)
    {
        if (--Running == 0)
        {
            _busyTotal += now - _busySince;
            ShareRunning = 0;
        }
        else
        {
            ShareRunning -= share;
        }
    }

    /// <summary>Seconds with at least one inference running, up to now.</summary>
    public double BusySeconds(double now) => _busyTotal + (Running > 0 ? now - _busySince : 0);
}
