namespace Faaswise.Sampling.Output;

/// <summary>What happened to an iteration or a configuration, as <c>index.csv</c>'s <c>status</c> column writes it.</summary>
public enum RunStatus
{
    /// <summary><c>ok</c>: measured; its row is in the results file.</summary>
    Ok,

    /// <summary><c>failed</c>: every attempt of the iteration failed; a rerun tries it again.</summary>
    Failed,

    /// <summary><c>skipped</c>: dominated by a configuration that overloaded the node; listed in the skipped file.</summary>
    Skipped,

    /// <summary><c>predicted</c>: not run, predicted to overload from the single-function history.</summary>
    Predicted,
}

/// <summary>The words of <see cref="RunStatus"/> in <c>index.csv</c>.</summary>
public static class RunStatuses
{
    /// <summary>The column's word.</summary>
    public static string Format(RunStatus status) => status switch
    {
        RunStatus.Ok => "ok",
        RunStatus.Failed => "failed",
        RunStatus.Skipped => "skipped",
        RunStatus.Predicted => "predicted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status of a column's word; <see cref="FormatException"/> for any other.</summary>
    public static RunStatus Parse(string text) => text switch
    {
        "ok" => RunStatus.Ok,
        "failed" => RunStatus.Failed,
        "skipped" => RunStatus.Skipped,
        "predicted" => RunStatus.Predicted,
        _ => throw new FormatException($"index.csv: '{text}' is not a status (ok, failed, skipped or predicted)"),
    };

    /// <summary>Decided for the whole configuration without running it.</summary>
    public static bool Settles(this RunStatus status) => status is RunStatus.Skipped or RunStatus.Predicted;
}
