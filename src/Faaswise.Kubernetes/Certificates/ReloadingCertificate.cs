using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Faaswise.Kubernetes.Certificates;

/// <summary>
/// The serving certificate read from <c>tls.crt</c> and <c>tls.key</c>, read again when either file changes (a
/// Secret update, or <c>faaswise qshuf certs</c> rotating them): new TLS handshakes get the new certificate, open
/// connections keep theirs, so nothing is refused during a rotation. A half-written pair keeps the previous one.
/// </summary>
public sealed class ReloadingCertificate(string directory) : IDisposable
{
    private readonly Lock _gate = new();
    private X509Certificate2? _current;
    private (DateTime Cert, DateTime Key) _stamp;
    private DateTime _checked;

    /// <summary>Times the certificate was (re)loaded.</summary>
    public int Loads { get; private set; }

    /// <summary>The certificate to present now (files are checked at most every 500 ms).</summary>
    public X509Certificate2 Current
    {
        get
        {
            lock (_gate)
            {
                var now = DateTime.UtcNow;
                if (_current is not null && now - _checked < TimeSpan.FromMilliseconds(500)) return _current;
                _checked = now;
                var cert = Path.Combine(directory, WebhookCertificates.CertFile);
                var key = Path.Combine(directory, WebhookCertificates.KeyFile);
                var stamp = (File.GetLastWriteTimeUtc(cert), File.GetLastWriteTimeUtc(key));
                if (_current is not null && stamp == _stamp) return _current;
                try
                {
                    using var pem = X509Certificate2.CreateFromPemFile(cert, key);
                    var loaded = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
                    _current?.Dispose();
                    _current = loaded;
                    _stamp = stamp;
                    Loads++;
                }
                catch (Exception e) when (e is CryptographicException or IOException && _current is not null)
                {
                }

                return _current ?? throw new InvalidOperationException($"no serving certificate in {directory}");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _current?.Dispose();
    }
}
