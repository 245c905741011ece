namespace Faaswise.Qshuf.World;

/// <summary>A deep-learning model as the runtime serves it.</summary>
/// <param name="Name">Model name.</param>
/// <param name="WeightBytes">Weights, bytes (parameters x bytes per parameter unless given).</param>
/// <param name="CudaSeconds">One inference alone on a GPU, seconds.</param>
/// <param name="CpuSeconds">One inference on the replica's CPU share, seconds.</param>
/// <param name="BatchSize">Inputs per inference.</param>
/// <param name="GpuShare">Fraction of a GPU's compute one inference occupies; running inferences whose shares add up above 1 are each slowed by that sum.</param>
/// <param name="LoadSeconds">Host-to-GPU load time when given; otherwise derived from size and the GPU's bandwidth.</param>
/// <param name="OffloadSeconds">GPU-to-host time when given; otherwise derived.</param>
/// <param name="ColdStartSeconds">Process start plus load from disk when given; otherwise derived.</param>
/// <param name="Serve">What <c>faaswise runtime serve --model</c> runs for it in a live experiment: a built-in name, an .onnx file, or <c>synthetic:SIZE[:FLOPS]</c>; null when the model is only simulated.</param>
public sealed record ModelSpec(
    string Name,
    long WeightBytes,
    double CudaSeconds,
    double CpuSeconds,
    int BatchSize,
    double GpuShare,
    double? LoadSeconds = null,
    double? OffloadSeconds = null,
    double? ColdStartSeconds = null,
    string? Serve = null);
