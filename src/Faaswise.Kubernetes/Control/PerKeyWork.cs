using System.Threading.Channels;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// A work queue that keeps the items of one key in order and never works on a key twice at once (client-go's
/// workqueue, YARP's WorkQueue): items of different keys run side by side on the workers.
/// </summary>
public sealed class PerKeyWork<T>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<T>> _waiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _scheduled = new(StringComparer.Ordinal);
    private readonly Channel<string> _keys = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
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

    /// <summary>Runs <paramref name="work"/> on <paramref name="workers"/> workers until cancelled; an item's exception is the work's to handle.</summary>
    public Task RunAsync(int workers, Func<T, CancellationToken, Task> work, CancellationToken cancellation) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(work, cancellation), CancellationToken.None)));

    private async Task WorkAsync(Func<T, CancellationToken, Task> work, CancellationToken cancellation)
    {
        try
        {
            while (await _keys.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                if (!_keys.Reader.TryRead(out var key)) continue;
                T item;
                lock (_gate) item = _waiting[key].Dequeue();
                try
                {
                    await work(item, cancellation).ConfigureAwait(false);
                }
                finally
                {
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
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
