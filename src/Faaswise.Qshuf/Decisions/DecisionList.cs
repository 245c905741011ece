using System.Collections;
using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Decisions;

/// <summary>
/// Decisions in the order they are to be applied, with what they will do to GPU memory, so that a policy that
/// decides several things from one snapshot (offload two models, then load a third) counts its own decisions.
/// </summary>
public sealed class DecisionList : IReadOnlyList<Decision>
{
    private readonly List<Decision> _items = [];
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);
    private long[] _freed = [];
    private long[] _claimed = [];

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public Decision this[int index] => _items[index];

    /// <summary>Bytes the offloads decided so far will give back on a GPU.</summary>
    public long Freed(int gpu) => gpu < _freed.Length ? _freed[gpu] : 0;

    /// <summary>Bytes the loads and starts on the GPU decided so far will take.</summary>
    public long Claimed(int gpu) => gpu < _claimed.Length ? _claimed[gpu] : 0;

    /// <summary>Whether a decision so far names the replica.</summary>
    public bool Names(string replica) => _named.Contains(replica);

    /// <summary>Appends a decision that moves no GPU memory.</summary>
    public void Add(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _items.Add(decision);
        if (decision.Replica is { } id) _named.Add(id);
    }

    /// <summary>Creates a replica; a start on a GPU claims the model's bytes there.</summary>
    public void Start(IClusterSnapshot cluster, Decision start)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(start);
        Add(start);
        if (start.OnGpu) Grow(ref _claimed, start.Gpu) += cluster.World.GpuBytes(start.Function);
    }

    /// <summary>Loads a replica's model onto its GPU.</summary>
    public void Load(IClusterSnapshot cluster, IReplicaView replica, string reason)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(replica);
        Add(Decision.On(DecisionKind.Load, replica, reason));
        Grow(ref _claimed, replica.Gpu) += cluster.GpuBytesToLoad(replica);
    }

    /// <summary>Offloads a replica's model to host memory.</summary>
    public void Offload(IClusterSnapshot cluster, IReplicaView replica, string reason)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(replica);
        Add(Decision.On(DecisionKind.Offload, replica, reason));
        Grow(ref _freed, replica.Gpu) += cluster.GpuBytesFreedByOffload(replica);
    }

    /// <summary>Stops a replica; the GPU memory it holds counts as freed (an idle replica exits at once).</summary>
    public void Stop(IClusterSnapshot cluster, IReplicaView replica, string reason)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(replica);
        Add(Decision.On(DecisionKind.Stop, replica, reason));
        if (replica.Gpu >= 0 && replica.Residency == Residency.Host) Grow(ref _freed, replica.Gpu) += cluster.World.GpuBytes(replica.Function) - cluster.GpuBytesToLoad(replica);
    }

    /// <summary>Forgets every decision.</summary>
    public void Clear()
    {
        if (_items.Count == 0) return;
        _items.Clear();
        _named.Clear();
        Array.Clear(_freed);
        Array.Clear(_claimed);
    }

    /// <inheritdoc />
    public IEnumerator<Decision> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static ref long Grow(ref long[] array, int gpu)
    {
        if (gpu >= array.Length) Array.Resize(ref array, gpu + 1);
        return ref array[gpu];
    }
}
