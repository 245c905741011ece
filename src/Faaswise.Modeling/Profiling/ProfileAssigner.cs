namespace Faaswise.Modeling.Profiling;

/// <summary>Predict Profile: places a new function in a group with the saved training scaler, PCA and k-means.</summary>
public static class ProfileAssigner
{
    /// <summary>The group of one function's profile rows and its projection.</summary>
    /// <exception cref="FormatException">The profile's rates differ from the model's grid.</exception>
    public static (string Group, double[] Projection) Assign(ProfileModel model, IReadOnlyList<ProfileRow> rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        var grid = ProfileVectors.Grid(rows);
        if (!grid.SequenceEqual(model.Rates))
        {
            throw new FormatException(
                $"the profile's rates [{string.Join(", ", grid)}] req/s differ from the grid the groups were fitted on " +
                $"[{string.Join(", ", model.Rates)}] req/s: profile the function on the same grid (faaswise profile --rates ...)");
        }

        var vector = ProfileVectors.Build(rows, model.Scaler, model.Rates);
        var projection = model.Pca.Transform(vector, model.ComponentsKept);
        return (model.ClusterNames[model.KMeans.Predict(projection)], projection);
    }
}
