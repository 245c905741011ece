using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine;
using Faaswise.Load.Results;
using Faaswise.Load.Targets;
using Faaswise.Load.Tests.Testing;
using Faaswise.Testing;

namespace Faaswise.Load.Tests.Engine;

/// <summary>The engines against a real Kestrel server on loopback. Every test runs on both engines.</summary>
[Collection(TimingTests.Name)]
public sealed class AttackerTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public static TheoryData<EngineKind> Engines => [EngineKind.EventLoop, EngineKind.HttpClient];

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<(AttackReport Report, List<RequestResult> Results, AttackOutcome Outcome)> RunAsync(
        EngineKind engine, AttackTarget[] targets, AttackOptions options, CancellationToken stop = default)
    {
        var metrics = new AttackMetrics(targets);
        var collected = new CollectingSink();
        // A hung engine fails the test instead of stalling the run.
        var outcome = await new Attacker(options with { Engine = engine }).RunAsync(targets, ResultSinks.FanOut(metrics, collected), stop)
            .WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.True(collected.Completed);
        return (metrics.Report(outcome, options.Seed), collected.Results, outcome);
    }

    private AttackTarget Constant(string path, double rate) => new(Target.Get(_server.Url(path)), new ConstantArrivals(rate));

    [Fact]
    public async Task Run_WithARequestIdHeader_EachRequestCarriesItsOwnResultsTargetAndSeq()
    {
        var (_, results, _) = await RunAsync(EngineKind.HttpClient, [Constant("/echo", 100), Constant("/echo", 50)],
            new AttackOptions { Duration = TimeSpan.FromSeconds(0.2), RequestIdHeader = "X-Test" });

        Assert.Equal(30, results.Count);
        Assert.Equal(results.Select(r => RequestResult.IdOf(r.Target, r.Seq)).Order(StringComparer.Ordinal), _server.Echoes.Select(e => e.Header!).Order(StringComparer.Ordinal));
        Assert.Contains("1.9", _server.Echoes.Select(e => e.Header));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_ConstantRate_SendsExactlyTheScheduleAtTheRequestedRate(EngineKind engine)
    {
        // 400 req/s for 2 s: offsets 0, 2.5 ms, ..., 1997.5 ms = 800 sends.
        var (report, results, _) = await RunAsync(engine, [Constant("/ok", 400)], new AttackOptions { Duration = TimeSpan.FromSeconds(2) });

        Assert.Equal(800, report.Requests);
        Assert.Equal(800, _server.Hits("/ok"));
        // The schedule is exact whatever the machine is doing; the achieved rate can only fall behind it on a busy one.
        var first = results.Min(r => r.IntendedAt);
        Assert.All(results, r => Assert.InRange(((r.IntendedAt - first) * 1e9 / System.Diagnostics.Stopwatch.Frequency) - (r.Seq * 2_500_000d), -1_000, 1_000));
        Assert.InRange(report.Rate, 1, 400 * 1.01);
        Assert.Equal(1.0, report.Success);
        Assert.Equal(800, report.StatusCodes["200"]);
        Assert.Equal(2 * 800, report.BytesIn.Total);
        Assert.Equal(Enumerable.Range(0, 800).Select(i => (long)i), results.Select(r => r.Seq).Order());
        Assert.All(results, r => Assert.True(r.IntendedAt <= r.SentAt && r.SentAt <= r.CompletedAt));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_ErrorStatusesAndRefusedConnections_AreCountedAndReported(EngineKind engine)
    {
        var refused = new Uri($"http://127.0.0.1:{ClosedPort.Find()}/");
        AttackTarget[] targets =
        [
            Constant("/ok", 50),
            Constant("/status/503", 50),
            new(Target.Get(refused), new ConstantArrivals(50)),
        ];

        var (report, _, _) = await RunAsync(engine, targets, new AttackOptions { Duration = TimeSpan.FromMilliseconds(400) });

        // 50 req/s for 0.4 s = 20 per target.
        Assert.Equal(60, report.Requests);
        Assert.Equal(20.0 / 60, report.Success, 6);
        Assert.Equal(20, report.StatusCodes["200"]);
        Assert.Equal(20, report.StatusCodes["503"]);
        Assert.Equal(20, report.StatusCodes["0"]);
        Assert.Equal(20, report.ErrorCounts["503 Service Unavailable"]);
        Assert.Equal(20, report.ErrorCounts["socket: connection refused"]);
        Assert.Equal(3, report.Targets.Count);
        Assert.Equal(1.0, report.Targets[0].Success);
        Assert.Equal(0.0, report.Targets[2].Success);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_SlowServer_TimesOutAfterTheTimeout(EngineKind engine)
    {
        var (report, results, _) = await RunAsync(engine, [Constant("/sleep/3000", 20)],
            new AttackOptions { Duration = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(4, report.Requests);
        Assert.Equal(4, report.ErrorCounts["timeout after 300ms"]);
        // The timeout runs from the hand-over to the engine, at or after the intended time; .NET timers may
        // fire a millisecond early against the monotonic clock.
        Assert.All(results, r => Assert.InRange(r.Latency / 1e6, 295, 1000));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_InflightCapReached_DropsAndCountsInsteadOfDelaying(EngineKind engine)
    {
        // 100 req/s for 0.5 s = 50 sends to a 1 s endpoint with at most 5 in flight: 5 sent, 45 dropped.
        var (report, results, _) = await RunAsync(engine, [Constant("/sleep/1000", 100)],
            new AttackOptions { Duration = TimeSpan.FromMilliseconds(500), MaxInflight = 5 });

        Assert.Equal(5, report.Requests);
        Assert.Equal(45, report.Dropped);
        Assert.Equal(5.0 / 50, report.Success, 6);
        Assert.Equal(45, report.ErrorCounts[RequestResult.DroppedError]);
        Assert.All(results.Where(r => r.Dropped), r => Assert.Equal(0, r.StatusCode));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_ServerStallsOnce_IntendedTimeLatencyShowsItServiceTimeDoesNot(EngineKind engine)
    {
        // One connection, 100 req/s for 3 s; 1 s in, the server holds one request for 1 s. About 100 sends queue
        // behind it: measured from their intended send time they wait up to 1 s; their service time stays short.
        _server.ArmStall(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var (report, _, _) = await RunAsync(engine, [Constant("/stall", 100)],
            new AttackOptions { Duration = TimeSpan.FromSeconds(3), MaxConnections = 1 });

        Assert.Equal(300, report.Requests);
        Assert.True(report.Latencies.P90 > 300_000_000, $"intended-time p90 {report.Latencies.P90 / 1e6} ms should show the stall");
        Assert.True(report.Latencies.Max > 900_000_000, $"intended-time max {report.Latencies.Max / 1e6} ms");
        Assert.True(report.ServiceTimes.P90 < 100_000_000, $"service-time p90 {report.ServiceTimes.P90 / 1e6} ms should not");
        Assert.True(report.ServiceTimes.P99 < 100_000_000, $"service-time p99 {report.ServiceTimes.P99 / 1e6} ms should not");
        Assert.True(report.ScheduleLag.P90 > 300_000_000, "the wait for the connection is schedule lag");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_Trace_ReplaysEveryOffsetAtItsTime(EngineKind engine)
    {
        double[] offsets = [0, 0.05, 0.05, 0.1, 0.3, 0.31, 0.5];
        var (_, results, outcome) = await RunAsync(engine, [new(Target.Get(_server.Url("/ok")), new TraceArrivals(offsets))], new AttackOptions());

        Assert.Equal(offsets.Length, results.Count);
        Assert.Equal(offsets.Length, _server.Hits("/ok"));
        var intended = results.OrderBy(r => r.Seq).Select(r => (r.IntendedAt - outcome.StartedAt) / 1e9).ToArray();
        Assert.Equal(offsets, intended, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.All(results, r => Assert.InRange(r.Lag / 1e6, 0, 50));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_BodyAndHeaders_ReachTheServer(EngineKind engine)
    {
        var target = new Target("POST", _server.Url("/echo"), "hello body"u8.ToArray(), [new("X-Test", "yes"), new("Content-Type", "text/plain")]);
        var (report, _, _) = await RunAsync(engine, [new(target, new ConstantArrivals(20))], new AttackOptions { Duration = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(2, report.Requests);
        Assert.Equal(20, report.BytesOut.Total);
        Assert.Equal(20, report.BytesIn.Total);
        Assert.All(_server.Echoes, e => Assert.Equal(("POST", "hello body", "yes"), e));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_ChunkedResponses_CountDecodedBodyBytes(EngineKind engine)
    {
        var (report, _, _) = await RunAsync(engine, [Constant("/chunked/100000", 20)], new AttackOptions { Duration = TimeSpan.FromMilliseconds(200) });

        Assert.Equal(4, report.Requests);
        Assert.Equal(1.0, report.Success);
        Assert.Equal(400_000, report.BytesIn.Total);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_Stopped_ReportsWhatWasSentAndMarksItInterrupted(EngineKind engine)
    {
        using var stop = new CancellationTokenSource();
        AttackTarget[] targets = [Constant("/ok", 100)];
        var attacker = new Attacker(new AttackOptions { Engine = engine, Duration = TimeSpan.FromSeconds(30) });
        var metrics = new AttackMetrics(targets);
        var run = attacker.RunAsync(targets, metrics, stop.Token);
        while (attacker.Sent < 20) await Task.Delay(10);
        await stop.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));
        var report = metrics.Report(outcome, 0);

        Assert.True(outcome.Interrupted);
        Assert.True(report.Interrupted);
        Assert.InRange(report.Requests, 20, 40);
        Assert.Equal(1.0, report.Success);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_StoppedWhileDraining_AbandonsAfterTheGrace(EngineKind engine)
    {
        // Two sends in the first 200 ms to a 5 s endpoint; the stop comes once both are in flight and the
        // schedule has ended (the engine's warm-up comes first, so wait on what was sent, not on the clock).
        using var stop = new CancellationTokenSource();
        AttackTarget[] targets = [Constant("/sleep/5000", 10)];
        var attacker = new Attacker(new AttackOptions { Engine = engine, Duration = TimeSpan.FromMilliseconds(200), InterruptGrace = TimeSpan.FromMilliseconds(300) });
        var metrics = new AttackMetrics(targets);
        var run = attacker.RunAsync(targets, metrics, stop.Token);
        while (attacker.Sent < 2 || attacker.Elapsed <= TimeSpan.FromMilliseconds(200)) await Task.Delay(20);
        await stop.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(3));
        var report = metrics.Report(outcome, 0);

        Assert.True(outcome.Interrupted);
        Assert.Equal(2, outcome.Abandoned);
        Assert.Equal(2, report.ErrorCounts[RequestResult.AbandonedError]);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Run_ScheduleFarBeyondTheEngine_EndsSoonAfterItsDurationCountingWhatItDidNotSend(EngineKind engine)
    {
        // 2,000,000 req/s for 100 ms = 200,000 planned sends, far more than loopback can take.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (report, _, _) = await RunAsync(engine, [Constant("/ok", 2_000_000)],
            new AttackOptions { Duration = TimeSpan.FromMilliseconds(100), MaxInflight = 2_000 });
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.Equal(200_000, report.Requests + report.Dropped);
        // Unsent sends are counted: refused by the in-flight cap, or still unsent when the schedule ended.
        Assert.Equal(report.Dropped,
            report.ErrorCounts.GetValueOrDefault(RequestResult.DroppedError) + report.ErrorCounts.GetValueOrDefault(RequestResult.BehindScheduleError));
        Assert.True(report.Dropped > 0);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void End_IsTheDurationOrTheEndOfTheTraces()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), SchedulePlan.End([new ConstantArrivals(1)], TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(2), SchedulePlan.End([new TraceArrivals([0, 1]), new TraceArrivals([2])], null));
        Assert.Null(SchedulePlan.End([new TraceArrivals([0, 1]), new PoissonArrivals(1)], null));
    }

    [Fact]
    public void EngineFor_Https_UsesHttpClient()
    {
        AttackTarget[] targets = [new(Target.Get(new Uri("https://127.0.0.1/")), new ConstantArrivals(1))];

        Assert.Equal(EngineKind.HttpClient, new Attacker(new AttackOptions()).EngineFor(targets));
        Assert.Throws<ArgumentException>(() => new Attacker(new AttackOptions { Engine = EngineKind.EventLoop }).EngineFor(targets));
    }

    [Fact]
    public void Attacker_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Attacker(new AttackOptions { MaxInflight = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Attacker(new AttackOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Attacker(new AttackOptions { MaxConnections = 0 }));
    }
}
