using System.Globalization;
using k8s;
using k8s.Autorest;

namespace Faaswise.Kubernetes.Control;

/// <summary>An answer of a runtime's control API: the HTTP status and the body.</summary>
public readonly record struct ControlAnswer(int Status, string Body)
{
    /// <summary>2xx.</summary>
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>
/// Calls a pod's runtime control API (QShuf's <c>/tocuda</c>, <c>/tocpu</c>, <c>/toready</c>, <c>/tonotready</c> and
/// <c>/v2/repository/index</c>, all GET) through the API server's pod proxy, as QShuf's shuffler does, or straight to
/// the pod's IP when the controller runs inside the cluster network and the proxy's extra hop is not wanted.
/// </summary>
public sealed class RuntimeControl(IKubernetes client, string ns, int controlPort, bool direct, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _direct = new() { Timeout = timeout };

    /// <summary>GETs a control path ("tocuda", "v2/repository/index") of a pod; a transport failure is an exception.</summary>
    public async Task<ControlAnswer> GetAsync(FunctionPod pod, string path, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (direct)
        {
            if (pod.Ip is null) throw new HttpRequestException($"pod {pod.Name} has no IP yet");
            using var answer = await _direct.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{pod.Ip}:{controlPort}/{path}")), cancellation).ConfigureAwait(false);
            return new ControlAnswer((int)answer.StatusCode, await answer.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false));
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            using var answer = await client.CoreV1.ConnectGetNamespacedPodProxyWithPathWithHttpMessagesAsync(
                string.Create(CultureInfo.InvariantCulture, $"{pod.Name}:{controlPort}"), ns, path, cancellationToken: limit.Token).ConfigureAwait(false);
            using var reader = new StreamReader(answer.Body);
            return new ControlAnswer((int)answer.Response.StatusCode, await reader.ReadToEndAsync(limit.Token).ConfigureAwait(false));
        }
        catch (HttpOperationException e)
        {
            return new ControlAnswer((int)e.Response.StatusCode, e.Response.Content ?? "");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{pod.Name}/{path} did not answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _direct.Dispose();
}
