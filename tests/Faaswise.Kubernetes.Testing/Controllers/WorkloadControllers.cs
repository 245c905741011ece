using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Api;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Controllers;

/// <summary>
/// The Deployment and ReplicaSet controllers: a Deployment owns one ReplicaSet per pod template (labelled
/// <c>pod-template-hash</c>; older ones are scaled to zero, a Recreate-style rollout), a ReplicaSet creates pods through
/// the API's create path (so admission webhooks see them) and deletes surplus pods in the real controller's order:
/// unscheduled, then pending, then not ready, then the lowest <c>controller.kubernetes.io/pod-deletion-cost</c>, then the newest.
/// </summary>
public sealed class WorkloadControllers(ObjectStore store, ResourceHandler api, TimeProvider clock)
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Pod creations the API refused (a webhook denied or failed), newest last, for tests and logs.</summary>
    public IReadOnlyList<string> Refusals => _refusals;

    private readonly List<string> _refusals = [];

    /// <summary>One pass over every Deployment and ReplicaSet.</summary>
    public async Task ReconcileAsync(CancellationToken cancellation)
    {
        foreach (var d in store.List(ResourceType.Deployments, null).Items) await DeploymentAsync(d, cancellation).ConfigureAwait(false);
        foreach (var rs in store.List(ResourceType.ReplicaSets, null).Items) await ReplicaSetAsync(rs, cancellation).ConfigureAwait(false);
    }

    private async Task DeploymentAsync(JsonObject d, CancellationToken cancellation)
    {
        var ns = Metadata.Namespace(d)!;
        var name = Metadata.Name(d);
        var uid = Metadata.Uid(d);
        var template = (JsonObject)(d["spec"]?["template"]?.DeepClone() ?? new JsonObject());
        var hash = Hash(template);
        var replicas = d["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        var owned = store.List(ResourceType.ReplicaSets, ns).Items.Where(rs => Metadata.ControllerUid(rs) == uid).ToList();
        var current = owned.FirstOrDefault(rs => Metadata.Labels(rs).GetValueOrDefault("pod-template-hash") == hash);
        if (current is null)
        {
            Defaults.Child(Defaults.Child(template, "metadata"), "labels")["pod-template-hash"] = hash;
            var selector = (JsonObject)(d["spec"]?["selector"]?.DeepClone() ?? new JsonObject());
            Defaults.Child(selector, "matchLabels")["pod-template-hash"] = hash;
            var labels = (JsonObject)template["metadata"]!["labels"]!.DeepClone();
            var rs = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"{name}-{hash}", ["labels"] = labels, ["ownerReferences"] = Owner(d) },
                ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = template },
            };
            await api.CreateAsync(ResourceType.ReplicaSets, ns, rs, false, cancellation).ConfigureAwait(false);
        }
        else if (current["spec"]?["replicas"]?.GetValue<int>() != replicas)
        {
            SetReplicas(current, replicas);
        }

        foreach (var old in owned.Where(rs => rs != current && rs["spec"]?["replicas"]?.GetValue<int>() != 0)) SetReplicas(old, 0);
        var pods = store.List(ResourceType.Pods, ns).Items.Where(p => owned.Any(rs => Metadata.ControllerUid(p) == Metadata.Uid(rs)) && !Metadata.Deleting(p)).ToList();
        var ready = pods.Count(PodFacts.Ready);
        var status = new JsonObject
        {
            ["observedGeneration"] = Metadata.Of(d)["generation"]?.DeepClone(),
            ["replicas"] = pods.Count,
            ["updatedReplicas"] = pods.Count(p => Metadata.Labels(p).GetValueOrDefault("pod-template-hash") == hash),
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["unavailableReplicas"] = Math.Max(0, replicas - ready),
        };
        WriteStatus(ResourceType.Deployments, d, status);
    }

    private async Task ReplicaSetAsync(JsonObject rs, CancellationToken cancellation)
    {
        var ns = Metadata.Namespace(rs)!;
        var uid = Metadata.Uid(rs);
        var want = rs["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        var pods = store.List(ResourceType.Pods, ns).Items.Where(p => Metadata.ControllerUid(p) == uid && !Metadata.Deleting(p)).ToList();
        for (var i = pods.Count; i < want; i++)
        {
            var template = (JsonObject)(rs["spec"]?["template"]?.DeepClone() ?? new JsonObject());
            var meta = Defaults.Child(template, "metadata");
            meta["generateName"] = Metadata.Name(rs) + "-";
            meta["ownerReferences"] = Owner(rs);
            try
            {
                await api.CreateAsync(ResourceType.Pods, ns, template, false, cancellation).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                lock (_refusals) _refusals.Add($"{ns}/{Metadata.Name(rs)}: {e.Message}");
                break;
            }
        }

        foreach (var victim in pods.OrderBy(DeletionRank).Take(Math.Max(0, pods.Count - want)))
        {
            var grace = victim["spec"]?["terminationGracePeriodSeconds"]?.GetValue<int>() ?? 30;
            Graceful.Delete(store, victim, grace, clock.GetUtcNow());
        }

        pods = store.List(ResourceType.Pods, ns).Items.Where(p => Metadata.ControllerUid(p) == uid && !Metadata.Deleting(p)).ToList();
        var ready = pods.Count(PodFacts.Ready);
        WriteStatus(ResourceType.ReplicaSets, rs, new JsonObject
        {
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["observedGeneration"] = Metadata.Of(rs)["generation"]?.DeepClone(),
        });
    }

    private static (int, int, int, int, string) DeletionRank(JsonObject p) => (
        PodFacts.Node(p) is null ? 0 : 1,
        PodFacts.Phase(p) switch { "Pending" => 0, "Unknown" => 1, _ => 2 },
        PodFacts.Ready(p) ? 1 : 0,
        PodFacts.DeletionCost(p),
        InvertedTime(p));

    private static string InvertedTime(JsonObject p) =>
        new string((Metadata.Of(p)["creationTimestamp"]?.GetValue<string>() ?? "").Select(c => char.IsDigit(c) ? (char)('9' - c + '0') : c).ToArray());

    private void SetReplicas(JsonObject rs, int replicas) =>
        store.Update(ResourceType.ReplicaSets, Metadata.Namespace(rs), Metadata.Name(rs), cur =>
        {
            cur["spec"]!["replicas"] = replicas;
            return cur;
        });

    private void WriteStatus(ResourceType type, JsonObject obj, JsonObject status)
    {
        if (JsonNode.DeepEquals(obj["status"], status)) return;
        try
        {
            store.Update(type, Metadata.Namespace(obj), Metadata.Name(obj), cur =>
            {
                cur["status"] = status;
                return cur;
            });
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private static JsonArray Owner(JsonObject owner) => new(new JsonObject
    {
        ["apiVersion"] = owner["apiVersion"]?.DeepClone(),
        ["kind"] = owner["kind"]?.DeepClone(),
        ["name"] = Metadata.Name(owner),
        ["uid"] = Metadata.Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    });

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string Hash(JsonObject template)
    {
        // The API server hashes the decoded template, so key order and formatting do not count.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(template)!.ToJsonString()));
        return new string(digest.Take(10).Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }
}
