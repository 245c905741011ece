using System.Net;
using System.Text;

namespace Faaswise.LocalFaas.Builtins;

/// <summary>
/// <c>curl</c>: fetches the URL in the body and returns what it got; network-bound. Only loopback hosts unless the
/// function's environment sets <c>allow_remote=true</c>, so a load test never floods someone else's server.
/// </summary>
internal sealed class CurlFunction : IBuiltinFunction, IDisposable
{
    public const string AllowRemoteVariable = "allow_remote";
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = FetchTimeout })
    {
        Timeout = FetchTimeout,
    };

    public string Name => "curl";

    public string Description => "Fetches the URL in the body (loopback only unless allow_remote=true) and returns it";

    public string Profile => "network";

    public string ExampleBody => "http://127.0.0.1:8080/healthz";

    public async Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation)
    {
        var text = Encoding.UTF8.GetString(request.Body.Span).Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return FunctionResponse.Error(400, "curl: the body must be one http:// or https:// URL");
        }

        if (!IsLoopback(url) && !AllowRemote())
        {
            return FunctionResponse.Error(403, $"curl: {url.Host} is not a loopback host; set {AllowRemoteVariable}=true in the function's environment to fetch it");
        }

        try
        {
            using var response = await _http.GetAsync(url, cancellation).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
            return new FunctionResponse(200, body, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream");
        }
        catch (HttpRequestException e)
        {
            return FunctionResponse.Error(502, $"curl: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return FunctionResponse.Error(504, $"curl: no answer from {url.Host} within {FetchTimeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool AllowRemote() =>
        string.Equals(Environment.GetEnvironmentVariable(AllowRemoteVariable), "true", StringComparison.OrdinalIgnoreCase);
}
