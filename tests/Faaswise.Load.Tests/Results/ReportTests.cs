using System.Text.Json;
using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine;
using Faaswise.Load.Results;
using Faaswise.Load.Targets;

namespace Faaswise.Load.Tests.Results;

public sealed class ReportTests
{
    private static AttackReport Sample()
    {
        AttackTarget[] targets = [new(Target.Get(new Uri("http://gw/a")), new ConstantArrivals(10)), new(Target.Get(new Uri("http://gw/b")), new PoissonArrivals(5))];
        var metrics = new AttackMetrics(targets);
        const long s = 1_700_000_000_000_000_000;
        // Target 0: sends at 0, 100 ms, 200 ms, each answered in 10 ms; target 1: one 503, one drop.
        for (var i = 0; i < 3; i++) metrics.Add(new RequestResult(0, i, s + i * 100_000_000, s + i * 100_000_000, s + i * 100_000_000 + 10_000_000, 200, 5, 0, null));
        metrics.Add(new RequestResult(1, 0, s, s + 2_000_000, s + 50_000_000, 503, 0, 0, "503 Service Unavailable"));
        metrics.Add(new RequestResult(1, 1, s, s, s, 0, 0, 0, RequestResult.DroppedError, Dropped: true));
        metrics.Complete();
        return metrics.Report(new AttackOutcome(s, Interrupted: false, Abandoned: 0), seed: 7);
    }

    [Fact]
    public void Report_Totals_FollowVegetaDefinitions()
    {
        var r = Sample();

        Assert.Equal(4, r.Requests);
        Assert.Equal(1, r.Dropped);
        Assert.Equal(3.0 / 5, r.Success, 9);
        // (4 − 1) sends over 200 ms between the first and last send.
        Assert.Equal(15, r.Rate, 6);
        // 3 successes over 200 ms + 10 ms wait.
        Assert.Equal(3 / 0.21, r.Throughput, 6);
        // The 503 was sent 2 ms late: 50 ms from its intended time, 48 ms from its actual send.
        Assert.Equal(50_000_000, r.Latencies.Max);
        Assert.Equal(48_000_000, r.ServiceTimes.Max);
        Assert.Equal(2_000_000, r.ScheduleLag.Max);
        Assert.Equal(2, r.Targets.Count);
        Assert.Equal(10, r.Targets[0].RequestedRate);
        Assert.Equal("poisson{5 req/s}", r.Targets[1].Arrival);
    }

    [Fact]
    public void Json_UsesVegetaFieldNamesInNanoseconds()
    {
        var json = new StringWriter();
        JsonReport.Write(Sample(), json);
        using var doc = JsonDocument.Parse(json.ToString());
        var root = doc.RootElement;

        foreach (var name in new[] { "requests", "rate", "throughput", "success", "latencies", "bytes_in", "bytes_out", "status_codes", "errors", "dropped", "schedule_lag", "targets", "seed" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }

        foreach (var name in new[] { "total", "mean", "50th", "90th", "95th", "99th", "max", "min" })
        {
            Assert.True(root.GetProperty("latencies").TryGetProperty(name, out _), name);
        }

        Assert.Equal(50_000_000, root.GetProperty("latencies").GetProperty("max").GetInt64());
        Assert.Equal(1, root.GetProperty("status_codes").GetProperty("503").GetInt64());
        var back = JsonReport.Read(json.ToString());
        Assert.Equal(Sample().Latencies, back.Latencies);
        Assert.Equal(Sample().StatusCodes, back.StatusCodes);
        Assert.Equal(Sample().Targets[1].Url, back.Targets[1].Url);
    }

    [Fact]
    public void Text_EveryFigureHasAUnit()
    {
        var text = new StringWriter();
        TextReport.Write(Sample(), text);
        var s = text.ToString();

        Assert.Contains("Requests      [total, rate, throughput]          4, 15.00/s, 14.29/s", s, StringComparison.Ordinal);
        Assert.Contains("Success       [ratio]                           60.00%", s, StringComparison.Ordinal);
        Assert.Contains("1 × 503 Service Unavailable", s, StringComparison.Ordinal);
        Assert.Contains("50ms", s, StringComparison.Ordinal);
        Assert.Contains("http://gw/b", s, StringComparison.Ordinal);
    }

    [Fact]
    public void LatencyDistribution_QuantilesWithinATenthOfAPercent()
    {
        var d = new LatencyDistribution();
        for (var i = 1; i <= 100_000; i++) d.Record(i * 1_000L);

        Assert.Equal(100_000, d.Count);
        Assert.Equal(1_000, d.Min);
        Assert.Equal(100_000_000, d.Max);
        Assert.InRange(d.Quantile(0.5), 50_000_000 * 0.999, 50_000_000 * 1.001);
        Assert.InRange(d.Quantile(0.99), 99_000_000 * 0.999, 99_000_000 * 1.001);
    }
}
