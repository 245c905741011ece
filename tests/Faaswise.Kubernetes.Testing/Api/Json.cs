using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>Reading request bodies and writing JSON answers.</summary>
public static class Json
{
    /// <summary>How the API server writes JSON: quotes as \" and no escaping of &lt;, &gt;, &amp; or non-ASCII text.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a JSON answer.</summary>
    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Options));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The request body as text.</summary>
    public static async Task<string> ReadTextAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The request body as a JSON object; 400 when it is not one.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var text = await ReadTextAsync(context).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw ApiException.BadRequest("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding the body: {e.Message}");
        }
    }
}
