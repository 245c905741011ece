using System.Diagnostics;
using System.Globalization;
using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Faaswise.Kubernetes.Routing;

/// <summary>
/// The data path: <c>/function/{name}/...</c> (the OpenFaaS gateway's path) or any path with a function Service's host
/// name (<c>{name}.{ns}[.svc...]</c>, when the router has taken over the function's Service as Knative's activator
/// does). Each request is routed by the policy on a fresh snapshot: sent to the pod it picks, whose in-flight count
/// the snapshot then shows as that replica's queue, or refused with 503 and the policy's reason. Loads and offloads
/// the choice needs go to the applier.
/// </summary>
public sealed class FunctionRouter(
    LiveCluster cluster, Func<IClusterSnapshot, int, (RouteDecision Route, IReadOnlyList<Decision> Side)> route, Func<DecisionApplier?> applier,
    ArrivalMeter meter, RouterMetrics metrics, IHttpForwarder forwarder, string ns) : IDisposable
{    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    private readonly string[] _labels = cluster.World.Functions.Select(f => $"{f.Name}.{ns}").ToArray();

    /// <summary>The function a request is for: its path's <c>/function/{name}</c>, else its host's first label; -1 when neither names one.</summary>
    public int FunctionOf(HttpRequest request, out PathString rest)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value ?? "";
        const string prefix = "/function/";
        if (path.StartsWith(prefix, StringComparison.Ordinal))
        {
            var slash = path.IndexOf('/', prefix.Length);
            var name = slash < 0 ? path[prefix.Length..] : path[prefix.Length..slash];
            rest = slash < 0 ? PathString.Empty : new PathString(path[slash..]);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            return cluster.World.FunctionIndex(dot < 0 ? name : name[..dot]);
        }

        rest = request.Path;
        var host = request.Host.Host;
        var first = host.IndexOf('.', StringComparison.Ordinal);
        return first < 0 ? -1 : cluster.World.FunctionIndex(host[..first]);
    }

    /// <summary>The key under which a routed request's <see cref="HttpContext.Items"/> hold the <see cref="FunctionPod"/> it went to.</summary>
    public const string ReplicaItem = "faaswise.replica";

    /// <summary>Routes and forwards one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var function = FunctionOf(context.Request, out var rest);
        if (function < 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("no such function in the cluster's world\n").ConfigureAwait(false);
            return;
        }

        var label = _labels[function];
        var started = Stopwatch.GetTimestamp();
        metrics.Started(label);
        meter.Arrive(function);
        try
        {
            var (routed, side) = route(cluster.Snapshot(), function);
            if (side.Count > 0) applier()?.Submit(side, "route");
            if (routed.Replica is not { } replica || cluster.Pod(replica.Id) is not { Ip: { } ip } pod)
            {
                var reason = routed.Refused ? routed.Reason : "the chosen replica has no address";
                metrics.Refused(label, reason);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers["X-Faaswise-Refusal"] = reason;
                await context.Response.WriteAsync($"function {cluster.World.Functions[function].Name}: refused: {reason}\n").ConfigureAwait(false);
                return;
            }

            context.Items[ReplicaItem] = pod;
            cluster.Routed(pod.Name, +1);
            try
            {
                var destination = string.Create(CultureInfo.InvariantCulture, $"http://{ip}:{pod.DataPort}");
                var error = await forwarder.SendAsync(context, destination, _client, ForwarderRequestConfig.Empty, new RestTransformer(rest)).ConfigureAwait(false);
                if (error != ForwarderError.None && !context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
            finally
            {
                cluster.Routed(pod.Name, -1);
            }
        }
        finally
        {
            metrics.Completed(label, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private sealed class RestTransformer(PathString rest) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, rest, httpContext.Request.QueryString);
            proxyRequest.Headers.Host = null;
        }
    }
}
