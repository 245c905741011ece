using Faaswise.Runtime.Devices;

namespace Faaswise.Runtime.Engine;

/// <summary>How a <see cref="ModelRunner"/> holds its model.</summary>
public sealed record RunnerOptions
{
    /// <summary>What it serves on.</summary>
    public DeviceKind Device { get; init; } = DeviceKind.Cpu;

    /// <summary>The CUDA device ordinal (after <c>CUDA_VISIBLE_DEVICES</c>).</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Inferences that may run at once (the worker count).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Whether the model keeps serving after a move to host memory (QShuf's per-model readiness after <c>/tocpu</c>).</summary>
    public bool ReadyOnCpu { get; init; } = true;

    /// <summary>Load the model into host memory at start even on a GPU device (QShuf's <c>infer_device=cpu</c> pods); <c>/tocuda</c> moves it later.</summary>
    public bool StartOnHost { get; init; }

    /// <summary>A warm standby: loaded, but not ready until <c>/toready</c> (QShuf's <c>reserve=True</c>).</summary>
    public bool Reserve { get; init; }

    /// <summary>The shared emulated GPU, for <see cref="DeviceKind.EmulatedGpu"/>.</summary>
    public EmulatedGpu? EmulatedGpu { get; init; }
}
