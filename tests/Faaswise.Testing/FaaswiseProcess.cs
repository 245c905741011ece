using System.Diagnostics;
using System.Text;

namespace Faaswise.Testing;

/// <summary>The built faaswise.dll run as its own process, for what must survive a kill or needs its own replicas.</summary>
public sealed class FaaswiseProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private FaaswiseProcess(Process process) => this.process = process;

    public static FaaswiseProcess Start(params string[] args) => StartWith(null, args);

    /// <summary>Starts faaswise with extra environment variables (inherited by everything it starts).</summary>
    public static FaaswiseProcess StartWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "faaswise.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var started = new FaaswiseProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public static async Task<(int Code, string Output)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var p = Start(args);
        return (await p.WaitAsync(timeout), p.Output);
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"faaswise did not finish within {timeout.TotalSeconds:0} s; it printed:\n{Output}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>SIGINT, as Ctrl-C on a terminal sends it.</summary>
    public void Interrupt()
    {
        if (SigintIgnored())
        {
            throw new InvalidOperationException("SIGINT is ignored in this process tree (it inherits that when started in the background, e.g. with '&' " +
                "or nohup): faaswise cannot see a Ctrl-C; run the tests in the foreground, or reset SIGINT before starting them");
        }

        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    // The SigIgn mask of /proc/self/status: bit 1 is SIGINT (signal 2). A child inherits an ignored SIGINT and .NET keeps it ignored.
    private static bool SigintIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
    }

    /// <summary>SIGTERM, as Kubernetes stops a container.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>SIGKILL to faaswise alone, as the kernel's OOM killer or a power cut would leave it.</summary>
    public void KillHard() => process.Kill(entireProcessTree: false);

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || process.HasExited) throw new TimeoutException($"no '{text}' in:\n{Output}");
            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
