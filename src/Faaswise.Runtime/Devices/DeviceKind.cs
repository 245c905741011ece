namespace Faaswise.Runtime.Devices;

/// <summary>What a runtime serves on.</summary>
public enum DeviceKind
{
    /// <summary>ONNX Runtime's CPU provider; <c>/tocuda</c> answers "CUDA is not available".</summary>
    Cpu,

    /// <summary>ONNX Runtime's CUDA provider, when the GPU build and a GPU are present.</summary>
    Cuda,

    /// <summary>Runs on the CPU, but residency, device memory and transfer times behave as a GPU's would.</summary>
    EmulatedGpu,
}

/// <summary>Where a model's weights are.</summary>
public enum Residency
{
    /// <summary>Not loaded.</summary>
    None,

    /// <summary>In host memory, served on the CPU.</summary>
    Host,

    /// <summary>In (real or emulated) GPU memory.</summary>
    Gpu,
}

/// <summary>Names used on the wire.</summary>
public static class DeviceNames
{
    /// <summary>The <c>--device</c> value.</summary>
    public static string Of(DeviceKind kind) => kind switch
    {
        DeviceKind.Cuda => "cuda",
        DeviceKind.EmulatedGpu => "emulated-gpu",
        _ => "cpu",
    };

    /// <summary>Parses a <c>--device</c> value; throws <see cref="FormatException"/>.</summary>
    public static DeviceKind Parse(string text) => text switch
    {
        "cpu" => DeviceKind.Cpu,
        "cuda" or "gpu" => DeviceKind.Cuda,
        "emulated-gpu" => DeviceKind.EmulatedGpu,
        _ => throw new FormatException($"--device '{text}' is not cpu, cuda or emulated-gpu"),
    };

    /// <summary>QShuf's <c>infer_device</c> value for a residency: cuda or cpu.</summary>
    public static string InferDevice(Residency residency) => residency == Residency.Gpu ? "cuda" : "cpu";
}
