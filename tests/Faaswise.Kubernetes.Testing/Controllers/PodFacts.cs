using System.Globalization;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Controllers;

/// <summary>What controllers read off a pod.</summary>
public static class PodFacts
{
    /// <summary>spec.nodeName, or null.</summary>
    public static string? Node(JsonObject pod) => pod["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 } n ? n : null;

    /// <summary>status.phase.</summary>
    public static string Phase(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() ?? "Pending";

    /// <summary>Whether the Ready condition is True.</summary>
    public static bool Ready(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    /// <summary>The pod-deletion-cost annotation (0 when absent or unreadable).</summary>
    public static int DeletionCost(JsonObject pod) =>
        Metadata.Annotations(pod).TryGetValue("controller.kubernetes.io/pod-deletion-cost", out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var c) ? c : 0;

    /// <summary>Sum of a resource's requests over the pod's containers (limits when no request is given), in the resource's unit.</summary>
    public static double Request(JsonObject pod, string resource)
    {
        double total = 0;
        foreach (var c in pod["spec"]?["containers"] as JsonArray ?? [])
        {
            var q = c?["resources"]?["requests"]?[resource] ?? c?["resources"]?["limits"]?[resource];
            if (q is not null) total += Quantity(q);
        }

        return total;
    }

    /// <summary>A Kubernetes quantity (2, "500m", "1Gi", "2G") as a number, read by KubernetesClient's own parser.</summary>
    public static double Quantity(JsonNode q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var text = q is JsonValue v && v.TryGetValue<string>(out var s) ? s : q.ToJsonString();
        return new k8s.Models.ResourceQuantity(text).ToDouble();
    }
}
