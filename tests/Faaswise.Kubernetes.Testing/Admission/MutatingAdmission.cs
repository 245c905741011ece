using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Api;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Admission;

/// <summary>
/// Mutating admission as the API server runs it: every <c>MutatingWebhookConfiguration</c> webhook whose rules,
/// namespaceSelector and objectSelector match is called in order with a v1 AdmissionReview over HTTPS; its
/// JSONPatch is applied; failurePolicy decides what a failed call means; dry runs reach only webhooks without side
/// effects (or with none on dry run).
/// </summary>
public sealed class MutatingAdmission(ObjectStore store) : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    /// <summary>Raised after each webhook call: the webhook's name, how long the HTTPS round trip took, and whether it answered 200.</summary>
    public event Action<string, TimeSpan, bool>? Called;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in _clients.Values) c.Dispose();
        _clients.Clear();
    }

    /// <summary>The object after every matching webhook, and the warnings they returned.</summary>
    public async Task<(JsonObject Object, IReadOnlyList<string> Warnings)> AdmitAsync(ResourceType type, string operation, string? ns, JsonObject obj, bool dryRun, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(type);
        var warnings = new List<string>();
        var nsLabels = ns is null ? new Dictionary<string, string>() : Metadata.Labels(store.Get(ResourceType.Namespaces, null, ns) ?? new JsonObject());
        var (configs, _) = store.List(ResourceType.MutatingWebhooks, null);
        foreach (var config in configs.OrderBy(Metadata.Name, StringComparer.Ordinal))
        {
            foreach (var hook in (config["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!Matches(hook, type, operation, nsLabels, Metadata.Labels(obj), ns is not null)) continue;
                var name = hook["name"]?.GetValue<string>() ?? "";
                var sideEffects = hook["sideEffects"]?.GetValue<string>() ?? "Unknown";
                if (dryRun && sideEffects is not ("None" or "NoneOnDryRun")) throw ApiException.BadRequest($"admission webhook \"{name}\" does not support dry run");
                obj = await CallAsync(hook, name, type, operation, ns, obj, dryRun, warnings, cancellation).ConfigureAwait(false);
            }
        }

        return (obj, warnings);
    }

    private static bool Matches(JsonObject hook, ResourceType type, string operation, IReadOnlyDictionary<string, string> nsLabels, IReadOnlyDictionary<string, string> labels, bool namespaced)
    {
        var ruleMatch = (hook["rules"] as JsonArray ?? []).Any(r =>
            Has(r?["operations"], operation) && Has(r?["apiGroups"], type.Group) && Has(r?["apiVersions"], type.Version) && Has(r?["resources"], type.Plural)
            && (r?["scope"]?.GetValue<string>() ?? "*") switch { "Namespaced" => namespaced, "Cluster" => !namespaced, _ => true });
        return ruleMatch
            && (!namespaced || Selectors.Matches(hook["namespaceSelector"] as JsonObject, nsLabels))
            && Selectors.Matches(hook["objectSelector"] as JsonObject, labels);
    }

    private static bool Has(JsonNode? list, string value) =>
        list is JsonArray a && a.Any(x => x?.GetValue<string>() is { } s && (s == "*" || s == value));

    private async Task<JsonObject> CallAsync(JsonObject hook, string name, ResourceType type, string operation, string? ns, JsonObject obj, bool dryRun, List<string> warnings, CancellationToken cancellation)
    {
        var timeout = Math.Clamp(hook["timeoutSeconds"]?.GetValue<int>() ?? 10, 1, 30);
        var ignore = (hook["failurePolicy"]?.GetValue<string>() ?? "Fail") == "Ignore";
        var uid = Guid.NewGuid().ToString();
        try
        {
            var (url, address) = Resolve(hook["clientConfig"] as JsonObject ?? new JsonObject(), timeout);
            var b64 = hook["clientConfig"]?["caBundle"]?.GetValue<string>();
            var client = _clients.GetOrAdd($"{b64}|{address}|{url.Authority}", _ => WebhookConnector.Create(b64 is null ? null : Convert.FromBase64String(b64), address, TimeSpan.FromSeconds(30)));
            var review = Review(uid, type, operation, ns, obj, dryRun);
            using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var answer = await client.PostAsync(url, content, deadline.Token).ConfigureAwait(false);
            var text = await answer.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            Called?.Invoke(name, System.Diagnostics.Stopwatch.GetElapsedTime(started), answer.StatusCode == HttpStatusCode.OK);
            if (answer.StatusCode != HttpStatusCode.OK) throw new WebhookCallException($"received invalid webhook response: expected response code 200, got {(int)answer.StatusCode}");
            var response = ParseResponse(text, uid);
            foreach (var w in response["warnings"] as JsonArray ?? []) warnings.Add(w?.GetValue<string>() ?? "");
            if (response["allowed"]?.GetValue<bool>() != true)
            {
                var status = response["status"] as JsonObject;
                var code = status?["code"]?.GetValue<int>() ?? 403;
                var message = status?["message"]?.GetValue<string>() ?? "";
                throw new ApiException(code < 400 ? 403 : code, "Forbidden", $"admission webhook \"{name}\" denied the request{(message.Length > 0 ? ": " + message : "")}");
            }

            if (response["patch"]?.GetValue<string>() is not { Length: > 0 } patch) return obj;
            if (response["patchType"]?.GetValue<string>() != "JSONPatch") throw new WebhookCallException($"unsupported patch type \"{response["patchType"]}\"");
            var patched = Patches.ApplyJsonPatch(obj, Encoding.UTF8.GetString(Convert.FromBase64String(patch)), type, Metadata.Name(obj));
            return patched;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or WebhookCallException or JsonException or FormatException or InvalidOperationException)
        {
            if (ignore)
            {
                warnings.Add($"failed calling webhook \"{name}\" (ignored): {Describe(e)}");
                return obj;
            }

            throw new ApiException(500, "InternalError", $"Internal error occurred: failed calling webhook \"{name}\": {Describe(e)}");
        }
    }

    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException => "context deadline exceeded",
        HttpRequestException { InnerException: { } inner } => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };

    private (Uri Url, IPEndPoint? Address) Resolve(JsonObject clientConfig, int timeout)
    {
        var query = $"?timeout={timeout}s";
        if (clientConfig["url"]?.GetValue<string>() is { } url)
        {
            var u = new Uri(url);
            if (u.Scheme != "https") throw new WebhookCallException("webhook URLs must use https");
            return (new Uri(url + query), null);
        }

        var svc = clientConfig["service"] as JsonObject ?? throw new WebhookCallException("clientConfig names neither a url nor a service");
        var name = svc["name"]!.GetValue<string>();
        var ns = svc["namespace"]!.GetValue<string>();
        var port = svc["port"]?.GetValue<int>() ?? 443;
        var path = svc["path"]?.GetValue<string>() ?? "/";
        var address = ServiceAddress(ns, name, port) ?? throw new WebhookCallException($"service \"{ns}/{name}\" has no ready endpoint for port {port}");
        return (new Uri($"https://{name}.{ns}.svc:{port}{path}{query}"), address);
    }

    private IPEndPoint? ServiceAddress(string ns, string name, int port)
    {
        var service = store.Get(ResourceType.Services, ns, name);
        var endpoints = store.Get(ResourceType.Endpoints, ns, name);
        if (service is null || endpoints is null) return null;
        var servicePort = (service["spec"]?["ports"] as JsonArray ?? []).FirstOrDefault(p => p?["port"]?.GetValue<int>() == port);
        if (servicePort is null) return null;
        var portName = servicePort["name"]?.GetValue<string>();
        foreach (var subset in endpoints["subsets"] as JsonArray ?? [])
        {
            var ip = (subset?["addresses"] as JsonArray)?.FirstOrDefault()?["ip"]?.GetValue<string>();
            var target = (subset?["ports"] as JsonArray ?? []).FirstOrDefault(p => portName is null || p?["name"]?.GetValue<string>() == portName);
            if (ip is not null && target?["port"]?.GetValue<int>() is { } targetPort) return new IPEndPoint(IPAddress.Parse(ip), targetPort);
        }

        return null;
    }

    private static JsonObject Review(string uid, ResourceType type, string operation, string? ns, JsonObject obj, bool dryRun)
    {
        var gvk = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
        var gvr = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural };
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = gvk,
            ["resource"] = gvr,
            ["requestKind"] = gvk.DeepClone(),
            ["requestResource"] = gvr.DeepClone(),
            ["name"] = Metadata.Name(obj),
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:kube-system:replicaset-controller", ["uid"] = "faaswise-test-cluster", ["groups"] = new JsonArray("system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated") },
            ["object"] = obj.DeepClone(),
            ["oldObject"] = null,
            ["dryRun"] = dryRun,
            ["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1" },
        };
        if (ns is not null) request["namespace"] = ns;
        return new JsonObject { ["kind"] = "AdmissionReview", ["apiVersion"] = "admission.k8s.io/v1", ["request"] = request };
    }

    private static JsonObject ParseResponse(string text, string uid)
    {
        var review = JsonNode.Parse(text) as JsonObject ?? throw new WebhookCallException("the webhook answered something other than an AdmissionReview");
        if (review["apiVersion"]?.GetValue<string>() != "admission.k8s.io/v1" || review["kind"]?.GetValue<string>() != "AdmissionReview")
        {
            throw new WebhookCallException($"expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got {review["apiVersion"]}, Kind={review["kind"]}");
        }

        var response = review["response"] as JsonObject ?? throw new WebhookCallException("webhook response was absent");
        var got = response["uid"]?.GetValue<string>();
        if (got != uid) throw new WebhookCallException(string.Create(CultureInfo.InvariantCulture, $"expected response.uid=\"{uid}\", got \"{got}\""));
        return response;
    }

    private sealed class WebhookCallException(string message) : Exception(message);
}
