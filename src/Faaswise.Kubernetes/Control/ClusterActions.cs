using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// The live effects of decisions, one API call sequence each (reference/kubernetes-and-runtime.md §2.4): a start
/// writes a placement intent on the function's Deployment and adds a replica in one optimistic update; a stop gives
/// the pod the lowest pod-deletion-cost and removes a replica, so the ReplicaSet deletes that pod; readiness and
/// residency go to the runtime's control API, then the pod's <c>infer_device</c> label follows.
/// </summary>
public sealed class ClusterActions(IKubernetes client, string ns, RuntimeControl runtime, string identity) : IClusterActions
{
    private readonly KubeEvents _events = new(client, ns, "faaswise.io/qshuf-controller", identity);

    private const int Conflicts = 5;

    /// <summary>Adds a replica to the function's Deployment with the intent, dropping intents that are no longer open.</summary>
    public Task<ActionResult> StartAsync(string function, PlacementIntent intent, IReadOnlySet<string> open, CancellationToken cancellation) =>
        UpdateDeploymentAsync(function, +1, intents => intents.Where(i => open.Contains(i.Id) && i.Id != intent.Id).Append(intent), cancellation);

    /// <summary>Marks the pod to go first and removes a replica.</summary>
    public async Task<ActionResult> StopAsync(FunctionPod pod, string function, IReadOnlySet<string> open, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var marked = await PatchPodAsync(pod.Name, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [PodLabels.DeletionCost] = "-100" } } }, cancellation).ConfigureAwait(false);
        if (marked.Refusal is not null) return marked;
        return await UpdateDeploymentAsync(function, -1, intents => intents.Where(i => open.Contains(i.Id)), cancellation).ConfigureAwait(false);
    }

    /// <summary>Opens or closes the runtime's readiness gate (QShuf's /toready, /tonotready).</summary>
    public async Task<ActionResult> GateAsync(FunctionPod pod, bool ready, CancellationToken cancellation)
    {
        var answer = await ControlAsync(pod, ready ? "toready" : "tonotready", cancellation).ConfigureAwait(false);
        return RuntimeAnswers.OfGate(answer);
    }

    /// <summary>Moves the model (QShuf's /tocuda, /tocpu) and sets the pod's infer_device label to match.</summary>
    public async Task<ActionResult> MoveAsync(FunctionPod pod, bool toGpu, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var answer = await ControlAsync(pod, toGpu ? "tocuda" : "tocpu", cancellation).ConfigureAwait(false);
        if (!answer.Ok) return RuntimeAnswers.OfMove(answer);

        var labelled = await PatchPodAsync(pod.Name, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [PodLabels.InferDevice] = toGpu ? "cuda" : "cpu" } } }, cancellation).ConfigureAwait(false);
        if (labelled.Refusal is not null) return labelled;
        var state = await IndexAsync(pod, cancellation).ConfigureAwait(false);
        return ActionResult.Done(state);
    }

    /// <summary>Sets (or with null removes) an annotation on the pod.</summary>
    public Task<ActionResult> AnnotateAsync(FunctionPod pod, string key, string? value, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return PatchPodAsync(pod.Name, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = value is null ? null : JsonValue.Create(value) } } }, cancellation);
    }

    /// <summary>The runtime's report of itself, or null when it does not answer.</summary>
    public async Task<RuntimeState?> IndexAsync(FunctionPod pod, CancellationToken cancellation)
    {
        try
        {
            var answer = await runtime.GetAsync(pod, "v2/repository/index", cancellation).ConfigureAwait(false);
            return answer.Ok ? RuntimeState.Parse(answer.Body, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException)
        {
            return null;
        }
    }

    /// <summary>Writes an Event about a pod or Deployment; a failure is only logged by the caller.</summary>
    public Task EventAsync(string kind, string name, string? uid, string type, string reason, string action, string note, CancellationToken cancellation) =>
        _events.WriteAsync(kind, name, uid, type, reason, action, note, cancellation);

    private async Task<ControlAnswer> ControlAsync(FunctionPod pod, string path, CancellationToken cancellation)
    {
        try
        {
            return await runtime.GetAsync(pod, path, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException)
        {
            return new ControlAnswer(0, e.Message);
        }
    }

    private async Task<ActionResult> UpdateDeploymentAsync(string function, int delta, Func<IEnumerable<PlacementIntent>, IEnumerable<PlacementIntent>> intents, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < Conflicts; attempt++)
        {
            try
            {
                var d = await client.AppsV1.ReadNamespacedDeploymentAsync(function, ns, cancellationToken: cancellation).ConfigureAwait(false);
                var annotations = d.Metadata.Annotations;
                var kept = intents(PlacementIntent.Parse(annotations is not null && annotations.TryGetValue(PodLabels.Intents, out var text) ? text : null)).ToList();
                var replicas = (d.Spec.Replicas ?? 1) + delta;
                if (replicas < 0) return ActionResult.Refused($"Deployment {function} has no replica to remove");

                // Only the fields this controller owns change (a full replace could drop fields this client does not
                // know and start a rollout); the resourceVersion test makes it an optimistic update.
                var ops = new JsonArray
                {
                    new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = d.Metadata.ResourceVersion },
                    new JsonObject { ["op"] = "add", ["path"] = "/spec/replicas", ["value"] = replicas },
                };
                if (annotations is null && kept.Count > 0) ops.Add(new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject { [PodLabels.Intents] = PlacementIntent.Format(kept) } });
                else if (kept.Count > 0) ops.Add(new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations/" + Pointer(PodLabels.Intents), ["value"] = PlacementIntent.Format(kept) });
                else if (annotations?.ContainsKey(PodLabels.Intents) == true) ops.Add(new JsonObject { ["op"] = "remove", ["path"] = "/metadata/annotations/" + Pointer(PodLabels.Intents) });
                await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(ops.ToJsonString(), V1Patch.PatchType.JsonPatch), function, ns, cancellationToken: cancellation).ConfigureAwait(false);
                return ActionResult.Done();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
            {
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return ActionResult.Refused($"no Deployment {function} in {ns}");
            }
            catch (HttpOperationException e)
            {
                return Api(e);
            }
            catch (HttpRequestException e)
            {
                return ActionResult.Retry(e.Message);
            }
        }

        return ActionResult.Retry($"Deployment {function} changed under {Conflicts} updates in a row");
    }

    private async Task<ActionResult> PatchPodAsync(string pod, JsonObject merge, CancellationToken cancellation)
    {
        try
        {
            await client.CoreV1.PatchNamespacedPodAsync(new V1Patch(merge.ToJsonString(), V1Patch.PatchType.MergePatch), pod, ns, cancellationToken: cancellation).ConfigureAwait(false);
            return ActionResult.Done();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return ActionResult.Refused($"pod {pod} is gone");
        }
        catch (HttpOperationException e)
        {
            return Api(e);
        }
        catch (HttpRequestException e)
        {
            return ActionResult.Retry(e.Message);
        }
    }

    private static string Pointer(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ActionResult Api(HttpOperationException e)
    {
        var code = (int)e.Response.StatusCode;
        var why = string.Create(CultureInfo.InvariantCulture, $"API {code}: {Result(e.Response.Content ?? "")}");
        return code is 409 or 429 or >= 500 ? ActionResult.Retry(why) : ActionResult.Refused(why);
    }

    private static string Result(string body) => RuntimeAnswers.Result(body);
}
