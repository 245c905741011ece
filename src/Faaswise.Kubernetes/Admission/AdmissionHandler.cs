using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;

namespace Faaswise.Kubernetes.Admission;

/// <summary>
/// The QShuf admission webhook's decision for one AdmissionReview: a pod CREATE in the function namespace, labelled
/// for QShuf, of a function in the world, is placed by the policy core's <see cref="IPlacement"/> (the same code the
/// simulator runs) and patched to match: node, GPU, CPU, reserve, readiness probe, model mount, scheduler. Anything
/// else is answered too, never with an exception: other pods are allowed unchanged, malformed reviews are refused
/// with 400, unknown functions and pods no GPU has room for as the options say.
/// </summary>
public sealed class AdmissionHandler(IPlacement placement, PlacementLedger ledger, WebhookOptions options, IntentBook? intents = null)
{
    private long _admitted;

    /// <summary>Pods placed so far (dry runs included).</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Answers an AdmissionReview's body.</summary>
    public AdmissionAnswer Review(string body)
    {
        JsonNode? review;
        try
        {
            review = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return AdmissionAnswer.Deny("", 400, $"the body is not JSON: {e.Message}");
        }

        return Review(review);
    }

    /// <summary>Answers an AdmissionReview's body, first reading the function's Deployment again when a QShuf pod has no intent in the cache.</summary>
    public async Task<AdmissionAnswer> ReviewAsync(string body, CancellationToken cancellation)
    {
        JsonNode? review;
        try
        {
            review = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return AdmissionAnswer.Deny("", 400, $"the body is not JSON: {e.Message}");
        }

        var labels = review?["request"]?["object"]?["metadata"]?["labels"] as JsonObject;
        if (intents is not null && Text(labels?[PodLabels.OptIn]) == "true" && Text(labels?[PodLabels.Function]) is { } function && ledger.World.FunctionIndex(function) >= 0
            && ledger.Decide(s => intents.Next(function, s.Time, ledger.Taken)) is null)
        {
            try
            {
                await intents.RefreshAsync(function, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException)
            {
                // The cache stands: placed by the policy when it holds no intent.
            }
        }

        return Review(review);
    }

    /// <summary>Answers a parsed AdmissionReview.</summary>
    public AdmissionAnswer Review(JsonNode? review)
    {
        if (review is not JsonObject r || Text(r["kind"]) != "AdmissionReview" || Text(r["apiVersion"]) != "admission.k8s.io/v1")
        {
            return AdmissionAnswer.Deny(Text(((review as JsonObject)?["request"] as JsonObject)?["uid"]) ?? "", 400, "expected an AdmissionReview of apiVersion admission.k8s.io/v1");
        }

        if (r["request"] is not JsonObject request || Text(request["uid"]) is not { Length: > 0 } uid)
        {
            return AdmissionAnswer.Deny("", 400, "the AdmissionReview has no request.uid");
        }

        var kind = request["kind"] as JsonObject;
        if (Text(kind?["kind"]) != "Pod" || Text(kind?["group"]) is { Length: > 0 } || Text(request["operation"]) != "CREATE")
        {
            return AdmissionAnswer.Allow(uid, "not a pod creation: left alone");
        }

        if (request["object"] is not JsonObject pod) return AdmissionAnswer.Deny(uid, 400, "the AdmissionReview's request.object is not a pod");
        var meta = pod["metadata"] as JsonObject;
        var ns = Text(request["namespace"]) ?? Text(meta?["namespace"]);
        if (ns != options.Namespace) return AdmissionAnswer.Allow(uid, $"namespace {ns} is not the function namespace {options.Namespace}: left alone");
        var labels = meta?["labels"] as JsonObject;
        if (Text(labels?[PodLabels.OptIn]) != "true") return AdmissionAnswer.Allow(uid, $"not labelled {PodLabels.OptIn}=true: left alone");
        if ((pod["spec"] as JsonObject)?["containers"] is not JsonArray { Count: > 0 } containers || containers.Any(c => c is not JsonObject)) return AdmissionAnswer.Deny(uid, 400, "the pod has no containers");
        var name = Text(labels?[PodLabels.Function]);
        var function = name is null ? -1 : ledger.World.FunctionIndex(name);
        if (function < 0)
        {
            var why = name is null ? $"the pod has no {PodLabels.Function} label" : $"function {name} is not in the cluster's world ({string.Join(", ", ledger.World.Functions.Select(f => f.Name))})";
            return options.DenyUnknown ? AdmissionAnswer.Deny(uid, 403, why) : AdmissionAnswer.Allow(uid, why + ": left unplaced") with { Warnings = [Short(why)] };
        }

        var dryRun = request["dryRun"] is JsonValue d && d.TryGetValue<bool>(out var dr) && dr;
        var reserve = Text(labels?[PodLabels.Reserve]) == "True";
        var podName = Text(meta?["name"]) is { Length: > 0 } n ? n : (Text(meta?["generateName"]) ?? "pod-") + uid[..Math.Min(8, uid.Length)];
        var decision = ledger.Decide(snapshot =>
        {
            var intent = intents?.Next(name!, snapshot.Time, ledger.Taken);
            var start = intent?.ToDecision(ledger.World, function) ?? placement.Place(snapshot, function, reserve, new DecisionList(), $"admission of {podName}");
            if (start is not null && !dryRun) ledger.Assume(uid, Replica(podName, start), intent?.Id);
            return (Start: start, Free: start is null ? FreeMemory(snapshot) : "", Intent: intent?.Id);
        });
        if (decision.Start is not { } placed)
        {
            var need = ledger.World.GpuBytes(function) / 1e9;
            var why = string.Create(CultureInfo.InvariantCulture, $"no GPU has room for {name}: it needs {need:0.00} GB; free: {decision.Free}");
            return options.DenyUnplaceable ? AdmissionAnswer.Deny(uid, 403, why) : AdmissionAnswer.Allow(uid, why + ": left unplaced") with { Warnings = [Short(why)] };
        }

        Interlocked.Increment(ref _admitted);
        var patch = Patch(pod, placed, uid);
        if (decision.Intent is { } taken) patch.SetKey(["metadata", "annotations"], PodLabels.Intent, taken);
        var where = placed.Gpu >= 0 ? $"node {NodeOf(placed.Gpu)}, GPU {ledger.World.Gpus[placed.Gpu].Uuid}" : "no GPU";
        return AdmissionAnswer.Allow(uid, $"placed on {where}: {placed.Reason}") with { Patch = patch.ToBase64() };
    }

    /// <summary>The JSONPatch that applies a start decision to a pod.</summary>
    public PodPatch Patch(JsonObject pod, Decision start, string admissionUid)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(start);
        var world = ledger.World;
        var function = world.Functions[start.Function];
        var node = start.Gpu >= 0 ? NodeOf(start.Gpu) : null;
        var uuid = start.Gpu >= 0 ? world.Gpus[start.Gpu].Uuid : null;
        var device = start.OnGpu ? "cuda" : "cpu";
        var reserve = start.Reserve ? "True" : "False";
        string[] labels = ["metadata", "labels"];
        string[] annotations = ["metadata", "annotations"];
        var patch = new PodPatch(pod)
            .SetKey(labels, PodLabels.InferDevice, device)
            .SetKey(labels, PodLabels.Reserve, reserve)
            .SetKey(annotations, PodLabels.Admission, admissionUid)
            .SetKey(annotations, PodLabels.Placement, Short(start.Reason, 1024));
        if (start.Slot >= 0) patch.SetKey(labels, PodLabels.Slot, start.Slot.ToString(CultureInfo.InvariantCulture));
        if (uuid is not null) patch.SetKey(annotations, PodLabels.Gpu, uuid);
        if (node is not null)
        {
            patch.SetKey(annotations, PodLabels.Node, node);
            if (options.SchedulerName is null) patch.SetKey(["spec", "nodeSelector"], PodLabels.Hostname, node);
        }

        if (options.SchedulerName is { } scheduler) patch.SetField(["spec", "schedulerName"], scheduler);
        var containers = (JsonArray)pod["spec"]!["containers"]!;
        for (var c = 0; c < containers.Count; c++)
        {
            var index = c.ToString(CultureInfo.InvariantCulture);
            patch.SetEnv(c, PodLabels.InferDevice, device).SetEnv(c, PodLabels.Reserve, reserve).SetEnv(c, "TIMEOUT_FACTOR", options.TimeoutFactor);
            if (uuid is not null && options.Binding is GpuBinding.EnvPin or GpuBinding.EnvPinWithRequest)
            {
                patch.SetEnv(c, "NVIDIA_VISIBLE_DEVICES", uuid).SetEnv(c, "CUDA_VISIBLE_DEVICES", uuid);
            }

            if (c != 0) continue;
            var cpu = function.CpuRequest.ToString(CultureInfo.InvariantCulture);
            patch.SetKey(["spec", "containers", index, "resources", "requests"], "cpu", cpu)
                .SetKey(["spec", "containers", index, "resources", "limits"], "cpu", cpu);
            if (uuid is not null && options.Binding is GpuBinding.WholeGpu or GpuBinding.EnvPinWithRequest)
            {
                patch.SetKey(["spec", "containers", index, "resources", "requests"], "nvidia.com/gpu", "1")
                    .SetKey(["spec", "containers", index, "resources", "limits"], "nvidia.com/gpu", "1");
            }

            patch.SetField(["spec", "containers", index, "readinessProbe"], new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = options.ReadinessPath, ["port"] = options.ReadinessPort },
                ["initialDelaySeconds"] = 1,
                ["periodSeconds"] = 1,
            });
            if (options.ModelHostPath is { } host)
            {
                patch.AddVolume(new JsonObject { ["name"] = "faaswise-models", ["hostPath"] = new JsonObject { ["path"] = host, ["type"] = "Directory" } });
                patch.AddVolumeMount(0, new JsonObject { ["name"] = "faaswise-models", ["mountPath"] = options.ModelMountPath, ["readOnly"] = true });
            }
        }

        return patch;
    }

    private string NodeOf(int gpu) => ledger.World.Nodes[ledger.World.GpuNode[gpu]].Name;

    private static ReplicaSnapshot Replica(string podName, Decision start) =>
        new(podName, start.Function, start.Gpu, ReplicaPhase.Starting, start.OnGpu ? Residency.Gpu : Residency.Host, false) { Reserve = start.Reserve, Slot = start.Slot };

    private static string FreeMemory(ClusterSnapshot snapshot) => string.Join(", ", Enumerable.Range(0, snapshot.World.Gpus.Count)
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{snapshot.World.Gpus[g].Uuid} {snapshot.GpuFreeBytes(g) / 1e9:0.00} GB")));

    private static string Short(string text, int max = 256) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
