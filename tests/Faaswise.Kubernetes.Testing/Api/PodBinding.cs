using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>
/// The <c>pods/binding</c> subresource with the real rules: a UID or resourceVersion in the Binding's metadata is a
/// precondition; a pod being deleted, already assigned or gated is refused with 409 Conflict; success sets
/// <c>spec.nodeName</c>, merges the Binding's annotations and sets <c>PodScheduled=True</c>, atomically.
/// </summary>
public static class PodBinding
{
    /// <summary>Binds a pod to a node; throws ApiException on a refusal.</summary>
    public static JsonObject Bind(ObjectStore store, string ns, string pod, string node, string? uid, string? resourceVersion, IReadOnlyDictionary<string, string>? annotations, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var type = ResourceType.Pods;
        return store.Update(type, ns, pod, p =>
        {
            string Refuse(string why) => throw ApiException.Conflict(new ResourceType("", "v1", "pods/binding", "Binding", true), pod, why);
            if (uid is not null && uid != Metadata.Uid(p)) Refuse($"Precondition failed: UID in precondition: {uid}, UID in object meta: {Metadata.Uid(p)}");
            if (resourceVersion is not null && resourceVersion != Metadata.ResourceVersion(p)) Refuse($"Precondition failed: ResourceVersion in precondition: {resourceVersion}, ResourceVersion in object meta: {Metadata.ResourceVersion(p)}");
            if (Metadata.Deleting(p)) Refuse($"pod {pod} is being deleted, cannot be assigned to a host");
            if (p["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 } assigned) Refuse($"pod {pod} is already assigned to node \"{assigned}\"");
            if (p["spec"]?["schedulingGates"] is JsonArray { Count: > 0 }) Refuse($"pod {pod} has non-empty .spec.schedulingGates");
            p["spec"]!["nodeName"] = node;
            if (annotations is { Count: > 0 })
            {
                var a = Defaults.Child(Metadata.Of(p), "annotations");
                foreach (var (k, v) in annotations) a[k] = v;
            }

            var status = Defaults.Child(p, "status");
            status.Remove("nominatedNodeName");
            SetCondition(status, "PodScheduled", "True", null, null, now);
            return p;
        });
    }

    /// <summary>Sets a condition in <c>status.conditions</c>, keeping lastTransitionTime when the status does not change.</summary>
    public static void SetCondition(JsonObject status, string type, string value, string? reason, string? message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type };
            conditions.Add(existing);
        }

        if (existing["status"]?.GetValue<string>() != value) existing["lastTransitionTime"] = Metadata.Time(now);
        existing["status"] = value;
        existing["lastProbeTime"] = null;
        if (reason is null) existing.Remove("reason");
        else existing["reason"] = reason;
        if (message is null) existing.Remove("message");
        else existing["message"] = message;
    }
}
