using System.Net;
using Faaswise.LocalFaas.Functions;
using Faaswise.LocalFaas.Replicas;
using Faaswise.OpenFaas.Api;
using Faaswise.OpenFaas.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>
/// The embedded gateway, started and stopped as one object: Kestrel with the OpenFaaS routes, the function
/// registry and the autoscaler. Disposing it stops every replica process.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FunctionRegistry _functions;
    private bool _stopped;

    private GatewayHost(WebApplication app)
    {
        _app = app;
        _functions = app.Services.GetRequiredService<FunctionRegistry>();
        Url = new Uri(app.Urls.First().Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/'));
    }

    /// <summary>The gateway's base URL.</summary>
    public Uri Url { get; }

    /// <summary>Starts Kestrel on <see cref="GatewayOptions.Address"/>:<see cref="GatewayOptions.Port"/>.</summary>
    public static async Task<GatewayHost> StartAsync(GatewayOptions options, GatewayCredentials credentials, ILoggerFactory? logs = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.TryParse(options.Address, out var address)) throw new FormatException($"'{options.Address}' is not an IP address");
        if (options.WatchdogCommand.Count == 0) throw new ArgumentException("the watchdog command is empty", nameof(options));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(logs ?? NullLoggerFactory.Instance);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // Run request handlers on the socket's I/O thread: the gateway only forwards, and on 2 cores every thread hop
        // costs a context switch on the core the function needs (bench/gateway).
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(address, options.Port);
            k.AddServerHeader = false;
        });
        builder.Services.AddLocalFaas(options, credentials);
        var app = builder.Build();
        app.UseMiddleware<BasicAuthMiddleware>();
        app.UseMiddleware<NamespaceGuard>();
        app.MapLocalFaas();
        try
        {
            await app.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot listen on {options.Address}:{options.Port}: {e.Message}", e);
        }

        return new GatewayHost(app);
    }

    /// <summary>Deploys a function as <c>POST /system/functions</c> would; false when one of that name exists.</summary>
    public bool Deploy(FunctionDeployment deployment) => _functions.Deploy(deployment);

    /// <summary>Names of the deployed functions.</summary>
    public IReadOnlyList<string> Functions => _functions.All.Select(f => f.Definition.Name).ToArray();

    /// <summary>Waits until every function has its desired replicas ready.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            while (_functions.All.Any(f => f.ReadyCount < f.Desired))
            {
                await Task.Delay(25, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            var waiting = string.Join(", ", _functions.All.Where(f => f.ReadyCount < f.Desired).Select(f => $"{f.Definition.Name} ({f.ReadyCount}/{f.Desired})"));
            throw new TimeoutException($"functions not ready within {timeout.TotalSeconds:0} s: {waiting}");
        }
    }

    /// <summary>Replica processes by function: id and pid (tests, diagnostics).</summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<(string Id, int Pid, ReplicaState State)>> Replicas() =>
        _functions.All.ToDictionary(f => f.Definition.Name, f => f.Processes());

    internal FunctionRegistry Registry => _functions;

    /// <summary>Stops taking requests and stops every replica process.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }
        finally
        {
            await _functions.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
