namespace Faaswise.Simulation.Engine;

/// <summary>How inference times vary around a model's latency.</summary>
public enum ServiceTimes
{
    /// <summary>Exactly the model's latency (times contention): DL inference at a fixed batch size is nearly constant.</summary>
    Deterministic,

    /// <summary>Exponential with the model's latency as mean, for checks against M/M/1.</summary>
    Exponential,
}
