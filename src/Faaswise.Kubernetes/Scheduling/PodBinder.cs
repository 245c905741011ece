using System.Net;
using Faaswise.Kubernetes.Control;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Faaswise.Kubernetes.Scheduling;

/// <summary>
/// The scheduler for pods with our schedulerName (reference/kubernetes-and-runtime.md §3): filter and score
/// (<see cref="NodeFit"/>), bind through <c>pods/binding</c> with the pod's UID as precondition, count the pod on its
/// node before the bind returns (the assume cache) until the informer shows it bound, and when nothing fits write a
/// FailedScheduling Event and the PodScheduled=False condition, then try again with backoff (1 s doubling to 10 s).
/// 409 "already assigned" and 404 are dropped: someone else bound it, or it is gone.
/// </summary>
public sealed partial class PodBinder(IKubernetes client, LiveCluster cluster, Func<IReadOnlyList<NodeCapacity>> nodes, string ns, string schedulerName, string identity, ILogger log)
{
    private static readonly TimeSpan AssumeFor = TimeSpan.FromSeconds(30);
    private readonly KubeEvents _events = new(client, ns, schedulerName, identity);
    private readonly Dictionary<string, (string Node, DateTimeOffset Expires)> _assumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Next, TimeSpan Delay)> _backoff = new(StringComparer.Ordinal);
    private long _bound;
    private long _unschedulable;

    /// <summary>Each scheduling attempt's result: scheduled or unschedulable.</summary>
    public event Action<string>? Attempted;

    /// <summary>Pods bound so far.</summary>
    public long Bound => Interlocked.Read(ref _bound);

    /// <summary>Scheduling attempts that found no node.</summary>
    public long Unschedulable => Interlocked.Read(ref _unschedulable);

    /// <summary>One pass over the pods waiting for this scheduler; returns how many it bound.</summary>
    public async Task<int> PassAsync(CancellationToken cancellation)
    {
        var now = DateTimeOffset.UtcNow;
        var pods = cluster.Pods;
        foreach (var gone in _assumed.Where(a => a.Value.Expires <= now || pods.Any(p => p.Name == a.Key && p.Node is not null) || pods.All(p => p.Name != a.Key)).Select(a => a.Key).ToList())
        {
            _assumed.Remove(gone);
        }

        var binds = 0;
        var capacity = nodes();
        foreach (var pod in pods.Where(p => p.Scheduler == schedulerName && p.Node is null && !p.Deleting && !_assumed.ContainsKey(p.Name)).OrderBy(p => p.Created))
        {
            if (_backoff.TryGetValue(pod.Name, out var b) && b.Next > now) continue;
            var bound = pods.Select(p => _assumed.TryGetValue(p.Name, out var a) ? p with { Node = a.Node } : p).Where(p => p.Node is not null).ToList();
            var filtered = NodeFit.Filter(cluster.World, pod, capacity, bound);
            var fitting = capacity.Where(n => filtered[n.Name] is null).ToList();
            if (fitting.Count == 0)
            {
                Interlocked.Increment(ref _unschedulable);
                Attempted?.Invoke("unschedulable");
                var delay = b.Delay == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(b.Delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                _backoff[pod.Name] = (now + delay, delay);
                await FailedAsync(pod, capacity.Count == 0 ? "0/0 nodes are available." : NodeFit.Summary(filtered), cancellation).ConfigureAwait(false);
                continue;
            }

            var scores = NodeFit.Score(pod, fitting, bound);
            var node = fitting.OrderByDescending(n => scores[n.Name]).ThenBy(n => n.Name, StringComparer.Ordinal).First().Name;
            _assumed[pod.Name] = (node, now + AssumeFor);
            if (await BindAsync(pod, node, cancellation).ConfigureAwait(false))
            {
                binds++;
                _backoff.Remove(pod.Name);
            }
            else
            {
                _assumed.Remove(pod.Name);
            }
        }

        return binds;
    }

    private async Task<bool> BindAsync(FunctionPod pod, string node, CancellationToken cancellation)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Name, NamespaceProperty = ns, Uid = pod.Uid },
            Target = new V1ObjectReference { Kind = "Node", ApiVersion = "v1", Name = node },
        };
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            await client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Name, ns, cancellationToken: limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            LogDropped(log, pod.Name, "the binding did not answer within 30 s; trying again");
            return false;
        }
        catch (HttpOperationException e)
        {
            // 409 "already assigned" (someone else bound it), 409 precondition or 404 (replaced or gone): dropped; others are tried again.
            LogDropped(log, pod.Name, e.Response.Content ?? e.Message);
            return false;
        }

        Interlocked.Increment(ref _bound);
        Attempted?.Invoke("scheduled");
        LogBound(log, pod.Name, node);
        await EventAsync(pod, "Normal", "Scheduled", "Binding", $"Successfully assigned {ns}/{pod.Name} to {node}", cancellation).ConfigureAwait(false);
        return true;
    }

    private async Task FailedAsync(FunctionPod pod, string message, CancellationToken cancellation)
    {
        LogUnschedulable(log, pod.Name, message);
        await EventAsync(pod, "Warning", "FailedScheduling", "Scheduling", message, cancellation).ConfigureAwait(false);
        var status = new
        {
            status = new
            {
                conditions = new[] { new { type = "PodScheduled", status = "False", reason = "Unschedulable", message, lastTransitionTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) } },
            },
        };
        try
        {
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.StrategicMergePatch), pod.Name, ns, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            LogDropped(log, pod.Name, e.Response.Content ?? e.Message);
        }
    }

    private async Task EventAsync(FunctionPod pod, string type, string reason, string action, string note, CancellationToken cancellation)
    {
        try
        {
            await _events.WriteAsync("Pod", pod.Name, pod.Uid, type, reason, action, note, cancellation).ConfigureAwait(false);
        }
        catch (HttpOperationException x)
        {
            LogDropped(log, pod.Name, "event not written: " + x.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "bound {Pod} to {Node}")]
    private static partial void LogBound(ILogger log, string pod, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Pod}: {Message}")]
    private static partial void LogUnschedulable(ILogger log, string pod, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Pod}: {Message}")]
    private static partial void LogDropped(ILogger log, string pod, string message);
}
