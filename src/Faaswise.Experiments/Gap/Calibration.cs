using System.Globalization;
using System.Text;
using Faaswise.Qshuf.World;

namespace Faaswise.Experiments.Gap;

/// <summary>What one model's live logs say, with the number of observations behind each figure.</summary>
public sealed record ModelFit(
    string Model, double? CudaSeconds, double? CudaCv, int CudaSamples, double? CpuSeconds, int CpuSamples,
    double? LoadSeconds, int Loads, double? OffloadSeconds, int Offloads, double? ColdStartSeconds, int Starts);

/// <summary>
/// The simulator's cluster file fitted to a live experiment: each model's inference time on the GPU and the CPU
/// (the runtimes' own timing of every answered request, service.csv), its load and offload times (moves.csv), its
/// cold start (launch to serving, less the load when the model started on the GPU, starts.csv), and the service-time
/// cv to simulate with (pooled over models). What the logs do not show keeps the original file's value.
/// </summary>
public sealed record Calibration(ClusterWorld World, IReadOnlyList<ModelFit> Models, double ServiceCv)
{
    /// <summary>The simulator's <c>--service</c> for the fitted cv.</summary>
    public string Service => ServiceCv < 0.01 ? "deterministic" : string.Create(CultureInfo.InvariantCulture, $"lognormal:cv={ServiceCv:0.###}");

    /// <summary>Fits <paramref name="world"/> to every run under <paramref name="directory"/>/runs.</summary>
    public static Calibration Fit(ClusterWorld world, string directory)
    {
        ArgumentNullException.ThrowIfNull(world);
        var runs = Directory.Exists(Path.Combine(directory, "runs"))
            ? Directory.GetDirectories(Path.Combine(directory, "runs")).SelectMany(Directory.GetDirectories).Where(d => File.Exists(Path.Combine(d, "service.csv"))).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (runs.Length == 0) throw new ExperimentException($"{directory}: no live run with service.csv under runs/: calibrate reads a local experiment's logs");
        var service = runs.SelectMany(r => LogCsv.Read(Path.Combine(r, "service.csv"))).ToList();
        var moves = runs.SelectMany(r => LogCsv.Read(Path.Combine(r, "moves.csv"))).ToList();
        var starts = runs.SelectMany(r => LogCsv.Read(Path.Combine(r, "starts.csv"))).ToList();
        var fits = new List<ModelFit>();
        double weighted = 0;
        long samples = 0;
        for (var m = 0; m < world.Models.Count; m++)
        {
            var model = world.Models[m];
            var functions = world.Functions.Where(f => world.Models[f.Model] == model).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var cuda = service.Where(r => functions.Contains(r["function"]) && r["device"] == "cuda").Select(r => Number(r["inference_s"])).ToArray();
            var cpu = service.Where(r => functions.Contains(r["function"]) && r["device"] == "cpu").Select(r => Number(r["inference_s"])).ToArray();
            var loads = moves.Where(r => functions.Contains(r["function"]) && r["direction"] == "to_gpu").Select(r => Number(r["seconds"])).ToArray();
            var offloads = moves.Where(r => functions.Contains(r["function"]) && r["direction"] == "to_host").Select(r => Number(r["seconds"])).ToArray();
            var load = loads.Length > 0 ? loads.Average() : (double?)null;
            var gpuLoad = load ?? (world.Gpus.Count > 0 ? model.WeightBytes / world.Gpus[0].HostToDeviceBytesPerSecond : 0);
            var cold = starts.Where(r => functions.Contains(r["function"]))
                .Select(r => Number(r["serving_s"]) - (r["on_gpu"] == "1" ? gpuLoad : 0)).Where(s => s > 0).ToArray();
            double? cv = null;
            if (cuda.Length > 1)
            {
                var mean = cuda.Average();
                cv = Math.Sqrt(cuda.Sum(x => (x - mean) * (x - mean)) / (cuda.Length - 1)) / mean;
                weighted += cv.Value * cv.Value * cuda.Length;
                samples += cuda.Length;
            }

            fits.Add(new ModelFit(model.Name, cuda.Length > 0 ? cuda.Average() : null, cv, cuda.Length, cpu.Length > 0 ? cpu.Average() : null, cpu.Length,
                load, loads.Length, offloads.Length > 0 ? offloads.Average() : null, offloads.Length, cold.Length > 0 ? cold.Average() : null, cold.Length));
        }

        return new Calibration(world, fits, samples > 0 ? Math.Sqrt(weighted / samples) : 0);
    }

