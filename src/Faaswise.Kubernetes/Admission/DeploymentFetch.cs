using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Faaswise.Kubernetes.Admission;

/// <summary>Reads a function's Deployment (named after the function, as faas-netes names it) as JSON, for <see cref="IntentBook"/>.</summary>
public static class DeploymentFetch
{
    /// <summary>A fetch over a client; null when there is no such Deployment.</summary>
    public static Func<string, CancellationToken, Task<JsonObject?>> Of(IKubernetes client, string ns) => async (function, cancellation) =>
    {
        try
        {
            var d = await client.AppsV1.ReadNamespacedDeploymentAsync(function, ns, cancellationToken: cancellation).ConfigureAwait(false);
            return JsonNode.Parse(KubernetesJson.Serialize(d)) as JsonObject;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    };
}
