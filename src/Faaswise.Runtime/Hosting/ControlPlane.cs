using System.Collections;
using System.Text.Json;
using Faaswise.Runtime.Devices;
using Faaswise.Runtime.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faaswise.Runtime.Hosting;

/// <summary>
/// Model control: QShuf's paths with QShuf's answers (<c>/tocpu</c>, <c>/tocuda</c>, <c>/toready</c>, <c>/tonotready</c>,
/// <c>/loaded</c>, <c>/set_env</c>, <c>/get_env</c>) and Triton's model-repository extension with a readiness gate.
/// Every move answer says how long the move took and how many bytes it copied.
/// </summary>
internal sealed class ControlPlane(ModelRunner runner, RuntimeMetrics metrics, bool allowEnv)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/tocpu", c => MoveAsync(c, toGpu: false));
        app.MapGet("/tocuda", c => MoveAsync(c, toGpu: true));
        app.MapGet("/toready", c => runner.SetGate(true)
            ? JsonAnswer.ResultAsync(c.Response, 200, "Model ready")
            : JsonAnswer.ResultAsync(c.Response, 500, "Model not ready due to not loaded"));
        app.MapGet("/tonotready", c =>
        {
            runner.SetGate(false);
            return JsonAnswer.ResultAsync(c.Response, 200, "Model not ready");
        });
        app.MapGet("/loaded", c => JsonAnswer.WriteAsync(c.Response, runner.Ready ? 200 : 500, j => j.WriteBoolean("result", runner.Ready)));
        app.MapPost("/set_env", SetEnvAsync);
        app.MapGet("/get_env", GetEnvAsync);
        app.MapMethods("/v2/repository/index", ["GET", "POST"], IndexAsync);
        app.MapPost("/v2/repository/models/{model}/load", LoadAsync);
        app.MapPost("/v2/repository/models/{model}/unload", UnloadAsync);
        app.MapPost("/v2/repository/models/{model}/ready", GateAsync);
    }

    private async Task MoveAsync(HttpContext context, bool toGpu)
    {
        try
        {
            var move = toGpu ? await runner.ToGpuAsync(context.RequestAborted).ConfigureAwait(false) : await runner.ToHostAsync(context.RequestAborted).ConfigureAwait(false);
            metrics.Move(move);
            await JsonAnswer.ResultAsync(context.Response, 200, ModelAnswers.MovedText(move, toGpu ? "CUDA" : "CPU"), j => ModelAnswers.Move(j, move)).ConfigureAwait(false);
        }
        catch (CudaUnavailableException e)
        {
            await JsonAnswer.ResultAsync(context.Response, 500, "CUDA is not available", j => j.WriteString("reason", e.Message)).ConfigureAwait(false);
        }
        catch (DeviceMemoryExceededException e)
        {
            await JsonAnswer.ResultAsync(context.Response, 507, e.Message, j => Numbers(j, e)).ConfigureAwait(false);
        }
    }

    private async Task LoadAsync(HttpContext context, string model)
    {
        if (await HealthEndpoints.UnknownAsync(context, runner, model).ConfigureAwait(false)) return;
        try
        {
            var body = await JsonAnswer.ReadOptionalAsync(context.Request).ConfigureAwait(false);
            var device = Parameter(body, "device")?.GetString();
            var target = device switch
            {
                null => runner.Device == DeviceKind.Cpu ? Residency.Host : Residency.Gpu,
                "cuda" or "gpu" => Residency.Gpu,
                "cpu" => Residency.Host,
                _ => throw new FormatException($"parameters.device '{device}' is not cuda or cpu"),
            };
            var move = await runner.LoadAsync(target, context.RequestAborted).ConfigureAwait(false);
            if (target == Residency.Gpu) runner.SetGate(true);
            metrics.Move(move);
            await JsonAnswer.WriteAsync(context.Response, 200, j => ModelAnswers.Move(j, move)).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await JsonAnswer.ErrorAsync(context.Response, 400, e.Message).ConfigureAwait(false);
        }
        catch (CudaUnavailableException e)
        {
            await JsonAnswer.ErrorAsync(context.Response, 500, e.Message).ConfigureAwait(false);
        }
        catch (DeviceMemoryExceededException e)
        {
            await JsonAnswer.WriteAsync(context.Response, 507, j =>
            {
                j.WriteString("error", e.Message);
                Numbers(j, e);
            }).ConfigureAwait(false);
        }
    }

    private async Task UnloadAsync(HttpContext context, string model)
    {
        if (await HealthEndpoints.UnknownAsync(context, runner, model).ConfigureAwait(false)) return;
        try
        {
            var body = await JsonAnswer.ReadOptionalAsync(context.Request).ConfigureAwait(false);
            var keep = Parameter(body, "keep_host_copy") is { } k && (k.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? k.GetBoolean() : throw new FormatException("parameters.keep_host_copy must be true or false"));
            var move = await runner.UnloadAsync(keep, context.RequestAborted).ConfigureAwait(false);
            metrics.Move(move);
            await JsonAnswer.WriteAsync(context.Response, 200, j => ModelAnswers.Move(j, move)).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await JsonAnswer.ErrorAsync(context.Response, 400, e.Message).ConfigureAwait(false);
        }
    }

    private async Task GateAsync(HttpContext context, string model)
    {
        if (await HealthEndpoints.UnknownAsync(context, runner, model).ConfigureAwait(false)) return;
        try
        {
            var body = await JsonAnswer.ReadOptionalAsync(context.Request).ConfigureAwait(false);
            var ready = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("ready", out var r) && r.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? r.GetBoolean() : throw new FormatException("the body must be {\"ready\": true|false}");
            if (!runner.SetGate(ready))
            {
                await JsonAnswer.ErrorAsync(context.Response, 409, $"model {model} is not loaded; load it before opening the gate").ConfigureAwait(false);
                return;
            }

            await JsonAnswer.WriteAsync(context.Response, 200, j => ModelAnswers.State(j, runner)).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await JsonAnswer.ErrorAsync(context.Response, 400, e.Message).ConfigureAwait(false);
        }
    }

    private async Task IndexAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, JsonAnswer.Options);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteString("name", runner.Source.Name);
        json.WriteString("version", "1");
        json.WriteString("reason", runner.Reason ?? "");
        ModelAnswers.State(json, runner);
        json.WriteEndObject();
        json.WriteEndArray();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task SetEnvAsync(HttpContext context)
    {
        if (!allowEnv)
        {
            await JsonAnswer.ErrorAsync(context.Response, 403, "/set_env is off; start the runtime with --allow-env").ConfigureAwait(false);
            return;
        }

        try
        {
            var body = await JsonAnswer.ReadOptionalAsync(context.Request).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } values) throw new FormatException("the body must be a JSON object {\"NAME\": \"value\"}");
            foreach (var p in values.EnumerateObject()) Environment.SetEnvironmentVariable(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
            await JsonAnswer.ResultAsync(context.Response, 200, "Environment variables set").ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await JsonAnswer.ErrorAsync(context.Response, 500, e.Message).ConfigureAwait(false);
        }
    }

    private async Task GetEnvAsync(HttpContext context)
    {
        if (!allowEnv)
        {
            await JsonAnswer.ErrorAsync(context.Response, 403, "/get_env is off; start the runtime with --allow-env").ConfigureAwait(false);
            return;
        }

        var name = context.Request.Query["name"].ToString();
        if (name.Length > 0)
        {
            var value = Environment.GetEnvironmentVariable(name);
            await (value is null
                ? JsonAnswer.ErrorAsync(context.Response, 404, $"no environment variable {name}")
                : JsonAnswer.WriteAsync(context.Response, 200, j => j.WriteString(name, value))).ConfigureAwait(false);
            return;
        }

        await JsonAnswer.WriteAsync(context.Response, 200, j =>
        {
            foreach (var e in Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().OrderBy(e => (string)e.Key, StringComparer.Ordinal))
                j.WriteString((string)e.Key, (string?)e.Value);
        }).ConfigureAwait(false);
    }

    private static JsonElement? Parameter(JsonElement? body, string name) =>
        body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) ? v : null;

    private static void Numbers(Utf8JsonWriter j, DeviceMemoryExceededException e)
    {
        j.WriteNumber("needed_bytes", e.Needed);
        j.WriteNumber("free_bytes", e.Free);
        j.WriteNumber("capacity_bytes", e.Capacity);
    }
}
