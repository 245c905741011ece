using Faaswise.Load.Results;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Kpi;

/// <summary>Request outcomes of one function (or all): counts by status, SLO hits, latency of answered requests.</summary>
public sealed class FunctionKpis
{
    private readonly Dictionary<int, long> _byStatus = [];

    /// <summary>Requests that arrived.</summary>
    public long Requests { get; private set; }

    /// <summary>Answered with 200.</summary>
    public long Completed { get; private set; }

    /// <summary>Answered with 200 within the function's SLO.</summary>
    public long WithinSlo { get; private set; }

    /// <summary>Latency of the 200 answers, ns.</summary>
    public LatencyDistribution Latency { get; } = new();

    /// <summary>Requests that ended with a status.</summary>
    public long WithStatus(int status) => _byStatus.GetValueOrDefault(status);

    /// <summary>Counts one request.</summary>
    public void Add(in RequestRecord r, double sloSeconds)
    {
        Requests++;
        _byStatus[r.Status] = _byStatus.GetValueOrDefault(r.Status) + 1;
        if (r.Status != RequestStatus.Ok) return;
        Completed++;
        var latency = r.Latency;
        if (latency <= sloSeconds) WithinSlo++;
        Latency.Record((long)Math.Round(latency * 1e9));
    }
}
