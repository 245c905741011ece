using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Faaswise.Testing;

namespace Faaswise.OpenFaas.Tests.Client;

/// <summary>
/// A gateway stand-in on 127.0.0.1 that answers with JSON shaped as OpenFaaS documents it and records every
/// request (method, path and query, Authorization header, body). Responses are set per "METHOD /path".
/// </summary>
public sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGateway(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = new();

    /// <summary>Responses by "METHOD /path"; each key answers from its queue, the last entry repeating.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> Responses { get; } = new();

    public void Answer(string key, params (int Status, string Body)[] responses) => Responses[key] = new(responses);

    public static async Task<FakeGateway> StartAsync()
    {
        FakeGateway? fake = null;
        var (_, url) = await LoopbackHost.StartAsync(app => app.Run((fake = new FakeGateway(app)).HandleAsync));
        fake!.Url = url;
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path + context.Request.QueryString;
        Requests.Enqueue((context.Request.Method, path, context.Request.Headers.Authorization.FirstOrDefault(), body));
        var key = $"{context.Request.Method} {context.Request.Path}";
        if (!Responses.TryGetValue(key, out var queue) || queue.IsEmpty)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync($"no answer for {key}");
            return;
        }

        var (status, text) = queue.Count > 1 && queue.TryDequeue(out var next) ? next : queue.First();
        context.Response.StatusCode = status;
        if (text.StartsWith('[') || text.StartsWith('{')) context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(text);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
