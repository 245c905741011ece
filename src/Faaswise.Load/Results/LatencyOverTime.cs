namespace Faaswise.Load.Results;

/// <summary>
/// The points of vegeta's plot: each request's latency (from the intended send, ms) against its intended send time
/// (s from the first request), one series per URL and outcome (ok: status 200..399; failed otherwise).
/// </summary>
public static class LatencyOverTime
{
    /// <summary>One series of points.</summary>
    public sealed record Series(string Label, IReadOnlyList<double> Seconds, IReadOnlyList<double> LatencyMs);

    /// <summary>The series of some request-log rows, in order of first appearance; dropped sends have no latency and are left out.</summary>
    public static IReadOnlyList<Series> Of(IEnumerable<RequestLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var all = rows.Where(r => !(r.Error?.StartsWith("dropped:", StringComparison.Ordinal) ?? false)).ToList();
        if (all.Count == 0) return [];
        var start = all.Min(r => r.RequestTime);
        var urls = all.Select(r => r.Url).Distinct(StringComparer.Ordinal).Count();
        return all
            .GroupBy(r => (r.Url, Ok: r.StatusCode is >= 200 and < 400))
            .Select(g =>
            {
                var label = (urls > 1 ? g.Key.Url + " " : "") + (g.Key.Ok ? "ok" : "failed");
                var points = g.OrderBy(r => r.RequestTime).ToList();
                return new Series(label, points.Select(r => (r.RequestTime - start) / 1e9).ToArray(), points.Select(r => (r.ResponseTime - r.RequestTime) / 1e6).ToArray());
            })
            .ToList();
    }
}
