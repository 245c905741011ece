using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Faaswise.Qshuf.World;

/// <summary>
/// Reads cluster files: nodes with GPUs, the runtime's constants, and models and functions (taken from a shipped
/// catalogue when the file names one instead of listing them). Sizes are GB = 10^9 bytes, bandwidths GB/s.
/// </summary>
public static class WorldYaml
{
    private const double Gb = 1e9;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses a cluster file's text; <paramref name="catalogue"/> resolves a <c>catalogue:</c> name to its text.</summary>
    public static ClusterWorld Parse(string yaml, Func<string, string> catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var document = Read(yaml);
        if (document.Catalogue is { } name && (document.Models is null || document.Functions is null))
        {
            var shipped = Read(catalogue(name));
            document.Models ??= shipped.Models;
            document.Functions ??= shipped.Functions;
            document.Runtime ??= shipped.Runtime;
        }

        return Build(document);
    }

    private static WorldYamlDocument Read(string yaml)
    {
        try
        {
            return Deserializer.Deserialize<WorldYamlDocument?>(yaml) ?? throw new WorldFormatException("the cluster file is empty");
        }
        catch (YamlException e)
        {
            throw new WorldFormatException($"line {e.Start.Line}: {(e.InnerException ?? e).Message}", e);
        }
    }

    private static ClusterWorld Build(WorldYamlDocument d)
    {
        var nodes = Required(d.Nodes, "nodes").Select((n, i) => BuildNode(n, i)).ToArray();
        if (nodes.Length == 0) throw new WorldFormatException("nodes: at least one node is needed");
        var models = Required(d.Models, "models").Select((m, i) => BuildModel(m, i)).ToArray();
        Unique(models.Select(m => m.Name), "model");
        var modelIndex = models.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var functions = Required(d.Functions, "functions").Select((f, i) => BuildFunction(f, i, modelIndex)).ToArray();
        if (functions.Length == 0) throw new WorldFormatException("functions: at least one function is needed");
        Unique(functions.Select(f => f.Name), "function");
        var gpuIds = nodes.SelectMany(n => n.Gpus).Select(g => g.Uuid);
        Unique(gpuIds, "GPU uuid");
        return new ClusterWorld(d.Name ?? "cluster", nodes, models, functions, BuildRuntime(d.Runtime));
    }

    private static RuntimeSpec BuildRuntime(RuntimeYaml? r)
    {
        var defaults = new RuntimeSpec();
        if (r is null) return defaults;
        return new RuntimeSpec(
            Positive(r.GpuQuota ?? defaults.GpuQuota, "runtime.gpu_quota"),
            (long)(NonNegative(r.CudaContextGb ?? defaults.ContextBytes / Gb, "runtime.cuda_context_gb") * Gb),
            NonNegative(r.ProcessStartS ?? defaults.ProcessStartSeconds, "runtime.process_start_s"),
            Positive(r.DiskGbps ?? defaults.DiskBytesPerSecond / Gb, "runtime.disk_gbps") * Gb,
            NonNegative(r.TransferOverheadMs ?? defaults.TransferOverheadSeconds * 1000, "runtime.transfer_overhead_ms") / 1000,
            NonNegative(r.TimeoutFactor ?? defaults.TimeoutFactor, "runtime.timeout_factor"),
            defaults.EarlyDropWindow,
            r.PersistentContext ?? defaults.PersistentContext,
            NonNegative(r.ReadyDelayS ?? defaults.ReadyDelaySeconds, "runtime.ready_delay_s"),
            NonNegative(r.NotreadyDelayS ?? defaults.NotReadyDelaySeconds, "runtime.notready_delay_s"));
    }

    private static NodeSpec BuildNode(NodeYaml n, int i)
    {
        var name = n.Name ?? throw new WorldFormatException($"nodes[{i}]: name is missing");
        var gpus = new List<GpuSpec>();
        foreach (var g in n.Gpus ?? [])
        {
            var count = g.Count ?? 1;
            if (count < 1) throw new WorldFormatException($"node {name}: GPU count must be >= 1");
            for (var k = 0; k < count; k++)
            {
                var uuid = g.Uuid is null
                    ? string.Create(CultureInfo.InvariantCulture, $"GPU-{name}-{gpus.Count}")
                    : count == 1 ? g.Uuid : string.Create(CultureInfo.InvariantCulture, $"{g.Uuid}-{k}");
                gpus.Add(new GpuSpec(
                    uuid,
                    g.Product ?? "gpu",
                    (long)(Positive(Required(g.MemoryGb, $"node {name}: GPU memory_gb"), $"node {name}: GPU memory_gb") * Gb),
                    Positive(Required(g.H2dGbps, $"node {name}: GPU h2d_gbps"), $"node {name}: GPU h2d_gbps") * Gb,
                    Positive(g.D2hGbps ?? g.H2dGbps!.Value, $"node {name}: GPU d2h_gbps") * Gb));
            }
        }

        return new NodeSpec(
            name,
            Positive(Required(n.CpuCores, $"node {name}: cpu_cores"), $"node {name}: cpu_cores"),
            (long)(Positive(Required(n.HostMemoryGb, $"node {name}: host_memory_gb"), $"node {name}: host_memory_gb") * Gb),
            gpus);
    }

