using Faaswise.LocalFaas.Functions;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>
/// <c>/function/{name}[/...]</c>: admits the request to one of the function's replicas and forwards it. 404 for an
/// unknown function, 429 when its queue is full, 504 past its timeout (queueing included), 502 when the replica
/// fails mid-request.
/// </summary>
internal sealed class FunctionInvoker(FunctionRegistry functions, IHttpForwarder forwarder, GatewayMetrics metrics, GatewayOptions options, TimeProvider time) : IDisposable
{
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        EnableMultipleHttp2Connections = false,
    });

    public async Task InvokeAsync(HttpContext context, string name)
    {
        var started = time.GetTimestamp();
        Trace(context, started);
        var requested = name;
        name = options.FunctionName(name);
        if (functions.Find(name) is not { } set)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(options.FunctionNotFound(requested)).ConfigureAwait(false);
            return;
        }

        metrics.Started(name);
        var timeout = set.Definition.Timeout;
        try
        {
            if (set.TryAcquire() is not { } replica)
            {
                // Every replica is busy (or none is ready): wait in the queue, within the function's timeout.
                using var expiry = new CancellationTokenSource(timeout, time);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, expiry.Token);
                var admission = await set.AcquireAsync(limit.Token).ConfigureAwait(false);
                if (admission.Replica is null)
                {
                    context.Response.StatusCode = admission.Status;
                    await context.Response.WriteAsync(admission.Reason + "\n").ConfigureAwait(false);
                    return;
                }

                replica = admission.Replica;
            }

            try
            {
                var left = timeout - time.GetElapsedTime(started);
                var config = new ForwarderRequestConfig { ActivityTimeout = left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1) };
                await forwarder.SendAsync(context, replica.Destination!, _client, config, FunctionPathTransformer.Instance).ConfigureAwait(false);
            }
            finally
            {
                set.Release(replica);
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            await context.Response.WriteAsync($"function {name}: no replica free within its timeout of {timeout.TotalSeconds:0.###} s\n").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away while the request waited.
            context.Response.StatusCode = 499;
        }
        finally
        {
            metrics.Completed(name, context.Response.StatusCode, time.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// OpenFaaS's tracing headers: <c>X-Call-Id</c> (the caller's, or a new one) and <c>X-Start-Time</c> (Unix ns) on
    /// the request the replica sees; <c>X-Call-Id</c> and <c>X-Duration-Seconds</c> (queueing included) on every answer.
    /// </summary>
    private void Trace(HttpContext context, long started)
    {
        var callId = context.Request.Headers["X-Call-Id"] is { Count: > 0 } given ? given.ToString() : Guid.NewGuid().ToString();
        context.Request.Headers["X-Call-Id"] = callId;
        context.Request.Headers["X-Start-Time"] = ((time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["X-Call-Id"] = callId;
            context.Response.Headers["X-Duration-Seconds"] = time.GetElapsedTime(started).TotalSeconds.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
    }

    public void Dispose() => _client.Dispose();
}
