using System.Globalization;
using System.Text.Json.Nodes;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Admission;

/// <summary>A function pod as the policy core sees a replica: function and GPU by name, slot, reserve, residency, phase, readiness.</summary>
public static class PodReplica
{
    /// <summary>The replica a pod (as JSON) stands for, or null when it is not a pod of a function in the world.</summary>
    public static ReplicaSnapshot? Read(ClusterWorld world, JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(pod);
        var meta = pod["metadata"] as JsonObject;
        var labels = meta?["labels"] as JsonObject;
        var annotations = meta?["annotations"] as JsonObject;
        var function = world.FunctionIndex(Text(labels?[PodLabels.Function]) ?? "");
        if (function < 0) return null;
        var gpu = GpuIndex(world, Text(annotations?[PodLabels.Gpu]));
        var status = pod["status"] as JsonObject;
        var phase = meta?["deletionTimestamp"] is not null ? ReplicaPhase.Draining
            : Text(status?["phase"]) is "Failed" or "Succeeded" ? ReplicaPhase.Failed
            : Text(status?["phase"]) == "Running" ? ReplicaPhase.Running : ReplicaPhase.Starting;
        var ready = (status?["conditions"] as JsonArray ?? []).Any(c => Text(c?["type"]) == "Ready" && Text(c?["status"]) == "True");
        var residency = Text(labels?[PodLabels.InferDevice]) == "cuda" && gpu >= 0 ? Residency.Gpu : Residency.Host;
        return new ReplicaSnapshot(Text(meta?["name"]) ?? "", function, gpu, phase, residency, ready)
        {
            Reserve = Text(labels?[PodLabels.Reserve]) == "True",
            Slot = int.TryParse(Text(labels?[PodLabels.Slot]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var slot) ? slot : -1,
        };
    }

    /// <summary>The index of the GPU with this UUID, or -1.</summary>
    public static int GpuIndex(ClusterWorld world, string? uuid)
    {
        ArgumentNullException.ThrowIfNull(world);
        for (var g = 0; g < world.Gpus.Count; g++)
        {
            if (world.Gpus[g].Uuid == uuid) return g;
        }

        return -1;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
