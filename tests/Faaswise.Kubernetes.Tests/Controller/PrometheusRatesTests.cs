using System.Net;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Routing;
using Faaswise.Kubernetes.Tests.Webhook;
using Faaswise.Metrics.Prometheus;
using Faaswise.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>QShuf's scaler inputs, fixed, read from a real Prometheus that scrapes the gateway's counters (as the router exports them).</summary>
public sealed class PrometheusRatesTests
{
    [Fact]
    public async Task RatesAndTheQueue_ComeFromTheGatewayCounters_PerFunction_AndAFunctionNeverCalledIsIdle()
    {
        var metrics = new RouterMetrics();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/metrics", (HttpContext c) => metrics.Registry.CollectAndExportAsTextAsync(c.Response.Body, c.RequestAborted));
        await app.StartAsync();
        using var prometheus = await PrometheusServer.StartAsync(new Uri(app.Urls.First()).Authority);
        using var client = new PrometheusClient(new PrometheusOptions { BaseAddress = prometheus.Address });
        var world = Reviews.World();
        var rates = new PrometheusRates(client, world, "openfaas-fn");
        var bert = world.FunctionIndex("bert");

        // bert: 20 requests started per second, all but 3 of them answered; "bert-qa" (a name bert's would match as a regex prefix) and another namespace never count for bert.
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++) metrics.Started("bert.openfaas-fn");
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                metrics.Started("bert.openfaas-fn");
                metrics.Completed("bert.openfaas-fn", 200, TimeSpan.FromMilliseconds(5));
                metrics.Started("bert.other-ns");
            }
        });
        Faaswise.Qshuf.Control.FunctionObservation? seen = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            seen = (await rates.ObserveAsync(CancellationToken.None))[bert];
            // Rates are windowed: right after the first scrapes they average in the time before the load began.
            if (seen.Irate >= 1 && seen.Rate >= 1 && seen.Outstanding == 3) break;
            await Task.Delay(500);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load);
        var all = await rates.ObserveAsync(CancellationToken.None);
        Assert.NotNull(seen);
        Assert.Equal(3, seen.Outstanding);
        Assert.InRange(seen.Irate, 1, 100);
        Assert.InRange(seen.Rate, 1, 100);
        Assert.True(double.IsFinite(seen.IrateCv) && seen.IrateCv >= 0);
        Assert.Equal((0.0, 0), (all[world.FunctionIndex("bert-qa")].Irate, all[world.FunctionIndex("bert-qa")].Outstanding));
        Assert.Equal(4, rates.Queries.Count);
    }
}
