using Faaswise.LocalFaas.Functions;
namespace Faaswise.LocalFaas.Replicas;

/// <summary>
/// One function's replicas and what they should be, shared by its admission, reconcile loop and supervisor; every
/// field is read and written under <see cref="Lock"/>.
/// </summary>
internal sealed class ReplicaTable(FunctionDefinition definition, int desired)
{
    public object Lock { get; } = new();

    public List<Replica> Replicas { get; } = [];

    public FunctionDefinition Definition { get; set; } = definition;

    /// <summary>Bumped by each new definition; replicas of older versions are replaced.</summary>
    public int Version { get; set; }

    public int Desired { get; set; } = desired;

    /// <summary>Set once the function is being removed: no more admissions or starts.</summary>
    public bool Removed { get; set; }

    /// <summary>The ready replica with the fewest requests in flight below the definition's limit, or null. Under <see cref="Lock"/>.</summary>
    public Replica? FreestLocked()
    {
        Replica? best = null;
        foreach (var r in Replicas)
        {
            if (r.State == ReplicaState.Ready && r.Inflight < Definition.MaxInflight && (best is null || r.Inflight < best.Inflight)) best = r;
        }

        return best;
    }
}
