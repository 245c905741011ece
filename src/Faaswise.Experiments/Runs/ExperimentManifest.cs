using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faaswise.Simulation.Experiments;

namespace Faaswise.Experiments.Runs;

/// <summary>
/// manifest.json of an experiment: what ran (target, cluster, policies, workloads, the models served), with which
/// faaswise and on which machine. A rerun into the same directory must describe the same experiment.
/// </summary>
public sealed record ExperimentManifest(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("cluster_source")] string ClusterSource,
    [property: JsonPropertyName("policies")] IReadOnlyList<string> Policies,
    [property: JsonPropertyName("workloads")] IReadOnlyList<string> Workloads,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("models")] IReadOnlyDictionary<string, string>? Models,
    [property: JsonPropertyName("faaswise")] string Version,
    [property: JsonPropertyName("machine")] IReadOnlyDictionary<string, string> Machine,
    [property: JsonPropertyName("metrics")] IReadOnlyList<string> Metrics,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("kubernetes")] IReadOnlyDictionary<string, string>? Kubernetes = null,
    [property: JsonPropertyName("gpus")] string? Gpus = null,
    [property: JsonPropertyName("irate_scrape_s")] double? IrateScrapeSeconds = null)
{
    /// <summary>The file's name.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest of <paramref name="spec"/>.</summary>
    public static ExperimentManifest Of(ExperimentSpec spec, string version)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var models = spec.Local is { } local ? spec.World.Functions.Select((f, i) => (f.Name, local.Models[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal) : null;
        var metrics = spec.Target switch
        {
            ExperimentTarget.Local => (string[])[
                "latency, status: the load engine's client-side record of each request (requests.csv)",
                "inference and queue seconds, device: the runtime's X-Inference-Seconds, X-Queue-Seconds and X-Infer-Device answer headers (service.csv)",
                "model moves: the runtime's /tocuda and /tocpu answers (moves.csv); starts: launch to serving (starts.csv)",
                "replicas, readiness, residency, GPU memory: the runtimes' /v2/repository/index polled every 0.2 s (gpus.csv, functions.csv)",
            ],
            ExperimentTarget.Kubernetes =>
            [
                "latency, status: the load engine's client-side record of each request through the gateway (requests.csv)",
                "replicas, readiness: list and watch of the function pods (labels infer_device, reserve; readiness conditions)",
                "residency, GPU memory: each running pod's /v2/repository/index through the API server's pod proxy, every 0.5 s (gpus.csv, functions.csv)",
                "loads, offloads and their seconds, GPU inference seconds: each pod's runtime metrics through the pod proxy every 2 s: faaswise_runtime_move_seconds_count and _sum{direction=to_gpu|to_host}, faaswise_runtime_busy_seconds_total{device=cuda} (deltas over the run)",
                "cold starts: pods that began running during the run",
                .. spec.Kubernetes?.Prometheus?.Describe() ?? [],
            ],
            _ => ["the simulator's own request records and per-second samples"],
        };
        var kubernetes = spec.Kubernetes is { } k
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["api_server"] = k.ApiServer, ["namespace"] = k.Namespace, ["gateway"] = k.Gateway.ToString(), ["runtime_reach"] = k.DirectControl ? "pod IP" : "API server pod proxy", ["prometheus"] = k.PrometheusAddress ?? "none", ["server_version"] = k.ServerVersion ?? "unknown" }
            : null;
        return new ExperimentManifest(
            spec.Target.ToString().ToLowerInvariant(), spec.World.Name, spec.ClusterSource,
            spec.Policies.SelectMany(p => spec.Admissions.Select(a => Sweep.PolicyLabel(p, a))).ToArray(),
            spec.Workloads.Select(Sweep.WorkloadLabel).ToArray(),
            spec.Target == ExperimentTarget.Simulator ? (spec.Simulation?.Service ?? Simulation.Engine.ServiceDistribution.Deterministic).ToString() : null,
            models, version,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["cores"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["os"] = RuntimeInformation.OSDescription,
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["host"] = Environment.MachineName,
            },
            metrics, DateTimeOffset.UtcNow, kubernetes, spec.Local?.Gpus, spec.Target switch
            {
                ExperimentTarget.Local => Faaswise.Kubernetes.Control.ArrivalMeter.EverySecond,
                ExperimentTarget.Simulator => (spec.Simulation ?? new Simulation.Engine.SimulationOptions()).IrateScrapeSeconds,
                _ => null,
            });
    }

    /// <summary>The manifest in <paramref name="directory"/>, or null when there is none that reads.</summary>
    public static ExperimentManifest? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ExperimentManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest into <paramref name="directory"/>, or checks that the one there describes the same experiment.</summary>
    public void WriteOrCheck(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            ExperimentManifest? old;
            try
            {
                old = JsonSerializer.Deserialize<ExperimentManifest>(File.ReadAllText(path), Json);
            }
            catch (JsonException e)
            {
                throw new ExperimentException($"{path} is not an experiment manifest ({e.Message}); choose another --out");
            }

            if (old is null || old.Target != Target || old.Cluster != Cluster || !old.Policies.SequenceEqual(Policies) || !old.Workloads.SequenceEqual(Workloads) || old.Service != Service || old.Gpus != Gpus)
            {
                throw new ExperimentException($"{directory} holds another experiment ({old?.Target} on {old?.Cluster}: {string.Join(", ", old?.Policies ?? [])} x {string.Join(", ", old?.Workloads ?? [])}); resume it with the same options or choose another --out");
            }

            return;
        }

        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
