using System.Buffers;
using System.Text.Json;
using Faaswise.Runtime.Engine;
using Faaswise.Runtime.Tensors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faaswise.Runtime.Hosting;

/// <summary>
/// Inference: Open Inference Protocol v2 (<c>POST /v2/models/{m}/infer</c>) and QShuf's catch-all route, which takes an
/// image (or, with an empty body as QShuf's load sends, a fixed synthetic input) on any other path.
/// </summary>
internal sealed class DataPlane(ModelRunner runner, RequestLine<IReadOnlyList<InferenceTensor>, RunResult> line, RuntimeMetrics metrics)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/models/{model}/infer", InferAsync);
        app.MapPost("/v2/models/{model}/versions/{version}/infer", InferAsync);
        app.MapFallback(FunctionAsync);
    }

    private async Task InferAsync(HttpContext context, string model)
    {
        if (await HealthEndpoints.UnknownAsync(context, runner, model).ConfigureAwait(false)) return;
        string? id = null;
        await ServeAsync(context, body =>
        {
            var header = context.Request.Headers[InferenceRequestJson.BinaryHeader].ToString();
            int? jsonLength = header.Length == 0 ? null
                : int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h) ? h
                : throw new FormatException($"{InferenceRequestJson.BinaryHeader} '{header}' is not a byte count");
            (id, var inputs) = InferenceRequestJson.Parse(body.Span, runner.Inputs, jsonLength, runner.Arrays);
            return inputs;
        }, (j, result) =>
        {
            j.WriteString("model_name", runner.Source.Name);
            j.WriteString("model_version", "1");
            if (id is not null) j.WriteString("id", id);
            j.WriteStartObject("parameters");
            Timing(j, result);
            j.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task FunctionAsync(HttpContext context) =>
        ServeAsync(context, body => body.Length == 0 ? runner.SyntheticInputs : [runner.PrepareImage(body.Span)], (j, result) =>
        {
            j.WriteString("model", runner.Source.Name);
            Timing(j, result);
        });

    /// <summary>
    /// One request: 503 unless loaded, the body read into inputs (a <see cref="FormatException"/> is a 400), queued,
    /// counted, and answered with <paramref name="head"/>'s fields and the outputs, or with its failure. The body's
    /// buffer is lent for <paramref name="read"/> only; the inputs' arrays go back to the runner once their run has
    /// ended (a timed-out or cancelled run may still be reading them, so theirs are left to the collector).
    /// </summary>
    private async Task ServeAsync(HttpContext context, Func<ReadOnlyMemory<byte>, IReadOnlyList<InferenceTensor>> read, Action<Utf8JsonWriter, QueueResult<RunResult>> head)
    {
        if (!runner.Loaded)
        {
            await JsonAnswer.ErrorAsync(context.Response, 503, $"model {runner.Source.Name} is not loaded").ConfigureAwait(false);
            return;
        }

        IReadOnlyList<InferenceTensor> inputs;
        try
        {
            var (buffer, length) = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            try
            {
                inputs = read(buffer.AsMemory(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (FormatException e)
        {
            await JsonAnswer.ErrorAsync(context.Response, 400, e.Message).ConfigureAwait(false);
            return;
        }

        var result = await line.SubmitAsync(inputs, context.RequestAborted).ConfigureAwait(false);
        if (result.Outcome is QueueOutcome.Completed or QueueOutcome.Dropped or QueueOutcome.Failed) runner.Arrays.Return(inputs);
        metrics.Request(result, result.Value?.Seconds, result.Value?.InferDevice);
        if (await FailedAsync(context, result).ConfigureAwait(false)) return;
        TimingHeaders(context.Response, result);
        await JsonAnswer.WriteAsync(context.Response, 200, j =>
        {
            head(j, result);
            InferenceResponseJson.WriteOutputs(j, result.Value!.Outputs);
        }).ConfigureAwait(false);
    }

    /// <summary>The body's timing as headers too, so a gateway or router can log them without reading the body.</summary>
    private static void TimingHeaders(HttpResponse response, QueueResult<RunResult> result)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        response.Headers["X-Inference-Seconds"] = result.Value!.Seconds.ToString("0.######", c);
        response.Headers["X-Queue-Seconds"] = result.QueueSeconds.ToString("0.######", c);
        response.Headers["X-Infer-Device"] = result.Value.InferDevice;
    }

    private void Timing(Utf8JsonWriter j, QueueResult<RunResult> result)
    {
        j.WriteString("infer_device", result.Value!.InferDevice);
        j.WriteBoolean("emulated", runner.Emulated);
        j.WriteNumber("start_time", result.EnqueuedAt);
        j.WriteNumber("end_time", result.EndedAt);
        j.WriteNumber("exec_time", Math.Round(result.TotalSeconds, 6));
        j.WriteNumber("queue_seconds", Math.Round(result.QueueSeconds, 6));
        j.WriteNumber("inference_seconds", Math.Round(result.Value.Seconds, 6));
        j.WriteNumber("run_started_at", result.Value.StartedAt);
        j.WriteNumber("run_ended_at", result.Value.StartedAt + result.Value.Seconds);
    }

    private static async Task<bool> FailedAsync(HttpContext context, QueueResult<RunResult> result)
    {
        var status = result.Outcome switch
        {
            QueueOutcome.Completed => 0,
            QueueOutcome.TimedOut => 408,
            QueueOutcome.Dropped or QueueOutcome.Cancelled => 499,
            _ => 500,
        };
        if (status == 0) return false;
        if (context.RequestAborted.IsCancellationRequested) return true;
        await JsonAnswer.WriteAsync(context.Response, status, j =>
        {
            j.WriteString("error", result.Outcome == QueueOutcome.TimedOut ? "Inference task timeout" : result.Outcome == QueueOutcome.Dropped ? "Predicted timeout: dropped before inference" : result.Error ?? "inference failed");
            if (result.Error is not null) j.WriteString("reason", result.Error);
            j.WriteNumber("elapsed_seconds", Math.Round(result.TotalSeconds, 6));
        }).ConfigureAwait(false);
        return true;
    }

    /// <summary>The body in a buffer from the shared pool (the caller returns it) and its length.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is { } length && length <= Array.MaxLength)
        {
            var exact = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                await request.Body.ReadExactlyAsync(exact.AsMemory(0, (int)length), request.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(exact);
                throw;
            }

            return (exact, (int)length);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var copy = ArrayPool<byte>.Shared.Rent((int)buffer.Length);
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).CopyTo(copy);
        return (copy, (int)buffer.Length);
    }
}
