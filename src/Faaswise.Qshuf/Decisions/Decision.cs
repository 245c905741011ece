namespace Faaswise.Qshuf.Decisions;

/// <summary>
/// One thing a policy asks of the cluster, with the reason a person reads in the logs and in decisions.csv
/// (kube-scheduler's Status). Start names a function and a GPU; every other kind names a replica.
/// </summary>
public sealed record Decision(DecisionKind Kind, string Reason)
{
    /// <summary>The replica it acts on (all kinds but Start).</summary>
    public string? Replica { get; init; }

    /// <summary>The function's index.</summary>
    public int Function { get; init; } = -1;

    /// <summary>The GPU (Start: where to bind the replica; -1 for CPU only).</summary>
    public int Gpu { get; init; } = -1;

    /// <summary>Start: load the model onto the GPU during the cold start (QShuf's <c>infer_device=cuda</c>).</summary>
    public bool OnGpu { get; init; }

    /// <summary>Start: ready once up.</summary>
    public bool StartReady { get; init; }

    /// <summary>Start: created as a warm reserve (QShuf's <c>reserve</c> label).</summary>
    public bool Reserve { get; init; }

    /// <summary>Start: the placement slot it fills (a label), -1 when none.</summary>
    public int Slot { get; init; } = -1;

    /// <summary>Annotate: the key.</summary>
    public string? Key { get; init; }

    /// <summary>Annotate: the value, or null to remove the annotation.</summary>
    public string? Value { get; init; }

    /// <summary>Sets (or with a null value removes) an annotation on a replica.</summary>
    public static Decision Annotate(Control.IReplicaView replica, string key, string? value, string reason) => On(DecisionKind.Annotate, replica, reason) with { Key = key, Value = value };

    /// <summary>Create a replica.</summary>
    public static Decision Start(int function, int gpu, bool onGpu, bool ready, bool reserve, string reason, int slot = -1) =>
        new(DecisionKind.Start, reason) { Function = function, Gpu = gpu, OnGpu = onGpu && gpu >= 0, StartReady = ready, Reserve = reserve, Slot = slot };

    /// <summary>An operation on an existing replica.</summary>
    public static Decision On(DecisionKind kind, Control.IReplicaView replica, string reason)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return new(kind, reason) { Replica = replica.Id, Function = replica.Function, Gpu = replica.Gpu };
    }
}
