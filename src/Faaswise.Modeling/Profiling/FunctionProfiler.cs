namespace Faaswise.Modeling.Profiling;

/// <summary>
/// DFaaS's Function Profiler: one MinMax scaler over every function's rows, an 18-value summary per rate flattened
/// into one vector per function, PCA keeping 95 % of the variance, k-means. Groups are named by their members'
/// resource use (mean scaled CPU, RAM and power), not by which group figlet or nmap fell into.
/// </summary>
public static class FunctionProfiler
{
    /// <summary>Clusters the functions of a set of profile rows; <paramref name="k"/> null picks k by silhouette.</summary>
    public static ProfilerResult Fit(IReadOnlyList<ProfileRow> rows, int? k, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var byFunction = rows.GroupBy(r => r.Name).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        if (byFunction.Length < 2) throw new FormatException($"clustering needs profiles of at least two functions (got {byFunction.Length})");
        if (k is { } fixedK && (fixedK < 1 || fixedK > byFunction.Length))
        {
            throw new FormatException($"k must be 1..{byFunction.Length}, the number of profiled functions (got {fixedK})");
        }

        var scaler = MinMaxScaler.Fit(rows.Select(r => r.Metrics));
        var grid = ProfileVectors.Grid(rows);
        var vectors = byFunction.Select(g => ProfileVectors.Build(g.ToArray(), scaler, grid)).ToArray();
        var pca = Pca.Fit(vectors);
        var kept = pca.ComponentsFor();
        var points = vectors.Select(v => pca.Transform(v, kept)).ToArray();

        var elbow = new List<ElbowRow>();
        for (var candidate = 1; candidate <= byFunction.Length; candidate++)
        {
            var fit = KMeans.Fit(points, candidate, seed);
            elbow.Add(new ElbowRow(candidate, fit.Distortion(points), fit.Inertia, Silhouette.Score(points, points.Select(fit.Predict).ToArray())));
        }

        var chosen = k ?? elbow.Where(e => !double.IsNaN(e.Silhouette)).MaxBy(e => e.Silhouette)?.K ?? 1;
        var kmeans = KMeans.Fit(points, chosen, seed);
        var labels = points.Select(kmeans.Predict).ToArray();

        var usage = Enumerable.Range(0, chosen).Select(c =>
        {
            var members = byFunction.Where((_, i) => labels[i] == c).ToArray();
            return members.Length == 0 ? double.NegativeInfinity
                : members.Average(g => g.Average(r => ProfileMetrics.Resources.Average(m => scaler.Transform(m, r.Metrics[m]))));
        }).ToArray();
        var ranked = Enumerable.Range(0, chosen).OrderByDescending(c => usage[c]).ToArray();
        var rankNames = RankNames(chosen);
        var names = new string[chosen];
        for (var rank = 0; rank < chosen; rank++) names[ranked[rank]] = rankNames[rank];

        var groups = new GroupList();
        foreach (var name in rankNames) groups.Ensure(name);
        for (var i = 0; i < byFunction.Length; i++) groups.Add(names[labels[i]], byFunction[i].Key);

        var model = new ProfileModel
        {
            Rates = grid,
            Scaler = scaler,
            Pca = pca,
            ComponentsKept = kept,
            KMeans = kmeans,
            ClusterNames = names,
            Seed = seed,
            Functions = byFunction.Select((g, i) => (g.Key, points[i])).ToDictionary(p => p.Key, p => p.Item2),
        };
        return new ProfilerResult(model, groups, rankNames, elbow, vectors[0].Length);
    }

    /// <summary>Group names by rank of resource use: HIGH_USAGE first, LOW_USAGE last.</summary>
    public static string[] RankNames(int k) => k switch
    {
        1 => ["ALL_USAGE"],
        2 => ["HIGH_USAGE", "LOW_USAGE"],
        3 => ["HIGH_USAGE", "MEDIUM_USAGE", "LOW_USAGE"],
        _ => ["HIGH_USAGE", .. Enumerable.Range(1, k - 2).Select(i => $"MEDIUM_USAGE_{i}"), "LOW_USAGE"],
    };
}
