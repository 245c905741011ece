using System.Diagnostics;
using System.Globalization;

namespace Faaswise.Runtime.Tests;

/// <summary><c>--exit-with</c>: a runtime whose launcher is killed with SIGKILL (which cannot stop its children) ends by itself.</summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task A_runtime_whose_launcher_is_killed_hard_stops_and_one_named_with_a_stranger_is_refused()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "faaswise.dll");
        using var temp = new Faaswise.Testing.TempDirectory();
        var log = Path.Combine(temp.Path, "runtime.log");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-c", "\"$0\" \"$1\" runtime serve --model \"$2\" --port 0 --control-port 0 --exit-with $$ >\"$3\" 2>&1 & echo $!; wait", dotnet, dll, TestModels.Small, log])
        {
            info.ArgumentList.Add(a);
        }

        using var launcher = Process.Start(info)!;
        var runtimePid = int.Parse((await launcher.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
        try
        {
            // Serving first, so the kill lands on a runtime that is up, not one still starting.
            await WaitAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("faaswise runtime: serving ", StringComparison.Ordinal), "the runtime serving");
            launcher.Kill(entireProcessTree: false);
            await launcher.WaitForExitAsync();
            await WaitAsync(() => !File.Exists($"/proc/{runtimePid}/cmdline") || !File.ReadAllText($"/proc/{runtimePid}/cmdline").Contains("runtime\0serve", StringComparison.Ordinal),
                "the orphaned runtime exited");
        }
        finally
        {
            try
            {
                using var left = Process.GetProcessById(runtimePid);
                left.Kill();
            }
            catch (ArgumentException)
            {
            }
        }

        await using var refused = RuntimeProcess.Launch("runtime", "serve", "--model", TestModels.Small, "--exit-with", "1");
        Assert.Equal(2, await refused.WaitForExitAsync(RuntimeProcess.StartTimeout));
        Assert.Contains("--exit-with 1: no such process is this process's parent", refused.Output, StringComparison.Ordinal);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > RuntimeProcess.StartTimeout) throw new TimeoutException($"{what}: not within {RuntimeProcess.StartTimeout.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }
}
