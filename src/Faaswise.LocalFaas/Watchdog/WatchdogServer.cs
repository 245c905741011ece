using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Faaswise.LocalFaas.Builtins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas.Watchdog;

/// <summary>
/// The process behind one replica. Built-in and fork modes serve HTTP on a free loopback port themselves; http mode
/// starts the function's own server on a free port and supervises it. Either way the process prints
/// <see cref="ReplicaProtocol.ReadyLine"/> once the function can take requests, and exits when its stdin closes.
/// </summary>
public static class WatchdogServer
{
    /// <summary>Runs until cancelled, stdin closes, or (http mode) the upstream exits; returns the exit code.</summary>
    public static async Task<int> RunAsync(WatchdogOptions options, TextWriter ready, TextWriter error, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(error);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (options.ExitOnStdinClose) _ = Task.Run(() => WatchStdinAsync(stop), CancellationToken.None);

        return options.Mode == WatchdogMode.Http
            ? await RunUpstreamAsync(options, ready, error, stop.Token).ConfigureAwait(false)
            : await ServeAsync(options, ready, stop.Token).ConfigureAwait(false);
    }

    private static async Task<int> ServeAsync(WatchdogOptions options, TextWriter ready, CancellationToken stop)
    {
        Func<FunctionRequest, CancellationToken, Task<FunctionResponse>> handler = options.Mode switch
        {
            WatchdogMode.Builtin => (BuiltinFunctions.Create(options.Builtin ?? "")
                ?? throw new FormatException($"no built-in function '{options.Builtin}' (built-ins: {string.Join(", ", BuiltinFunctions.Names)})")).InvokeAsync,
            _ => new ForkRunner(CommandLineSplitter.Split(options.FProcess ?? throw new FormatException("fork mode needs fprocess")), options.ExecTimeout).RunAsync,
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.AddServerHeader = false;
        });
        await using var app = builder.Build();
        app.Map(ReplicaProtocol.HealthPath, () => Results.Text("OK"));
        app.Run(async context =>
        {
            var request = await HttpContextAdapter.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            FunctionResponse response;
            try
            {
                response = await handler(request, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                response = FunctionResponse.Error(500, $"{options.Function}: {e.GetType().Name}: {e.Message}");
            }

            await HttpContextAdapter.WriteAsync(context.Response, response, context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(stop).ConfigureAwait(false);
        var port = new Uri(app.Urls.First()).Port;
        await ready.WriteLineAsync(ReplicaProtocol.ReadyLine(port)).ConfigureAwait(false);
        await ready.FlushAsync(stop).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(grace.Token).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RunUpstreamAsync(WatchdogOptions options, TextWriter ready, TextWriter error, CancellationToken stop)
    {
        var command = CommandLineSplitter.Split(options.FProcess ?? throw new FormatException("http mode needs fprocess"));
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["upstream_url"] = $"http://127.0.0.1:{port}";

        using var upstream = Process.Start(start) ?? throw new InvalidOperationException($"cannot start '{command[0]}'");
        try
        {
            if (!await WaitForListenerAsync(port, upstream, options.StartTimeout, stop).ConfigureAwait(false))
            {
                await error.WriteLineAsync(upstream.HasExited
                    ? $"{options.Function}: '{command[0]}' exited with {upstream.ExitCode} before listening on $PORT={port}"
                    : $"{options.Function}: '{command[0]}' did not listen on $PORT={port} within {options.StartTimeout.TotalSeconds:0} s").ConfigureAwait(false);
                return 1;
            }

            await ready.WriteLineAsync(ReplicaProtocol.ReadyLine(port)).ConfigureAwait(false);
            await ready.FlushAsync(stop).ConfigureAwait(false);
            await upstream.WaitForExitAsync(stop).ConfigureAwait(false);
            await error.WriteLineAsync($"{options.Function}: '{command[0]}' exited with {upstream.ExitCode}").ConfigureAwait(false);
            return upstream.ExitCode == 0 ? 1 : upstream.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        finally
        {
            if (!upstream.HasExited) upstream.Kill(entireProcessTree: true);
        }
    }

    private static async Task<bool> WaitForListenerAsync(int port, Process upstream, TimeSpan timeout, CancellationToken stop)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !upstream.HasExited)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, stop).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20, stop).ConfigureAwait(false);
            }
        }

        return false;
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WatchStdinAsync(CancellationTokenSource stop)
    {
        var buffer = new byte[256];
        try
        {
            await using var stdin = Console.OpenStandardInput();
            while (await stdin.ReadAsync(buffer, stop.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }

        await stop.CancelAsync().ConfigureAwait(false);
    }
}
