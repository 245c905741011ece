using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>A replica as the simulator runs it: one process, a FIFO queue, its workers and its model's place.</summary>
internal sealed class Replica(int id, int function, int gpu, int node, int workers, int earlyDropWindow, double created) : IReplicaView
{
    private readonly double[] _recent = new double[Math.Max(1, earlyDropWindow)];
    private int _recentCount;
    private int _recentNext;

    public int Id { get; } = id;

    public int Function { get; } = function;

    public int Gpu { get; } = gpu;

    public int Node { get; } = node;

    public int Workers { get; } = workers;

    public ReplicaPhase Phase { get; set; } = ReplicaPhase.Starting;

    public Residency Residency { get; set; } = Residency.None;

    public bool Ready { get; set; }

    public bool Reserve { get; init; }

    public Queue<Request> Queue { get; } = new();

    public int Queued => Queue.Count;

    public int Busy { get; set; }

    public double TransferEnds { get; set; } = double.NaN;

    public double LastUsed { get; set; } = created;

    public double ReadySince { get; set; } = double.NaN;

    public double Created { get; } = created;

    /// <summary>Whether the cold start puts the model on the GPU.</summary>
    public bool StartsOnGpu { get; init; }

    public long GpuBytesHeld { get; set; }

    public long HostBytesHeld { get; set; }

    /// <summary>When the model was last asked onto the GPU (a load, waiting for memory included, or a cold start) and when it arrived.</summary>
    public double LoadFrom { get; set; } = double.NaN;

    public double LoadUntil { get; set; } = double.NaN;

    public bool Idle => Busy == 0 && Queue.Count == 0;

    public void AddCompletion(double seconds)
    {
        _recent[_recentNext] = seconds;
        _recentNext = (_recentNext + 1) % _recent.Length;
        if (_recentCount < _recent.Length) _recentCount++;
    }

    /// <summary>Mean of the last completions (enqueue to end), or NaN before the window is full.</summary>
    public double RecentMean()
    {
        if (_recentCount < _recent.Length) return double.NaN;
        var sum = 0.0;
        foreach (var x in _recent) sum += x;
        return sum / _recent.Length;
    }
}
