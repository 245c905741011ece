using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Scheduling;

/// <summary>A node as the scheduler reads it: allocatable CPU, readiness, whether it takes new pods.</summary>
public sealed record NodeCapacity(string Name, double Cpu, bool Ready, bool Schedulable)
{
    /// <summary>Reads a node's JSON.</summary>
    public static NodeCapacity? Read(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node["metadata"]?["name"]?.GetValue<string>() is not { } name) return null;
        var cpu = node["status"]?["allocatable"]?["cpu"] is JsonValue v && v.TryGetValue<string>(out var c) ? new k8s.Models.ResourceQuantity(c).ToDouble() : 0;
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).Any(x => x?["type"]?.GetValue<string>() == "Ready" && x["status"]?.GetValue<string>() == "True");
        var cordoned = node["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var b) && b;
        return new NodeCapacity(name, cpu, ready, !cordoned);
    }
}
