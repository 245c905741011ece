namespace Faaswise.Load.Engine;

/// <summary>How an attack ended.</summary>
/// <param name="StartedAt">Unix epoch ns of offset zero.</param>
/// <param name="Interrupted">True when it was stopped before its schedule ended.</param>
/// <param name="Abandoned">Requests still in flight after the interrupt grace, cancelled and recorded as errors.</param>
public sealed record AttackOutcome(long StartedAt, bool Interrupted, long Abandoned);
