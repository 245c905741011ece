using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>
/// What policies read: the engine's state through <see cref="IClusterSnapshot"/>, which has nothing to act with. It
/// does not change while a policy decides (decisions are applied after the call returns); transfer end times are
/// not shown, only when an operation began, and service and transfer times are the moving means a controller would
/// measure.
/// </summary>
public sealed partial class Simulator : IClusterSnapshot
{
    double IClusterSnapshot.Time => _now;

    /// <inheritdoc />
    public IReadOnlyList<IReplicaView> ReplicasOf(int function) => _byFunction[function];

    /// <inheritdoc />
    public IReadOnlyList<IReplicaView> ReplicasOn(int gpu) => _gpus[gpu].Replicas;

    /// <inheritdoc />
    public IReplicaView? Replica(string id) => _byId.GetValueOrDefault(id);

    /// <inheritdoc />
    public long GpuFreeBytes(int gpu) => GpuFree(gpu);

    /// <inheritdoc />
    public long GpuReleasingBytes(int gpu) => _gpus[gpu].ReleasingBytes;

    /// <inheritdoc />
    public long GpuBytesToLoad(IReplicaView replica) =>
        World.GpuBytes(replica.Function) - (replica is Replica { HoldsContext: true } ? World.Runtime.ContextBytes : 0);

    /// <inheritdoc />
    public long GpuBytesFreedByOffload(IReplicaView replica) =>
        World.GpuBytes(replica.Function) - (World.Runtime.PersistentContext ? World.Runtime.ContextBytes : 0);

    /// <inheritdoc />
    public double ArrivalRate(int function, double seconds) => _arrivals[function].Rate(_now, seconds);

    /// <inheritdoc />
    public (double Rate, double Cv) Irate(int function, double seconds) => _arrivals[function].Irate(_now, seconds, _options.IrateScrapeSeconds);

    /// <inheritdoc />
    public int Outstanding(int function) => _outstanding[function];

    /// <inheritdoc />
    public double ServiceSeconds(int function, bool onGpu) =>
        _observed.Service(function, onGpu) is var s && !double.IsNaN(s) ? s : World.ExecSeconds(function, onGpu);

    /// <inheritdoc />
    public double LoadSeconds(int function, int gpu) =>
        _observed.Load(function) is var s && !double.IsNaN(s) ? s : World.LoadSeconds(function, gpu);

    /// <inheritdoc />
    public double OffloadSeconds(int function, int gpu) =>
        _observed.Offload(function) is var s && !double.IsNaN(s) ? s : World.OffloadSeconds(function, gpu);
}
