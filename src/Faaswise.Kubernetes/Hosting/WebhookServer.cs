using System.Net;
using System.Text;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Faaswise.Kubernetes.Hosting;

/// <summary>
/// The webhook's HTTPS server: <c>POST /mutate</c> takes a v1 AdmissionReview and always answers 200 with one
/// (the API server reads any other status as a failed call); <c>GET /healthz</c> for the pod's probes; <c>GET /metrics</c>
/// for Prometheus (admissions by result, their duration). The serving certificate is picked per handshake from a
/// <see cref="ReloadingCertificate"/>.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookServer(WebApplication app) => _app = app;

    /// <summary>The address it listens on.</summary>
    public IPEndPoint Endpoint { get; private set; } = null!;

    /// <summary>Starts listening on <paramref name="listen"/> (port 0 picks one).</summary>
    public static async Task<WebhookServer> StartAsync(AdmissionHandler handler, ReloadingCertificate certificate, IPEndPoint listen, ILoggerProvider? log = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(certificate);
        _ = certificate.Current;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (log is not null) builder.Logging.AddProvider(log);
        builder.WebHost.UseKestrel(k => k.Listen(listen, l => l.UseHttps(h => h.ServerCertificateSelector = (_, _) => certificate.Current)));
        var app = builder.Build();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = Prometheus.Metrics.WithCustomRegistry(registry);
        var admissions = metrics.CreateCounter("faaswise_webhook_admissions_total", "AdmissionReviews answered, by result: placed, allowed (unchanged), denied, malformed.", "result");
        var seconds = metrics.CreateHistogram("faaswise_webhook_admission_duration_seconds", "Time from the request body read to the answer written, seconds.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 14) });
        app.MapPost("/mutate", async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            using var timer = seconds.NewTimer();
            var review = await handler.ReviewAsync(body, context.RequestAborted).ConfigureAwait(false);
            admissions.WithLabels(review switch
            {
                { Patch: not null } => "placed",
                { Allowed: true } => "allowed",
                { Code: 400 } => "malformed",
                _ => "denied",
            }).Inc();
            var answer = review.ToReview();
            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        var server = new WebhookServer(app);
        await app.StartAsync().ConfigureAwait(false);
        var url = new Uri(app.Urls.First());
        server.Endpoint = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
