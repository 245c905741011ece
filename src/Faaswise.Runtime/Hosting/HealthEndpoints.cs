using Faaswise.Runtime.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Faaswise.Runtime.Hosting;

/// <summary>Health, metadata and metrics, answered on both ports.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ModelRunner runner, CollectorRegistry registry)
    {
        app.MapGet("/v2/health/live", (HttpContext c) => JsonAnswer.WriteAsync(c.Response, 200, j => j.WriteBoolean("live", true)));
        app.MapGet("/v2/health/ready", (HttpContext c) => JsonAnswer.WriteAsync(c.Response, runner.Ready ? 200 : 400, j => j.WriteBoolean("ready", runner.Ready)));
        app.MapGet("/v2", (HttpContext c) => JsonAnswer.WriteAsync(c.Response, 200, j =>
        {
            j.WriteString("name", "faaswise-runtime");
            j.WriteString("version", typeof(HealthEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0");
            j.WriteStartArray("extensions");
            j.WriteStringValue("model_repository");
            j.WriteEndArray();
        }));
        app.MapGet("/v2/models/{model}", async (HttpContext c, string model) =>
        {
            if (await UnknownAsync(c, runner, model).ConfigureAwait(false)) return;
            await JsonAnswer.WriteAsync(c.Response, 200, j => ModelAnswers.Metadata(j, runner)).ConfigureAwait(false);
        });
        app.MapGet("/v2/models/{model}/ready", async (HttpContext c, string model) =>
        {
            if (await UnknownAsync(c, runner, model).ConfigureAwait(false)) return;
            await JsonAnswer.WriteAsync(c.Response, runner.Ready ? 200 : 400, j =>
            {
                j.WriteString("name", model);
                j.WriteBoolean("ready", runner.Ready);
            }).ConfigureAwait(false);
        });
        app.MapGet("/metrics", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(c.Response.Body, c.RequestAborted).ConfigureAwait(false);
        });
    }

    /// <summary>Answers 404 and returns true unless <paramref name="model"/> is the served model.</summary>
    public static async Task<bool> UnknownAsync(HttpContext context, ModelRunner runner, string model)
    {
        if (model == runner.Source.Name) return false;
        await JsonAnswer.ErrorAsync(context.Response, 404, $"unknown model '{model}' (this runtime serves {runner.Source.Name})").ConfigureAwait(false);
        return true;
    }
}
