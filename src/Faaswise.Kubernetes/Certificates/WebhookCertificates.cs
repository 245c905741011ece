using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Faaswise.Kubernetes.Certificates;

/// <summary>
/// The webhook's certificates, made with .NET's CertificateRequest (replacing QShuf's gen_webhook.sh): a CA whose
/// PEM is the MutatingWebhookConfiguration's caBundle, and a serving certificate it signs for the Service's DNS names
/// (<c>svc</c>, <c>svc.ns</c>, <c>svc.ns.svc</c>, <c>svc.ns.svc.cluster.local</c>). Rotation re-issues the serving
/// certificate from the same CA, so the caBundle stays valid and no admission fails during the change.
/// Files: <c>ca.crt</c>, <c>ca.key</c>, <c>tls.crt</c>, <c>tls.key</c> (the names of a kubernetes.io/tls Secret).
/// </summary>
public static class WebhookCertificates
{
    /// <summary>The CA certificate file.</summary>
    public const string CaCertFile = "ca.crt";

    /// <summary>The CA key file (keep it out of the cluster; it signs rotations).</summary>
    public const string CaKeyFile = "ca.key";

    /// <summary>The serving certificate file.</summary>
    public const string CertFile = "tls.crt";

    /// <summary>The serving key file.</summary>
    public const string KeyFile = "tls.key";

    /// <summary>The DNS names the API server dials a Service webhook by.</summary>
    public static IReadOnlyList<string> ServiceNames(string service, string ns) =>
        [service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local"];

    /// <summary>A new CA (ECDSA P-256).</summary>
    public static X509Certificate2 CreateCa(string commonName, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
    }

    /// <summary>A serving certificate signed by <paramref name="ca"/> for DNS names and IP addresses.</summary>
    public static X509Certificate2 CreateServing(X509Certificate2 ca, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(addresses);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={(dnsNames.Count > 0 ? dnsNames[0] : "faaswise-webhook")}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var d in dnsNames) san.AddDnsName(d);
        foreach (var a in addresses) san.AddIpAddress(a);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + validity < ca.NotAfter ? now + validity : ca.NotAfter.ToUniversalTime();
        using var signed = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Writes a CA (unless <paramref name="directory"/> holds one, which is reused: a rotation) and a fresh serving
    /// certificate; each file is replaced atomically. Returns whether the CA was reused.
    /// </summary>
    public static bool Write(string directory, string service, string ns, IReadOnlyList<IPAddress> addresses, TimeSpan validity)
    {
        Directory.CreateDirectory(directory);
        var caCert = Path.Combine(directory, CaCertFile);
        var caKey = Path.Combine(directory, CaKeyFile);
        var reuse = File.Exists(caCert) && File.Exists(caKey);
        using var ca = reuse ? X509Certificate2.CreateFromPemFile(caCert, caKey) : CreateCa($"{service}-ca", TimeSpan.FromDays(3650));
        if (!reuse)
        {
            Replace(caCert, ca.ExportCertificatePem());
            Replace(caKey, ca.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }

        using var serving = CreateServing(ca, ServiceNames(service, ns), addresses, validity);
        Replace(Path.Combine(directory, KeyFile), serving.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Replace(Path.Combine(directory, CertFile), serving.ExportCertificatePem());
        return reuse;
    }

    private static void Replace(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
