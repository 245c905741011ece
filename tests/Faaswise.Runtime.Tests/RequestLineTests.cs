using Faaswise.Runtime.Engine;

namespace Faaswise.Runtime.Tests;

public sealed class RequestLineTests
{
    [Fact]
    public async Task Requests_run_in_arrival_order_and_never_two_at_once_with_one_worker()
    {
        var order = new List<int>();
        var running = 0;
        var most = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var line = new RequestLine<int, int>(async (i, _) =>
        {
            most = Math.Max(most, Interlocked.Increment(ref running));
            lock (order) order.Add(i);
            await gate.Task;
            Interlocked.Decrement(ref running);
            return i;
        }, new QueueOptions { Workers = 1, Timeout = TimeSpan.FromMinutes(5), TimeoutFactor = 0 });

        var first = line.SubmitAsync(0, CancellationToken.None);
        while (order.Count == 0) await Task.Yield();
        var rest = Enumerable.Range(1, 9).Select(i => line.SubmitAsync(i, CancellationToken.None)).ToArray();
        while (line.Length < 9) await Task.Yield();
        gate.SetResult();
        var results = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(Enumerable.Range(0, 10), order);
        Assert.Equal(1, most);
        Assert.All(results, r => Assert.Equal(QueueOutcome.Completed, r.Outcome));
        Assert.Equal(Enumerable.Range(0, 10), results.Select(r => r.Value));
    }

    [Fact]
    public async Task A_request_whose_client_went_away_is_skipped_and_never_runs()
    {
        var ran = new List<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var line = new RequestLine<int, int>(async (i, _) =>
        {
            lock (ran) ran.Add(i);
            if (i == 0) await gate.Task;
            return i;
        }, new QueueOptions { Timeout = TimeSpan.FromMinutes(5), TimeoutFactor = 0 });

        var first = line.SubmitAsync(0, CancellationToken.None);
        while (ran.Count == 0) await Task.Yield();
        using var gone = new CancellationTokenSource();
        var abandoned = line.SubmitAsync(1, gone.Token);
        var third = line.SubmitAsync(2, CancellationToken.None);
        await gone.CancelAsync();
        Assert.Equal(QueueOutcome.Cancelled, (await abandoned).Outcome);
        gate.SetResult();

        Assert.Equal(QueueOutcome.Completed, (await first).Outcome);
        Assert.Equal(QueueOutcome.Completed, (await third).Outcome);
        Assert.Equal([0, 2], ran);
    }

    [Fact]
    public async Task A_failing_model_gives_a_failed_outcome_with_its_message_and_the_next_request_runs()
    {
        await using var line = new RequestLine<int, int>((i, _) => i == 0 ? throw new InvalidOperationException("boom") : Task.FromResult(i),
            new QueueOptions { Timeout = TimeSpan.FromMinutes(5) });

        var failed = await line.SubmitAsync(0, CancellationToken.None);
        var next = await line.SubmitAsync(1, CancellationToken.None);

        Assert.Equal((QueueOutcome.Failed, "boom"), (failed.Outcome, failed.Error));
        Assert.Equal((QueueOutcome.Completed, 1), (next.Outcome, next.Value));
    }

    [Fact]
    public async Task A_deadline_terminates_a_running_request_through_its_token()
    {
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var line = new RequestLine<int, int>(async (_, token) =>
        {
            using var registration = token.Register(terminated.SetResult);
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }, new QueueOptions { Timeout = TimeSpan.FromMilliseconds(50), TimeoutFactor = 0 });

        var result = await line.SubmitAsync(0, CancellationToken.None);

        Assert.Equal(QueueOutcome.TimedOut, result.Outcome);
        await terminated.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
