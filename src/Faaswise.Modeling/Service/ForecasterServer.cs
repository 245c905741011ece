using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Faaswise.Modeling.Forecasting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faaswise.Modeling.Service;

/// <summary>
/// <c>faaswise forecaster serve</c>: the DFaaS agent's forecaster API (<c>/cpu_usage_node</c>, <c>/ram_usage_node</c>,
/// <c>/power_usage_node</c>, <c>/node_usage</c>; fields read by name) plus <c>/health</c>, <c>/ready</c>,
/// <c>POST /reload</c> and <c>POST /predict</c> with intervals and extrapolation flags.
/// </summary>
public sealed class ForecasterServer : IAsyncDisposable
{
    private const int MaxBody = 1 << 20;
    private static readonly string[] NodeTargets = ["cpu_usage_node", "ram_usage_node", "power_usage_node"];
    private readonly WebApplication app;
    private readonly ModelHolder holder;

    private ForecasterServer(WebApplication app, ModelHolder holder, Uri url)
    {
        this.app = app;
        this.holder = holder;
        Url = url;
    }

    /// <summary>The address it listens on.</summary>
    public Uri Url { get; }

    /// <summary>Loads the model directory and starts listening.</summary>
    /// <exception cref="FormatException">The model directory is not valid.</exception>
    public static async Task<ForecasterServer> StartAsync(ForecasterServerOptions options, ILoggerFactory logs, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var holder = new ModelHolder(ModelDirectory.Load(options.ModelDirectory));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(logs);
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(System.Net.IPAddress.Parse(options.Address), options.Port, l => l.Protocols = HttpProtocols.Http1);
        });
        // Every handler is short and never blocks: run it on the socket's I/O thread rather than hop to the pool.
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);

        var app = builder.Build();
        Map(app, holder, options);
        await app.StartAsync(cancellation).ConfigureAwait(false);
        var address = app.Urls.First();
        return new ForecasterServer(app, holder, new Uri(address));
    }

    private static void Map(WebApplication app, ModelHolder holder, ForecasterServerOptions options)
    {
        app.MapGet("/", () => Results.Text("faaswise forecaster is running\n"));
        app.MapGet("/health", () => Results.Json(new { status = "ok" }));
        app.MapGet("/ready", () =>
        {
            var model = holder.Model;
            return Results.Json(new { status = "ready", model = options.ModelDirectory, created = model.Manifest.Created, targets = model.TargetNames, features = model.Manifest.Features.Select(f => f.Feature.Name) });
        });
        app.MapPost("/reload", () =>
        {
            try
            {
                holder.Replace(ModelDirectory.Load(options.ModelDirectory));
            }
            catch (Exception e) when (e is FormatException or IOException or Modeling.LightGbm.LightGbmException)
            {
                return Problem(StatusCodes.Status500InternalServerError, "reload failed; the previous model still answers", e.Message);
            }

            var model = holder.Model;
            return Results.Json(new { status = "reloaded", created = model.Manifest.Created, targets = model.TargetNames });
        });

        foreach (var target in NodeTargets.Append("node_usage"))
        {
            var wanted = target == "node_usage" ? NodeTargets : [target];
            app.MapMethods("/" + target, ["GET", "POST"], async (HttpContext context) => await (await AgentAsync(context, holder, wanted, options.ModelType).ConfigureAwait(false)).ExecuteAsync(context).ConfigureAwait(false));
        }

        app.MapPost("/predict", async (HttpContext context) => await (await PredictAsync(context, holder).ConfigureAwait(false)).ExecuteAsync(context).ConfigureAwait(false));
    }

    private static async Task<IResult> AgentAsync(HttpContext context, ModelHolder holder, string[] targets, string defaultType)
    {
        var type = context.Request.Query["model"].FirstOrDefault() ?? defaultType;
        if (type is not ("regression" or "quantile005" or "quantile095"))
        {
            return Problem(400, "invalid input", $"model must be regression, quantile005 or quantile095 (got '{type}')");
        }

        var (inputs, _, error) = await ReadAsync(context).ConfigureAwait(false);
        if (error is not null) return error;
        try
        {
            var forecast = holder.Model.Predict(inputs![0], targets);
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                json.WriteStartObject();
                foreach (var name in targets)
                {
                    if (!forecast.Targets.TryGetValue(name, out var t)) return Problem(400, "invalid input", $"this model does not predict {name}");
                    var value = type switch { "quantile005" => t.Low, "quantile095" => t.High, _ => t.Value }
                        ?? throw new FormatException($"this model has no {type} models (trained with --no-quantiles)");
                    json.WriteNumber(name, Math.Round(value, 2));
                }

                // Beyond the agent's fields (its decoder ignores others): whether an input lay outside what the model
                // was trained on, and what the service filled in for inputs the agent does not send.
                json.WriteBoolean("extrapolated", forecast.Extrapolated);
                WriteList(json, "outside_domain", forecast.OutsideDomain);
                WriteList(json, "assumed", forecast.Assumed);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            return Results.Bytes(buffer.WrittenMemory, "application/json");
        }
        catch (FormatException e)
        {
            return Problem(400, "invalid input", e.Message);
        }
    }

    private static async Task<IResult> PredictAsync(HttpContext context, ModelHolder holder)
    {
        var (inputs, isArray, error) = await ReadAsync(context).ConfigureAwait(false);
        if (error is not null) return error;
        try
        {
            var model = holder.Model;
            var forecasts = inputs!.Select(i => model.Predict(i)).ToArray();
            object answer = isArray ? forecasts : forecasts[0];
            return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(answer, ModelingJson.Compact), "application/json");
        }
        catch (FormatException e)
        {
            return Problem(400, "invalid input", e.Message);
        }
    }

    private static async Task<(IReadOnlyList<Dictionary<string, double>>? Inputs, bool IsArray, IResult? Error)> ReadAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (read.IsCompleted || read.Buffer.Length > MaxBody) break;
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        if (read.Buffer.Length > MaxBody)
        {
            reader.AdvanceTo(read.Buffer.End);
            return (null, false, Problem(StatusCodes.Status413PayloadTooLarge, "invalid input", $"the body is over {MaxBody} bytes"));
        }

        var body = read.Buffer.ToArray();
        reader.AdvanceTo(read.Buffer.End);
        try
        {
            var (inputs, isArray) = ForecastRequest.Parse(body);
            return (inputs, isArray, null);
        }
        catch (FormatException e)
        {
            return (null, false, Problem(400, "invalid input", e.Message));
        }
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items) json.WriteStringValue(item);
        json.WriteEndArray();
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Json(new { type = "about:blank", title, status, detail }, (JsonSerializerOptions?)null, "application/problem+json", status);

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
