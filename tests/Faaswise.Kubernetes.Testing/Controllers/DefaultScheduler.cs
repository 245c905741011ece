using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Api;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Controllers;

/// <summary>
/// The default scheduler, small: pods whose schedulerName is <c>default-scheduler</c> go to the first Ready node
/// (by name) that matches their nodeSelector and has room for their <c>cpu</c> and <c>nvidia.com/gpu</c> requests;
/// otherwise they get <c>PodScheduled=False</c>, reason Unschedulable. Pods for another scheduler are left alone.
/// </summary>
public sealed class DefaultScheduler(ObjectStore store, TimeProvider clock)
{
    private static readonly string[] Resources = ["cpu", "nvidia.com/gpu"];

    /// <summary>One pass over pending pods.</summary>
    public void Reconcile()
    {
        var nodes = store.List(ResourceType.Nodes, null).Items.OrderBy(Metadata.Name, StringComparer.Ordinal).ToList();
        var pods = store.List(ResourceType.Pods, null).Items;
        foreach (var pod in pods.Where(p => PodFacts.Node(p) is null && !Metadata.Deleting(p)
                     && (p["spec"]?["schedulerName"]?.GetValue<string>() ?? "default-scheduler") == "default-scheduler"))
        {
            var reasons = new List<string>();
            var node = nodes.FirstOrDefault(n => Fits(pod, n, pods, reasons));
            try
            {
                if (node is not null)
                {
                    PodBinding.Bind(store, Metadata.Namespace(pod)!, Metadata.Name(pod), Metadata.Name(node), Metadata.Uid(pod), null, null, clock.GetUtcNow());
                    continue;
                }

                var message = $"0/{nodes.Count} nodes are available: {string.Join(", ", reasons.GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}"))}.";
                store.Update(ResourceType.Pods, Metadata.Namespace(pod), Metadata.Name(pod), p =>
                {
                    var status = Defaults.Child(p, "status");
                    PodBinding.SetCondition(status, "PodScheduled", "False", "Unschedulable", message, clock.GetUtcNow());
                    return p;
                });
            }
            catch (ApiException)
            {
            }
        }
    }

    private static bool Fits(JsonObject pod, JsonObject node, IReadOnlyList<JsonObject> pods, List<string> reasons)
    {
        var labels = Metadata.Labels(node);
        foreach (var (k, v) in Metadata.Strings(pod["spec"]?["nodeSelector"] as JsonObject))
        {
            if (labels.GetValueOrDefault(k) != v)
            {
                reasons.Add("node(s) didn't match Pod's node affinity/selector");
                return false;
            }
        }

        var name = Metadata.Name(node);
        foreach (var resource in Resources)
        {
            var want = PodFacts.Request(pod, resource);
            if (want == 0) continue;
            var allocatable = node["status"]?["allocatable"]?[resource] is { } q ? PodFacts.Quantity(q) : 0;
            var used = pods.Where(p => PodFacts.Node(p) == name && PodFacts.Phase(p) is not ("Succeeded" or "Failed")).Sum(p => PodFacts.Request(p, resource));
            if (used + want > allocatable + 1e-9)
            {
                reasons.Add($"Insufficient {resource}");
                return false;
            }
        }

        return true;
    }
}
