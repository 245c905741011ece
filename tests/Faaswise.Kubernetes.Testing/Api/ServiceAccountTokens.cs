using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>
/// The built-in ServiceAccount admission plugin, which runs before the webhooks: a pod gets the default service
/// account and the projected token volume <c>kube-api-access-XXXXX</c>, mounted in every container. A webhook
/// that replaces volumes or mounts loses it (QShuf's did).
/// </summary>
public static class ServiceAccountTokens
{
    /// <summary>The token's mount path.</summary>
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Adds the account and the token volume to a pod spec in place.</summary>
    public static void Admit(JsonObject pod)
    {
        var spec = Defaults.Child(pod ?? throw new ArgumentNullException(nameof(pod)), "spec");
        spec["serviceAccountName"] ??= "default";
        spec["serviceAccount"] = spec["serviceAccountName"]!.DeepClone();
        if (spec["automountServiceAccountToken"]?.GetValue<bool>() == false) return;
        var name = "kube-api-access-" + Guid.NewGuid().ToString("N")[..5];
        var volumes = spec["volumes"] as JsonArray ?? [];
        spec["volumes"] = volumes;
        volumes.Add(new JsonObject
        {
            ["name"] = name,
            ["projected"] = new JsonObject
            {
                ["defaultMode"] = 420,
                ["sources"] = new JsonArray(
                    new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = 3607, ["path"] = "token" } },
                    new JsonObject { ["configMap"] = new JsonObject { ["name"] = "kube-root-ca.crt", ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }) } }),
            },
        });
        foreach (var c in spec["containers"] as JsonArray ?? [])
        {
            if (c is not JsonObject container) continue;
            var mounts = container["volumeMounts"] as JsonArray ?? [];
            container["volumeMounts"] = mounts;
            mounts.Add(new JsonObject { ["name"] = name, ["readOnly"] = true, ["mountPath"] = MountPath });
        }
    }
}
