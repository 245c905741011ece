using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Faaswise.Kubernetes.Informers;

/// <summary>
/// Keeps a view of one kind of object, as client-go's informers do (KubernetesClient has none): list, then watch from
/// the list's resourceVersion with bookmarks, and relist on 410 Expired or a dropped connection, backing off from
/// 0.2 s to 5 s (YARP's ResourceInformer). Objects arrive as their API JSON, so every consumer reads them one way.
/// </summary>
public sealed class Informer(InformerSource source, Action<IReadOnlyList<JsonObject>> reset, Action<JsonObject> changed, Action<JsonObject> deleted)
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lists;

    /// <summary>Completes after the first list.</summary>
    public Task Synced => _synced.Task;

    /// <summary>Lists made (1 plus the relists).</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>What it watches.</summary>
    public string Describe => source.Describe;

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                var (items, resourceVersion) = await source.List(cancellation).ConfigureAwait(false);
                Interlocked.Increment(ref _lists);
                reset(items);
                _synced.TrySetResult();
                backoff = TimeSpan.FromMilliseconds(200);
                await WatchAsync(resourceVersion, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or KubernetesException or IOException or OperationCanceledException)
            {
                try
                {
                    await Task.Delay(backoff, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task WatchAsync(string resourceVersion, CancellationToken cancellation)
    {
        Exception? failure = null;
        await foreach (var (type, item) in source.Watch(resourceVersion, e => failure = e, cancellation).ConfigureAwait(false))
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    changed(item);
                    break;
                case WatchEventType.Deleted:
                    deleted(item);
                    break;
            }
        }

        if (failure is not null) throw failure is KubernetesException or IOException ? failure : new IOException(failure.Message, failure);
    }
}
