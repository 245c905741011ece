namespace Faaswise.Qshuf.Control;

/// <summary>What a policy sees of one replica (a function's pod: one process, one queue, its workers), as last observed.</summary>
public interface IReplicaView
{
    /// <summary>Stable name, unique in a cluster (a pod name on Kubernetes).</summary>
    string Id { get; }

    /// <summary>Index of its function in the world.</summary>
    int Function { get; }

    /// <summary>The GPU it is bound to (NVIDIA_VISIBLE_DEVICES), or -1 for a CPU-only replica.</summary>
    int Gpu { get; }

    /// <summary>Its life phase.</summary>
    ReplicaPhase Phase { get; }

    /// <summary>Where its model is.</summary>
    Residency Residency { get; }

    /// <summary>Whether it passes readiness and so receives requests (the endpoints as last observed).</summary>
    bool Ready { get; }

    /// <summary>The readiness asked of it that the endpoints do not show yet, or null when none is pending.</summary>
    bool? ReadyPending { get; }

    /// <summary>Whether it was created as a warm reserve (QShuf's <c>reserve</c> label).</summary>
    bool Reserve { get; }

    /// <summary>The placement slot it was created for (a label; -1 when none), so a restarted policy can continue its plan.</summary>
    int Slot { get; }

    /// <summary>Requests waiting in its queue.</summary>
    int Queued { get; }

    /// <summary>Inferences it is running.</summary>
    int Busy { get; }

    /// <summary>When its current cold start, load or offload was asked for, seconds; NaN when none is under way. Only the start is observable, not the end.</summary>
    double OperationSince { get; }

    /// <summary>When it last started or finished an inference (or was created), seconds.</summary>
    double LastUsed { get; }

    /// <summary>When it last became ready, seconds.</summary>
    double ReadySince { get; }

    /// <summary>Why its last operation failed or why it failed, or null.</summary>
    string? LastFailure { get; }

    /// <summary>Annotations policies set on it (durable notes such as when a scale-down window began).</summary>
    IReadOnlyDictionary<string, string> Annotations { get; }
}
