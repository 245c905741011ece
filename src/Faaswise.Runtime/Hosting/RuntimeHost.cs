using System.Globalization;
using System.Net;
using Faaswise.Runtime.Devices;
using Faaswise.Runtime.Engine;
using Faaswise.Runtime.Tensors;
using Faaswise.Runtime.Units;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faaswise.Runtime.Hosting;

/// <summary>
/// <c>faaswise runtime serve</c>: the control plane starts first (so <c>/loaded</c> answers 500 while the model loads),
/// then the model loads with one warm-up inference, then the data plane starts. Each step prints one line.
/// </summary>
public sealed class RuntimeHost : IAsyncDisposable
{
    /// <summary>The line prefix that carries the data port once the runtime serves.</summary>
    public const string ServingPrefix = "faaswise runtime: serving ";

    private readonly ModelRunner runner;
    private readonly RequestLine<IReadOnlyList<InferenceTensor>, RunResult> line;
    private readonly WebApplication control;
    private readonly WebApplication data;

    private RuntimeHost(ModelRunner runner, RequestLine<IReadOnlyList<InferenceTensor>, RunResult> line, WebApplication control, WebApplication data)
    {
        this.runner = runner;
        this.line = line;
        this.control = control;
        this.data = data;
    }

    /// <summary>The model runner.</summary>
    public ModelRunner Runner => runner;

    /// <summary>The data plane's port.</summary>
    public int Port { get; private set; }

    /// <summary>The control plane's port.</summary>
    public int ControlPort { get; private set; }

    /// <summary>Starts both planes and loads the model; <paramref name="log"/> gets one line per step.</summary>
    public static async Task<RuntimeHost> StartAsync(RuntimeOptions options, TextWriter log, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var runner = new ModelRunner(options.Model, options.Runner with { Workers = options.Queue.Workers });
        var line = new RequestLine<IReadOnlyList<InferenceTensor>, RunResult>(runner.RunAsync, options.Queue);
        var metrics = new RuntimeMetrics(runner, () => line.Length);
        var control = Build(options.Listen, options.ControlPort);
        HealthEndpoints.Map(control, runner, metrics.Registry);
        new ControlPlane(runner, metrics, options.AllowEnv).Map(control);
        var data = Build(options.Listen, options.Port);
        HealthEndpoints.Map(data, runner, metrics.Registry);
        new DataPlane(runner, line, metrics).Map(data);
        var host = new RuntimeHost(runner, line, control, data);
        try
        {
            await control.StartAsync(cancellation).ConfigureAwait(false);
            host.ControlPort = PortOf(control);
            var device = DeviceNames.Of(options.Runner.Device);
            await Say(log, $"faaswise runtime: control http://{Address(options.Listen)}:{host.ControlPort}; loading {options.Model.Name} ({ByteSize.Format(runner.Bytes)}) on {device}", cancellation).ConfigureAwait(false);

            var target = options.Runner.Device == DeviceKind.Cpu || options.Runner.StartOnHost ? Residency.Host : Residency.Gpu;
            MoveResult load;
            try
            {
                load = await runner.LoadAsync(target, cancellation).ConfigureAwait(false);
            }
            catch (CudaUnavailableException e) when (target == Residency.Gpu)
            {
                await Say(log, $"faaswise runtime: {e.Message}; serving on the CPU (/tocuda will answer 500)", cancellation).ConfigureAwait(false);
                load = await runner.LoadAsync(Residency.Host, cancellation).ConfigureAwait(false);
            }

            metrics.Move(load);
            runner.SetGate(!options.Runner.Reserve);
            await data.StartAsync(cancellation).ConfigureAwait(false);
            host.Port = PortOf(data);
            var emulated = runner.Emulated ? $", emulated GPU {options.Runner.EmulatedGpu!.Name} of {ByteSize.Format(options.Runner.EmulatedGpu.CapacityBytes)}" : "";
            await Say(log, $"{ServingPrefix}{options.Model.Name} on {runner.InferDevice}{emulated} at http://{Address(options.Listen)}:{host.Port} " +
                           $"(loaded in {load.Seconds.ToString("0.00", CultureInfo.InvariantCulture)} s; ready: {(runner.Ready ? "yes" : "no, a reserve")}; " +
                           $"inputs: {ModelRunner.Describe(runner.Inputs)})", cancellation).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await Task.WhenAll(StopQuietly(data, grace.Token), StopQuietly(control, grace.Token)).ConfigureAwait(false);
        }

        await line.DisposeAsync().ConfigureAwait(false);
        await data.DisposeAsync().ConfigureAwait(false);
        await control.DisposeAsync().ConfigureAwait(false);
        runner.Dispose();
    }

    private static async Task StopQuietly(WebApplication app, CancellationToken grace)
    {
        try
        {
            await app.StopAsync(grace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
        }
    }

    internal static WebApplication Build(IPAddress listen, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Handlers continue on the thread that read the request (Kestrel's inline scheduling) rather than being dispatched
        // again: at 1 request in flight every hop to a parked pool thread costs a wake-up on the cores the model needs
        // (bench/runtime). A control-plane load does not hold up the data plane (ControlTests).
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(listen, port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
        });
        // After UseKestrel, whose own registration would otherwise win; the socket transport takes its pool from here.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPool.Factory>();
        return builder.Build();
    }

    private static int PortOf(WebApplication app) => new Uri(app.Urls.First().Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;

    private static string Address(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static async Task Say(TextWriter log, string text, CancellationToken cancellation)
    {
        await log.WriteLineAsync(text).ConfigureAwait(false);
        await log.FlushAsync(cancellation).ConfigureAwait(false);
    }
}
