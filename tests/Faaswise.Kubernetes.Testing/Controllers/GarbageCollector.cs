using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Controllers;

/// <summary>Background cascading deletion: ReplicaSets and pods whose controlling owner is gone are deleted (pods gracefully).</summary>
public sealed class GarbageCollector(ObjectStore store, TimeProvider clock)
{
    /// <summary>One pass.</summary>
    public void Reconcile()
    {
        var deployments = store.List(ResourceType.Deployments, null).Items.Select(Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var rs in store.List(ResourceType.ReplicaSets, null).Items)
        {
            if (Metadata.ControllerUid(rs) is { } owner && !deployments.Contains(owner))
            {
                try
                {
                    store.Delete(ResourceType.ReplicaSets, Metadata.Namespace(rs), Metadata.Name(rs));
                }
                catch (ApiException)
                {
                }
            }
        }

        var replicaSets = store.List(ResourceType.ReplicaSets, null).Items.Select(Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var pod in store.List(ResourceType.Pods, null).Items)
        {
            if (Metadata.ControllerUid(pod) is { } owner && !replicaSets.Contains(owner) && !Metadata.Deleting(pod))
            {
                Graceful.Delete(store, pod, pod["spec"]?["terminationGracePeriodSeconds"]?.GetValue<int>() ?? 30, clock.GetUtcNow());
            }
        }
    }
}
