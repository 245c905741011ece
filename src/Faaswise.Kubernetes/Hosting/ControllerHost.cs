using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Routing;
using Faaswise.Kubernetes.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Yarp.ReverseProxy.Forwarder;

namespace Faaswise.Kubernetes.Hosting;

/// <summary>
/// The controller's HTTP side on one port: the router (<c>/function/{name}/...</c>, or any path for a function
/// Service's host name), <c>/healthz</c>, <c>/readyz</c> (200 only while this replica leads, so a Service over the
/// controller pods reaches the leader alone), <c>/metrics</c>, and the scheduler extender (<c>/scheduler/filter</c>,
/// <c>/scheduler/prioritize</c>).
/// </summary>
public sealed class ControllerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FunctionRouter _router;

    private ControllerHost(WebApplication app, FunctionRouter router, RouterMetrics metrics, IPEndPoint endpoint)
    {
        _app = app;
        _router = router;
        Metrics = metrics;
        Endpoint = endpoint;
    }

    /// <summary>Where it listens.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The router's metrics.</summary>
    public RouterMetrics Metrics { get; }

    /// <summary>
    /// The router's and the controller's metrics, counting from now: made before the controller runs, they miss none
    /// of the decisions it applies while the host is still starting.
    /// </summary>
    public static RouterMetrics MetricsFor(QshufController controller)
    {
        var metrics = new RouterMetrics();
        ControllerMetrics.Register(controller, metrics.Registry);
        return metrics;
    }

    /// <summary>Starts serving for <paramref name="controller"/>, exporting <paramref name="metrics"/> (made now when null).</summary>
    public static async Task<ControllerHost> StartAsync(QshufController controller, string ns, IPEndPoint listen, RouterMetrics? metrics = null, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        metrics ??= MetricsFor(controller);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.WebHost.UseKestrel(k => k.Listen(listen));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var router = new FunctionRouter(controller.Cluster, controller.Route, () => controller.Applier, controller.Meter, metrics, app.Services.GetRequiredService<IHttpForwarder>(), ns);
        var extender = new Extender(controller.Cluster.World, () => controller.Cluster.Pods, () => controller.NodeCapacities);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (HttpContext c) =>
        {
            c.Response.StatusCode = controller.Leading ? 200 : 503;
            return c.Response.WriteAsync(controller.Leading ? "leading\n" : "standing by\n");
        });
        app.MapGet("/metrics", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/plain; version=0.0.4";
            await metrics.Registry.CollectAndExportAsTextAsync(c.Response.Body, c.RequestAborted).ConfigureAwait(false);
        });
        app.MapPost("/scheduler/filter", async (HttpContext c) => await JsonAsync(c, extender.Filter(await BodyAsync(c).ConfigureAwait(false))).ConfigureAwait(false));
        app.MapPost("/scheduler/prioritize", async (HttpContext c) => await JsonAsync(c, extender.Prioritize(await BodyAsync(c).ConfigureAwait(false))).ConfigureAwait(false));
        app.Map("/function/{**rest}", router.InvokeAsync);
        app.MapFallback(router.InvokeAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.Select(u => new Uri(u)).First();
        return new ControllerHost(app, router, metrics, new IPEndPoint(listen.Address, address.Port));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _router.Dispose();
    }

    private static async Task<JsonNode?> BodyAsync(HttpContext c)
    {
        try
        {
            return await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task JsonAsync(HttpContext c, JsonNode answer)
    {
        c.Response.ContentType = "application/json";
        return c.Response.WriteAsync(answer.ToJsonString());
    }
}