    /// <summary>The calibrated cluster file.</summary>
    public string Yaml()
    {
        var c = CultureInfo.InvariantCulture;
        var w = World;
        var r = w.Runtime;
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"# {w.Name}, calibrated by faaswise experiment calibrate from a live run's logs; simulate it with --service {Service}");
        b.AppendLine(CultureInfo.InvariantCulture, $"name: {w.Name}-calibrated");
        b.AppendLine("runtime:");
        b.AppendLine(CultureInfo.InvariantCulture, $"  gpu_quota: {r.GpuQuota.ToString("0.###", c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  cuda_context_gb: {(r.ContextBytes / 1e9).ToString("0.######", c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  process_start_s: {r.ProcessStartSeconds.ToString("0.###", c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  disk_gbps: {(r.DiskBytesPerSecond / 1e9).ToString("0.###", c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  transfer_overhead_ms: {(r.TransferOverheadSeconds * 1000).ToString("0.###", c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  timeout_factor: {r.TimeoutFactor.ToString("0.###", c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  persistent_context: {(r.PersistentContext ? "true" : "false")}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  ready_delay_s: {r.ReadyDelaySeconds.ToString("0.###", c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  notready_delay_s: {r.NotReadyDelaySeconds.ToString("0.###", c)}");
        b.AppendLine("nodes:");
        foreach (var n in w.Nodes)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"  - name: {n.Name}");
            b.AppendLine(CultureInfo.InvariantCulture, $"    cpu_cores: {n.CpuCores.ToString("0.###", c)}");
            b.AppendLine(CultureInfo.InvariantCulture, $"    host_memory_gb: {(n.HostMemoryBytes / 1e9).ToString("0.###", c)}");
            b.AppendLine("    gpus:");
            foreach (var g in n.Gpus)
            {
                b.AppendLine(CultureInfo.InvariantCulture,
                    $"      - {{ uuid: {g.Uuid}, product: {g.Product}, memory_gb: {(g.MemoryBytes / 1e9).ToString("0.######", c)}, h2d_gbps: {(g.HostToDeviceBytesPerSecond / 1e9).ToString("0.######", c)}, d2h_gbps: {(g.DeviceToHostBytesPerSecond / 1e9).ToString("0.######", c)} }}");
            }
        }

        b.AppendLine("models:");
        for (var m = 0; m < w.Models.Count; m++)
        {
            var model = w.Models[m];
            var fit = Models[m];
            var cuda = fit.CudaSeconds ?? model.CudaSeconds;
            var cpu = fit.CpuSeconds ?? (fit.CudaSeconds is { } measured ? model.CpuSeconds * measured / model.CudaSeconds : model.CpuSeconds);
            var line = new StringBuilder(string.Create(c, $"  - {{ name: {model.Name}, size_gb: {(model.WeightBytes / 1e9).ToString("0.#########", c)}, latency_ms: {{ cuda: {(cuda * 1000).ToString("0.###", c)}, cpu: {(cpu * 1000).ToString("0.###", c)} }}, batch_size: {model.BatchSize}, gpu_share: {model.GpuShare.ToString("0.###", c)}"));
            if ((fit.LoadSeconds ?? model.LoadSeconds) is { } load) line.Append(c, $", load_s: {load.ToString("0.####", c)}");
            if ((fit.OffloadSeconds ?? model.OffloadSeconds) is { } offload) line.Append(c, $", offload_s: {offload.ToString("0.####", c)}");
            if ((fit.ColdStartSeconds ?? model.ColdStartSeconds) is { } cold) line.Append(c, $", cold_start_s: {cold.ToString("0.###", c)}");
            if (model.Serve is { } serve) line.Append(c, $", serve: \"{serve}\"");
            b.Append(line).AppendLine(" }");
        }

        b.AppendLine("functions:");
        foreach (var f in w.Functions)
        {
            b.AppendLine(CultureInfo.InvariantCulture,
                $"  - {{ name: {f.Name}, model: {w.Models[f.Model].Name}, slo_ms: {(f.SloSeconds * 1000).ToString("0.###", c)}, timeout_s: {f.TimeoutSeconds.ToString("0.###", c)}, cpu: {f.CpuRequest.ToString("0.###", c)}, min_replicas: {f.MinReplicas}, max_replicas: {f.MaxReplicas}, workers: {f.Workers} }}");
        }

        return b.ToString();
    }

    /// <summary>One line per model: what was measured, from how many observations, and the value it replaces.</summary>
    public string Describe()
    {
        var b = new StringBuilder();
        for (var m = 0; m < World.Models.Count; m++)
        {
            var model = World.Models[m];
            var f = Models[m];
            b.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.Name}: inference on the GPU {Ms(f.CudaSeconds)} (cv {f.CudaCv?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"}, {f.CudaSamples} requests; was {model.CudaSeconds * 1000:0.#} ms), on the CPU {Ms(f.CpuSeconds)} ({f.CpuSamples}); " +
                $"load {S(f.LoadSeconds)} ({f.Loads}), offload {S(f.OffloadSeconds)} ({f.Offloads}), cold start {S(f.ColdStartSeconds)} ({f.Starts})"));
        }

        b.AppendLine(string.Create(CultureInfo.InvariantCulture, $"service-time cv pooled over models: {ServiceCv:0.000} → --service {Service}"));
        return b.ToString();
    }

    private static string Ms(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 1000:0.0} ms") : "not seen";

    private static string S(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:0.000} s") : "not seen";

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
