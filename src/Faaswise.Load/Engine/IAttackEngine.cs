using Faaswise.Load.Results;

namespace Faaswise.Load.Engine;

/// <summary>Sends a merged schedule and reports every result; one instance per run.</summary>
internal interface IAttackEngine
{
    /// <summary>Requests handed to the network so far; readable from any thread.</summary>
    long Sent { get; }

    /// <summary>Runs the schedule; completes the sink before returning.</summary>
    Task<AttackOutcome> RunAsync(IReadOnlyList<AttackTarget> targets, IResultSink sink, CancellationToken stop);
}
