using Faaswise.Qshuf.World;

namespace Faaswise.Qshuf.Control;

/// <summary>
/// The cluster as a policy sees it at one instant: the world, the replicas with their phases, residency, queues and
/// operations under way as last observed, GPU memory, and each function's observed traffic and service times. It
/// does not change while a policy decides (the simulator applies decisions after the call returns; a live cluster
/// builds a new snapshot from its informers) and it offers no way to act: policies return <see cref="Decisions.Decision"/>s.
/// </summary>
public interface IClusterSnapshot
{
    /// <summary>Nodes, GPUs, models and functions.</summary>
    ClusterWorld World { get; }

    /// <summary>When it was observed, seconds.</summary>
    double Time { get; }

    /// <summary>Replicas of a function that have not exited, oldest first.</summary>
    IReadOnlyList<IReplicaView> ReplicasOf(int function);

    /// <summary>Replicas bound to a GPU that have not exited, oldest first.</summary>
    IReadOnlyList<IReplicaView> ReplicasOn(int gpu);

    /// <summary>A replica by id, or null when it is gone.</summary>
    IReplicaView? Replica(string id);

    /// <summary>GPU memory not held by a resident, loading, offloading or starting model, bytes.</summary>
    long GpuFreeBytes(int gpu);

    /// <summary>GPU memory that offloads under way will release when they end, bytes.</summary>
    long GpuReleasingBytes(int gpu);

    /// <summary>GPU memory a replica holds while its model is resident (weights x quota, plus its CUDA context when it has none yet), bytes.</summary>
    long GpuBytesToLoad(IReplicaView replica);

    /// <summary>GPU memory an offload of the replica gives back (its weights; a persistent CUDA context stays), bytes.</summary>
    long GpuBytesFreedByOffload(IReplicaView replica);

    /// <summary>Arrivals per second of a function over the last <paramref name="seconds"/> seconds.</summary>
    double ArrivalRate(int function, double seconds);

    /// <summary>
    /// QShuf's rate signal: <c>irate</c> of the gateway's started-invocations counter as Prometheus scrapes it, requests/s,
    /// and the cv of that series over the last <paramref name="seconds"/> seconds at 1 s resolution, over the time the series exists.
    /// </summary>
    (double Rate, double Cv) Irate(int function, double seconds);

    /// <summary>A function's requests accepted and not yet answered (queued or running), over all its replicas.</summary>
    int Outstanding(int function);

    /// <summary>Moving estimate of one inference's duration as observed on a GPU (or on a CPU when <paramref name="onGpu"/> is false), seconds; the world's declared latency until the first observation.</summary>
    double ServiceSeconds(int function, bool onGpu);

    /// <summary>Moving estimate of a host-to-GPU copy of the function's model as observed (the transfer itself, not the wait for memory or the copy engine before it), seconds; derived from the declared bandwidth until the first observation.</summary>
    double LoadSeconds(int function, int gpu);

    /// <summary>Moving estimate of a GPU-to-host offload of the function's model as observed, seconds; derived from the declared bandwidth until the first observation.</summary>
    double OffloadSeconds(int function, int gpu);
}
