using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Faaswise.Kubernetes.Testing.Admission;
using Faaswise.Kubernetes.Testing.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>The API server on loopback: plain HTTP and HTTPS (a self-signed certificate for 127.0.0.1), one request dispatcher.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ResourceHandler _resources;
    private readonly Subresources _subresources;
    private readonly HttpClient _proxyClient = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stopping = new();

    private ApiServer(WebApplication app, ObjectStore store, MutatingAdmission admission, TimeProvider clock, TimeSpan bookmarkEvery, X509Certificate2 certificate)
    {
        _app = app;
        _resources = new ResourceHandler(store, admission, clock, bookmarkEvery);
        _subresources = new Subresources(store, _resources, clock, _proxyClient);
        Certificate = certificate;
        _app.Run(DispatchAsync);
    }

    /// <summary>The plain HTTP address.</summary>
    public Uri HttpUrl { get; private set; } = null!;

    /// <summary>The HTTPS address.</summary>
    public Uri HttpsUrl { get; private set; } = null!;

    /// <summary>The serving certificate of the HTTPS address (self-signed; trust it as the cluster's CA).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The create path (defaults, admission, validation, storage), for controllers that create objects as the API would.</summary>
    public ResourceHandler Resources => _resources;

    /// <summary>Starts listening.</summary>
    public static async Task<ApiServer> StartAsync(ObjectStore store, MutatingAdmission admission, TimeProvider clock, TimeSpan bookmarkEvery)
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate));
        });
        var server = new ApiServer(builder.Build(), store, admission, clock, bookmarkEvery, certificate);
        await server._app.StartAsync().ConfigureAwait(false);
        var urls = server._app.Urls.Select(u => new Uri(u)).ToList();
        server.HttpUrl = urls.First(u => u.Scheme == "http");
        server.HttpsUrl = urls.First(u => u.Scheme == "https");
        return server;
    }

    private async Task DispatchAsync(HttpContext context)
    {
        try
        {
            var path = context.Request.Path.Value ?? "/";
            if (context.Request.Method == "GET" && Discovery.At(path) is { } document)
            {
                await Json.WriteAsync(context, 200, document).ConfigureAwait(false);
                return;
            }

            var route = ApiRoute.Parse(path) ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            if (route.Subresource is null) await _resources.HandleAsync(context, route, _stopping.Token).ConfigureAwait(false);
            else await _subresources.HandleAsync(context, route).ConfigureAwait(false);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await Json.WriteAsync(context, e.Code, e.ToStatus()).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            await Json.WriteAsync(context, 400, ApiException.Status(400, "BadRequest", e.Message)).ConfigureAwait(false);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=faaswise-test-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        san.AddDnsName("kubernetes.default.svc");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _proxyClient.Dispose();
        _stopping.Dispose();
        Certificate.Dispose();
    }
}
