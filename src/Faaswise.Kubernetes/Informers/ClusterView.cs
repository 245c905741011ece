using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Scheduling;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;
using k8s;

namespace Faaswise.Kubernetes.Informers;

/// <summary>
/// What a process knows of QShuf's functions on a cluster, read only: informers over the function pods, the nodes and
/// the function Deployments, and a poller of each running runtime's residency. The controller acts on it; an
/// experiment watches the same view while it plays a workload.
/// </summary>
public sealed class ClusterView(IKubernetes client, ClusterWorld world, string ns, int controlPort, bool directControl, TimeSpan runtimePoll)
{
    private readonly Dictionary<string, NodeCapacity> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeploymentFacts> _deployments = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The function pods as known here.</summary>
    public LiveCluster Cluster { get; } = new(world, TimeProvider.System);

    /// <summary>Completes once the informers have listed.</summary>
    public Task Synced => _synced.Task;

    /// <summary>Runs the informers and, once they have listed, the runtime poller, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var pods = new Informer(InformerSource.Pods(client, ns), Cluster.Reset, Cluster.Observe, Cluster.Forget);
        var nodes = new Informer(InformerSource.Nodes(client), ResetNodes, ObserveNode, ForgetNode);
        var deployments = new Informer(InformerSource.Deployments(client, ns), ResetDeployments, d => Deployment(d, true), d => Deployment(d, false));
        var running = new List<Task> { pods.RunAsync(cancellation), nodes.RunAsync(cancellation), deployments.RunAsync(cancellation) };
        try
        {
            await Task.WhenAll(pods.Synced, nodes.Synced, deployments.Synced).WaitAsync(cancellation).ConfigureAwait(false);
            _synced.TrySetResult();
            running.Add(PollRuntimesAsync(cancellation));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Whether the function has a Deployment in the namespace that is not paused (the world may list functions not deployed; decisions about them are dropped).</summary>
    public bool Deployed(int function)
    {
        if (function < 0 || function >= world.Functions.Count) return false;
        lock (_gate) return _deployments.TryGetValue(world.Functions[function].Name, out var d) && !d.Paused;
    }

    /// <summary>Whether some function's Deployment, not paused, still waits for the policy's initial deployment.</summary>
    public bool AwaitsDeployment
    {
        get
        {
            lock (_gate) return _deployments.Values.Any(d => d is { Paused: false, DeployedBy: null });
        }
    }

    /// <summary>The policy whose initial deployment the function's Deployment had, as the informer last saw it; null when none or no Deployment.</summary>
    public string? DeployedBy(string function)
    {
        lock (_gate) return _deployments.GetValueOrDefault(function)?.DeployedBy;
    }

    /// <summary>The nodes as the informer shows them.</summary>
    public IReadOnlyList<NodeCapacity> Nodes
    {
        get
        {
            lock (_gate) return _nodes.Values.ToList();
        }
    }

    private async Task PollRuntimesAsync(CancellationToken cancellation)
    {
        using var runtime = new RuntimeControl(client, ns, controlPort, directControl, TimeSpan.FromSeconds(5));
        var actions = new ClusterActions(client, ns, runtime, "view");
        using var timer = new PeriodicTimer(runtimePoll);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                var running = Cluster.Pods.Where(p => p.Replica.Phase == ReplicaPhase.Running && p.Ip is not null).ToList();
                await Parallel.ForEachAsync(running, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (pod, c) =>
                {
                    if (await actions.IndexAsync(pod, c).ConfigureAwait(false) is { } state) Cluster.Report(pod.Name, state);
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private void ResetDeployments(IReadOnlyList<JsonObject> deployments)
    {
        lock (_gate) _deployments.Clear();
        foreach (var d in deployments) Deployment(d, true);
    }

    private void Deployment(JsonObject deployment, bool present)
    {
        var meta = deployment["metadata"];
        if ((meta?["labels"]?[PodLabels.Function]?.GetValue<string>() ?? meta?["name"]?.GetValue<string>()) is not { } name) return;
        var annotations = meta?["annotations"];
        var facts = new DeploymentFacts(annotations?[PodLabels.Deployed]?.GetValue<string>(), annotations?[PodLabels.Paused] is not null);
        lock (_gate)
        {
            if (present) _deployments[name] = facts;
            else _deployments.Remove(name);
        }
    }

    private void ResetNodes(IReadOnlyList<JsonObject> nodes)
    {
        lock (_gate) _nodes.Clear();
        foreach (var n in nodes) ObserveNode(n);
    }

    private void ObserveNode(JsonObject node)
    {
        if (NodeCapacity.Read(node) is not { } n) return;
        lock (_gate) _nodes[n.Name] = n;
    }

    private void ForgetNode(JsonObject node)
    {
        if (node["metadata"]?["name"]?.GetValue<string>() is not { } name) return;
        lock (_gate) _nodes.Remove(name);
    }

    private sealed record DeploymentFacts(string? DeployedBy, bool Paused);
}
