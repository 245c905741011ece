using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faaswise.Metrics;
using Faaswise.Metrics.Prometheus;

namespace Faaswise.Sampling.Output;

/// <summary><c>manifest.json</c> of a dataset directory: how it was measured. A rerun must ask for the same grid.</summary>
public sealed record SamplingManifest
{
    /// <summary>The file name.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Format tag.</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = "faaswise-dataset/1";

    /// <summary>The tool that wrote it.</summary>
    [JsonPropertyName("tool_version")] public required string ToolVersion { get; init; }

    /// <summary>Stamp shared by the run's file names.</summary>
    [JsonPropertyName("stamp")] public required string Stamp { get; init; }

    /// <summary>What determines the configurations; a resumed run must match it.</summary>
    [JsonPropertyName("grid")] public required SamplingGrid Grid { get; init; }

    /// <summary>The node measured.</summary>
    [JsonPropertyName("node")] public required IReadOnlyDictionary<string, string> Node { get; init; }

    /// <summary>The FaaS platform.</summary>
    [JsonPropertyName("gateway")] public required string Gateway { get; init; }

    /// <summary>The metrics source and its power source.</summary>
    [JsonPropertyName("metrics")] public required IReadOnlyDictionary<string, string> Metrics { get; init; }

    /// <summary>The PromQL a Prometheus source runs, with the window filled in.</summary>
    [JsonPropertyName("queries")] public required IReadOnlyDictionary<string, string> Queries { get; init; }

    /// <summary>Units of the columns.</summary>
    [JsonPropertyName("units")] public IReadOnlyDictionary<string, string> Units { get; init; } = new Dictionary<string, string>
    {
        ["rate"] = "requests/s", ["success_rate"] = "ratio 0..1", ["cpu_usage"] = "percent of one core", ["ram_usage"] = "bytes",
        ["ram_usage_node_percentage"] = "percent", ["power_usage"] = "microwatts", ["medium_latency"] = "nanoseconds (mean)",
        ["rest_seconds"] = "seconds", ["start_time"] = "Unix epoch seconds", ["end_time"] = "Unix epoch seconds", ["node_memory_bytes"] = "bytes",
    };

    /// <summary>When the run started, UTC.</summary>
    [JsonPropertyName("started")] public required DateTimeOffset Started { get; init; }

    /// <summary>The manifest of a new run of <paramref name="grid"/> measured by <paramref name="metrics"/> on <paramref name="gateway"/>.</summary>
    public static SamplingManifest Create(SamplingGrid grid, string stamp, string toolVersion, string gateway, IMetricsSource metrics, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(metrics);
        var source = new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = metrics.Description, ["power_source"] = metrics.PowerSource };
        if (metrics is PrometheusSource prometheus) source["query_scope"] = prometheus.Queries.Scope.ToString();
        return new SamplingManifest
        {
            ToolVersion = toolVersion,
            Stamp = stamp,
            Grid = grid,
            Node = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["hostname"] = Environment.MachineName,
                ["cores"] = metrics.NodeCores.ToString(CultureInfo.InvariantCulture),
                ["memory_bytes"] = metrics.NodeMemoryBytes.ToString("F0", CultureInfo.InvariantCulture),
            },
            Gateway = gateway,
            Metrics = source,
            Queries = metrics.QueriesFor(TimeSpan.FromSeconds(grid.DurationSeconds)),
            Started = started,
        };
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest of a directory, or null.</summary>
    public static SamplingManifest? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<SamplingManifest>(File.ReadAllText(path), Json) : null;
    }

    /// <summary>Writes it atomically.</summary>
    public void Write(string directory)
    {
        DurableLines.Replace(Path.Combine(directory, FileName), [JsonSerializer.Serialize(this, Json)]);
    }
}

/// <summary>The parameters that define a run's configurations and measurement.</summary>
public sealed record SamplingGrid(
    [property: JsonPropertyName("functions")] IReadOnlyList<string> Functions,
    [property: JsonPropertyName("min_functions")] int MinFunctions,
    [property: JsonPropertyName("max_functions")] int MaxFunctions,
    [property: JsonPropertyName("rates")] IReadOnlyList<int> Rates,
    [property: JsonPropertyName("iterations")] int Iterations,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("warmup_seconds")] double WarmUpSeconds,
    [property: JsonPropertyName("skip_rule")] string SkipRule,
    [property: JsonPropertyName("profile")] bool Profile)
{
    /// <summary>Equal grids (lists compared by content).</summary>
    public bool SameAs(SamplingGrid other) =>
        other is not null && Functions.SequenceEqual(other.Functions) && Rates.SequenceEqual(other.Rates) &&
        this with { Functions = other.Functions, Rates = other.Rates } == other;
}
