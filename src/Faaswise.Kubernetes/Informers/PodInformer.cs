using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Faaswise.Kubernetes.Informers;

/// <summary>
/// Keeps a view of a namespace's pods, as client-go's informers do (KubernetesClient has none): list, then watch
/// from the list's resourceVersion with bookmarks, and relist on 410 Expired or a dropped connection, backing off
/// from 0.2 s to 5 s. Each pod arrives as its API JSON, so consumers share one reading of it with the test cluster.
/// </summary>
public sealed class PodInformer(IKubernetes client, string ns, string? labelSelector, Action<IReadOnlyList<JsonObject>> reset, Action<JsonObject> changed, Action<string> deleted)
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first list.</summary>
    public Task Synced => _synced.Task;

    /// <summary>Lists made (1 plus the relists).</summary>
    public int Lists { get; private set; }

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                var list = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: cancellation).ConfigureAwait(false);
                Lists++;
                reset(list.Items.Select(ToJson).ToList());
                _synced.TrySetResult();
                backoff = TimeSpan.FromMilliseconds(200);
                await WatchAsync(list.Metadata.ResourceVersion, cancellation).ConfigureAwait(false);
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
        var rv = resourceVersion;
        await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv,
                           timeoutSeconds: 300, onError: e => failure = e, cancellationToken: cancellation).ConfigureAwait(false))
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    changed(ToJson(pod));
                    break;
                case WatchEventType.Deleted:
                    deleted(pod.Metadata.Name);
                    break;
            }
        }

        if (failure is not null) throw failure is KubernetesException or IOException ? failure : new IOException(failure.Message, failure);
    }

    private static JsonObject ToJson(V1Pod pod) => JsonNode.Parse(KubernetesJson.Serialize(pod)) as JsonObject ?? [];
}
