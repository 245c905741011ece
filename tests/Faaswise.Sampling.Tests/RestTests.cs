using Faaswise.Metrics;
using Faaswise.Sampling.Running;
using Faaswise.Testing;

namespace Faaswise.Sampling.Tests;

public class RestTests
{
    private static readonly NodeUsage Idle = new(10, 1e9, 20, double.NaN);

    [Fact]
    public async Task Waits_for_the_node_to_decay_to_idle_in_5_s_polls()
    {
        var clock = new WatchedClock(DateTimeOffset.UnixEpoch);
        var metrics = new FakeMetrics(clock, busyPolls: 3);
        var platform = new FakePlatform();

        var rest = Rest.WaitAsync(new RestOptions(), Idle, metrics, platform, ["a"], clock, CancellationToken.None);
        while (!rest.IsCompleted)
        {
            await clock.WaitedOnAsync(rest);
            if (!rest.IsCompleted) clock.Advance(TimeSpan.FromSeconds(5));
        }

        var (_, seconds) = await rest;
        Assert.Equal(15, seconds);
    }

    [Fact]
    public async Task Without_rest_the_idle_reading_is_the_runs_baseline_not_the_tail_of_the_last_attack()
    {
        var clock = new WatchedClock(DateTimeOffset.UnixEpoch);
        var metrics = new FakeMetrics(clock, busyPolls: 3); // the node is still busy from the previous attack

        var (idle, seconds) = await Rest.WaitAsync(new RestOptions { Enabled = false }, Idle, metrics, new FakePlatform(), ["a"], clock, CancellationToken.None);

        Assert.Equal(Idle, idle);
        Assert.Equal(0, seconds);
    }

    [Fact]
    public async Task Gives_up_after_300_s()
    {
        var clock = new WatchedClock(DateTimeOffset.UnixEpoch);
        var metrics = new FakeMetrics(clock, busyPolls: int.MaxValue);

        var rest = Rest.WaitAsync(new RestOptions(), Idle, metrics, new FakePlatform(), ["a"], clock, CancellationToken.None);
        while (!rest.IsCompleted)
        {
            await clock.WaitedOnAsync(rest);
            if (!rest.IsCompleted) clock.Advance(TimeSpan.FromSeconds(5));
        }

        var error = await Assert.ThrowsAsync<RestTimeoutException>(() => rest);
        Assert.Contains("rest timed out after 300 s", error.Message, StringComparison.Ordinal);
        Assert.InRange((clock.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds, 295, 305);
    }

    [Fact]
    public async Task Waits_for_replicas_to_drop_below_two()
    {
        var clock = new WatchedClock(DateTimeOffset.UnixEpoch);
        var platform = new FakePlatform { Replicas = 3, ScaleDownAfterCalls = 2 };

        var rest = Rest.WaitAsync(new RestOptions(), Idle, new FakeMetrics(clock, 0), platform, ["a"], clock, CancellationToken.None);
        while (!rest.IsCompleted)
        {
            await clock.WaitedOnAsync(rest);
            if (!rest.IsCompleted) clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(10, (await rest).Seconds);
    }
}
