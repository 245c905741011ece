using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Faaswise.Experiments.Kube;

/// <summary>
/// Puts a cluster's functions back where a run starts: each function's Deployment is paused (the controller leaves a
/// paused function alone), scaled to zero with its placement intents and its initial-deployment mark removed, and,
/// once its pods are gone, given back one replica and unpaused, so the controller makes the policy's initial
/// deployment again on fresh runtimes. Interrupted, it leaves functions paused; the next reset finishes the job.
/// </summary>
internal static class FunctionReset
{
    /// <summary>Resets <paramref name="functions"/> (names of Deployments in <paramref name="ns"/>).</summary>
    public static async Task ResetAsync(IKubernetes client, string ns, IReadOnlyList<string> functions, TimeSpan patience, CancellationToken cancellation)
    {
        foreach (var name in functions)
        {
            await PatchAsync(client, ns, name, new JsonObject
            {
                ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [PodLabels.Paused] = "faaswise experiment: reset", [PodLabels.Deployed] = null, [PodLabels.Intents] = null } },
                ["spec"] = new JsonObject { ["replicas"] = 0 },
            }, cancellation).ConfigureAwait(false);
        }

        var until = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
        foreach (var name in functions)
        {
            while (true)
            {
                var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{PodLabels.Function}={name}", cancellationToken: cancellation).ConfigureAwait(false);
                if (pods.Items.Count == 0) break;
                if (Stopwatch.GetTimestamp() > until)
                    throw new ExperimentException(string.Create(CultureInfo.InvariantCulture, $"{pods.Items.Count} pods of {name} still exist {patience.TotalMinutes:0.#} minutes after it was scaled to zero (kubectl -n {ns} get pods -l {PodLabels.Function}={name})"));
                await Task.Delay(200, cancellation).ConfigureAwait(false);
            }
        }

        foreach (var name in functions)
        {
            await PatchAsync(client, ns, name, new JsonObject
            {
                ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [PodLabels.Paused] = null } },
                ["spec"] = new JsonObject { ["replicas"] = 1 },
            }, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>The names among <paramref name="functions"/> without a Deployment in <paramref name="ns"/>.</summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(IKubernetes client, string ns, IEnumerable<string> functions, CancellationToken cancellation)
    {
        var missing = new List<string>();
        foreach (var name in functions)
        {
            try
            {
                await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellation).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                missing.Add(name);
            }
        }

        return missing;
    }

    private static async Task PatchAsync(IKubernetes client, string ns, string name, JsonObject merge, CancellationToken cancellation)
    {
        try
        {
            await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(merge.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new ExperimentException(string.Create(CultureInfo.InvariantCulture, $"could not reset Deployment {ns}/{name}: API {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}"));
        }
    }
}
