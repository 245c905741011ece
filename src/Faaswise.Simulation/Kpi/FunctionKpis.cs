using Faaswise.Load.Results;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Kpi;

/// <summary>Request outcomes of one function (or all): counts by status, SLO hits, latency of answered requests.</summary>
public sealed class FunctionKpis
{
    private long _timeouts, _earlyDrops, _refused, _crashed, _other;

    /// <summary>Requests that arrived.</summary>
    public long Requests { get; private set; }

    /// <summary>Answered with 200.</summary>
    public long Completed { get; private set; }

    /// <summary>Answered with 200 within the function's SLO.</summary>
    public long WithinSlo { get; private set; }

    /// <summary>Latency of the 200 answers, ns.</summary>
    public LatencyDistribution Latency { get; } = new();

    /// <summary>Requests that ended with a status.</summary>
    public long WithStatus(int status) => status switch
    {
        RequestStatus.Ok => Completed,
        RequestStatus.Timeout => _timeouts,
        RequestStatus.EarlyDrop => _earlyDrops,
        RequestStatus.Refused => _refused,
        RequestStatus.Crashed => _crashed,
        _ => _other,
    };

    /// <summary>Counts one request.</summary>
    public void Add(in RequestRecord r, Faaswise.Qshuf.World.FunctionSpec function)
    {
        ArgumentNullException.ThrowIfNull(function);
        Requests++;
        switch (r.Status)
        {
            case RequestStatus.Ok: break;
            case RequestStatus.Timeout: _timeouts++; return;
            case RequestStatus.EarlyDrop: _earlyDrops++; return;
            case RequestStatus.Refused: _refused++; return;
            case RequestStatus.Crashed: _crashed++; return;
            default: _other++; return;
        }

        Completed++;
        var latency = r.Latency;
        if (function.MeetsSlo(latency)) WithinSlo++;
        Latency.Record((long)Math.Round(latency * 1e9));
    }
}
