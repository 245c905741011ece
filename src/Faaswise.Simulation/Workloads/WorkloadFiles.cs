using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Faaswise.Load.Arrivals;

namespace Faaswise.Simulation.Workloads;

/// <summary>
/// A workload on disk, in QShuf's trace format: <c>&lt;function&gt;-dist.txt</c> with one arrival offset in seconds per line
/// (what <c>faaswise attack --arrival trace:FILE</c> replays), and <c>workload.json</c> with each function's start.
/// </summary>
public static class WorkloadFiles
{
    /// <summary>The manifest's name.</summary>
    public const string ManifestFile = "workload.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the trace files and the manifest into a directory.</summary>
    public static void Write(Workload workload, string directory)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Directory.CreateDirectory(directory);
        foreach (var f in workload.Functions)
        {
            var path = Path.Combine(directory, FileName(f.Function));
            var temporary = path + ".tmp";
            File.WriteAllLines(temporary, f.Offsets.Select(o => o.ToString("0.######", CultureInfo.InvariantCulture)));
            File.Move(temporary, path, overwrite: true);
        }

        var manifest = new Manifest(workload.Name, workload.Cv, workload.DurationSeconds, workload.Seed,
            workload.Functions.Select(f => new Entry(f.Function, FileName(f.Function), f.StartSeconds, f.Offsets.Count, Math.Round(f.MeanRate, 4))).ToArray());
        File.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, Json));
    }

    /// <summary>Reads a workload directory (with or without its manifest) or one trace file.</summary>
    /// <exception cref="FormatException">No trace, or a line that is not an offset or goes back in time, with file and line (<see cref="TraceArrivals.ReadOffsets"/>).</exception>
    public static Workload Read(string path)
    {
        if (File.Exists(path)) return new Workload("replay", null, 0, 0, [Trace(Path.GetFileName(path).Replace("-dist.txt", "", StringComparison.Ordinal), 0, path)]);
        if (!Directory.Exists(path)) throw new FormatException($"{path}: no such file or directory");
        var manifestPath = Path.Combine(path, ManifestFile);
        if (File.Exists(manifestPath))
        {
            var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), Json) ?? throw new FormatException($"{manifestPath}: empty");
            return new Workload(manifest.Name, manifest.Cv, manifest.DurationSeconds, manifest.Seed,
                manifest.Functions.Select(e => Trace(e.Function, e.StartSeconds, Path.Combine(path, e.File))).ToArray());
        }

        var files = Directory.GetFiles(path, "*-dist.txt").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new FormatException($"{path}: no <function>-dist.txt trace files");
        return new Workload("replay", null, 0, 0, files.Select(f => Trace(Path.GetFileName(f)[..^"-dist.txt".Length], 0, f)).ToArray());
    }

    /// <summary>A function's trace file name.</summary>
    public static string FileName(string function) => $"{function}-dist.txt";

    private static FunctionTrace Trace(string function, double start, string path) => new(function, start, TraceArrivals.ReadOffsets(path));

    private sealed record Manifest(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("cv")] double? Cv,
        [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("functions")] IReadOnlyList<Entry> Functions);

    private sealed record Entry(
        [property: JsonPropertyName("function")] string Function,
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("start_seconds")] double StartSeconds,
        [property: JsonPropertyName("requests")] int Requests,
        [property: JsonPropertyName("mean_rate")] double MeanRate);
}
