using Faaswise.Runtime.Units;

namespace Faaswise.Runtime.Devices;

/// <summary>A load that does not fit the device's memory (HTTP 507).</summary>
public sealed class DeviceMemoryExceededException(string device, long needed, long free, long capacity, bool emulated)
    : Exception($"the model needs {ByteSize.Format(needed)} of GPU memory; {device} has {ByteSize.Format(free)} free of {ByteSize.Format(capacity)}{(emulated ? " (emulated)" : "")}")
{
    /// <summary>Bytes the load needs.</summary>
    public long Needed { get; } = needed;

    /// <summary>Bytes free on the device.</summary>
    public long Free { get; } = free;

    /// <summary>The device's capacity.</summary>
    public long Capacity { get; } = capacity;
}

/// <summary>CUDA was asked for where ONNX Runtime has no CUDA provider or no GPU (QShuf's 500 "CUDA is not available").</summary>
public sealed class CudaUnavailableException(string reason) : Exception("CUDA is not available: " + reason);
