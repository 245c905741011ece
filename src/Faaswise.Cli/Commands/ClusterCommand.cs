using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise cluster</c>: the Function Profiler.</summary>
internal static class ClusterCommand
{
    public static Command Create(CliConsole console)
    {
        var profiles = new Option<string>("--profiles") { Description = "Profile CSV file or directory (faaswise profile's or DFaaS's profiler output)", Required = true };
        var output = new Option<string>("--out") { Description = "Group file to write; the fitted scaler, PCA and k-means go beside it in " + ProfileModel.FileName, DefaultValueFactory = _ => "group_list.json" };
        var k = new Option<string>("--k") { Description = "Number of groups, or 'auto' to pick it by silhouette", DefaultValueFactory = _ => "3" };
        var seed = new Option<int>("--seed") { Description = "Seed of k-means", DefaultValueFactory = _ => 42 };
        var numeric = new Option<bool>("--numeric-keys") { Description = "Write {\"0\": [...], ...} keys (0 = highest usage) instead of HIGH_USAGE/MEDIUM_USAGE/LOW_USAGE" };
        var json = new Option<bool>("--json") { Description = "Print the groups, projections and elbow table as JSON" };
        var command = new Command("cluster", "Group functions by consumption profile (DFaaS's Function Profiler) and write group_list.json.")
        {
            profiles, output, k, seed, numeric, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var kText = parse.GetValue(k)!;
            int? chosen = kText == "auto" ? null
                : int.TryParse(kText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
                : throw new UsageException($"--k must be a number of groups or 'auto' (got '{kText}')");
            var request = new ClusterRequest(parse.GetValue(profiles)!, Path.GetFullPath(parse.GetValue(output)!), chosen, parse.GetValue(seed), parse.GetValue(numeric), parse.GetValue(json));
            return await RunAsync(request, console).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Fits the groups and writes the group file and its model: what <c>cluster</c> does once its options are parsed.</summary>
    internal static async Task<int> RunAsync(ClusterRequest request, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rows = ProfileLoader.Load(request.Profiles);
        var result = FunctionProfiler.Fit(rows, request.K, request.Seed);
        var path = request.Out;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        result.Groups.Write(path, request.NumericKeys ? result.GroupOrder : null);
        result.Model.Save(ProfileModel.PathBeside(path));

        if (request.Json)
        {
            var report = new
            {
                groups = result.Groups.Names.ToDictionary(g => g, g => result.Groups[g]),
                projections = result.Model.Functions,
                explained_variance_ratio = result.Model.Pca.ExplainedVarianceRatio,
                components_kept = result.Model.ComponentsKept,
                elbow = result.Elbow.Select(e => new { k = e.K, distortion = e.Distortion, inertia = e.Inertia, silhouette = double.IsNaN(e.Silhouette) ? (double?)null : e.Silhouette }),
                group_file = path,
                model_file = ProfileModel.PathBeside(path),
            };
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var o = console.Out;
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.Model.Functions.Count} functions, {result.Model.Rates.Length} rates ({result.Model.Rates[0]}..{result.Model.Rates[^1]} req/s), vectors of {result.VectorLength} values; " +
            $"{result.Model.ComponentsKept} principal component(s) kept ({result.Model.Pca.ExplainedVarianceRatio.Take(result.Model.ComponentsKept).Sum():P1} of the variance)")).ConfigureAwait(false);
        await o.WriteLineAsync().ConfigureAwait(false);
        await o.WriteLineAsync("   k   distortion      inertia   silhouette").ConfigureAwait(false);
        var picked = result.Model.KMeans.Centers.Length;
        foreach (var e in result.Elbow)
        {
            var silhouette = double.IsNaN(e.Silhouette) ? "-" : e.Silhouette.ToString("F4", CultureInfo.InvariantCulture);
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.K,4} {e.Distortion,12:F4} {e.Inertia,12:F4} {silhouette,12}{(e.K == picked ? "  <- chosen" : "")}")).ConfigureAwait(false);
        }

        await o.WriteLineAsync().ConfigureAwait(false);
        foreach (var group in result.GroupOrder)
        {
            var members = result.Groups[group].Select(f => string.Create(CultureInfo.InvariantCulture, $"{f} (PC1 {result.Model.Functions[f][0]:F3})"));
            await o.WriteLineAsync($"{group,-14} {string.Join(", ", members)}").ConfigureAwait(false);
        }

        await o.WriteLineAsync().ConfigureAwait(false);
        await o.WriteLineAsync($"wrote {path} and {ProfileModel.PathBeside(path)}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}

/// <summary>A clustering as typed values; <paramref name="K"/> null picks the number of groups by silhouette.</summary>
internal sealed record ClusterRequest(string Profiles, string Out, int? K, int Seed = 42, bool NumericKeys = false, bool Json = false);
