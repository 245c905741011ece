using System.Globalization;
using System.Net;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Routing;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Yarp.ReverseProxy.Forwarder;

namespace Faaswise.Experiments.Local;

/// <summary>
/// The gateway of a local run, on loopback: OpenFaaS's <c>/function/{name}</c> path served by the controllers'
/// router (each request routed by the policy on a fresh snapshot, or refused with 503 and the reason), its
/// Prometheus metrics on <c>/metrics</c>, and each answer's inference timing (the runtime's headers) in service.csv and,
/// with the replica that answered, for the client's record of that request.
/// </summary>
internal sealed class LocalGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FunctionRouter _router;

    private LocalGateway(WebApplication app, FunctionRouter router, Uri url)
    {
        _app = app;
        _router = router;
        Url = url;
    }

    /// <summary>Where it listens.</summary>
    public Uri Url { get; }

    public static async Task<LocalGateway> StartAsync(
        LiveCluster cluster, Func<IClusterSnapshot, int, (RouteDecision Route, IReadOnlyList<Decision> Side)> route, DecisionApplier applier, ArrivalMeter meter, LiveLog log, ServedRequests served)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var metrics = new RouterMetrics();
        var router = new FunctionRouter(cluster, route, () => applier, meter, metrics, app.Services.GetRequiredService<IHttpForwarder>(), "local");
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/metrics", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/plain; version=0.0.4";
            await metrics.Registry.CollectAndExportAsTextAsync(c.Response.Body, c.RequestAborted).ConfigureAwait(false);
        });
        app.Map("/function/{**rest}", async (HttpContext c) =>
        {
            var function = router.FunctionOf(c.Request, out _);
            c.Response.OnStarting(() =>
            {
                if (function >= 0 && c.Response.StatusCode == 200
                    && Seconds(c.Response.Headers["X-Inference-Seconds"]) is { } inference && Seconds(c.Response.Headers["X-Queue-Seconds"]) is { } queue)
                {
                    var device = c.Response.Headers["X-Infer-Device"].ToString();
                    log.Service(cluster.Now, cluster.World.Functions[function].Name, device, inference, queue);
                    if (c.Request.Headers[ServedRequests.Header].ToString() is { Length: > 0 } id && c.Items[FunctionRouter.ReplicaItem] is FunctionPod pod)
                        served.Add(id, new ServedRequests.Served(device == "cuda", queue, inference, ServedRequests.ReplicaNumber(pod.Name), pod.Replica.Gpu));
                }

                return Task.CompletedTask;
            });
            await router.InvokeAsync(c).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        var port = new Uri(app.Urls.First()).Port;
        return new LocalGateway(app, router, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _router.Dispose();
    }

    private static double? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
