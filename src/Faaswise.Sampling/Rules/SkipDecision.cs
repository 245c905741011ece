namespace Faaswise.Sampling.Rules;

/// <summary>What to do with a configuration and why.</summary>
/// <param name="Action">Run it, skip it (dominated), or record it as predicted to overload.</param>
/// <param name="Reason">For a skip or prediction: the configuration or history that decided it.</param>
public sealed record SkipDecision(SkipAction Action, string Reason)
{
    /// <summary>Run the configuration.</summary>
    public static SkipDecision Run { get; } = new(SkipAction.Run, "");
}

/// <summary>What to do with a configuration.</summary>
public enum SkipAction
{
    /// <summary>Run it.</summary>
    Run,

    /// <summary>Skip it: a configuration it dominates overloaded.</summary>
    Skip,

    /// <summary>Record it as overloaded without running: single-function history says so.</summary>
    Predict,
}
