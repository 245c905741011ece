using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>A replica as the simulator runs it: one process, a FIFO queue, its workers and its model's place.</summary>
internal sealed class Replica(int index, string id, int function, int gpu, int node, int workers, int earlyDropWindow, double created) : IReplicaView
{
    private readonly double[] _recent = new double[Math.Max(1, earlyDropWindow)];
    private int _recentCount;
    private int _recentNext;

    /// <summary>Position in the simulator's replica table (the request log's replica column).</summary>
    public int Index { get; } = index;

    public string Id { get; } = id;

    public int Function { get; } = function;

    public int Gpu { get; } = gpu;

    public int Node { get; } = node;

    public int Workers { get; } = workers;

    public ReplicaPhase Phase { get; set; } = ReplicaPhase.Starting;

    public Residency Residency { get; set; } = Residency.None;

    public bool Ready { get; set; }

    public bool? ReadyPending { get; set; }

    public bool Reserve { get; init; }

    public int Slot { get; init; } = -1;

    public Queue<Request> Queue { get; } = new();

    public int Queued => Queue.Count;

    public int Busy { get; set; }

    /// <summary>When the current transfer or cold start ends; NaN while waiting to start one or when none runs (the engine's truth, not shown to policies).</summary>
    public double TransferEnds { get; set; } = double.NaN;

    public double OperationSince { get; set; } = double.NaN;

    public double LastUsed { get; set; } = created;

    public double ReadySince { get; set; } = double.NaN;

    public string? LastFailure { get; set; }

    public double Created { get; } = created;

    /// <summary>Whether the cold start puts the model on the GPU.</summary>
    public bool StartsOnGpu { get; init; }

    /// <summary>Whether the process has a CUDA context on its GPU (made by its first load, kept until it exits when contexts persist).</summary>
    public bool HoldsContext { get; set; }

    public long GpuBytesHeld { get; set; }

    public long HostBytesHeld { get; set; }

    /// <summary>When the model was last asked onto the GPU (a load, waiting for memory included, or a cold start) and when it arrived.</summary>
    public double LoadFrom { get; set; } = double.NaN;

    public double LoadUntil { get; set; } = double.NaN;

    /// <summary>GPU bytes a load waiting for memory will take.</summary>
    public long PendingNeed { get; set; }

    /// <summary>GPU bytes the offload under way gives back.</summary>
    public long Releasing { get; set; }

    /// <summary>When a pending readiness change shows in the endpoints.</summary>
    public double ReadyDueAt { get; set; } = double.NaN;

    /// <summary>When the process crashed.</summary>
    public double FailedAt { get; set; } = double.NaN;

    /// <summary>Whether the policy deleted it (a failed replica leaves once its running inferences end).</summary>
    public bool StopAsked { get; set; }

    private static readonly Dictionary<string, string> NoAnnotations = [];
    private Dictionary<string, string>? _annotations;

    public IReadOnlyDictionary<string, string> Annotations => _annotations ?? NoAnnotations;

    public void Annotate(string key, string? value)
    {
        if (value is null) _annotations?.Remove(key);
        else (_annotations ??= new(StringComparer.Ordinal))[key] = value;
    }

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
