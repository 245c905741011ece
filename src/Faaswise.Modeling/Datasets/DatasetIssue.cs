namespace Faaswise.Modeling.Datasets;

/// <summary>A row the loader could not read, with where it is and why.</summary>
/// <param name="File">Path of the file.</param>
/// <param name="Line">Line, 1-based.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record DatasetIssue(string File, int Line, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
