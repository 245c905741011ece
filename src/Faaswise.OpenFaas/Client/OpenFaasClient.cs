using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Faaswise.OpenFaas.Api;

namespace Faaswise.OpenFaas.Client;

/// <summary>
/// Typed client for the OpenFaaS gateway API: the <c>/system</c> calls with basic auth, invocation through
/// <c>/function/{name}</c> without it. A call whose connection cannot be made is retried with doubling backoff
/// (the request never reached the gateway, so even a deploy is safe to repeat); a gateway error status raises
/// <see cref="OpenFaasException"/>.
/// </summary>
public sealed class OpenFaasClient : IDisposable
{
    private readonly OpenFaasClientOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>Creates a client; <paramref name="handler"/> replaces the network (tests).</summary>
    public OpenFaasClient(OpenFaasClientOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (!options.Gateway.IsAbsoluteUri || (options.Gateway.Scheme != Uri.UriSchemeHttp && options.Gateway.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{options.Gateway}' is not an http:// or https:// gateway URL", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "timeout must be > 0");
        if (options.ConnectAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "connect attempts must be ≥ 1");
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true)
        {
            BaseAddress = new Uri(options.Gateway.ToString().TrimEnd('/') + "/"),
            Timeout = options.Timeout,
        };
    }

    /// <summary>The gateway this client talks to.</summary>
    public Uri Gateway => _options.Gateway;

    /// <summary><c>GET /system/functions</c>.</summary>
    public async Task<IReadOnlyList<FunctionStatus>> ListFunctionsAsync(string? ns = null, CancellationToken cancellation = default)
    {
        using var response = await SendAsync("list functions", () => System(HttpMethod.Get, "system/functions" + Query(ns)), cancellation).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<List<FunctionStatus>>(cancellation).ConfigureAwait(false) ?? [];
    }

    /// <summary><c>GET /system/function/{name}</c>; null when the gateway has no such function.</summary>
    public async Task<FunctionStatus?> GetFunctionAsync(string name, string? ns = null, CancellationToken cancellation = default)
    {
        using var response = await SendAsync($"get function {name}", () => System(HttpMethod.Get, $"system/function/{Uri.EscapeDataString(name)}{Query(ns)}"),
            cancellation, allowNotFound: true).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null
            : await response.Content.ReadFromJsonAsync<FunctionStatus>(cancellation).ConfigureAwait(false);
    }

    /// <summary><c>POST /system/functions</c>.</summary>
    public Task DeployAsync(FunctionDeployment deployment, CancellationToken cancellation = default) =>
        SendJsonAsync($"deploy {deployment?.Service}", HttpMethod.Post, "system/functions", deployment!, cancellation);

    /// <summary><c>PUT /system/functions</c>.</summary>
    public Task UpdateAsync(FunctionDeployment deployment, CancellationToken cancellation = default) =>
        SendJsonAsync($"update {deployment?.Service}", HttpMethod.Put, "system/functions", deployment!, cancellation);

    /// <summary><c>DELETE /system/functions</c>.</summary>
    public Task DeleteAsync(string name, string? ns = null, CancellationToken cancellation = default) =>
        SendJsonAsync($"delete {name}", HttpMethod.Delete, "system/functions", new DeleteFunctionRequest { FunctionName = name, Namespace = ns }, cancellation);

    /// <summary><c>POST /system/scale-function/{name}</c>.</summary>
    public Task ScaleAsync(string name, ulong replicas, string? ns = null, CancellationToken cancellation = default) =>
        SendJsonAsync($"scale {name}", HttpMethod.Post, $"system/scale-function/{Uri.EscapeDataString(name)}",
            new ScaleServiceRequest { ServiceName = name, Replicas = replicas, Namespace = ns }, cancellation);

    /// <summary><c>GET /system/info</c>.</summary>
    public async Task<GatewayInfo> GetInfoAsync(CancellationToken cancellation = default)
    {
        using var response = await SendAsync("system info", () => System(HttpMethod.Get, "system/info"), cancellation).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<GatewayInfo>(cancellation).ConfigureAwait(false)
            ?? throw new OpenFaasException("system info", response.StatusCode, "empty body");
    }

    /// <summary><c>GET /healthz</c>: true when the gateway answers 200.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellation = default)
    {
        try
        {
            using var response = await _http.GetAsync("healthz", cancellation).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// Invokes a function (<c>/function/{name}[/path]</c>, open as in OpenFaaS). Any status is returned, not thrown:
    /// a function's error is a result.
    /// </summary>
    public async Task<InvocationResult> InvokeAsync(string name, ReadOnlyMemory<byte> body, HttpMethod? method = null, string path = "",
        IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellation = default)
    {
        var started = _time.GetTimestamp();
        var suffix = path.Length == 0 ? "" : "/" + path.TrimStart('/');
        using var response = await SendAsync($"invoke {name}", () =>
        {
            var request = new HttpRequestMessage(method ?? HttpMethod.Post, $"function/{Uri.EscapeDataString(name)}{suffix}") { Content = new ReadOnlyMemoryContent(body) };
            foreach (var (k, v) in headers ?? []) request.Headers.TryAddWithoutValidation(k, v);
            return request;
        }, cancellation, throwOnError: false).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
        return new InvocationResult((int)response.StatusCode, bytes, _time.GetElapsedTime(started));
    }

    /// <summary>
    /// Polls <c>GET /system/function/{name}</c> until at least <paramref name="replicas"/> replicas are available;
    /// throws <see cref="TimeoutException"/> naming what it saw last.
    /// </summary>
    public async Task<FunctionStatus> WaitUntilReadyAsync(string name, TimeSpan timeout, ulong replicas = 1, string? ns = null,
        TimeSpan? pollInterval = null, CancellationToken cancellation = default)
    {
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(250);
        var started = _time.GetTimestamp();
        FunctionStatus? last = null;
        while (true)
        {
            last = await GetFunctionAsync(name, ns, cancellation).ConfigureAwait(false);
            if (last is { } s && s.AvailableReplicas >= replicas) return s;
            if (_time.GetElapsedTime(started) >= timeout)
            {
                var seen = last is null ? "the gateway does not know it" : $"{last.AvailableReplicas} of {last.Replicas} replicas available";
                throw new TimeoutException($"function {name} was not ready with {replicas} replica(s) within {timeout.TotalSeconds:0.#} s: {seen}");
            }

            await Task.Delay(interval, _time, cancellation).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private HttpRequestMessage System(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (_options.Credentials is { } c) request.Headers.Authorization = c.Header();
        return request;
    }

    private async Task SendJsonAsync<T>(string operation, HttpMethod method, string path, T body, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var response = await SendAsync(operation, () =>
        {
            var request = System(method, path);
            request.Content = JsonContent.Create(body);
            return request;
        }, cancellation).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, Func<HttpRequestMessage> build, CancellationToken cancellation,
        bool allowNotFound = false, bool throwOnError = true)
    {
        var backoff = _options.RetryBackoff;
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (attempt < _options.ConnectAttempts && IsConnectFailure(e))
            {
                await Task.Delay(backoff, _time, cancellation).ConfigureAwait(false);
                backoff *= 2;
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new HttpRequestException($"{operation}: cannot reach the gateway at {_options.Gateway}: {e.Message}", e, e.StatusCode);
            }

            if (!throwOnError || response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
            {
                return response;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                throw new OpenFaasException(operation, response.StatusCode, text);
            }
        }
    }

    private static bool IsConnectFailure(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ConnectionError
        || e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain };

    private static string Query(string? ns) => ns is null ? "" : "?namespace=" + Uri.EscapeDataString(ns);

    private static SocketsHttpHandler CreateHandler(OpenFaasClientOptions options)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, ConnectTimeout = options.Timeout };
        if (options.Insecure)
        {
#pragma warning disable CA5359 // --insecure exists for self-signed test clusters; the user asked for it
            handler.SslOptions = new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
#pragma warning restore CA5359
        }

        return handler;
    }
}
