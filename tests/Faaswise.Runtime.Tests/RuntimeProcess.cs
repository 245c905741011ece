using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Faaswise.Runtime.Tests;

/// <summary>A <c>faaswise runtime serve</c> process on free loopback ports, with clients for both planes.</summary>
internal sealed partial class RuntimeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process process;
    private readonly StringBuilder output = new();

    private RuntimeProcess(Process process) => this.process = process;

    public int Pid => process.Id;

    public HttpClient Data { get; private set; } = null!;

    public HttpClient Control { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>Starts faaswise with <paramref name="args"/> (not waiting for anything).</summary>
    public static RuntimeProcess Launch(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "faaswise.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        var started = new RuntimeProcess(Process.Start(info)!);
        started.process.OutputDataReceived += (_, e) => started.Append(e.Data);
        started.process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Starts <c>runtime serve</c> with <paramref name="args"/> and waits until the control plane answers.</summary>
    public static async Task<RuntimeProcess> StartControlAsync(params string[] args)
    {
        var runtime = Launch(["runtime", "serve", "--port", "0", "--control-port", "0", .. args]);
        var port = int.Parse(ControlLine().Match(await runtime.WaitForLineAsync("faaswise runtime: control ", StartTimeout)).Groups[1].Value, CultureInfo.InvariantCulture);
        runtime.Control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        return runtime;
    }

    /// <summary>Starts <c>runtime serve</c> with <paramref name="args"/> and waits until it serves.</summary>
    public static async Task<RuntimeProcess> StartAsync(params string[] args)
    {
        var runtime = await StartControlAsync(args);
        await runtime.WaitUntilServingAsync();
        return runtime;
    }

    public async Task WaitUntilServingAsync()
    {
        var port = int.Parse(ServingLine().Match(await WaitForLineAsync("faaswise runtime: serving ", StartTimeout)).Groups[1].Value, CultureInfo.InvariantCulture);
        Data = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var line = Output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null) return line;
            if (process.HasExited) throw new InvalidOperationException($"faaswise exited with {process.ExitCode}:\n{Output}");
            if (deadline.Elapsed > timeout) throw new TimeoutException($"no '{prefix}' within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(20);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(limit.Token);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>GET on the control plane: status and JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> ControlAsync(string path, object? post = null)
    {
        using var response = post is null ? await Control.GetAsync(path) : await Control.PostAsJsonAsync(path, post);
        return ((int)response.StatusCode, await BodyAsync(response));
    }

    /// <summary>POST on the data plane: status and JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, HttpContent content)
    {
        using var response = await Data.PostAsync(path, content);
        return ((int)response.StatusCode, await BodyAsync(response));
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>SIGTERM, then the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        return await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Data?.Dispose();
        Control?.Dispose();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    [GeneratedRegex(@"control http://[^:]+:(\d+)")]
    private static partial Regex ControlLine();

    [GeneratedRegex(@" at http://[^ ]+:(\d+) ")]
    private static partial Regex ServingLine();
}
