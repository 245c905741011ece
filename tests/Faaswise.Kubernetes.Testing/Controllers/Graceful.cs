using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Controllers;

/// <summary>Deleting a pod as the API does: a pod on a node gets a deletionTimestamp and its kubelet removes it; an unscheduled one goes at once.</summary>
public static class Graceful
{
    /// <summary>Starts (or completes) a pod's deletion; a pod already gone or replaced is left alone.</summary>
    public static void Delete(ObjectStore store, JsonObject pod, int graceSeconds, DateTimeOffset now)
    {
        try
        {
            Begin(store, pod, graceSeconds, now);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    /// <summary>Starts (or completes) a pod's deletion and returns the pod as the DELETE verb answers it.</summary>
    public static JsonObject Begin(ObjectStore store, JsonObject pod, int graceSeconds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pod);
        if (PodFacts.Node(pod) is null || graceSeconds == 0) return store.Delete(ResourceType.Pods, Metadata.Namespace(pod), Metadata.Name(pod), Metadata.Uid(pod));
        return store.Update(ResourceType.Pods, Metadata.Namespace(pod), Metadata.Name(pod), p =>
        {
            if (Metadata.Deleting(p) || Metadata.Uid(p) != Metadata.Uid(pod)) return null;
            Metadata.Of(p)["deletionTimestamp"] = Metadata.Time(now.AddSeconds(graceSeconds));
            Metadata.Of(p)["deletionGracePeriodSeconds"] = graceSeconds;
            return p;
        });
    }
}
