using System.Collections.Concurrent;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Tests.Webhook;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Microsoft.Extensions.Time.Testing;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>The small parts of the controller: the per-key work queue, the arrival meter, intents, decisions.csv.</summary>
public sealed class ControlPartsTests
{
    [Fact]
    public async Task PerKeyWork_KeepsEachKeysOrder_NeverRunsAKeyTwiceAtOnce_AndLosesNothing()
    {
        var work = new PerKeyWork<(string Key, int N)>();
        var seen = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var running = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        using var stop = new CancellationTokenSource();
        var workers = work.RunAsync(4, async (item, _) =>
        {
            if (running.AddOrUpdate(item.Key, 1, (_, v) => v + 1) > 1) Interlocked.Increment(ref overlaps);
            await Task.Yield();
            seen.GetOrAdd(item.Key, _ => new ConcurrentQueue<int>()).Enqueue(item.N);
            running.AddOrUpdate(item.Key, 0, (_, v) => v - 1);
        }, stop.Token);
        for (var n = 0; n < 200; n++) work.Add($"k{n % 5}", ($"k{n % 5}", n));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (work.Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        await stop.CancelAsync();
        await workers;

        Assert.Equal(0, overlaps);
        Assert.Equal(200, seen.Values.Sum(q => q.Count));
        Assert.All(seen.Values, q => Assert.Equal(q.Order(), q));
    }

    [Fact]
    public void ArrivalMeter_GivesTheTenSecondRate_TheLastSecondsIrate_AndTheCvOfTheSeries()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var meter = new ArrivalMeter(2, clock);
        for (var s = 0; s < 20; s++)
        {
            for (var i = 0; i < (s % 2 == 0 ? 10 : 30); i++) meter.Arrive(0);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var o = meter.Observe();

        // Seconds 11-19 and the first millisecond of 20, as the simulator counts at t = 20.
        Assert.Equal((5 * 30 + 4 * 10) / 9.001, o[0].Rate, 6);
        Assert.Equal((5 * 30 + 5 * 10) / 10.001, o[0].RateOver(11), 6);
        Assert.Equal(30, o[0].Irate);
        Assert.Equal(0.5, o[0].IrateCv, 6);
        Assert.Equal((0.0, 0.0, 0.0), (o[1].Rate, o[1].Irate, o[1].IrateCv));
        clock.Advance(TimeSpan.FromSeconds(700));
        Assert.Equal(0, meter.Observe()[0].Rate);
    }

    [Fact]
    public void ArrivalMeter_OnTheRunsClock_ReadsWhatTheSimulatorsHistoryReads_AtEveryControlTick_ForEveryWindow()
    {
        var random = new Random(7);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T00:00:00.4Z", System.Globalization.CultureInfo.InvariantCulture));
        var meter = new ArrivalMeter(1, clock, irateScrapeSeconds: 15);
        meter.Arrive(0);
        clock.Advance(TimeSpan.FromSeconds(3.3));
        var origin = clock.GetUtcNow();
        meter.Start(origin);
        var simulated = new ArrivalHistory();
        var t = 0.0;
        for (var tick = 1; tick <= 90; tick++)
        {
            // Bursty arrivals up to the tick, then the control loop reads just after the whole second.
            while ((t += random.NextDouble() < 0.2 ? 0.005 : random.NextDouble() * 0.3) < tick)
            {
                clock.SetUtcNow(origin + TimeSpan.FromSeconds(t));
                meter.Arrive(0);
                simulated.Add(t);
            }

            clock.SetUtcNow(origin + TimeSpan.FromSeconds(tick + 0.002));
            var live = meter.Observe()[0];
            var at = live.ObservedAt;
            Assert.Equal(tick + 0.002, at, 6);
            Assert.Equal(simulated.Rate(at, 10), live.Rate, 9);
            Assert.Equal(simulated.Rate(at, 5), live.RateOver(5), 9);
            Assert.Equal(simulated.Rate(at, 30), live.RateOver(30), 9);
            Assert.Equal(simulated.Irate(at, 600, 15), (live.Irate, live.IrateCv));
        }

        Assert.Equal(meter.Total(0) - 1, (long)Math.Round(simulated.Rate(90.002, 1000) * 90.002));
    }

    [Fact]
    public void Intents_RoundTripThroughTheAnnotation_AndTheBookGivesTheOldestOpenOne()
    {
        var world = Reviews.World();
        var bert = world.FunctionIndex("bert");
        var a = PlacementIntent.Of(world, Decision.Start(bert, 2, onGpu: false, ready: false, reserve: true, "a, with \"quotes\"", 4), "a", 100, 60);
        var b = PlacementIntent.Of(world, Decision.Start(bert, 0, onGpu: true, ready: true, reserve: false, "b"), "b", 101, 60);
        var text = PlacementIntent.Format([b, a]);
        var deployment = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "bert", ["annotations"] = new System.Text.Json.Nodes.JsonObject { [PodLabels.Intents] = text },
            },
        };
        var book = new IntentBook();
        book.Observe(deployment);

        Assert.Equal([b, a], PlacementIntent.Parse(text));
        Assert.Empty(PlacementIntent.Parse("not json"));
        Assert.Equal("a", book.Next("bert", 120, _ => false)!.Id);
        Assert.Equal("b", book.Next("bert", 120, id => id == "a")!.Id);
        Assert.Null(book.Next("bert", 170, _ => false));
        var decision = a.ToDecision(world, bert);
        Assert.Equal((2, false, true, 4), (decision.Gpu, decision.OnGpu, decision.Reserve, decision.Slot));
    }

    [Fact]
    public void OutcomeCsv_HasTheSimulatorsColumnsFirst_AndQuotesWhatNeedsIt()
    {
        var world = Reviews.World();
        var path = Path.GetTempFileName();
        try
        {
            using (var csv = new OutcomeCsv(path, world))
            {
                csv.Write(new DecisionOutcome(1.5, "control", "ready", "bert-1", world.FunctionIndex("bert"), 0, null, "qshuf autoscaler: rps 3, queue 0", 0.25, 1));
                csv.Write(new DecisionOutcome(2, "route", "load", "bert-1", world.FunctionIndex("bert"), 0, "not enough GPU memory: \"x\"", "lru", 0, 4));
            }

            var lines = File.ReadAllLines(path);
            Assert.StartsWith(Faaswise.Simulation.Output.DecisionsCsv.Header + ",", lines[0], StringComparison.Ordinal);
            Assert.Equal("1.500,control,ready,bert-1,bert,0,applied,,,qshuf autoscaler: rps 3, queue 0,0.250000,1".Replace("qshuf autoscaler: rps 3, queue 0", "\"qshuf autoscaler: rps 3, queue 0\"", StringComparison.Ordinal), lines[1]);
            Assert.Contains(",refused,\"not enough GPU memory: \"\"x\"\"\",", lines[2], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
