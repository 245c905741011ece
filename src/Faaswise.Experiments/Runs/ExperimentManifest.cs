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
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt)
{
    /// <summary>The file's name.</summary>
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest of <paramref name="spec"/>.</summary>
    public static ExperimentManifest Of(ExperimentSpec spec, string version)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var models = spec.Local is { } local ? spec.World.Functions.Select((f, i) => (f.Name, local.Models[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal) : null;
        var metrics = spec.Target == ExperimentTarget.Local
            ? (string[])[
                "latency, status: the load engine's client-side record of each request (requests.csv)",
                "inference and queue seconds, device: the runtime's X-Inference-Seconds, X-Queue-Seconds and X-Infer-Device answer headers (service.csv)",
                "model moves: the runtime's /tocuda and /tocpu answers (moves.csv); starts: launch to serving (starts.csv)",
                "replicas, readiness, residency, GPU memory: the runtimes' /v2/repository/index polled every 0.2 s (gpus.csv, functions.csv)",
            ]
            : ["the simulator's own request records and per-second samples"];
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
            metrics, DateTimeOffset.UtcNow);
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

            if (old is null || old.Target != Target || old.Cluster != Cluster || !old.Policies.SequenceEqual(Policies) || !old.Workloads.SequenceEqual(Workloads) || old.Service != Service)
            {
                throw new ExperimentException($"{directory} holds another experiment ({old?.Target} on {old?.Cluster}: {string.Join(", ", old?.Policies ?? [])} x {string.Join(", ", old?.Workloads ?? [])}); resume it with the same options or choose another --out");
            }

            return;
        }

        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
