using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;

namespace Faaswise.Kubernetes.Informers;

/// <summary>How an <see cref="Informer"/> lists and watches one kind: pods, deployments or nodes, as JSON.</summary>
public sealed class InformerSource
{
    private InformerSource(string describe, Func<CancellationToken, Task<(IReadOnlyList<JsonObject>, string)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, JsonObject)>> watch)
    {
        Describe = describe;
        List = list;
        Watch = watch;
    }

    /// <summary>What it watches, for logs.</summary>
    public string Describe { get; }

    /// <summary>A full list and its resourceVersion.</summary>
    public Func<CancellationToken, Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)>> List { get; }

    /// <summary>A watch from a resourceVersion; errors go to the callback and end the stream.</summary>
    public Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, JsonObject)>> Watch { get; }

    /// <summary>Pods of a namespace, optionally by label selector.</summary>
    public static InformerSource Pods(IKubernetes client, string ns, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new InformerSource($"pods in {ns}" + (labelSelector is null ? "" : $" ({labelSelector})"),
            async c =>
            {
                var list = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: c).ConfigureAwait(false);
                return (list.Items.Select(Json).ToList(), list.Metadata.ResourceVersion);
            },
            (rv, error, c) => Each(client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: rv,
                timeoutSeconds: 300, onError: error, cancellationToken: c), c));
    }

    /// <summary>Deployments of a namespace.</summary>
    public static InformerSource Deployments(IKubernetes client, string ns)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new InformerSource($"deployments in {ns}",
            async c =>
            {
                var list = await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: c).ConfigureAwait(false);
                return (list.Items.Select(Json).ToList(), list.Metadata.ResourceVersion);
            },
            (rv, error, c) => Each(client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: 300, onError: error, cancellationToken: c), c));
    }

    /// <summary>Nodes.</summary>
    public static InformerSource Nodes(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new InformerSource("nodes",
            async c =>
            {
                var list = await client.CoreV1.ListNodeAsync(cancellationToken: c).ConfigureAwait(false);
                return (list.Items.Select(Json).ToList(), list.Metadata.ResourceVersion);
            },
            (rv, error, c) => Each(client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: 300, onError: error, cancellationToken: c), c));
    }

    private static async IAsyncEnumerable<(WatchEventType, JsonObject)> Each<T>(IAsyncEnumerable<(WatchEventType, T)> events, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await foreach (var (type, item) in events.WithCancellation(cancellation).ConfigureAwait(false))
        {
            if (type is WatchEventType.Bookmark or WatchEventType.Error) continue;
            yield return (type, Json(item));
        }
    }

    private static JsonObject Json<T>(T item) => JsonNode.Parse(KubernetesJson.Serialize(item)) as JsonObject ?? [];
}
