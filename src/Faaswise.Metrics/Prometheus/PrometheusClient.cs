using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Faaswise.Metrics.Prometheus;

/// <summary>
/// Prometheus's HTTP API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>): typed results, Prometheus's own errors and
/// warnings, a timeout per request, bearer or basic auth, and retries with doubling backoff for connection failures,
/// timeouts and 5xx answers (never for a bad query).
/// </summary>
public sealed class PrometheusClient : IDisposable
{
    private readonly HttpClient http;
    private readonly PrometheusOptions options;

    /// <summary>Creates a client.</summary>
    public PrometheusClient(PrometheusOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = options.BaseAddress;
        http.Timeout = Timeout.InfiniteTimeSpan;
        if (options.BearerToken is { } token) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (options.Basic is { } basic) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.User}:{basic.Password}")));
    }

    /// <summary>An instant query, at <paramref name="time"/> or now.</summary>
    public Task<PrometheusResult> QueryAsync(string query, DateTimeOffset? time = null, CancellationToken cancellation = default)
    {
        var path = $"api/v1/query?query={Uri.EscapeDataString(query)}" + (time is { } t ? $"&time={Seconds(t)}" : "");
        return SendAsync(path, query, cancellation);
    }

    /// <summary>A range query from <paramref name="start"/> to <paramref name="end"/> every <paramref name="step"/>.</summary>
    public Task<PrometheusResult> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellation = default)
    {
        var path = $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Seconds(start)}&end={Seconds(end)}&step={step.TotalSeconds.ToString(CultureInfo.InvariantCulture)}";
        return SendAsync(path, query, cancellation);
    }

    /// <summary>Whether Prometheus answers its readiness endpoint; the reason when not.</summary>
    public async Task<(bool Ready, string Reason)> CheckAsync(CancellationToken cancellation = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.Timeout);
            using var response = await http.GetAsync(new Uri("-/ready", UriKind.Relative), timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? (true, "ready") : (false, $"HTTP {(int)response.StatusCode} from /-/ready");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return (false, e is OperationCanceledException ? $"no answer within {options.Timeout.TotalSeconds:0} s" : e.Message);
        }
    }

    private async Task<PrometheusResult> SendAsync(string path, string query, CancellationToken cancellation)
    {
        var backoff = options.FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                timeout.CancelAfter(options.Timeout);
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), timeout.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500 && attempt < options.Attempts) throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
                return Parse(body, response.StatusCode, query);
            }
            catch (Exception e) when ((e is HttpRequestException || (e is OperationCanceledException && !cancellation.IsCancellationRequested)) && attempt < options.Attempts)
            {
                await Task.Delay(backoff, cancellation).ConfigureAwait(false);
                backoff *= 2;
            }
            catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
            {
                throw new PrometheusException("timeout", $"{options.BaseAddress}: no answer within {options.Timeout.TotalSeconds:0} s to {query}", e);
            }
            catch (HttpRequestException e)
            {
                throw new PrometheusException("unreachable", $"{options.BaseAddress}: {e.Message}", e);
            }
        }
    }

    internal static PrometheusResult Parse(string body, HttpStatusCode status, string query)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new PrometheusException("http", $"HTTP {(int)status} without a Prometheus answer for {query}: {(body.Length > 200 ? body[..200] : body)}");
        }

        using (document)
        {
            var root = document.RootElement;
            var warnings = root.TryGetProperty("warnings", out var w) ? w.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [];
            if (root.GetProperty("status").GetString() != "success")
            {
                var type = root.TryGetProperty("errorType", out var t) ? t.GetString() ?? "error" : "error";
                var error = root.TryGetProperty("error", out var m) ? m.GetString() : "";
                throw new PrometheusException(type, $"Prometheus {type}: {error} (query: {query})");
            }

            var data = root.GetProperty("data");
            var resultType = data.GetProperty("resultType").GetString() ?? "";
            var result = data.GetProperty("result");
            var series = resultType switch
            {
                "scalar" or "string" => [new PrometheusSeries(new Dictionary<string, string>(), [Sample(result)])],
                "vector" => result.EnumerateArray().Select(s => new PrometheusSeries(Labels(s), [Sample(s.GetProperty("value"))])).ToArray(),
                "matrix" => result.EnumerateArray().Select(s => new PrometheusSeries(Labels(s), s.GetProperty("values").EnumerateArray().Select(Sample).ToArray())).ToArray(),
                _ => throw new PrometheusException("bad_data", $"unknown resultType '{resultType}' for {query}"),
            };
            return new PrometheusResult(resultType, series, warnings);
        }
    }

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");

    private static (DateTimeOffset, double) Sample(JsonElement pair)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)(pair[0].GetDouble() * 1000));
        var text = pair[1].GetString() ?? "NaN";
        var value = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return (time, value);
    }

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}
