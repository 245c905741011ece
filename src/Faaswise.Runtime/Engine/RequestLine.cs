using System.Threading.Channels;

namespace Faaswise.Runtime.Engine;

/// <summary>
/// One FIFO queue served by a fixed number of workers, as QShuf's runtime does: a request waits at most its deadline
/// (then 408, and a run in progress is terminated); a worker drops a request whose remaining time is below the mean of
/// the last request times times the timeout factor (499) without running it; a request whose client went away is
/// skipped.
/// </summary>
public sealed class RequestLine<TIn, TOut> : IAsyncDisposable
{
    // Synchronous continuations: a write wakes the waiting worker itself, not through a pool thread that then wakes it
    // (queue time at 1 in flight 0.02 ms instead of 0.03-0.05 ms). The only readers are the workers below.
    private readonly Channel<Item> channel = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = false, AllowSynchronousContinuations = true });
    private readonly Func<TIn, CancellationToken, Task<TOut>> run;
    private readonly QueueOptions options;
    private readonly TimeProvider clock;
    private readonly Queue<double> recent = new();
    private readonly Task[] workers;
    private readonly CancellationTokenSource stopping = new();
    private int length;

    /// <summary>Starts the workers.</summary>
    public RequestLine(Func<TIn, CancellationToken, Task<TOut>> run, QueueOptions options, TimeProvider? clock = null)
    {
        this.run = run ?? throw new ArgumentNullException(nameof(run));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.clock = clock ?? TimeProvider.System;
        workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(StartWorker).ToArray();
    }

    /// <summary>Requests queued and not yet started.</summary>
    public int Length => Volatile.Read(ref length);

    /// <summary>Called when a request ends, with its result (for metrics).</summary>
    public event Action<QueueResult<TOut>>? Ended;

    /// <summary>Queues a request and waits for its end, its deadline or the client going away.</summary>
    public async Task<QueueResult<TOut>> SubmitAsync(TIn input, CancellationToken clientGone)
    {
        var item = new Item(input, Now());
        Interlocked.Increment(ref length);
        if (!channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref length);
            return End(item.Finish(QueueOutcome.Failed, default, "the runtime is shutting down", Now()));
        }

        try
        {
            return End(await WithinDeadlineAsync(item, clientGone).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            item.Abandon();
            return End(item.Finish(QueueOutcome.TimedOut, default, $"inference task timeout ({options.Timeout.TotalSeconds:0.###} s)", Now()));
        }
        catch (OperationCanceledException)
        {
            item.Abandon();
            return End(item.Finish(QueueOutcome.Cancelled, default, "the client went away", Now()));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
        while (channel.Reader.TryRead(out var item)) item.Finish(QueueOutcome.Failed, default, "the runtime is shutting down", Now());
        stopping.Dispose();
    }

    /// <summary>
    /// The request's result, or <see cref="TimeoutException"/> once its deadline has passed by <see cref="Now"/>. Timers
    /// run on a coarse clock (4 ms on Linux) and can end a wait a little early; the rest is waited out, so no request
    /// gets 408 before its deadline.
    /// </summary>
    private async Task<QueueResult<TOut>> WithinDeadlineAsync(Item item, CancellationToken clientGone)
    {
        while (true)
        {
            var left = options.Timeout - TimeSpan.FromSeconds(Now() - item.EnqueuedAt);
            if (left <= TimeSpan.Zero) throw new TimeoutException();
            try
            {
                return await item.Result.Task.WaitAsync(left, clock, clientGone).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private QueueResult<TOut> End(QueueResult<TOut> result)
    {
        Ended?.Invoke(result);
        return result;
    }

    /// <summary>
    /// Each worker is a thread of its own that runs its requests itself. ONNX Runtime's calling thread takes part in a
    /// run; when it was whichever pool thread the queue's continuation landed on, p99 latency was 30-40 % higher
    /// (docs/benchmarks.md, "Inference runtime").
    /// </summary>
    private Task StartWorker(int index)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Work();
                ended.SetResult();
            }
            catch (Exception e)
            {
                ended.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"inference worker {index}",
        };
        thread.Start();
        return ended.Task;
    }

    private void Work()
    {
        try
        {
            while (channel.Reader.WaitToReadAsync(stopping.Token).AsTask().GetAwaiter().GetResult())
            {
                if (!channel.Reader.TryRead(out var item)) continue;
                Interlocked.Decrement(ref length);
                if (item.Abandoned) continue;
                var remaining = options.Timeout.TotalSeconds - (Now() - item.EnqueuedAt);
                if (PredictedMiss(remaining))
                {
                    item.Finish(QueueOutcome.Dropped, default, $"predicted timeout: {remaining:0.###} s left, recent requests took {Mean():0.###} s", Now());
                    continue;
                }

                if (!item.Start(Now())) continue;
                try
                {
                    var value = run(item.Input, item.Cancellation.Token).GetAwaiter().GetResult();
                    var ended = Now();
                    Remember(ended - item.EnqueuedAt);
                    item.Finish(QueueOutcome.Completed, value, null, ended);
                }
                catch (OperationCanceledException) when (item.Abandoned)
                {
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    item.Finish(QueueOutcome.Failed, default, e.Message, Now());
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private bool PredictedMiss(double remaining)
    {
        if (options.TimeoutFactor <= 0) return false;
        lock (recent) return recent.Count >= options.DropWindow && remaining < recent.Average() * options.TimeoutFactor;
    }

    private double Mean()
    {
        lock (recent) return recent.Count == 0 ? 0 : recent.Average();
    }

    private void Remember(double seconds)
    {
        lock (recent)
        {
            recent.Enqueue(seconds);
            while (recent.Count > options.DropWindow) recent.Dequeue();
        }
    }

    private double Now() => (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    private sealed class Item(TIn input, double enqueuedAt)
    {
        private int state; // 0 queued, 1 running, 2 finished
        private double startedAt;

        public TIn Input { get; } = input;

        public double EnqueuedAt { get; } = enqueuedAt;

        // Continuations run on the thread that finishes the item: the worker writes the answer itself rather than wake a
        // parked pool thread to do it (bench/runtime: p50 overhead at 1 in flight about 1 point lower).
        public TaskCompletionSource<QueueResult<TOut>> Result { get; } = new();

        public CancellationTokenSource Cancellation { get; } = new();

        public bool Abandoned => Cancellation.IsCancellationRequested;

        public bool Start(double now)
        {
            startedAt = now;
            return Interlocked.CompareExchange(ref state, 1, 0) == 0;
        }

        public void Abandon() => Cancellation.Cancel();

        public QueueResult<TOut> Finish(QueueOutcome outcome, TOut? value, string? error, double now)
        {
            var result = new QueueResult<TOut>(outcome, value, error, EnqueuedAt, startedAt, now);
            if (Interlocked.Exchange(ref state, 2) != 2) Result.TrySetResult(result);
            return result;
        }
    }
}
