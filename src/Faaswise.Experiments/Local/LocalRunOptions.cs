using Faaswise.Qshuf.World;

namespace Faaswise.Experiments.Local;

/// <summary>What every local run of an experiment shares.</summary>
/// <param name="World">The cluster: its GPUs become emulated GPUs, its functions' models are served for real.</param>
/// <param name="Faaswise">The command that runs faaswise (the executable, or dotnet and faaswise.dll).</param>
/// <param name="Models">Per function, the <c>--model</c> value its replicas serve.</param>
/// <param name="Threads">ONNX Runtime intra-op threads per replica.</param>
/// <param name="TargetUtilisation">Per policy with one, its target utilisation (as <c>simulate</c> takes it).</param>
/// <param name="CudaDevices">The CUDA devices the cluster's GPUs map to (GPU g on device g mod count); null: emulated GPUs.</param>
public sealed record LocalRunOptions(ClusterWorld World, IReadOnlyList<string> Faaswise, IReadOnlyList<string> Models, int Threads = 1, IReadOnlyDictionary<string, double>? TargetUtilisation = null,
    IReadOnlyList<int>? CudaDevices = null)
{
    /// <summary>What the replicas' GPUs are, as the manifest and <c>--gpu</c> name it: emulated, or cuda:0,1.</summary>
    public string Gpus => CudaDevices is { Count: > 0 } d ? "cuda:" + string.Join(',', d) : "emulated";
}
