namespace Faaswise.Qshuf.Control;

/// <summary>One replica as observed: an immutable value (hand-built in tests, copied from informers by a live cluster).</summary>
public sealed record ReplicaSnapshot(string Id, int Function, int Gpu, ReplicaPhase Phase, Residency Residency, bool Ready) : IReplicaView
{
    /// <inheritdoc />
    public bool? ReadyPending { get; init; }

    /// <inheritdoc />
    public bool Reserve { get; init; }

    /// <inheritdoc />
    public int Slot { get; init; } = -1;

    /// <inheritdoc />
    public int Queued { get; init; }

    /// <inheritdoc />
    public int Busy { get; init; }

    /// <inheritdoc />
    public double OperationSince { get; init; } = double.NaN;

    /// <inheritdoc />
    public double LastUsed { get; init; }

    /// <inheritdoc />
    public double ReadySince { get; init; } = double.NaN;

    /// <inheritdoc />
    public string? LastFailure { get; init; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether its process holds a CUDA context on its GPU while its model is elsewhere (it kept it after an offload).</summary>
    public bool HoldsContext { get; init; }

    /// <summary>A copy of any view.</summary>
    public static ReplicaSnapshot Of(IReplicaView r, bool holdsContext)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ReplicaSnapshot(r.Id, r.Function, r.Gpu, r.Phase, r.Residency, r.Ready)
        {
            ReadyPending = r.ReadyPending, Reserve = r.Reserve, Slot = r.Slot, Queued = r.Queued, Busy = r.Busy,
            OperationSince = r.OperationSince, LastUsed = r.LastUsed, ReadySince = r.ReadySince, LastFailure = r.LastFailure, HoldsContext = holdsContext,
            Annotations = new Dictionary<string, string>(r.Annotations, StringComparer.Ordinal),
        };
    }
}