    private static ModelSpec BuildModel(ModelYaml m, int i)
    {
        var name = m.Name ?? throw new WorldFormatException($"models[{i}]: name is missing");
        double bytes;
        if (m.SizeGb is { } size) bytes = Positive(size, $"model {name}: size_gb") * Gb;
        else
        {
            var perParameter = (m.Precision ?? "fp32").ToUpperInvariant() switch
            {
                "FP32" => 4,
                "FP16" or "BF16" => 2,
                "INT8" or "FP8" => 1,
                var other => throw new WorldFormatException($"model {name}: precision '{other}' is not fp32, fp16, bf16, int8 or fp8"),
            };
            bytes = Positive(Required(m.Parameters, $"model {name}: parameters (or size_gb)"), $"model {name}: parameters") * perParameter;
        }

        var latency = m.LatencyMs ?? throw new WorldFormatException($"model {name}: latency_ms is missing");
        var cuda = latency.TryGetValue("cuda", out var c) ? Positive(c, $"model {name}: latency_ms.cuda") / 1000 : throw new WorldFormatException($"model {name}: latency_ms.cuda is missing");
        var cpu = latency.TryGetValue("cpu", out var p) ? Positive(p, $"model {name}: latency_ms.cpu") / 1000 : cuda * 20;
        return new ModelSpec(
            name, (long)bytes, cuda, cpu,
            m.BatchSize ?? 1,
            Positive(m.GpuShare ?? 1, $"model {name}: gpu_share"),
            m.LoadS is { } load ? NonNegative(load, $"model {name}: load_s") : null,
            m.OffloadS is { } offload ? NonNegative(offload, $"model {name}: offload_s") : null,
            m.ColdStartS is { } cold ? NonNegative(cold, $"model {name}: cold_start_s") : null,
            string.IsNullOrWhiteSpace(m.Serve) ? null : m.Serve.Trim());
    }

    private static FunctionSpec BuildFunction(FunctionYaml f, int i, Dictionary<string, int> models)
    {
        var name = f.Name ?? throw new WorldFormatException($"functions[{i}]: name is missing");
        var modelName = f.Model ?? name;
        if (!models.TryGetValue(modelName, out var model)) throw new WorldFormatException($"function {name}: model '{modelName}' is not among the models");
        var min = f.MinReplicas ?? 1;
        var max = f.MaxReplicas ?? 4;
        if (min < 0 || max < Math.Max(1, min)) throw new WorldFormatException($"function {name}: need 0 <= min_replicas <= max_replicas and max_replicas >= 1");
        var workers = f.Workers ?? 1;
        if (workers < 1) throw new WorldFormatException($"function {name}: workers must be >= 1");
        return new FunctionSpec(
            name, model,
            Positive(Required(f.SloMs, $"function {name}: slo_ms"), $"function {name}: slo_ms") / 1000,
            Positive(f.TimeoutS ?? 5, $"function {name}: timeout_s"),
            Positive(f.Cpu ?? 1, $"function {name}: cpu"),
            min, max, workers);
    }

    private static T Required<T>(T? value, string what) where T : class => value ?? throw new WorldFormatException($"{what} is missing");

    private static double Required(double? value, string what) => value ?? throw new WorldFormatException($"{what} is missing");

    private static double Positive(double value, string what) =>
        value > 0 && double.IsFinite(value) ? value : throw new WorldFormatException(string.Create(CultureInfo.InvariantCulture, $"{what} must be > 0, not {value}"));

    private static double NonNegative(double value, string what) =>
        value >= 0 && double.IsFinite(value) ? value : throw new WorldFormatException(string.Create(CultureInfo.InvariantCulture, $"{what} must be >= 0, not {value}"));

    private static void Unique(IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name)) throw new WorldFormatException($"{what} '{name}' appears twice");
        }
    }
}
