using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Faaswise.Kubernetes.Testing.Admission;

/// <summary>
/// The HTTPS client the API server calls a webhook with: it trusts only the configuration's <c>caBundle</c>, checks
/// the certificate against the host name it dialled (the service's <c>NAME.NAMESPACE.svc</c>), and connects to the
/// address the service resolves to.
/// </summary>
public static class WebhookConnector
{
    /// <summary>A client for one webhook (kept, as the API server keeps its connections); <paramref name="address"/> is where the URL's host really is.</summary>
    public static HttpClient Create(byte[]? caBundlePem, IPEndPoint? address, TimeSpan timeout)
    {
        var trusted = new X509Certificate2Collection();
        if (caBundlePem is { Length: > 0 }) trusted.ImportFromPem(Encoding.ASCII.GetString(caBundlePem));
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = timeout,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
        {
            if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || trusted.Count == 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
            return chain.Build(leaf);
        };
        if (address is not null)
        {
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(address, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = timeout };
    }
}
