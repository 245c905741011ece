using Faaswise.Load.Engine;

namespace Faaswise.Load.Results;

/// <summary>Streaming totals for one set of results (a target, or all of them).</summary>
internal sealed class SummaryAccumulator
{
    private readonly Dictionary<int, long> _statusCodes = [];
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _earliestSent = long.MaxValue;
    private long _latestSent = long.MinValue;
    private long _end = long.MinValue;

    public LatencyDistribution Latency { get; } = new();
    public LatencyDistribution ServiceTime { get; } = new();
    public LatencyDistribution Lag { get; } = new();
    public long Requests { get; private set; }
    public long Dropped { get; private set; }
    public long Succeeded { get; private set; }
    public long Failed => Requests - Succeeded;
    public long BytesIn { get; private set; }
    public long BytesOut { get; private set; }

    public void Add(in RequestResult r)
    {
        if (r.Dropped)
        {
            Dropped++;
            Count(_errors, r.Error!);
            return;
        }

        Requests++;
        if (r.Succeeded) Succeeded++;
        Count(_statusCodes, r.StatusCode);
        if (r.Error is not null) Count(_errors, r.Error);
        BytesIn += r.BytesIn;
        BytesOut += r.BytesOut;
        _earliestSent = Math.Min(_earliestSent, r.SentAt);
        _latestSent = Math.Max(_latestSent, r.SentAt);
        _end = Math.Max(_end, r.CompletedAt);
        Latency.Record(r.Latency);
        ServiceTime.Record(r.ServiceTime);
        Lag.Record(r.Lag);
    }

    public void Merge(SummaryAccumulator other)
    {
        Requests += other.Requests;
        Dropped += other.Dropped;
        Succeeded += other.Succeeded;
        BytesIn += other.BytesIn;
        BytesOut += other.BytesOut;
        _earliestSent = Math.Min(_earliestSent, other._earliestSent);
        _latestSent = Math.Max(_latestSent, other._latestSent);
        _end = Math.Max(_end, other._end);
        foreach (var (k, v) in other._statusCodes) Count(_statusCodes, k, v);
        foreach (var (k, v) in other._errors) Count(_errors, k, v);
        Latency.Merge(other.Latency);
        ServiceTime.Merge(other.ServiceTime);
        Lag.Merge(other.Lag);
    }

    /// <summary>Fills the common fields of a summary record.</summary>
    public T Fill<T>(T summary) where T : ResultSummary
    {
        var any = Requests > 0;
        var duration = any ? _latestSent - _earliestSent : 0;
        var wait = any ? _end - _latestSent : 0;
        return summary with
        {
            Latencies = Latency.Summarize(),
            ServiceTimes = ServiceTime.Summarize(),
            ScheduleLag = Lag.Summarize(),
            BytesIn = new ByteSummary(BytesIn, any ? (double)BytesIn / Requests : 0),
            BytesOut = new ByteSummary(BytesOut, any ? (double)BytesOut / Requests : 0),
            Earliest = any ? FromEpochNs(_earliestSent) : DateTimeOffset.UnixEpoch,
            Latest = any ? FromEpochNs(_latestSent) : DateTimeOffset.UnixEpoch,
            End = any ? FromEpochNs(_end) : DateTimeOffset.UnixEpoch,
            Duration = duration,
            Wait = wait,
            Requests = Requests,
            Rate = duration > 0 ? (Requests - 1) / (duration / 1e9) : 0,
            Throughput = duration + wait > 0 ? Succeeded / ((duration + wait) / 1e9) : 0,
            Success = Requests + Dropped > 0 ? (double)Succeeded / (Requests + Dropped) : 0,
            StatusCodes = _statusCodes.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
            Errors = [.. _errors.Keys.Order(StringComparer.Ordinal)],
            ErrorCounts = _errors.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Dropped = Dropped,
        };
    }

    private static DateTimeOffset FromEpochNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    private static void Count<TKey>(Dictionary<TKey, long> counts, TKey key, long by = 1) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + by;
}
