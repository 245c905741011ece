using System.Globalization;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Admission;
using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>The verbs on a resource: list, watch, get, create (through admission), update, patch and delete.</summary>
public sealed class ResourceHandler(ObjectStore store, MutatingAdmission admission, TimeProvider clock, TimeSpan bookmarkEvery)
{
    /// <summary>Answers one request on a collection or an object.</summary>
    public async Task HandleAsync(HttpContext context, ApiRoute route, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        var method = context.Request.Method;
        if (route.Name is null)
        {
            switch (method)
            {
                case "GET" when context.Request.Query["watch"] is var w && (w == "true" || w == "1"):
                    await Watching.StreamAsync(context, store, route, ListQuery.From(context.Request.Query, route.Resource).Filter, bookmarkEvery, stopping).ConfigureAwait(false);
                    return;
                case "GET":
                    await Json.WriteAsync(context, 200, List(context, route)).ConfigureAwait(false);
                    return;
                case "POST":
                    var (created, warnings) = await CreateAsync(route.Resource, route.Namespace, await Json.ReadObjectAsync(context).ConfigureAwait(false), DryRun(context), context.RequestAborted).ConfigureAwait(false);
                    foreach (var w in warnings) context.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "'", StringComparison.Ordinal)}\"");
                    await Json.WriteAsync(context, 201, created).ConfigureAwait(false);
                    return;
            }
        }
        else
        {
            switch (method)
            {
                case "GET":
                    await Json.WriteAsync(context, 200, store.Get(route.Resource, route.Namespace, route.Name) ?? throw ApiException.NotFound(route.Resource, route.Name)).ConfigureAwait(false);
                    return;
                case "PUT":
                    var body = await Json.ReadObjectAsync(context).ConfigureAwait(false);
                    await Json.WriteAsync(context, 200, Replace(route, body, statusOnly: false)).ConfigureAwait(false);
                    return;
                case "PATCH":
                    var patch = await Json.ReadTextAsync(context).ConfigureAwait(false);
                    await Json.WriteAsync(context, 200, Patch(route, context.Request.ContentType, patch, statusOnly: false)).ConfigureAwait(false);
                    return;
                case "DELETE":
                    await Json.WriteAsync(context, 200, await DeleteAsync(context, route).ConfigureAwait(false)).ConfigureAwait(false);
                    return;
            }
        }

        throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");
    }

    /// <summary>Creates an object: defaults, the built-in ServiceAccount admission for pods, the webhooks, validation, storage (none on a dry run).</summary>
    public async Task<(JsonObject Object, IReadOnlyList<string> Warnings)> CreateAsync(ResourceType type, string? ns, JsonObject obj, bool dryRun, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (Metadata.Namespace(obj) is { } bodyNs && ns is not null && bodyNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (type.Namespaced && store.Get(ResourceType.Namespaces, null, ns ?? "") is null) throw ApiException.NotFound(ResourceType.Namespaces, ns ?? "");
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        if (type.Namespaced) Metadata.Of(obj)["namespace"] = ns;
        Defaults.Apply(type, obj);
        if (type == ResourceType.Pods)
        {
            ServiceAccountTokens.Admit(obj);
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        }

        var (admitted, warnings) = await admission.AdmitAsync(type, "CREATE", ns, obj, dryRun, cancellation).ConfigureAwait(false);
        var named = (JsonObject)admitted.DeepClone();
        if (string.IsNullOrEmpty(Metadata.Name(named))) Metadata.Of(named)["name"] = (Metadata.Of(named)["generateName"]?.GetValue<string>() ?? "") + "xxxxx";
        Validation.Validate(type, named);
        if (dryRun) return (admitted, warnings);
        var stored = store.Create(type, ns, admitted);
        return (stored, warnings);
    }

    /// <summary>PUT of an object or its status: a stale resourceVersion is a 409 Conflict.</summary>
    public JsonObject Replace(ApiRoute route, JsonObject body, bool statusOnly)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(body);
        return store.Update(route.Resource, route.Namespace, route.Name!, current =>
        {
            CheckVersion(route, Metadata.ResourceVersion(body), current);
            return Merge(route.Resource, current, body, statusOnly);
        });
    }

    /// <summary>PATCH of an object or its status.</summary>
    public JsonObject Patch(ApiRoute route, string? contentType, string patch, bool statusOnly)
    {
        ArgumentNullException.ThrowIfNull(route);
        return store.Update(route.Resource, route.Namespace, route.Name!, current =>
        {
            var patched = Patches.Apply(contentType, current, patch, route.Resource, route.Name!);
            CheckVersion(route, Metadata.ResourceVersion(patched), current);
            return Merge(route.Resource, current, patched, statusOnly);
        });
    }

    private static JsonObject Merge(ResourceType type, JsonObject current, JsonObject next, bool statusOnly)
    {
        if (statusOnly)
        {
            current["status"] = next["status"]?.DeepClone();
            return current;
        }

        if (type.HasStatus) next["status"] = current["status"]?.DeepClone();
        if (type == ResourceType.Pods && !JsonNode.DeepEquals(Immutable(next), Immutable(current)))
        {
            throw ApiException.Invalid(type, Metadata.Name(current), "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds`");
        }

        Validation.Validate(type, next);
        return next;
    }

    private static JsonObject? Immutable(JsonObject pod)
    {
        var spec = pod["spec"]?.DeepClone() as JsonObject;
        spec?.Remove("activeDeadlineSeconds");
        spec?.Remove("tolerations");
        spec?.Remove("terminationGracePeriodSeconds");
        foreach (var c in spec?["containers"] as JsonArray ?? []) (c as JsonObject)?.Remove("image");
        return spec;
    }

    private static void CheckVersion(ApiRoute route, string? wanted, JsonObject current)
    {
        if (!string.IsNullOrEmpty(wanted) && wanted != Metadata.ResourceVersion(current))
        {
            throw ApiException.Conflict(route.Resource, route.Name!, "the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    private JsonObject List(HttpContext context, ApiRoute route)
    {
        var query = ListQuery.From(context.Request.Query, route.Resource);
        var (items, revision) = store.List(route.Resource, route.Namespace);
        var (page, next) = query.Page(items);
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (next is not null) meta["continue"] = next;
        return new JsonObject
        {
            ["kind"] = route.Resource.Kind + "List",
            ["apiVersion"] = route.Resource.ApiVersion,
            ["metadata"] = meta,
            ["items"] = new JsonArray(page.Select(o => (JsonNode)o).ToArray()),
        };
    }

    private async Task<JsonObject> DeleteAsync(HttpContext context, ApiRoute route)
    {
        var options = context.Request.ContentLength is > 0 ? await Json.ReadObjectAsync(context).ConfigureAwait(false) : new JsonObject();
        var grace = int.TryParse(context.Request.Query["gracePeriodSeconds"], CultureInfo.InvariantCulture, out var g) ? g : options["gracePeriodSeconds"]?.GetValue<int>();
        var uid = options["preconditions"]?["uid"]?.GetValue<string>();
        var current = store.Get(route.Resource, route.Namespace, route.Name!) ?? throw ApiException.NotFound(route.Resource, route.Name!);
        if (uid is not null && uid != Metadata.Uid(current))
        {
            throw ApiException.Conflict(route.Resource, route.Name!, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Metadata.Uid(current)}");
        }

        if (route.Resource == ResourceType.Pods)
        {
            return Graceful.Begin(store, current, grace ?? current["spec"]?["terminationGracePeriodSeconds"]?.GetValue<int>() ?? 30, clock.GetUtcNow());
        }

        return store.Delete(route.Resource, route.Namespace, route.Name!, uid);
    }

    private static bool DryRun(HttpContext context) => context.Request.Query["dryRun"].Count > 0;
}
