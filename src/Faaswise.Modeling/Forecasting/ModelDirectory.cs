using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// A model directory: <c>models/&lt;target&gt;/{regression,quantile005,quantile095}.txt</c> (LightGBM text models, DFaaS's
/// layout), <c>models/overloaded_node/classifier.txt</c>, <c>metrics.json</c>, <c>metrics.md</c> and <c>manifest.json</c>
/// with the SHA-256 of every other file. Written into a temporary sibling and renamed, so a reader never sees half of one.
/// </summary>
public static class ModelDirectory
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    private static JsonSerializerOptions Json => ModelingJson.Indented;

    /// <summary>Writes a trained model, replacing the model directory (or empty directory) at <paramref name="directory"/>.</summary>
    /// <exception cref="FormatException">Something other than a model directory is there: it is never replaced.</exception>
    public static void Save(TrainingResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var target = Path.GetFullPath(directory);
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, ManifestFile))))
        {
            throw new FormatException($"{directory} exists and is not a model directory (no {ManifestFile}): choose a new or empty directory");
        }

        var staging = target.TrimEnd(Path.DirectorySeparatorChar) + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var written = new Dictionary<string, string>(result.Files);
        written["metrics.json"] = JsonSerializer.Serialize(result.Test, Json);
        written["metrics.md"] = MetricsMarkdown.Render(result);
        var checksums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in written)
        {
            var full = Path.Combine(staging, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = Encoding.UTF8.GetBytes(text);
            File.WriteAllBytes(full, bytes);
            checksums[path] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        File.WriteAllText(Path.Combine(staging, ManifestFile), JsonSerializer.Serialize(result.Manifest with { Checksums = checksums }, Json));
        var old = target.TrimEnd(Path.DirectorySeparatorChar) + $".old-{Environment.ProcessId}";
        if (Directory.Exists(target)) Directory.Move(target, old);
        Directory.Move(staging, target);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    /// <summary>Loads a model directory after checking every file against the manifest's checksums.</summary>
    /// <exception cref="FormatException">No manifest, a foreign format, or a file that is missing or changed.</exception>
    public static ForecastModel Load(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath)) throw new FormatException($"{directory}: not a model directory (no {ManifestFile}; train one with faaswise train)");
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), Json) ?? throw new FormatException($"{manifestPath}: empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{manifestPath}: not a forecaster manifest: {e.Message}", e);
        }

        if (manifest.Format != "faaswise-forecaster/1") throw new FormatException($"{manifestPath}: format '{manifest.Format}' is not faaswise-forecaster/1");
        foreach (var (path, sum) in manifest.Checksums)
        {
            var full = Path.Combine(directory, path);
            if (!File.Exists(full)) throw new FormatException($"{directory}: {path} is missing");
            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full)));
            if (!string.Equals(actual, sum, StringComparison.Ordinal))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{directory}: {path} does not match its checksum in {ManifestFile} (changed after training)"));
            }
        }

        return new ForecastModel(manifest, path => File.ReadAllText(Path.Combine(directory, path)));
    }
}
