using System.Diagnostics;

namespace Faaswise.Testing;

/// <summary>A Debian program an integration test starts on loopback, killed with its test.</summary>
public sealed class ExternalProgram : IDisposable
{
    private readonly Process process;

    private ExternalProgram(Process process) => this.process = process;

    /// <summary>The path of a program on PATH, or a failure naming the Debian package that ./test installs.</summary>
    public static string Require(string program, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var path = Path.Combine(dir, program);
            if (File.Exists(path)) return path;
        }

        throw new InvalidOperationException($"{program} is missing: install Debian's {package} (./test does, as root)");
    }

    /// <summary>Starts a program with its output discarded.</summary>
    public static ExternalProgram Start(string path, params string[] args)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{path} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ExternalProgram(process);
    }

    /// <summary>True while it runs.</summary>
    public bool Running => !process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
    }
}
