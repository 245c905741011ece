using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Profiling;

/// <summary>
/// What the Function Profiler fitted, saved beside the group file so that Predict Profile places a new function with
/// the training scaler, PCA and k-means (DFaaS re-fitted the scaler on the new function, so every function landed in
/// one cluster).
/// </summary>
public sealed record ProfileModel
{
    /// <summary>The file name it is saved under, beside the group file.</summary>
    public const string FileName = "profiler-model.json";

    /// <summary>Format tag.</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = "faaswise-profiler/1";

    /// <summary>The rate grid profiles are compared on, requests/s.</summary>
    [JsonPropertyName("rates")] public required double[] Rates { get; init; }

    /// <summary>The six metrics and their units.</summary>
    [JsonPropertyName("metrics")] public IReadOnlyList<string> Metrics { get; init; } = ProfileMetrics.Names;

    /// <summary>Units of <see cref="Metrics"/>.</summary>
    [JsonPropertyName("units")] public IReadOnlyList<string> Units { get; init; } = ProfileMetrics.Units;

    /// <summary>The training MinMax scaler over the six metrics.</summary>
    [JsonPropertyName("scaler")] public required MinMaxScaler Scaler { get; init; }

    /// <summary>The fitted PCA.</summary>
    [JsonPropertyName("pca")] public required Pca Pca { get; init; }

    /// <summary>Components kept (cumulative explained variance above 0.95).</summary>
    [JsonPropertyName("components_kept")] public required int ComponentsKept { get; init; }

    /// <summary>The fitted k-means.</summary>
    [JsonPropertyName("kmeans")] public required KMeans KMeans { get; init; }

    /// <summary>The group name of each k-means centre.</summary>
    [JsonPropertyName("cluster_names")] public required string[] ClusterNames { get; init; }

    /// <summary>Seed of k-means.</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; }

    /// <summary>The training functions and their projections.</summary>
    [JsonPropertyName("functions")] public required IReadOnlyDictionary<string, double[]> Functions { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Where the model of a group file lives.</summary>
    public static string PathBeside(string groupFile) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(groupFile))!, FileName);

    /// <summary>Saves atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Loads a saved model.</summary>
    /// <exception cref="FormatException">Missing or not a profiler model.</exception>
    public static ProfileModel Load(string path)
    {
        if (!File.Exists(path)) throw new FormatException($"{path}: no profiler model (run faaswise cluster first; it saves {FileName} beside the group file)");
        try
        {
            return JsonSerializer.Deserialize<ProfileModel>(File.ReadAllText(path), Json) ?? throw new FormatException($"{path}: empty profiler model");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not a profiler model: {e.Message}", e);
        }
    }
}
