using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Kubelet;

/// <summary>
/// A kubelet stand-in for one node: runs every pod bound to it (<see cref="PodRun"/>), and finishes deletions: a
/// pod with a deletionTimestamp gets SIGTERM, then SIGKILL after its grace period, then is removed from the API.
/// </summary>
public sealed class NodeAgent(string node, ObjectStore store, KubeletOptions options, TimeProvider clock) : IAsyncDisposable
{
    private readonly Dictionary<string, PodRun> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopping = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The node's name.</summary>
    public string Node { get; } = node;

    /// <summary>The run of a pod by uid, or null.</summary>
    public PodRun? Run(string uid)
    {
        lock (_gate) return _runs.GetValueOrDefault(uid);
    }

    /// <summary>One pass over the pods bound to this node.</summary>
    public void Reconcile()
    {
        var pods = store.List(ResourceType.Pods, null).Items.Where(p => PodFacts.Node(p) == Node).ToList();
        lock (_gate)
        {
            foreach (var pod in pods)
            {
                var uid = Metadata.Uid(pod);
                if (Metadata.Deleting(pod))
                {
                    if (_stopping.Add(uid)) _ = FinishDeletionAsync(pod, _runs.GetValueOrDefault(uid));
                    continue;
                }

                if (_runs.ContainsKey(uid)) continue;
                var run = new PodRun(pod, store, options, clock);
                _runs[uid] = run;
                run.Start(pod);
            }

            var alive = pods.Select(Metadata.Uid).ToHashSet(StringComparer.Ordinal);
            foreach (var (uid, run) in _runs.Where(r => !alive.Contains(r.Key)).ToList())
            {
                _runs.Remove(uid);
                _ = run.DisposeAsync().AsTask();
            }
        }
    }

    private async Task FinishDeletionAsync(System.Text.Json.Nodes.JsonObject pod, PodRun? run)
    {
        var grace = Metadata.Of(pod)["deletionGracePeriodSeconds"]?.GetValue<int>() ?? 30;
        if (run is not null) await run.StopAsync(TimeSpan.FromSeconds(grace)).ConfigureAwait(false);
        try
        {
            store.Delete(ResourceType.Pods, Metadata.Namespace(pod), Metadata.Name(pod), Metadata.Uid(pod));
        }
        catch (ApiException)
        {
        }

        lock (_gate)
        {
            _runs.Remove(Metadata.Uid(pod));
            _stopping.Remove(Metadata.Uid(pod));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<PodRun> runs;
        lock (_gate)
        {
            runs = [.. _runs.Values];
            _runs.Clear();
        }

        await Task.WhenAll(runs.Select(r => r.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
