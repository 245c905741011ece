namespace Faaswise.Qshuf.World;

/// <summary>One node: CPU cores, host memory and its GPUs.</summary>
public sealed record NodeSpec(string Name, double CpuCores, long HostMemoryBytes, IReadOnlyList<GpuSpec> Gpus);
