using System.Diagnostics;

namespace Faaswise.LocalFaas.Tests.Gateway;

[Collection(GatewayProcesses.Name)]
public class ShutdownTests
{
    private const int Sigterm = 15;

    [Fact]
    public async Task Dispose_StopsEveryReplicaProcess()
    {
        var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("echo", "faaswise/echo");
        await gw.DeployAsync("web", "x", env: new()
        {
            ["fprocess"] = string.Join(' ', TestGateway.FaaswiseCommand.Append("functions").Append("serve").Append("echo")), ["mode"] = "http",
        });
        var pids = ProcessProbe.Descendants(Environment.ProcessId);
        Assert.True(pids.Count >= 3, $"expected echo, web's watchdog and its upstream; saw {pids.Count}");

        await gw.DisposeAsync();
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(pids, TimeSpan.FromSeconds(5)), "replica processes outlived the gateway");
    }

    [Fact]
    public async Task GatewayCommand_Sigterm_LeavesNoProcessBehind()
    {
        using var dir = new Faaswise.Testing.TempDirectory();
        var passwordFile = Path.Combine(dir.Path, "password");
        await File.WriteAllTextAsync(passwordFile, "secret\n");
        using var gateway = await StartGatewayAsync("--builtins", "--password-file", passwordFile);
        var stderr = gateway.StandardError.ReadToEndAsync();
        try
        {
            var before = ProcessProbe.Descendants(gateway.Id);
            Assert.True(before.Count >= 7, $"expected a replica per built-in; saw {before.Count}");
            Assert.Equal(0, Kill(gateway.Id, Sigterm));

            await gateway.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.Equal(0, gateway.ExitCode);
            Assert.True(await ProcessProbe.WaitUntilGoneAsync(before, TimeSpan.FromSeconds(5)), "replica processes outlived the gateway");
            Assert.Contains("gateway: stopped", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!gateway.HasExited) gateway.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task GatewayKilled_ReplicasNoticeAndExit()
    {
        using var dir = new Faaswise.Testing.TempDirectory();
        var passwordFile = dir.Write("password", "secret\n");
        var serve = string.Join(' ', TestGateway.FaaswiseCommand.Append("functions").Append("serve").Append("echo"));
        var stack = dir.Write("stack.yml", $"provider:\n  name: openfaas\nfunctions:\n  echo:\n    image: faaswise/echo\n" +
            $"  web:\n    image: x\n    environment:\n      mode: http\n      fprocess: \"{serve}\"\n");
        using var gateway = await StartGatewayAsync("--stack", stack, "--password-file", passwordFile);
        _ = gateway.StandardError.ReadToEndAsync();
        try
        {
            var before = ProcessProbe.Descendants(gateway.Id);
            Assert.True(before.Count >= 3, $"expected echo, web's watchdog and its upstream; saw {before.Count}");

            gateway.Kill();   // SIGKILL: no shutdown code runs; the replicas see their stdin close
            Assert.True(await ProcessProbe.WaitUntilGoneAsync(before, TimeSpan.FromSeconds(10)), "replica processes outlived a killed gateway");
        }
        finally
        {
            if (!gateway.HasExited) gateway.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Starts <c>faaswise gateway --port 0</c> with <paramref name="args"/> and waits for its ready line.</summary>
    private static async Task<Process> StartGatewayAsync(params string[] args)
    {
        var command = TestGateway.FaaswiseCommand;
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1).Concat(["gateway", "--port", "0"]).Concat(args)) start.ArgumentList.Add(a);
        var gateway = Process.Start(start)!;
        string? line;
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        do line = await gateway.StandardOutput.ReadLineAsync(ready.Token);
        while (line is not null && !line.StartsWith("gateway: ready:", StringComparison.Ordinal));
        if (line is null)
        {
            gateway.Kill(entireProcessTree: true);
            Assert.Fail("the gateway ended before it was ready: " + await gateway.StandardError.ReadToEndAsync());
        }

        return gateway;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
