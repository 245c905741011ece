using Faaswise.Modeling.Datasets;

namespace Faaswise.Modeling.Forecasting;

/// <summary>What "the node was overloaded" means for a row.</summary>
public enum OverloadLabel
{
    /// <summary>The row's own flag: this iteration overloaded.</summary>
    Iteration,

    /// <summary>
    /// More than half of the configuration's iterations in the run overloaded: the rule the sampler itself uses to call a
    /// configuration overloaded and skip the ones it dominates. One iteration's transient failure no longer decides the label.
    /// </summary>
    Majority,

    /// <summary>Every iteration of the configuration in the run overloaded (DFaaS's notebook, which grouped across runs).</summary>
    Every,
}

/// <summary>Relabels rows by an <see cref="OverloadLabel"/>.</summary>
public static class OverloadLabels
{
    /// <summary>The label a CLI name gives.</summary>
    /// <exception cref="FormatException">Another name.</exception>
    public static OverloadLabel Parse(string text) => text switch
    {
        "iteration" => OverloadLabel.Iteration,
        "majority" => OverloadLabel.Majority,
        "every" => OverloadLabel.Every,
        _ => throw new FormatException($"the overload label must be iteration, majority or every (got '{text}')"),
    };

    /// <summary>The CLI name of a label.</summary>
    public static string Name(OverloadLabel label) => label.ToString().ToLowerInvariant();

    /// <summary>
    /// The rows with their overload flag replaced by the label's, computed over the iterations of each configuration
    /// within one run (so a label never reads across the runs a split separates).
    /// </summary>
    public static IReadOnlyList<SampleRow> Apply(IReadOnlyList<SampleRow> rows, OverloadLabel label)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (label == OverloadLabel.Iteration) return rows;
        var result = rows.ToArray();
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => rows[i].Run + "\n" + rows[i].ConfigurationKey))
        {
            var members = group.ToArray();
            var overloaded = members.Count(i => rows[i].Measured.Overloaded);
            var flag = label == OverloadLabel.Every ? overloaded == members.Length : overloaded * 2 > members.Length;
            foreach (var i in members) result[i] = rows[i] with { Measured = rows[i].Measured with { Overloaded = flag } };
        }

        return result;
    }
}
