using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary><c>status</c>, <c>pods/binding</c>, <c>pods/proxy</c> and <c>deployments|replicasets/scale</c>.</summary>
public sealed class Subresources(ObjectStore store, ResourceHandler resources, TimeProvider clock, HttpClient proxyClient)
{
    /// <summary>Answers a request on a subresource.</summary>
    public async Task HandleAsync(HttpContext context, ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        var method = context.Request.Method;
        switch (route.Subresource)
        {
            case "status" when route.Resource.HasStatus:
                var result = method switch
                {
                    "GET" => store.Get(route.Resource, route.Namespace, route.Name!) ?? throw ApiException.NotFound(route.Resource, route.Name!),
                    "PUT" => resources.Replace(route, await Json.ReadObjectAsync(context).ConfigureAwait(false), statusOnly: true),
                    "PATCH" => resources.Patch(route, context.Request.ContentType, await Json.ReadTextAsync(context).ConfigureAwait(false), statusOnly: true),
                    _ => throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
                };
                await Json.WriteAsync(context, 200, result).ConfigureAwait(false);
                return;
            case "binding" when route.Resource == ResourceType.Pods && method == "POST":
                await BindAsync(context, route).ConfigureAwait(false);
                return;
            case "proxy" when route.Resource == ResourceType.Pods:
                await ProxyAsync(context, route).ConfigureAwait(false);
                return;
            case "scale" when route.Resource == ResourceType.Deployments || route.Resource == ResourceType.ReplicaSets:
                await ScaleAsync(context, route).ConfigureAwait(false);
                return;
            default:
                throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({route.Resource.Plural}/{route.Subresource})");
        }
    }

    private async Task BindAsync(HttpContext context, ApiRoute route)
    {
        var binding = await Json.ReadObjectAsync(context).ConfigureAwait(false);
        var node = binding["target"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(node)) throw ApiException.Invalid(new ResourceType("", "v1", "bindings", "Binding", true), route.Name!, "target.name: Required value");
        var meta = binding["metadata"] as JsonObject;
        var annotations = Metadata.Strings(meta?["annotations"] as JsonObject);
        PodBinding.Bind(store, route.Namespace!, route.Name!, node, meta?["uid"]?.GetValue<string>(), meta?["resourceVersion"]?.GetValue<string>(), annotations, clock.GetUtcNow());
        await Json.WriteAsync(context, 201, ApiException.Status(201, "", "")).ConfigureAwait(false);
    }

    private async Task ProxyAsync(HttpContext context, ApiRoute route)
    {
        var parts = route.Name!.Split(':', 2);
        var pod = store.Get(ResourceType.Pods, route.Namespace, parts[0]) ?? throw ApiException.NotFound(ResourceType.Pods, parts[0]);
        var ip = pod["status"]?["podIP"]?.GetValue<string>();
        if (string.IsNullOrEmpty(ip)) throw new ApiException(503, "ServiceUnavailable", $"pod {parts[0]} has no IP address yet");
        var port = parts.Length > 1 ? parts[1] : FirstPort(pod);
        var target = new Uri($"http://{ip}:{port}/{route.Rest}{context.Request.QueryString}");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            body.Position = 0;
            request.Content = new StreamContent(body);
            if (context.Request.ContentType is { } ct) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ct);
        }

        HttpResponseMessage answer;
        try
        {
            answer = await proxyClient.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(503, "ServiceUnavailable", $"error trying to reach service: {e.Message}");
        }

        using (answer)
        {
            context.Response.StatusCode = (int)answer.StatusCode;
            if (answer.Content.Headers.ContentType is { } type) context.Response.ContentType = type.ToString();
            await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string FirstPort(JsonObject pod) =>
        pod["spec"]?["containers"]?[0]?["ports"]?[0]?["containerPort"]?.GetValue<int>().ToString(CultureInfo.InvariantCulture) ?? "80";

    private async Task ScaleAsync(HttpContext context, ApiRoute route)
    {
        var method = context.Request.Method;
        JsonObject owner;
        if (method == "GET")
        {
            owner = store.Get(route.Resource, route.Namespace, route.Name!) ?? throw ApiException.NotFound(route.Resource, route.Name!);
        }
        else
        {
            var text = await Json.ReadTextAsync(context).ConfigureAwait(false);
            owner = store.Update(route.Resource, route.Namespace, route.Name!, current =>
            {
                var scale = method switch
                {
                    "PUT" => JsonNode.Parse(text) as JsonObject ?? throw ApiException.BadRequest("the body is not a Scale"),
                    "PATCH" => Patches.Apply(context.Request.ContentType, Scale(current), text, route.Resource, route.Name!),
                    _ => throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
                };
                var wanted = Metadata.ResourceVersion(scale);
                if (!string.IsNullOrEmpty(wanted) && wanted != Metadata.ResourceVersion(current))
                {
                    throw ApiException.Conflict(route.Resource, route.Name!, "the object has been modified; please apply your changes to the latest version and try again");
                }

                var replicas = scale["spec"]?["replicas"]?.GetValue<int>() ?? throw ApiException.Invalid(route.Resource, route.Name!, "spec.replicas: Required value");
                if (replicas < 0) throw ApiException.Invalid(route.Resource, route.Name!, $"spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0");
                current["spec"]!["replicas"] = replicas;
                return current;
            });
        }

        await Json.WriteAsync(context, 200, Scale(owner)).ConfigureAwait(false);
    }

    private static JsonObject Scale(JsonObject owner)
    {
        var meta = Metadata.Of(owner);
        var selector = owner["spec"]?["selector"]?["matchLabels"] as JsonObject;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = owner["spec"]?["replicas"]?.DeepClone() },
            ["status"] = new JsonObject
            {
                ["replicas"] = owner["status"]?["replicas"]?.GetValue<int>() ?? 0,
                ["selector"] = string.Join(',', Metadata.Strings(selector).Select(kv => $"{kv.Key}={kv.Value}")),
            },
        };
    }
}
