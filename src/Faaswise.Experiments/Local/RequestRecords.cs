using Faaswise.Load.Engine;
using Faaswise.Load.Results;
using Faaswise.Simulation.Engine;

namespace Faaswise.Experiments.Local;

/// <summary>
/// Turns the load engine's results into the simulator's request records, as the client saw them: arrival is when the
/// request was due (open loop), end when its answer came, status as the simulator names it (the runtime's 499, an
/// early drop, is 429 here; no answer within the client's timeout is 408; a broken connection 502). What only the
/// replica knows (queue, load and inference seconds) is in service.csv, not here.
/// </summary>
internal sealed class RequestRecords(IReadOnlyList<int> functionOfTarget, long originEpochNs, Action<RequestRecord> record) : IResultSink
{
    public void Add(in RequestResult result)
    {
        var arrival = (result.IntendedAt - originEpochNs) / 1e9;
        var end = (result.CompletedAt - originEpochNs) / 1e9;
        record(new RequestRecord(functionOfTarget[result.Target], arrival, double.NaN, Math.Max(arrival, end), Status(result), false, 0, 0, 0, -1, -1));
    }

    public void Complete()
    {
    }

    /// <summary>The simulator's status for an answer the client got.</summary>
    public static int Status(in RequestResult result) => result.StatusCode switch
    {
        499 => RequestStatus.EarlyDrop,
        0 when result.Error is { } e && e.Contains("timeout", StringComparison.OrdinalIgnoreCase) => RequestStatus.Timeout,
        0 when !result.Dropped => RequestStatus.Crashed,
        var code => code,
    };
}
