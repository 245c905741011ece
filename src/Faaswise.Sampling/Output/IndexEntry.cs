namespace Faaswise.Sampling.Output;

/// <summary>One line of <c>index.csv</c>: DFaaS's five columns, then the iteration and what happened.</summary>
/// <param name="Functions">Function names, sorted.</param>
/// <param name="Rates">Their rates, aligned.</param>
/// <param name="Overloaded">The node was overloaded (or is predicted to be).</param>
/// <param name="OverloadPredicted">Not run: predicted from history (skipped or "will overload").</param>
/// <param name="ResultsFile">The results file holding the row, relative to the index; empty when none.</param>
/// <param name="Iteration">Iteration, from 1; 0 for a configuration skipped or predicted as a whole.</param>
/// <param name="Status">What happened: measured, failed, skipped (dominated) or predicted (will overload).</param>
public sealed record IndexEntry(
    IReadOnlyList<string> Functions,
    IReadOnlyList<int> Rates,
    bool Overloaded,
    bool OverloadPredicted,
    string ResultsFile,
    int Iteration,
    RunStatus Status)
{
    /// <summary>Key of its configuration, as <see cref="Plan.Configuration.Key"/>.</summary>
    public string Key => string.Join(",", Functions.Select((f, i) => $"{f}={Rates[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
}
