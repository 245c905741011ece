using System.Globalization;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Control;

/// <summary>A function's pod as the controllers read it: the policy core's replica, plus what binding, routing and control need.</summary>
public sealed record FunctionPod(string Name, string Uid, ReplicaSnapshot Replica)
{
    /// <summary>status.podIP, or null before the kubelet gives one.</summary>
    public string? Ip { get; init; }

    /// <summary>spec.nodeName, or null while unbound.</summary>
    public string? Node { get; init; }

    /// <summary>The node the webhook placed it on (annotation), or null.</summary>
    public string? PlannedNode { get; init; }

    /// <summary>spec.schedulerName.</summary>
    public string Scheduler { get; init; } = "default-scheduler";

    /// <summary>The placement intent it was created for, or null.</summary>
    public string? Intent { get; init; }

    /// <summary>CPU requested over its containers, cores.</summary>
    public double CpuRequest { get; init; }

    /// <summary>The data-plane port (the container port named http; 8080 when none is named).</summary>
    public int DataPort { get; init; } = 8080;

    /// <summary>metadata.creationTimestamp, unix seconds.</summary>
    public double Created { get; init; }

    /// <summary>Whether it is being deleted.</summary>
    public bool Deleting => Replica.Phase == ReplicaPhase.Draining;

    /// <summary>The function pod a pod's JSON stands for, or null when it is not one of a function in the world.</summary>
    public static FunctionPod? Read(ClusterWorld world, JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(pod);
        if (PodReplica.Read(world, pod) is not { } replica) return null;
        var meta = pod["metadata"] as JsonObject;
        var annotations = meta?["annotations"] as JsonObject;
        var spec = pod["spec"] as JsonObject;
        var status = pod["status"] as JsonObject;
        var created = Seconds(Text(meta?["creationTimestamp"])) ?? 0;
        var readyCondition = (status?["conditions"] as JsonArray ?? []).FirstOrDefault(c => Text(c?["type"]) == "Ready");
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in annotations ?? [])
        {
            if (key.StartsWith(PodLabels.NotePrefix, StringComparison.Ordinal) && Text(value) is { } v) notes[key] = v;
        }

        var containers = spec?["containers"] as JsonArray ?? [];
        var cpu = containers.Sum(c => Quantity(c?["resources"]?["requests"]?["cpu"] ?? c?["resources"]?["limits"]?["cpu"]));
        var port = containers.SelectMany(c => c?["ports"] as JsonArray ?? []).FirstOrDefault(p => Text(p?["name"]) == "http")?["containerPort"]?.GetValue<int>() ?? 8080;
        return new FunctionPod(replica.Id, Text(meta?["uid"]) ?? "", replica with
        {
            ReadySince = replica.Ready ? Seconds(Text(readyCondition?["lastTransitionTime"])) ?? created : double.NaN,
            LastUsed = created,
            Annotations = notes,
        })
        {
            Ip = Text(status?["podIP"]) is { Length: > 0 } ip ? ip : null,
            Node = Text(spec?["nodeName"]) is { Length: > 0 } n ? n : null,
            PlannedNode = Text(annotations?[PodLabels.Node]),
            Scheduler = Text(spec?["schedulerName"]) ?? "default-scheduler",
            Intent = Text(annotations?[PodLabels.Intent]),
            CpuRequest = cpu,
            DataPort = port,
            Created = created,
        };
    }

    /// <summary>An RFC 3339 time as unix seconds, or null.</summary>
    public static double? Seconds(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeMilliseconds() / 1000.0 : null;

    private static double Quantity(JsonNode? q) => q is null ? 0 : new k8s.Models.ResourceQuantity(q is JsonValue v && v.TryGetValue<string>(out var s) ? s : q.ToJsonString()).ToDouble();

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
