namespace Faaswise.Qshuf.Control;

/// <summary>What a policy sees of one replica (a function's pod: one process, one queue, its workers).</summary>
public interface IReplicaView
{
    /// <summary>Replica id, unique in a run.</summary>
    int Id { get; }

    /// <summary>Index of its function.</summary>
    int Function { get; }

    /// <summary>The GPU it is bound to (NVIDIA_VISIBLE_DEVICES), or -1 for a CPU-only replica.</summary>
    int Gpu { get; }

    /// <summary>Its life phase.</summary>
    ReplicaPhase Phase { get; }

    /// <summary>Where its model is.</summary>
    Residency Residency { get; }

    /// <summary>Whether it passes readiness and so receives requests.</summary>
    bool Ready { get; }

    /// <summary>Whether it was created as a warm reserve (QShuf's <c>reserve</c> label).</summary>
    bool Reserve { get; }

    /// <summary>Requests waiting in its queue.</summary>
    int Queued { get; }

    /// <summary>Inferences it is running.</summary>
    int Busy { get; }

    /// <summary>When its current transfer or cold start ends, seconds; NaN when it is waiting to start one or none runs.</summary>
    double TransferEnds { get; }

    /// <summary>When it last started or finished an inference (or was created), seconds.</summary>
    double LastUsed { get; }

    /// <summary>When it last became ready, seconds.</summary>
    double ReadySince { get; }
}
