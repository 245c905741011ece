using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Testing;

/// <summary>
/// A Kestrel server on 127.0.0.1 with endpoints for engine tests:
/// <c>/ok</c>, <c>/status/{code}</c>, <c>/sleep/{ms}</c>, <c>/echo</c> (body and headers back),
/// <c>/chunked/{n}</c> (n bytes in chunks), <c>/stall</c> (200, but the first request after <see cref="ArmStall"/>
/// is held for the given time). Counts requests per path.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private long _stallAfter = long.MaxValue;
    private int _stallMs;
    private int _stalled;

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<(string Method, string Body, string? Header)> Echoes { get; } = new();

    /// <summary>What was POSTed to <c>/callback</c>: the body and every header.</summary>
    public ConcurrentQueue<(string Body, IReadOnlyDictionary<string, string> Headers)> Callbacks { get; } = new();

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<LoopbackServer> StartAsync()
    {
        LoopbackServer? server = null;
        var (app, url) = await LoopbackHost.StartAsync(app => (server = new LoopbackServer(app)).Map(app));
        server!.BaseUrl = url;
        return server;
    }

    /// <summary>The first request to /stall that arrives at least <paramref name="after"/> from now is held for <paramref name="stall"/>.</summary>
    public void ArmStall(TimeSpan after, TimeSpan stall)
    {
        _stallMs = (int)stall.TotalMilliseconds;
        Interlocked.Exchange(ref _stalled, 0);
        Interlocked.Exchange(ref _stallAfter, Environment.TickCount64 + (long)after.TotalMilliseconds);
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            var key = path.StartsWith("/status/", StringComparison.Ordinal) || path.StartsWith("/sleep/", StringComparison.Ordinal) || path.StartsWith("/chunked/", StringComparison.Ordinal)
                ? path[..path.IndexOf('/', 1)] : path;
            _hits.AddOrUpdate(key, 1, (_, n) => n + 1);
            await next(context);
        });
        app.MapGet("/ok", () => Microsoft.AspNetCore.Http.Results.Text("ok"));
        app.MapGet("/status/{code:int}", (int code) => Microsoft.AspNetCore.Http.Results.StatusCode(code));
        app.MapGet("/sleep/{ms:int}", async (int ms, CancellationToken ct) =>
        {
            await Task.Delay(ms, ct);
            return Microsoft.AspNetCore.Http.Results.Text("slept");
        });
        app.Map("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Echoes.Enqueue((context.Request.Method, body, context.Request.Headers["X-Test"].FirstOrDefault()));
            await context.Response.WriteAsync(body);
        });
        app.MapPost("/callback", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Callbacks.Enqueue((body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        app.MapGet("/chunked/{n:int}", async (int n, HttpContext context) =>
        {
            var chunk = new byte[Math.Max(1, n / 7)];
            for (var sent = 0; sent < n; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, n - sent)));
                await context.Response.Body.FlushAsync();
            }
        });
        app.MapGet("/stall", async () =>
        {
            if (Environment.TickCount64 >= Interlocked.Read(ref _stallAfter) && Interlocked.Exchange(ref _stalled, 1) == 0)
            {
                await Task.Delay(_stallMs);
            }

            return Microsoft.AspNetCore.Http.Results.Text("ok");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
