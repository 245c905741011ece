using Faaswise.Load.Engine;
using Faaswise.Load.Results;
using Faaswise.Simulation.Engine;

namespace Faaswise.Experiments.Local;

/// <summary>
/// Turns the load engine's results into the simulator's request records, as the client saw them: arrival is when the
/// request was due (open loop), end when its answer came, status as the simulator names it (the runtime's 499, an
/// early drop, is 429 here; no answer within the client's timeout is 408; a broken connection 502). With
/// <paramref name="served"/>, what the replica knows (its number and GPU, where the model ran, queue and inference
/// seconds) joins the record; the start of service is then the client's end less the inference seconds (the hop back
/// to the client, well under a millisecond on loopback, is not subtracted).
/// </summary>
internal sealed class RequestRecords(IReadOnlyList<int> functionOfTarget, long originEpochNs, Action<RequestRecord> record, ServedRequests? served = null) : IResultSink
{
    public void Add(in RequestResult result)
    {
        var arrival = (result.IntendedAt - originEpochNs) / 1e9;
        var end = Math.Max(arrival, (result.CompletedAt - originEpochNs) / 1e9);
        var f = functionOfTarget[result.Target];
        if (served?.Take(RequestResult.IdOf(result.Target, result.Seq)) is { } s)
        {
            record(new RequestRecord(f, arrival, Math.Max(arrival, end - s.ExecSeconds), end, Status(result), s.OnGpu, s.QueueSeconds, 0, s.ExecSeconds, s.Replica, s.Gpu));
            return;
        }

        record(new RequestRecord(f, arrival, double.NaN, end, Status(result), false, 0, 0, 0, -1, -1));
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
