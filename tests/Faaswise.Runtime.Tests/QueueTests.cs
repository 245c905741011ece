using System.Diagnostics;

namespace Faaswise.Runtime.Tests;

public sealed class QueueTests
{
    [Fact]
    public async Task A_request_still_running_at_its_deadline_gets_408_not_before_it_and_the_runtime_keeps_serving()
    {
        // The run must outlast the 100 ms deadline by more than the deadline's timer (a pool thread) can be late on a
        // busy machine: 100 GFLOP on one thread take about 1.2 s on a 2-core AMD EPYC. With 20 GFLOP (0.22 s there) a
        // full ./test once got 200, which only a timer that fired after the run had ended explains.
        var model = TestModels.Write("deadline", Models.SyntheticModel.For(16_000_000, 100e9));
        await using var runtime = await RuntimeProcess.StartAsync("--model", model, "--threads", "1", "--timeout", "100ms", "--timeout-factor", "0");

        var clock = Stopwatch.StartNew();
        var (status, body) = await runtime.PostAsync("/", new ByteArrayContent([]));

        Assert.Equal(408, status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(100), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("Inference task timeout", body.GetProperty("error").GetString());
        Assert.True(body.GetProperty("elapsed_seconds").GetDouble() >= 0.1);
        Assert.Equal(200, (int)(await runtime.Data.GetAsync("/v2/health/live")).StatusCode);
        Assert.Contains("faaswise_runtime_requests_total{outcome=\"timed_out\"} 1", await runtime.Control.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_three_completions_a_request_predicted_to_miss_is_dropped_with_499_without_running()
    {
        // Three completions of at least 10 ms each times a factor of 10000 exceed the 10 s deadline, so the fourth is dropped.
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Slow, "--threads", "1", "--timeout", "10s", "--timeout-factor", "10000");

        for (var i = 0; i < 3; i++) Assert.Equal(200, (await runtime.PostAsync("/", new ByteArrayContent([]))).Status);
        var (status, body) = await runtime.PostAsync("/", new ByteArrayContent([]));

        Assert.Equal(499, status);
        Assert.StartsWith("Predicted timeout", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        var metrics = await runtime.Control.GetStringAsync("/metrics");
        Assert.Contains("faaswise_runtime_requests_total{outcome=\"dropped\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("faaswise_runtime_inference_seconds_count 3", metrics, StringComparison.Ordinal);
    }
}
