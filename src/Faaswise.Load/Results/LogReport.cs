using System.Globalization;
using Faaswise.Load.Engine;
using Faaswise.Load.Units;

namespace Faaswise.Load.Results;

/// <summary>
/// Reports over saved request logs, as <c>vegeta report</c> does over its result files: the attack report (text or
/// JSON, one section per URL), a latency histogram over chosen buckets, or HdrHistogram's percentile table
/// (<c>.hgrm</c>, milliseconds). Latency is from the intended send time, as in the attack's own report.
/// </summary>
/// <param name="histogramEdges">Bucket edges (ns, ascending) to count latencies into as rows arrive, for <see cref="WriteHistogram"/>.</param>
public sealed class LogReport(IReadOnlyList<long>? histogramEdges = null)
{
    private readonly Dictionary<string, int> _targets = new(StringComparer.Ordinal);
    private readonly List<SummaryAccumulator> _perTarget = [];
    private readonly long[] _buckets = new long[histogramEdges?.Count ?? 0];
    private readonly HdrLatencyEstimator _all = new();
    private long _seq;
    private long _answered;

    /// <summary>Rows read so far.</summary>
    public long Rows => _seq;

    /// <summary>Adds the rows of one log.</summary>
    public void Add(IEnumerable<RequestLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            if (!_targets.TryGetValue(row.Url, out var target))
            {
                _targets[row.Url] = target = _perTarget.Count;
                _perTarget.Add(new SummaryAccumulator());
            }

            var result = new RequestResult(target, _seq++, row.RequestTime, row.SentTime ?? row.RequestTime, row.ResponseTime, row.StatusCode, row.BytesIn ?? 0, row.BytesOut ?? 0, row.Error, row.Dropped);
            _perTarget[target].Add(result);
            if (row.Dropped) continue;
            _answered++;
            _all.Record(result.Latency);
            if (histogramEdges is null) continue;
            for (var b = histogramEdges.Count - 1; b >= 0; b--)
            {
                if (result.Latency < histogramEdges[b]) continue;
                _buckets[b]++;
                break;
            }
        }
    }

    /// <summary>The attack report of every row, with a section per URL in order of first appearance.</summary>
    public AttackReport Report()
    {
        var all = new SummaryAccumulator();
        var targets = new List<TargetReport>(_perTarget.Count);
        foreach (var (url, i) in _targets.OrderBy(t => t.Value))
        {
            all.Merge(_perTarget[i]);
            targets.Add(_perTarget[i].Fill(new TargetReport { Url = url, Arrival = "log" }));
        }

        var report = all.Fill(new AttackReport { Targets = targets });
        return report with { GeneratorSaturated = report.ScheduleLag.P99 > AttackMetrics.SaturationLagNs };
    }

    /// <summary>
    /// Parses vegeta's histogram type, <c>hist[0,1ms,5ms,10ms]</c>: ascending bucket edges; the last bucket is open.
    /// </summary>
    public static IReadOnlyList<long> HistogramEdges(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!type.StartsWith("hist[", StringComparison.Ordinal) || !type.EndsWith(']'))
        {
            throw new FormatException($"'{type}' is not a histogram type: write hist[0,1ms,5ms] (ascending bucket edges)");
        }

        var edges = type[5..^1].Split(',', StringSplitOptions.TrimEntries).Select(t =>
            DurationText.TryParse(t, out var d) ? d.Ticks * 100 : throw new FormatException($"histogram edge '{t}' is not a duration such as 5ms")).ToArray();
        if (edges.Length == 0 || edges.Zip(edges.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new FormatException($"'{type}': bucket edges must be given and ascending");
        }

        return edges;
    }

    /// <summary>Writes the histogram over the edges given at construction: bucket, count, share, and a bar, as vegeta's.</summary>
    public void WriteHistogram(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var edges = histogramEdges ?? throw new InvalidOperationException("no histogram edges were given");
        var total = Math.Max(1, _answered);
        var labels = edges.Select((e, b) => $"[{DurationText.FormatNanoseconds(e)}, {(b + 1 < edges.Count ? DurationText.FormatNanoseconds(edges[b + 1]) : "+Inf")}]").ToArray();
        var width = Math.Max("Bucket".Length, labels.Max(l => l.Length));
        output.WriteLine($"{"Bucket".PadRight(width)}  {"#",10}  {"%",7}  Histogram");
        for (var b = 0; b < edges.Count; b++)
        {
            var share = (double)_buckets[b] / total;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{labels[b].PadRight(width)}  {_buckets[b],10}  {share * 100,6:0.00}%  {new string('#', (int)Math.Round(share * 75))}"));
        }
    }

    /// <summary>Writes HdrHistogram's percentile distribution (<c>.hgrm</c>, values in milliseconds), as plotted by HdrHistogram's plotter.</summary>
    public void WriteHdr(TextWriter output) => _all.WritePercentileDistribution(output);
}
