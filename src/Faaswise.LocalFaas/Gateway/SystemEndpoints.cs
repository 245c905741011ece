using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Faaswise.LocalFaas.Functions;
using Faaswise.LocalFaas.Replicas;
using Faaswise.OpenFaas.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>The OpenFaaS gateway API: <c>/system/*</c>, <c>/healthz</c>, <c>/metrics</c> and <c>/function/{name}</c>.</summary>
public static class SystemEndpoints
{
    /// <summary>The provider name <c>/system/info</c> reports.</summary>
    public const string ProviderName = "faaswise-localfaas";

    /// <summary>Maps every gateway route; the services come from <see cref="LocalFaasServiceCollectionExtensions.AddLocalFaas"/>.</summary>
    public static IEndpointRouteBuilder MapLocalFaas(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/healthz", () => Results.Text("OK"));
        routes.MapGet("/metrics", WriteMetricsAsync);
        routes.MapGet("/system/info", Info);
        routes.MapGet("/system/namespaces", (GatewayOptions options) => Results.Json(new[] { options.Namespace }));
        routes.MapGet("/system/functions", List);
        routes.MapGet("/system/function/{name}", Get);
        routes.MapPost("/system/functions", DeployAsync);
        routes.MapPut("/system/functions", UpdateAsync);
        routes.MapDelete("/system/functions", DeleteAsync);
        routes.MapPost("/system/scale-function/{name}", ScaleAsync);
        routes.MapGet("/system/logs", LogsAsync);
        routes.Map("/function/{name}", (HttpContext c, string name, FunctionInvoker invoker) => invoker.InvokeAsync(c, name));
        routes.Map("/function/{name}/{**rest}", (HttpContext c, string name, FunctionInvoker invoker) => invoker.InvokeAsync(c, name));
        routes.MapPost("/async-function/{name}", (HttpContext c, string name, AsyncInvocations queue) => queue.AcceptAsync(c, name, null));
        routes.MapPost("/async-function/{name}/{**rest}", (HttpContext c, string name, string? rest, AsyncInvocations queue) => queue.AcceptAsync(c, name, rest));
        return routes;
    }

    private static async Task WriteMetricsAsync(HttpContext context, GatewayMetrics metrics)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static GatewayInfo Info()
    {
        var release = typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        var version = new VersionInfo { Release = release.Split('+')[0], Sha = release.Contains('+', StringComparison.Ordinal) ? release.Split('+')[1] : "" };
        return new GatewayInfo
        {
            Provider = new ProviderInfo { Name = ProviderName, Orchestration = "process", Version = version },
            Version = version,
            Arch = RuntimeInformation.OSArchitecture switch { Architecture.X64 => "x86_64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() },
        };
    }

    private static IResult List(ReplicaAccounting accounting, GatewayOptions options) =>
        Results.Json(accounting.Current().Functions.Select(f => Status(f, accounting, options)).ToArray());

    private static IResult Get(string name, ReplicaAccounting accounting, GatewayOptions options) =>
        accounting.Current().Functions.FirstOrDefault(f => f.Set.Definition.Name == name) is { } f
            ? Results.Json(Status(f, accounting, options))
            : NotFound(name, options);

    private static async Task<IResult> DeployAsync(HttpContext context, FunctionRegistry functions, GatewayOptions options)
    {
        if (await ReadAsync<FunctionDeployment>(context).ConfigureAwait(false) is not { } deployment) return BadJson<FunctionDeployment>();
        if (Foreign(deployment.Namespace, options) is { } refused) return refused;
        try
        {
            return functions.Deploy(deployment) ? Results.Accepted() : Results.Text($"function {deployment.Service} already exists; use PUT to update it\n", statusCode: 409);
        }
        catch (FormatException e)
        {
            return Results.Text(e.Message + "\n", statusCode: 400);
        }
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, FunctionRegistry functions, GatewayOptions options)
    {
        if (await ReadAsync<FunctionDeployment>(context).ConfigureAwait(false) is not { } deployment) return BadJson<FunctionDeployment>();
        if (Foreign(deployment.Namespace, options) is { } refused) return refused;
        try
        {
            return functions.Update(deployment) ? Results.Accepted() : NotFound(deployment.Service, options);
        }
        catch (FormatException e)
        {
            return Results.Text(e.Message + "\n", statusCode: 400);
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, FunctionRegistry functions, GatewayOptions options)
    {
        if (await ReadAsync<DeleteFunctionRequest>(context).ConfigureAwait(false) is not { } request) return BadJson<DeleteFunctionRequest>();
        if (Foreign(request.Namespace, options) is { } refused) return refused;
        return await functions.DeleteAsync(request.FunctionName).ConfigureAwait(false) ? Results.Accepted() : NotFound(request.FunctionName, options);
    }

    private static async Task<IResult> ScaleAsync(string name, HttpContext context, FunctionRegistry functions, GatewayOptions options)
    {
        if (await ReadAsync<ScaleServiceRequest>(context).ConfigureAwait(false) is not { } request) return BadJson<ScaleServiceRequest>();
        if (Foreign(request.Namespace, options) is { } refused) return refused;
        if (request.Replicas > FunctionRegistry.MaxReplicas)
        {
            return Results.Text($"replicas {request.Replicas} is above this gateway's limit of {FunctionRegistry.MaxReplicas}\n", statusCode: 400);
        }

        if (functions.Find(name) is not { } set) return NotFound(name, options);
        set.Scale((int)request.Replicas);
        return Results.Accepted();
    }

    /// <summary>
    /// faas-provider's <c>/system/logs</c>: newline-delimited JSON messages (<c>name</c>, <c>namespace</c>,
    /// <c>instance</c>, <c>timestamp</c>, <c>text</c>) of what the function's replicas printed; <c>tail</c>, <c>since</c>
    /// (RFC 3339) and <c>follow</c> as faas-cli's <c>logs</c> sends them.
    /// </summary>
    private static async Task LogsAsync(HttpContext context, FunctionRegistry functions, FunctionLogs logs, GatewayOptions options)
    {
        var q = context.Request.Query;
        var name = options.FunctionName(q["name"].ToString());
        int? tail = null;
        DateTimeOffset? since = null;
        var valid = name.Length > 0;
        if (q["tail"].Count > 0)
        {
            valid &= int.TryParse(q["tail"], System.Globalization.CultureInfo.InvariantCulture, out var t) && t >= 0;
            tail = t;
        }

        if (q["since"].Count > 0)
        {
            valid &= DateTimeOffset.TryParse(q["since"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var s);
            since = s;
        }

        if (!valid)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("logs need ?name=FUNCTION, and tail a count >= 0 and since an RFC 3339 time when given\n").ConfigureAwait(false);
            return;
        }

        if (functions.Find(name) is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"function {name} not found in namespace {options.Namespace}\n").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        Task WriteAsync(LogLine line) => context.Response.WriteAsync(JsonSerializer.Serialize(
            new { name = line.Name, @namespace = options.Namespace, instance = line.Instance, timestamp = line.Timestamp, text = line.Text }) + "\n", context.RequestAborted);
        try
        {
            if (q["follow"].ToString() is not ("true" or "1"))
            {
                foreach (var line in logs.Read(name, tail, since)) await WriteAsync(line).ConfigureAwait(false);
                return;
            }

            await foreach (var line in logs.FollowAsync(name, tail, since, context.RequestAborted).ConfigureAwait(false))
            {
                await WriteAsync(line).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static FunctionStatus Status(ReplicaAccounting.FunctionUsage f, ReplicaAccounting accounting, GatewayOptions options) =>
        FunctionStatusBuilder.Build(f, options.Namespace, accounting.Millicores(f));

    private static IResult NotFound(string name, GatewayOptions options) =>
        Results.Text($"function {name} not found in namespace {options.Namespace}\n", statusCode: 404);

    /// <summary>A 400 for a body naming another namespace than this gateway's; null when it is this one's.</summary>
    private static IResult? Foreign(string? requested, GatewayOptions options) =>
        options.Serves(requested) ? null : Results.Text(options.OtherNamespace(requested!) + "\n", statusCode: 400);

    private static IResult BadJson<T>() => Results.Text($"the body is not a {typeof(T).Name} in JSON\n", statusCode: 400);

    private static async Task<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
    }

}
