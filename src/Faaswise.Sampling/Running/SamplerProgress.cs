namespace Faaswise.Sampling.Running;

/// <summary>Where a run is: configuration i of N, what it is doing, and the last success ratio.</summary>
/// <param name="Index">Configurations handled so far, from 1.</param>
/// <param name="Total">Configurations in the plan.</param>
/// <param name="Configuration">The current configuration.</param>
/// <param name="Iteration">The current iteration, 0 when none.</param>
/// <param name="State">What is happening (resting, attacking, measuring, skipped, ...).</param>
/// <param name="LastSuccess">Mean success ratio of the last iteration that ran.</param>
/// <param name="Eta">Estimated time left, when known.</param>
public sealed record SamplerProgress(long Index, long Total, string Configuration, int Iteration, string State, double? LastSuccess, TimeSpan? Eta);
