using Faaswise.Qshuf.World;

namespace Faaswise.Qshuf.Control;

/// <summary>
/// The cluster as a policy sees and drives it: state to read, and the runtime's operations (QShuf's control API:
/// start a pod, ready/notready, tocuda/tocpu, delete). The simulator implements it in virtual time; the live
/// controllers implement it against Kubernetes. Operations take effect later (transfers, cold starts); they
/// return false when the runtime refuses them now.
/// </summary>
public interface IClusterControl
{
    /// <summary>Nodes, GPUs, models and functions.</summary>
    ClusterWorld World { get; }

    /// <summary>Replicas of a function that have not exited, oldest first.</summary>
    IReadOnlyList<IReplicaView> ReplicasOf(int function);

    /// <summary>Replicas bound to a GPU that have not exited, oldest first.</summary>
    IReadOnlyList<IReplicaView> ReplicasOn(int gpu);

    /// <summary>GPU memory not held by a resident, loading, offloading or starting model, bytes.</summary>
    long GpuFreeBytes(int gpu);

    /// <summary>GPU memory that offloads under way will release when they end, bytes.</summary>
    long GpuReleasingBytes(int gpu);

    /// <summary>Sum of the GPU shares of the inferences running on a GPU.</summary>
    double GpuShareRunning(int gpu);

    /// <summary>Arrivals per second of a function over the last <paramref name="seconds"/> seconds.</summary>
    double ArrivalRate(int function, double seconds);

    /// <summary>Coefficient of variation of a function's per-second arrival counts over the last <paramref name="seconds"/> seconds.</summary>
    double ArrivalCv(int function, double seconds);

    /// <summary>A function's requests accepted and not yet answered (queued or running), over all its replicas.</summary>
    int Outstanding(int function);

    /// <summary>
    /// Starts a replica of a function bound to a GPU (-1: CPU only). <paramref name="onGpu"/> loads its model onto the
    /// GPU, otherwise it stays in host memory. Returns the replica id, or -1 when the node lacks CPU or the GPU lacks
    /// memory. Replicas started while deploying (before the first arrival) are up at once.
    /// </summary>
    int StartReplica(int function, int gpu, bool onGpu, bool ready, bool reserve);

    /// <summary>Readiness (QShuf's <c>/toready</c>, <c>/tonotready</c>); false for an unknown or draining replica.</summary>
    bool SetReady(int replica, bool ready);

    /// <summary>Moves a replica's model from host memory to its GPU (<c>/tocuda</c>); it waits for memory and the copy engine. False unless the model is in host memory.</summary>
    bool LoadToGpu(int replica);

    /// <summary>Moves a replica's model from its GPU to host memory (<c>/tocpu</c>); false unless it is on the GPU and idle.</summary>
    bool Offload(int replica);

    /// <summary>Stops a replica: it leaves the endpoints at once, finishes its queue, then exits and frees its memory.</summary>
    void Stop(int replica);
}
