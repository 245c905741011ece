using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Controllers;

/// <summary>
/// Keeps each selector Service's Endpoints: ready pods under <c>addresses</c>, the rest under <c>notReadyAddresses</c>
/// (the gateway routes only to the first). Services without a selector keep the Endpoints written by hand.
/// </summary>
public sealed class EndpointsController(ObjectStore store)
{
    /// <summary>One pass over every Service.</summary>
    public void Reconcile()
    {
        foreach (var svc in store.List(ResourceType.Services, null).Items)
        {
            if (svc["spec"]?["selector"] is not JsonObject selector || selector.Count == 0) continue;
            var ns = Metadata.Namespace(svc)!;
            var name = Metadata.Name(svc);
            var wanted = Metadata.Strings(selector);
            var pods = store.List(ResourceType.Pods, ns).Items
                .Where(p => !Metadata.Deleting(p) && p["status"]?["podIP"] is not null && wanted.All(kv => Metadata.Labels(p).GetValueOrDefault(kv.Key) == kv.Value))
                .OrderBy(Metadata.Name, StringComparer.Ordinal).ToList();
            JsonArray Addresses(bool ready) => new(pods.Where(p => PodFacts.Ready(p) == ready).Select(p => (JsonNode)new JsonObject
            {
                ["ip"] = p["status"]!["podIP"]!.DeepClone(),
                ["nodeName"] = PodFacts.Node(p),
                ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = Metadata.Name(p), ["uid"] = Metadata.Uid(p) },
            }).ToArray());
            var ports = new JsonArray((svc["spec"]?["ports"] as JsonArray ?? []).Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p?["name"]?.DeepClone(),
                ["port"] = (p?["targetPort"] ?? p?["port"])?.DeepClone(),
                ["protocol"] = p?["protocol"]?.DeepClone() ?? "TCP",
            }).ToArray());
            var subset = new JsonObject { ["addresses"] = Addresses(true), ["notReadyAddresses"] = Addresses(false), ["ports"] = ports };
            var subsets = pods.Count == 0 ? new JsonArray() : new JsonArray(subset);
            var existing = store.Get(ResourceType.Endpoints, ns, name);
            if (existing is null)
            {
                store.Create(ResourceType.Endpoints, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = Metadata.Of(svc)["labels"]?.DeepClone() }, ["subsets"] = subsets });
            }
            else if (!JsonNode.DeepEquals(existing["subsets"], subsets))
            {
                store.Update(ResourceType.Endpoints, ns, name, e =>
                {
                    e["subsets"] = subsets.DeepClone();
                    return e;
                });
            }
        }
    }
}
