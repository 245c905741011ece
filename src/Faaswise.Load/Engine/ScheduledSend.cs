namespace Faaswise.Load.Engine;

/// <summary>One send in the merged plan of all targets.</summary>
/// <param name="Target">Index of the target.</param>
/// <param name="Seq">Sequence number within the target.</param>
/// <param name="Offset">Intended send offset from the start of the attack.</param>
public readonly record struct ScheduledSend(int Target, long Seq, TimeSpan Offset);
