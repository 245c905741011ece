namespace Faaswise.Kubernetes.Admission;

/// <summary>How a placed pod gets its GPU (reference/kubernetes-and-runtime.md §3.5).</summary>
public enum GpuBinding
{
    /// <summary>QShuf's way: <c>NVIDIA_VISIBLE_DEVICES</c> and <c>CUDA_VISIBLE_DEVICES</c> set to the GPU's UUID; the NVIDIA runtime must accept the variable from unprivileged containers.</summary>
    EnvPin,

    /// <summary>A request of one <c>nvidia.com/gpu</c>: the device plugin, not the webhook, picks which GPU of the node.</summary>
    WholeGpu,

    /// <summary>Both: the request reserves a device-plugin slot, the UUID picks the GPU (QShuf requested 6 time-sliced slots this way).</summary>
    EnvPinWithRequest,
}
