using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Runtime.Hosting;

/// <summary>JSON answers written straight to the response.</summary>
internal static class JsonAnswer
{
    /// <summary>Quotes and non-ASCII as they are: answers are read by people and shell scripts, not embedded in HTML.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the whole answer with its length in one write: no chunked encoding, one send per answer.</summary>
    public static async Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    public static Task ErrorAsync(HttpResponse response, int status, string error) =>
        WriteAsync(response, status, j => j.WriteString("error", error));

    /// <summary>QShuf's control answers: <c>{"result": ...}</c>.</summary>
    public static Task ResultAsync(HttpResponse response, int status, string result, Action<Utf8JsonWriter>? more = null) =>
        WriteAsync(response, status, j =>
        {
            j.WriteString("result", result);
            more?.Invoke(j);
        });

    public static async Task<JsonElement?> ReadOptionalAsync(HttpRequest request)
    {
        if (request.ContentLength == 0) return null;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"the body is not JSON: {e.Message}");
        }
    }
}
