using System.Globalization;

namespace Faaswise.Modeling.Profiling;

/// <summary>Predict Profile: places a new function in a group with the saved training scaler, PCA and k-means.</summary>
public static class ProfileAssigner
{
    /// <summary>The cluster name (as the profiler model names it) of one function's profile rows, and its projection.</summary>
    /// <exception cref="FormatException">The profile's rates do not fit the model's grid.</exception>
    public static (string Group, double[] Projection) Assign(ProfileModel model, IReadOnlyList<ProfileRow> rows)
    {
        var (cluster, projection) = Cluster(model, rows);
        return (model.ClusterNames[cluster], projection);
    }

    /// <summary>
    /// The group of <paramref name="groups"/> one function's profile belongs to: the group that holds the training
    /// functions of its cluster (a file written with numeric keys, or renamed by hand, keeps its own names), else the
    /// group the model names.
    /// </summary>
    /// <exception cref="FormatException">The rates do not fit the model's grid, or the file holds neither the cluster's functions nor its name.</exception>
    public static (string Group, double[] Projection) AssignIn(ProfileModel model, GroupList groups, string function, IReadOnlyList<ProfileRow> rows)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var (cluster, projection) = Cluster(model, rows);
        var inCluster = model.Functions.Where(f => model.KMeans.Predict(f.Value) == cluster).Select(f => f.Key).ToArray();
        // The other training functions decide; a function alone in its cluster is its own evidence.
        var members = inCluster.Length > 1 ? inCluster.Where(f => f != function).ToArray() : inCluster;
        var held = members.Select(groups.GroupOf).OfType<string>().GroupBy(g => g, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.Key;
        var named = model.ClusterNames[cluster];
        return (held ?? (groups.Names.Contains(named) ? named
            : throw new FormatException($"the group file holds neither {named} nor any function the profiler model put there ({string.Join(", ", members)}): is it the file this model was fitted with?")), projection);
    }

    private static (int Cluster, double[] Projection) Cluster(ProfileModel model, IReadOnlyList<ProfileRow> rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        CheckGrid(ProfileVectors.Grid(rows), model.Rates);
        var vector = ProfileVectors.Build(rows, model.Scaler, model.Rates);
        var projection = model.Pca.Transform(vector, model.ComponentsKept);
        return (model.KMeans.Predict(projection), projection);
    }

    /// <summary>
    /// A profile fits the model's grid when its rates are the grid's lowest ones: the rates above them are those the
    /// profiler's skip rule left out once the function overloaded, which the vector fills as DFaaS did.
    /// </summary>
    private static void CheckGrid(double[] profile, double[] model)
    {
        if (profile.Length > 0 && profile.Length <= model.Length && profile.SequenceEqual(model.Take(profile.Length))) return;
        var c = CultureInfo.InvariantCulture;
        var step = model.Length > 1 ? model[1] - model[0] : 10;
        throw new FormatException(
            $"the profile's rates [{string.Join(", ", profile.Select(r => r.ToString(c)))}] req/s do not fit the grid the groups were fitted on " +
            $"[{string.Join(", ", model.Select(r => r.ToString(c)))}] req/s (its lowest rates, or all of them): profile the function on that grid " +
            $"(faaswise profile --functions NAME --min-rate {model[0].ToString(c)} --max-rate {model[^1].ToString(c)} --rate-step {step.ToString(c)})");
    }
}
