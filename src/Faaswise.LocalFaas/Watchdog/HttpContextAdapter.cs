using Faaswise.LocalFaas.Builtins;
using Microsoft.AspNetCore.Http;

namespace Faaswise.LocalFaas.Watchdog;

/// <summary>Turns an ASP.NET Core request into a <see cref="FunctionRequest"/> and writes a <see cref="FunctionResponse"/> back.</summary>
internal static class HttpContextAdapter
{
    public static async Task<FunctionRequest> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        using var body = new MemoryStream(request.ContentLength is { } n and <= int.MaxValue ? (int)n : 0);
        await request.Body.CopyToAsync(body, cancellation).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers) headers[name] = values.ToString();
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        return new FunctionRequest(request.Method, path, query, headers, body.GetBuffer().AsMemory(0, (int)body.Length));
    }

    public static async Task WriteAsync(HttpResponse response, FunctionResponse result, CancellationToken cancellation)
    {
        response.StatusCode = result.StatusCode;
        response.ContentType = result.ContentType;
        response.ContentLength = result.Body.Length;
        await response.Body.WriteAsync(result.Body, cancellation).ConfigureAwait(false);
    }
}
