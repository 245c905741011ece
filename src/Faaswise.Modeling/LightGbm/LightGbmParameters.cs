using System.Globalization;

namespace Faaswise.Modeling.LightGbm;

/// <summary>
/// Booster hyperparameters. The defaults are LightGBM's own (and scikit-learn's <c>LGBMRegressor()</c>, which DFaaS
/// trained with): 100 iterations, learning rate 0.1, 31 leaves, 20 rows per leaf, 255 bins.
/// </summary>
public sealed record LightGbmParameters
{
    /// <summary>Boosting iterations (trees).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Shrinkage per tree.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Maximum leaves per tree.</summary>
    public int Leaves { get; init; } = 31;

    /// <summary>Minimum rows in a leaf.</summary>
    public int MinRowsPerLeaf { get; init; } = 20;

    /// <summary>Maximum histogram bins per feature.</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>Seed of every random choice LightGBM makes.</summary>
    public int Seed { get; init; }

    /// <summary>Threads; 0 uses every core.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Column sets a tree may draw its splits from (LightGBM's interaction_constraints); null lets every tree use
    /// every column. Sets of one function's rate and the node's columns make the model a sum over functions.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>>? InteractionSets { get; init; }

    /// <summary>Per column: 1 the prediction may only rise with the column, -1 only fall, 0 free; null leaves all free.</summary>
    public IReadOnlyList<int>? Monotone { get; init; }

    /// <summary>LightGBM's parameter string for an objective (alpha is the quantile; ignored otherwise).</summary>
    public string ToNative(LightGbmObjective objective, double alpha = 0.5)
    {
        var name = objective switch
        {
            LightGbmObjective.Regression => "regression",
            LightGbmObjective.Quantile => "quantile",
            LightGbmObjective.Binary => "binary",
            _ => throw new ArgumentOutOfRangeException(nameof(objective)),
        };
        var threads = Threads > 0 ? Threads : Environment.ProcessorCount;
        return string.Create(CultureInfo.InvariantCulture,
            $"objective={name} alpha={alpha} num_iterations={Iterations} learning_rate={LearningRate} num_leaves={Leaves} " +
            $"min_data_in_leaf={MinRowsPerLeaf} max_bin={MaxBins} seed={Seed} deterministic=true force_row_wise=true " +
            $"num_threads={threads} verbosity=-1") + Constraints();
    }

    private string Constraints()
    {
        var text = "";
        if (InteractionSets is { Count: > 0 } sets)
        {
            text += " interaction_constraints=" + string.Join(",", sets.Select(set => "[" + string.Join(",", set.Select(c => c.ToString(CultureInfo.InvariantCulture))) + "]"));
        }

        if (Monotone is { Count: > 0 } monotone && monotone.Any(m => m != 0))
        {
            text += " monotone_constraints=" + string.Join(",", monotone.Select(m => m.ToString(CultureInfo.InvariantCulture))) + " monotone_constraints_method=advanced";
        }

        return text;
    }
}
