using System.Globalization;
using System.Threading.Channels;
using Faaswise.LocalFaas.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>
/// <c>/async-function/{name}[/...]</c>, as OpenFaaS's queue-worker serves it: the request is accepted at once (202,
/// with its <c>X-Call-Id</c>), queued in memory, sent to <c>/function/{name}</c> by a worker, and the answer is
/// POSTed to the request's <c>X-Callback-Url</c> (when given) with <c>X-Call-Id</c>, <c>X-Function-Name</c>,
/// <c>X-Function-Status</c> and <c>X-Duration-Seconds</c>. A full queue answers 429; queued work is lost with the gateway.
/// </summary>
internal sealed partial class AsyncInvocations(FunctionRegistry functions, GatewayOptions options, IServer server, ILoggerFactory logs, TimeProvider time) : BackgroundService
{
    /// <summary>Requests waiting for a worker before the endpoint answers 429.</summary>
    public const int QueueLimit = 1024;

    private const int Workers = 8;
    private const int MaxBodyBytes = 16 << 20;
    private static readonly string[] Forwarded = ["Content-Type", "Accept", "Authorization"];
    private readonly Channel<Job> _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(QueueLimit) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ILogger _log = logs.CreateLogger("faaswise.gateway.async");

    public async Task AcceptAsync(HttpContext context, string name, string? rest)
    {
        var function = options.FunctionName(name);
        if (functions.Find(function) is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(options.FunctionNotFound(name)).ConfigureAwait(false);
            return;
        }

        Uri? callback = null;
        if (context.Request.Headers["X-Callback-Url"] is { Count: > 0 } given && (!Uri.TryCreate(given.ToString(), UriKind.Absolute, out callback) || callback.Scheme is not ("http" or "https")))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"X-Callback-Url '{given}' is not an http(s) URL\n").ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        if (body.Length > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var callId = context.Request.Headers["X-Call-Id"] is { Count: > 0 } id ? id.ToString() : Guid.NewGuid().ToString();
        var headers = Forwarded.Where(h => context.Request.Headers.ContainsKey(h)).Select(h => new KeyValuePair<string, string>(h, context.Request.Headers[h].ToString())).ToList();
        var job = new Job(function, rest ?? "", context.Request.QueryString.Value ?? "", context.Request.Method, body.ToArray(), headers, callId, callback);
        context.Response.Headers["X-Call-Id"] = callId;
        if (!_queue.Writer.TryWrite(job))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.Response.WriteAsync($"the async queue holds {QueueLimit} requests; try again later\n").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stop).ConfigureAwait(false)) await RunAsync(job, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(Job job, CancellationToken stop)
    {
        var started = time.GetTimestamp();
        int status;
        byte[] answer;
        string? contentType = null;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(job.Method), new Uri(Self(), $"/function/{job.Function}{(job.Rest.Length > 0 ? "/" + job.Rest : "")}{job.Query}"))
            {
                Content = new ByteArrayContent(job.Body),
            };
            foreach (var (k, v) in job.Headers)
            {
                if (k == "Content-Type") request.Content.Headers.TryAddWithoutValidation(k, v);
                else request.Headers.TryAddWithoutValidation(k, v);
            }

            request.Headers.TryAddWithoutValidation("X-Call-Id", job.CallId);
            using var response = await _http.SendAsync(request, stop).ConfigureAwait(false);
            status = (int)response.StatusCode;
            answer = await response.Content.ReadAsByteArrayAsync(stop).ConfigureAwait(false);
            contentType = response.Content.Headers.ContentType?.ToString();
        }
        catch (HttpRequestException e)
        {
            (status, answer) = (StatusCodes.Status502BadGateway, System.Text.Encoding.UTF8.GetBytes(e.Message));
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        LogDone(_log, job.Function, job.CallId, status, seconds);
        if (job.Callback is null) return;
        try
        {
            using var callback = new HttpRequestMessage(HttpMethod.Post, job.Callback) { Content = new ByteArrayContent(answer) };
            if (contentType is not null) callback.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            callback.Headers.Add("X-Call-Id", job.CallId);
            callback.Headers.Add("X-Function-Name", job.Function);
            callback.Headers.Add("X-Function-Status", status.ToString(CultureInfo.InvariantCulture));
            callback.Headers.Add("X-Duration-Seconds", seconds.ToString("0.######", CultureInfo.InvariantCulture));
            using var delivered = await _http.SendAsync(callback, stop).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            LogCallbackFailed(_log, job.Function, job.CallId, job.Callback.ToString(), e.Message);
        }
    }

    private Uri Self()
    {
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "async {function} call {callId}: status {status} in {seconds:0.###} s")]
    private static partial void LogDone(ILogger log, string function, string callId, int status, double seconds);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "async {function} call {callId}: callback to {url} failed: {reason}")]
    private static partial void LogCallbackFailed(ILogger log, string function, string callId, string url, string reason);

    private sealed record Job(string Function, string Rest, string Query, string Method, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers, string CallId, Uri? Callback);
}
