namespace Faaswise.Qshuf.World;

/// <summary>Constants of the function runtime and of model movement.</summary>
/// <param name="GpuQuota">GPU memory a resident model takes per weight byte (QShuf's GPU_QUOTA, 1.15).</param>
/// <param name="ContextBytes">Per-process GPU runtime overhead (CUDA context, allocator, workspaces) while its model is on the GPU, bytes.</param>
/// <param name="ProcessStartSeconds">Container and interpreter start before the model is read, seconds.</param>
/// <param name="DiskBytesPerSecond">Model read bandwidth from shared storage, bytes/s.</param>
/// <param name="TransferOverheadSeconds">Fixed cost of each load or offload (allocation, stream set-up), seconds.</param>
/// <param name="TimeoutFactor">QShuf's TIMEOUT_FACTOR: a request is dropped early when its remaining time is below this times the mean of the last three completion times.</param>
/// <param name="EarlyDropWindow">Completions the early-drop prediction averages (QShuf: 3).</param>
/// <param name="PersistentContext">Whether a process keeps its CUDA context on the GPU after its model is offloaded (PyTorch's <c>empty_cache</c> does not free it); it is created by the first load and freed when the process exits.</param>
/// <param name="ReadyDelaySeconds">From <c>/toready</c> to the replica in the endpoints: one readiness-probe period (QShuf's probe: 1 s).</param>
/// <param name="NotReadyDelaySeconds">From <c>/tonotready</c> to the replica out of the endpoints: failureThreshold (Kubernetes' default 3) probe periods.</param>
public sealed record RuntimeSpec(
    double GpuQuota = 1.15,
    long ContextBytes = 500_000_000,
    double ProcessStartSeconds = 3,
    double DiskBytesPerSecond = 2e9,
    double TransferOverheadSeconds = 0.005,
    double TimeoutFactor = 1.0,
    int EarlyDropWindow = 3,
    bool PersistentContext = true,
    double ReadyDelaySeconds = 1,
    double NotReadyDelaySeconds = 3);
