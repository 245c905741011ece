namespace Faaswise.Qshuf.World;

#pragma warning disable CA1002, CA2227 // YamlDotNet fills these documents property by property
/// <summary>The YAML cluster file as written; <see cref="WorldYaml"/> validates it into a <see cref="ClusterWorld"/>.</summary>
internal sealed class WorldYamlDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Catalogue { get; set; }
    public RuntimeYaml? Runtime { get; set; }
    public List<NodeYaml>? Nodes { get; set; }
    public List<ModelYaml>? Models { get; set; }
    public List<FunctionYaml>? Functions { get; set; }
}

internal sealed class RuntimeYaml
{
    public double? GpuQuota { get; set; }
    public double? CudaContextGb { get; set; }
    public double? ProcessStartS { get; set; }
    public double? DiskGbps { get; set; }
    public double? TransferOverheadMs { get; set; }
    public double? TimeoutFactor { get; set; }
    public bool? PersistentContext { get; set; }
    public double? ReadyDelayS { get; set; }
    public double? NotreadyDelayS { get; set; }
}

internal sealed class NodeYaml
{
    public string? Name { get; set; }
    public double? CpuCores { get; set; }
    public double? HostMemoryGb { get; set; }
    public List<GpuYaml>? Gpus { get; set; }
}

internal sealed class GpuYaml
{
    public string? Uuid { get; set; }
    public string? Product { get; set; }
    public double? MemoryGb { get; set; }
    public double? H2dGbps { get; set; }
    public double? D2hGbps { get; set; }
    public int? Count { get; set; }
}

internal sealed class ModelYaml
{
    public string? Name { get; set; }
    public double? Parameters { get; set; }
    public string? Precision { get; set; }
    public double? SizeGb { get; set; }
    public Dictionary<string, double>? LatencyMs { get; set; }
    public int? BatchSize { get; set; }
    public double? GpuShare { get; set; }
    public double? LoadS { get; set; }
    public double? OffloadS { get; set; }
    public double? ColdStartS { get; set; }
    public string? Serve { get; set; }
}

internal sealed class FunctionYaml
{
    public string? Name { get; set; }
    public string? Model { get; set; }
    public double? SloMs { get; set; }
    public double? TimeoutS { get; set; }
    public double? Cpu { get; set; }
    public int? MinReplicas { get; set; }
    public int? MaxReplicas { get; set; }
    public int? Workers { get; set; }
}
#pragma warning restore CA1002, CA2227
