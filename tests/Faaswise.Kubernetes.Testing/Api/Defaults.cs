using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>The defaults the real API server fills in on create, before admission sees the object.</summary>
public static class Defaults
{
    private static int _clusterIp = 10;

    /// <summary>Fills defaults in place.</summary>
    public static void Apply(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        switch (type.Kind)
        {
            case "Pod":
                PodSpec(Child(obj, "spec"));
                obj["status"] ??= new JsonObject();
                break;
            case "Deployment":
                var d = Child(obj, "spec");
                d["replicas"] ??= 1;
                d["revisionHistoryLimit"] ??= 10;
                d["progressDeadlineSeconds"] ??= 600;
                d["strategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" } };
                PodSpec(Child(Child(d, "template"), "spec"));
                break;
            case "ReplicaSet":
                var rs = Child(obj, "spec");
                rs["replicas"] ??= 1;
                PodSpec(Child(Child(rs, "template"), "spec"));
                break;
            case "Service":
                var s = Child(obj, "spec");
                s["type"] ??= "ClusterIP";
                s["clusterIP"] ??= $"10.96.0.{Interlocked.Increment(ref _clusterIp) % 250}";
                foreach (var port in s["ports"] as JsonArray ?? [])
                {
                    if (port is not JsonObject p) continue;
                    p["protocol"] ??= "TCP";
                    p["targetPort"] ??= p["port"]?.DeepClone();
                }

                break;
            case "Namespace":
                Child(Child(obj, "metadata"), "labels")["kubernetes.io/metadata.name"] = Metadata.Name(obj);
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                break;
        }
    }

    private static void PodSpec(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["securityContext"] ??= new JsonObject();
        foreach (var c in spec["containers"] as JsonArray ?? [])
        {
            if (c is not JsonObject container) continue;
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            container["imagePullPolicy"] ??= "IfNotPresent";
            container["resources"] ??= new JsonObject();
        }
    }

    /// <summary>The child object at <paramref name="key"/>, created when absent.</summary>
    public static JsonObject Child(JsonObject parent, string key)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent[key] is JsonObject o) return o;
        o = new JsonObject();
        parent[key] = o;
        return o;
    }
}
