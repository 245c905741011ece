using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Scheduling;

/// <summary>
/// kube-scheduler's extender protocol (filter and prioritize over HTTP, kubernetes/kube-scheduler extender/v1 types),
/// for clusters that keep the default scheduler: the same <see cref="NodeFit"/> as our scheduler, answered from the
/// pod in the request and the pods the informer shows bound. Errors go in the answer's Error field with HTTP 200.
/// </summary>
public sealed class Extender(ClusterWorld world, Func<IReadOnlyCollection<FunctionPod>> pods, Func<IReadOnlyList<NodeCapacity>> nodes)
{
    /// <summary>ExtenderArgs → ExtenderFilterResult.</summary>
    public JsonObject Filter(JsonNode? args)
    {
        if (Read(args, out var pod, out var candidates) is { } error) return new JsonObject { ["Error"] = error };
        var bound = pods().Where(p => p.Node is not null).ToList();
        var filtered = pod is null ? candidates.ToDictionary(n => n.Name, _ => (string?)null, StringComparer.Ordinal) : NodeFit.Filter(world, pod, candidates, bound);
        var failed = new JsonObject();
        foreach (var (node, why) in filtered)
        {
            if (why is not null) failed[node] = why;
        }

        return new JsonObject
        {
            ["NodeNames"] = new JsonArray(filtered.Where(f => f.Value is null).Select(f => (JsonNode)JsonValue.Create(f.Key)).ToArray()),
            ["FailedNodes"] = failed,
            ["Error"] = "",
        };
    }

    /// <summary>ExtenderArgs → HostPriorityList.</summary>
    public JsonArray Prioritize(JsonNode? args)
    {
        if (Read(args, out var pod, out var candidates) is not null || pod is null) return new JsonArray(candidates.Select(n => (JsonNode)new JsonObject { ["Host"] = n.Name, ["Score"] = 0 }).ToArray());
        var bound = pods().Where(p => p.Node is not null).ToList();
        var filtered = NodeFit.Filter(world, pod, candidates, bound);
        var scores = NodeFit.Score(pod, candidates.Where(n => filtered[n.Name] is null), bound);
        return new JsonArray(candidates.Select(n => (JsonNode)new JsonObject { ["Host"] = n.Name, ["Score"] = scores.GetValueOrDefault(n.Name) }).ToArray());
    }

    private string? Read(JsonNode? args, out FunctionPod? pod, out List<NodeCapacity> candidates)
    {
        pod = null;
        candidates = [];
        if (args is not JsonObject a) return "the body is not ExtenderArgs";
        var podJson = Get(a, "Pod") as JsonObject;
        if (podJson is null) return "ExtenderArgs has no Pod";
        pod = FunctionPod.Read(world, podJson);
        var known = nodes().ToDictionary(n => n.Name, StringComparer.Ordinal);
        var names = (Get(a, "NodeNames") as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>()
            ?? ((Get(a, "Nodes") as JsonObject)?["items"] as JsonArray ?? []).Select(n => n?["metadata"]?["name"]?.GetValue<string>()).OfType<string>();
        candidates = names.Select(n => known.GetValueOrDefault(n) ?? new NodeCapacity(n, 0, false, false)).ToList();
        return null;
    }

    private static JsonNode? Get(JsonObject o, string name) =>
        o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

}
