using Faaswise.Load.Engine;

namespace Faaswise.Load.Results;

/// <summary>
/// The points of vegeta's plot: each request's latency (from the intended send, ms) against its intended send time
/// (s from the first request), one series per URL and outcome (ok: status 200..399; failed otherwise). Fed from saved
/// log rows, or directly as a sink of a running attack; dropped sends have no latency and are left out.
/// </summary>
/// <param name="targetUrls">The attack's target URLs, in target order, when used as a sink.</param>
public sealed class LatencyOverTime(IReadOnlyList<string>? targetUrls = null) : IResultSink
{
    private readonly Dictionary<(string Url, bool Ok), List<(long Intended, long Latency)>> _points = [];
    private readonly Lock _gate = new();

    /// <summary>One series of points.</summary>
    public sealed record Series(string Label, IReadOnlyList<double> Seconds, IReadOnlyList<double> LatencyMs);

    /// <summary>The series of saved log rows.</summary>
    public static IReadOnlyList<Series> Of(IEnumerable<RequestLogRow> rows)
    {
        var points = new LatencyOverTime();
        points.Add(rows);
        return points.AllSeries();
    }

    /// <summary>Adds saved log rows as they stream by; returns how many were read (dropped ones included).</summary>
    public long Add(IEnumerable<RequestLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        long read = 0;
        foreach (var r in rows)
        {
            read++;
            if (!r.Dropped) Add(r.Url, r.RequestTime, r.ResponseTime - r.RequestTime, r.StatusCode is >= 200 and < 400);
        }

        return read;
    }

    /// <inheritdoc />
    public void Add(in RequestResult result)
    {
        if (result.Dropped) return;
        var urls = targetUrls ?? throw new InvalidOperationException("a sink needs the attack's target URLs");
        Add(urls[result.Target], result.IntendedAt, result.Latency, result.Succeeded);
    }

    /// <inheritdoc />
    public void Complete()
    {
    }

    /// <summary>The series, in order of first appearance.</summary>
    public IReadOnlyList<Series> AllSeries()
    {
        lock (_gate)
        {
            if (_points.Count == 0) return [];
            var start = _points.Values.Min(p => p.Min(x => x.Intended));
            var urls = _points.Keys.Select(k => k.Url).Distinct(StringComparer.Ordinal).Count();
            return _points.Select(p =>
            {
                var label = (urls > 1 ? p.Key.Url + " " : "") + (p.Key.Ok ? "ok" : "failed");
                var sorted = p.Value.OrderBy(x => x.Intended).ToList();
                return new Series(label, sorted.Select(x => (x.Intended - start) / 1e9).ToArray(), sorted.Select(x => x.Latency / 1e6).ToArray());
            }).ToList();
        }
    }

    private void Add(string url, long intendedNs, long latencyNs, bool ok)
    {
        lock (_gate)
        {
            if (!_points.TryGetValue((url, ok), out var list)) _points[(url, ok)] = list = [];
            list.Add((intendedNs, latencyNs));
        }
    }
}
