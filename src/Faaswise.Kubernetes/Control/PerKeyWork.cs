using System.Threading.Channels;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// A work queue that keeps the items of one key in order and never works on a key twice at once (client-go's
/// workqueue, YARP's WorkQueue): items of different keys run side by side, at most <c>workers</c> at a time. An item
/// may first wait for something outside the queue (its turn on a GPU); it waits without holding a worker, so items
/// that wait on one another in the order they were added cannot starve the workers.
/// </summary>
public sealed class PerKeyWork<T>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<T>> _waiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _scheduled = new(StringComparer.Ordinal);
    private readonly Channel<string> _keys = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = true });
    private int _count;

    /// <summary>Items waiting or being worked on.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds an item behind the key's others.</summary>
    public void Add(string key, T item)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(key, out var queue)) _waiting[key] = queue = new Queue<T>();
            queue.Enqueue(item);
            _count++;
            if (_scheduled.Add(key)) _keys.Writer.TryWrite(key);
        }
    }

    /// <summary>Runs <paramref name="work"/> on at most <paramref name="workers"/> items at once until cancelled; an item's exception is the work's to handle.</summary>
    public Task RunAsync(int workers, Func<T, CancellationToken, Task> work, CancellationToken cancellation) =>
        RunAsync(workers, static (_, _) => Task.CompletedTask, work, cancellation);

    /// <summary>
    /// As <see cref="RunAsync(int, Func{T, CancellationToken, Task}, CancellationToken)"/>, each item first awaiting
    /// <paramref name="turn"/> (its key held, no worker taken).
    /// </summary>
    public async Task RunAsync(int workers, Func<T, CancellationToken, Task> turn, Func<T, CancellationToken, Task> work, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using var slots = new SemaphoreSlim(workers, workers);
        var running = new HashSet<Task>();
        try
        {
            while (await _keys.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                if (!_keys.Reader.TryRead(out var key)) continue;
                T item;
                lock (_gate) item = _waiting[key].Dequeue();
                var task = OneAsync(key, item, slots, turn, work, cancellation);
                lock (running) running.Add(task);
                _ = task.ContinueWith(t => { lock (running) running.Remove(t); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }

        Task[] left;
        lock (running) left = [.. running];
        await Task.WhenAll(left).ConfigureAwait(false);
    }

    private async Task OneAsync(string key, T item, SemaphoreSlim slots, Func<T, CancellationToken, Task> turn, Func<T, CancellationToken, Task> work, CancellationToken cancellation)
    {
        await Task.Yield();
        var held = false;
        try
        {
            await turn(item, cancellation).ConfigureAwait(false);
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            held = true;
            await work(item, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            if (held) slots.Release();
            lock (_gate)
            {
                _count--;
                if (_waiting[key].Count > 0) _keys.Writer.TryWrite(key);
                else
                {
                    _waiting.Remove(key);
                    _scheduled.Remove(key);
                }
            }
        }
    }
}
