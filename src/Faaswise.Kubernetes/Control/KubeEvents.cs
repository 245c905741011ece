using k8s;
using k8s.Models;

namespace Faaswise.Kubernetes.Control;

/// <summary>Writes events.k8s.io/v1 Events (what <c>kubectl describe</c> and <c>kubectl events</c> show) for one reporting controller.</summary>
public sealed class KubeEvents(IKubernetes client, string ns, string controller, string instance)
{
    /// <summary>An Event about a Pod or a Deployment of the namespace.</summary>
    public Task WriteAsync(string kind, string name, string? uid, string type, string reason, string action, string note, CancellationToken cancellation)
    {
        var e = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = name + ".", NamespaceProperty = ns },
            EventTime = DateTime.UtcNow,
            ReportingController = controller,
            ReportingInstance = instance,
            Action = action,
            Reason = reason,
            Note = note.Length <= 1024 ? note : note[..1023] + "…",
            Type = type,
            Regarding = new V1ObjectReference { ApiVersion = kind == "Pod" ? "v1" : "apps/v1", Kind = kind, Name = name, NamespaceProperty = ns, Uid = uid },
        };
        return client.EventsV1.CreateNamespacedEventAsync(e, ns, cancellationToken: cancellation);
    }
}
