using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>The discovery documents: <c>/version</c>, <c>/api</c>, <c>/apis</c>, and an APIResourceList per group version.</summary>
public static class Discovery
{
    private static readonly string[] ObjectVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    /// <summary>The document at a discovery path, or null when the path is not one.</summary>
    public static JsonObject? At(string path)
    {
        var p = path.TrimEnd('/');
        if (p == "/version") return Version();
        if (p == "/api") return new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }) };
        if (p == "/apis") return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray(Groups().Select(g => (JsonNode)Group(g)).ToArray()) };
        if (p == "/api/v1") return Resources("", "v1");
        var s = p.Trim('/').Split('/');
        if (s.Length == 2 && s[0] == "apis" && Groups().Contains(s[1])) return Group(s[1]);
        if (s.Length == 3 && s[0] == "apis" && ResourceType.All.Any(r => r.Group == s[1] && r.Version == s[2])) return Resources(s[1], s[2]);
        return null;
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = "v1.33.0-faaswise",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.24",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static IEnumerable<string> Groups() => ResourceType.All.Select(r => r.Group).Where(g => g.Length > 0).Distinct();

    private static JsonObject Group(string group)
    {
        var version = ResourceType.All.First(r => r.Group == group).Version;
        var gv = new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(gv),
            ["preferredVersion"] = gv.DeepClone(),
        };
    }

    private static JsonObject Resources(string group, string version)
    {
        var list = new JsonArray();
        foreach (var r in ResourceType.All.Where(r => r.Group == group && r.Version == version))
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray(ObjectVerbs.Select(v => (JsonNode)v).ToArray()),
            };
            if (r.ShortNames.Length > 0) entry["shortNames"] = new JsonArray(r.ShortNames.Select(v => (JsonNode)v).ToArray());
            list.Add(entry);
            if (r.HasStatus) list.Add(Sub(r, "status", r.Kind, "get", "patch", "update"));
        }

        if (group.Length == 0)
        {
            list.Add(Sub(ResourceType.Pods, "binding", "Binding", "create"));
            list.Add(Sub(ResourceType.Pods, "proxy", "PodProxyOptions", "create", "delete", "get", "patch", "update"));
        }

        if (group == "apps")
        {
            list.Add(Sub(ResourceType.Deployments, "scale", "Scale", "get", "patch", "update"));
            list.Add(Sub(ResourceType.ReplicaSets, "scale", "Scale", "get", "patch", "update"));
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = list };
    }

    private static JsonObject Sub(ResourceType r, string sub, string kind, params string[] verbs) => new()
    {
        ["name"] = $"{r.Plural}/{sub}",
        ["singularName"] = "",
        ["namespaced"] = r.Namespaced,
        ["kind"] = kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
    };
}
