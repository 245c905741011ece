namespace Faaswise.Modeling.Datasets;

/// <summary>The rows of a dataset directory and the rows that could not be read.</summary>
/// <param name="Directory">The directory it was read from.</param>
/// <param name="Rows">Readable rows, in file then line order.</param>
/// <param name="Issues">Malformed rows, reported rather than coerced.</param>
public sealed record Dataset(string Directory, IReadOnlyList<SampleRow> Rows, IReadOnlyList<DatasetIssue> Issues)
{
    /// <summary>Function names in the dataset, sorted.</summary>
    public IReadOnlyList<string> Functions { get; } =
        Rows.SelectMany(r => r.Functions.Select(f => f.Name)).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Run (file) names, sorted.</summary>
    public IReadOnlyList<string> Runs { get; } = Rows.Select(r => r.Run).Distinct().Order(StringComparer.Ordinal).ToArray();
}
