using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Tests.Webhook;

/// <summary>AdmissionReviews as the API server sends them for a ReplicaSet's pod, and a handler over a small world.</summary>
internal static class Reviews
{
    /// <summary>Two nodes, three 24 GB GPUs (node-a: two, node-b: one), QShuf's ES1 functions.</summary>
    public const string WorldYaml = """
        name: test
        catalogue: qshuf-es1
        nodes:
          - name: node-a
            cpu_cores: 8
            host_memory_gb: 64
            gpus:
              - { uuid: GPU-aaaa-0001, product: L4-24GB, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }
              - { uuid: GPU-aaaa-0002, product: L4-24GB, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }
          - name: node-b
            cpu_cores: 8
            host_memory_gb: 64
            gpus:
              - { uuid: GPU-bbbb-0001, product: L4-24GB, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }
        """;

    public static ClusterWorld World(string yaml = WorldYaml) => Catalogues.Parse(yaml);

    public static (AdmissionHandler Handler, PlacementLedger Ledger) Handler(string policy = "qshuf", WebhookOptions? options = null, ClusterWorld? world = null)
    {
        var ledger = new PlacementLedger(world ?? World(), TimeProvider.System, TimeSpan.FromSeconds(30));
        return (new AdmissionHandler(PolicyCatalog.Create(policy)!.Placement, ledger, options ?? new WebhookOptions()), ledger);
    }

    /// <summary>A pod as faas-netes makes it, after the API server's defaults and ServiceAccount admission.</summary>
    public static JsonObject Pod(string function, bool optIn = true) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": {
            "generateName": "{{function}}-5d8f7c9b4-", "namespace": "openfaas-fn",
            "labels": { "faas_function": "{{function}}", "pod-template-hash": "5d8f7c9b4"{{(optIn ? ", \"faaswise.io/qshuf\": \"true\"" : "")}} },
            "annotations": { "prometheus.io.scrape": "false" },
            "ownerReferences": [ { "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "{{function}}-5d8f7c9b4", "uid": "1b0a", "controller": true, "blockOwnerDeletion": true } ]
          },
          "spec": {
            "containers": [ {
              "name": "{{function}}", "image": "ghcr.io/faaswise/{{function}}:latest",
              "ports": [ { "name": "http", "containerPort": 8080, "protocol": "TCP" } ],
              "env": [ { "name": "read_timeout", "value": "5s" }, { "name": "infer_device", "value": "cpu" } ],
              "resources": { "limits": { "memory": "4Gi" }, "requests": { "memory": "2Gi" } },
              "readinessProbe": { "httpGet": { "path": "/_/health", "port": 8080, "scheme": "HTTP" }, "periodSeconds": 2 },
              "volumeMounts": [ { "name": "kube-api-access-x7k2p", "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount" } ]
            } ],
            "volumes": [ { "name": "kube-api-access-x7k2p", "projected": { "sources": [ { "serviceAccountToken": { "path": "token" } } ] } } ],
            "restartPolicy": "Always", "schedulerName": "default-scheduler", "serviceAccountName": "default"
          },
          "status": {}
        }
        """)!;

    public static JsonObject Review(JsonObject pod, string uid = "705ab4f5-6393-11e8-b7cc-42010a800002", bool dryRun = false, string operation = "CREATE") => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
            ["requestKind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["requestResource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
            ["name"] = "",
            ["namespace"] = "openfaas-fn",
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:kube-system:replicaset-controller" },
            ["object"] = pod.DeepClone(),
            ["oldObject"] = null,
            ["dryRun"] = dryRun,
            ["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1" },
        },
    };

    public static string PatchJson(AdmissionAnswer answer) => Encoding.UTF8.GetString(Convert.FromBase64String(answer.Patch!));

    public static JsonObject Patched(JsonObject pod, AdmissionAnswer answer) =>
        Faaswise.Kubernetes.Testing.Api.Patches.ApplyJsonPatch(pod, PatchJson(answer), Faaswise.Kubernetes.Testing.Store.ResourceType.Pods, "p");

    public static string? Env(JsonObject pod, string name) =>
        (pod["spec"]!["containers"]![0]!["env"] as JsonArray ?? []).LastOrDefault(e => e?["name"]?.GetValue<string>() == name)?["value"]?.GetValue<string>();
}
