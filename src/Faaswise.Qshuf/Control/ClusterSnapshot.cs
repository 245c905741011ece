using Faaswise.Qshuf.World;

namespace Faaswise.Qshuf.Control;

/// <summary>
/// An immutable snapshot: the world, replicas as values, GPU memory derived from them, and each function's
/// observed traffic. Unit tests build one by hand; <see cref="Freeze"/> copies any snapshot (the simulator's view).
/// Transfers take the world's declared times; GPU memory is derived from residency (a starting replica holds none).
/// </summary>
public sealed class ClusterSnapshot : IClusterSnapshot
{
    private readonly IReadOnlyList<ReplicaSnapshot>[] _byFunction;
    private readonly IReadOnlyList<ReplicaSnapshot>[] _byGpu;
    private readonly Dictionary<string, ReplicaSnapshot> _byId;
    private readonly IReadOnlyList<FunctionObservation> _observed;
    private readonly long[]? _free;
    private readonly long[]? _releasing;

    /// <summary>A snapshot at <paramref name="time"/>; functions without an observation have none of their traffic observed.</summary>
    public ClusterSnapshot(ClusterWorld world, double time, IEnumerable<ReplicaSnapshot> replicas, IReadOnlyList<FunctionObservation>? observed = null)
        : this(world, time, replicas, observed, null, null)
    {
    }

    private ClusterSnapshot(ClusterWorld world, double time, IEnumerable<ReplicaSnapshot> replicas, IReadOnlyList<FunctionObservation>? observed, long[]? free, long[]? releasing)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(replicas);
        World = world;
        Time = time;
        var all = replicas.ToList();
        _byId = all.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _byFunction = Enumerable.Range(0, world.Functions.Count).Select(f => (IReadOnlyList<ReplicaSnapshot>)all.Where(r => r.Function == f).ToArray()).ToArray();
        _byGpu = Enumerable.Range(0, world.Gpus.Count).Select(g => (IReadOnlyList<ReplicaSnapshot>)all.Where(r => r.Gpu == g).ToArray()).ToArray();
        _observed = observed ?? [];
        _free = free;
        _releasing = releasing;
    }

    /// <inheritdoc />
    public ClusterWorld World { get; }

    /// <inheritdoc />
    public double Time { get; }

    /// <summary>Every replica.</summary>
    public IEnumerable<ReplicaSnapshot> Replicas => _byId.Values;

    /// <summary>An immutable copy of any snapshot.</summary>
    public static ClusterSnapshot Freeze(IClusterSnapshot view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var world = view.World;
        var replicas = Enumerable.Range(0, world.Functions.Count).SelectMany(view.ReplicasOf)
            .Select(r => ReplicaSnapshot.Of(r, r.Gpu >= 0 && view.GpuBytesToLoad(r) < world.GpuBytes(r.Function))).ToList();
        var observed = Enumerable.Range(0, world.Functions.Count).Select(f =>
        {
            var (irate, cv) = view.Irate(f, 600);
            return new FunctionObservation(view.ArrivalRate(f, 10), irate, cv, view.Outstanding(f), view.ServiceSeconds(f, true));
        }).ToArray();
        var gpus = Enumerable.Range(0, world.Gpus.Count);
        return new ClusterSnapshot(world, view.Time, replicas, observed, gpus.Select(view.GpuFreeBytes).ToArray(), gpus.Select(view.GpuReleasingBytes).ToArray());
    }

    /// <inheritdoc />
    public IReadOnlyList<IReplicaView> ReplicasOf(int function) => _byFunction[function];

    /// <inheritdoc />
    public IReadOnlyList<IReplicaView> ReplicasOn(int gpu) => _byGpu[gpu];

    /// <inheritdoc />
    public IReplicaView? Replica(string id) => _byId.GetValueOrDefault(id);

    /// <inheritdoc />
    public long GpuFreeBytes(int gpu) => _free?[gpu] ?? World.Gpus[gpu].MemoryBytes - _byGpu[gpu].Sum(Held);

    /// <inheritdoc />
    public long GpuReleasingBytes(int gpu) => _releasing?[gpu] ?? _byGpu[gpu].Where(r => r.Residency == Residency.Offloading).Sum(GpuBytesFreedByOffload);

    /// <inheritdoc />
    public long GpuBytesToLoad(IReplicaView replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var context = replica is ReplicaSnapshot { HoldsContext: true } ? World.Runtime.ContextBytes : 0;
        return World.GpuBytes(replica.Function) - context;
    }

    /// <inheritdoc />
    public long GpuBytesFreedByOffload(IReplicaView replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return World.GpuBytes(replica.Function) - (World.Runtime.PersistentContext ? World.Runtime.ContextBytes : 0);
    }

    /// <inheritdoc />
    public double ArrivalRate(int function, double seconds) => Observed(function).RateOver(seconds);

    /// <inheritdoc />
    public (double Rate, double Cv) Irate(int function, double seconds) => (Observed(function).Irate, Observed(function).IrateCv);

    /// <inheritdoc />
    public int Outstanding(int function) => Observed(function).Outstanding;

    /// <inheritdoc />
    public double ServiceSeconds(int function, bool onGpu) =>
        onGpu && !double.IsNaN(Observed(function).GpuServiceSeconds) ? Observed(function).GpuServiceSeconds : World.ExecSeconds(function, onGpu);

    /// <inheritdoc />
    public double LoadSeconds(int function, int gpu) => World.LoadSeconds(function, gpu);

    /// <inheritdoc />
    public double OffloadSeconds(int function, int gpu) => World.OffloadSeconds(function, gpu);

    private FunctionObservation Observed(int function) => function < _observed.Count ? _observed[function] : new FunctionObservation();

    private long Held(ReplicaSnapshot r) => r.Phase is ReplicaPhase.Failed ? 0 : r.Residency switch
    {
        Residency.Gpu or Residency.Loading or Residency.Offloading => World.GpuBytes(r.Function),
        _ => r.HoldsContext ? World.Runtime.ContextBytes : 0,
    };
}
