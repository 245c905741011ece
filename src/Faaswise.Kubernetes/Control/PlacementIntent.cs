using System.Text.Json;
using System.Text.Json.Serialization;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// A start decision on its way to a pod: the controller writes it on the function's Deployment (annotation
/// <see cref="PodLabels.Intents"/>) in the same update that adds a replica; the webhook gives the next pod of the
/// function the oldest intent no pod has taken, and marks the pod with its id. Intents expire.
/// </summary>
public sealed record PlacementIntent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("gpu")] string? Gpu,
    [property: JsonPropertyName("on_gpu")] bool OnGpu,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("reserve")] bool Reserve,
    [property: JsonPropertyName("slot")] int Slot,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("since")] double Since,
    [property: JsonPropertyName("expires")] double Expires)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The intent of a start decision made at <paramref name="now"/> (unix seconds).</summary>
    public static PlacementIntent Of(ClusterWorld world, Decision start, string id, double now, double lifetimeSeconds)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(start);
        var reason = start.Reason.Length <= 300 ? start.Reason : start.Reason[..299] + "…";
        return new PlacementIntent(id, start.Gpu >= 0 ? world.Gpus[start.Gpu].Uuid : null, start.OnGpu, start.StartReady, start.Reserve, start.Slot, reason, now, now + lifetimeSeconds);
    }

    /// <summary>The start decision it stands for, for a function of the world.</summary>
    public Decision ToDecision(ClusterWorld world, int function) =>
        Decision.Start(function, Admission.PodReplica.GpuIndex(world, Gpu), OnGpu, Ready, Reserve, $"intent {Id}: {Reason}", Slot);

    /// <summary>The intents in a Deployment's annotation value (none when absent or unreadable).</summary>
    public static IReadOnlyList<PlacementIntent> Parse(string? annotation)
    {
        if (string.IsNullOrEmpty(annotation)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<PlacementIntent>>(annotation, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The annotation value of a list of intents.</summary>
    public static string Format(IEnumerable<PlacementIntent> intents) => JsonSerializer.Serialize(intents.ToList(), Json);
}
