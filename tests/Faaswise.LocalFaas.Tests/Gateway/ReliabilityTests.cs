using System.Diagnostics;
using System.Text;

namespace Faaswise.LocalFaas.Tests.Gateway;

[Collection(GatewayProcesses.Name)]
public class ReliabilityTests
{
    [Fact]
    public async Task CrashedReplica_InflightGets502_ThenRestarts()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("hold", "faaswise/eat-memory");
        var (id, pid) = gw.Replicas("hold").Single();

        var inflight = gw.Client.InvokeAsync("hold", Encoding.UTF8.GetBytes("x"));
        var set = gw.Host.Registry.Find("hold")!;
        var waited = Stopwatch.StartNew();
        while (set.Load == 0 && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        Assert.Equal(1, set.Load);   // the request is at the replica, which holds it for 1 s
        Process.GetProcessById(pid).Kill();
        Assert.Equal(502, (await inflight).StatusCode);

        // The 502 can arrive before the gateway has seen the exit: wait for the replacement itself.
        waited.Restart();
        while (!(gw.Replicas("hold") is [var only] && only.Pid != pid && set.ReadyCount == 1) && waited.Elapsed < TestGateway.Ready) await Task.Delay(20);
        var (newId, newPid) = gw.Replicas("hold").Single();
        Assert.NotEqual((id, pid), (newId, newPid));
        Assert.Equal(200, (await gw.Client.InvokeAsync("hold", Encoding.UTF8.GetBytes("x"))).StatusCode);
    }

    [Fact]
    public async Task FullQueue_Is429_QueuedRequestsStillComplete()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("hold", "faaswise/eat-memory", env: new() { ["max_inflight"] = "1", ["max_queue"] = "1" });

        // One runs (1 s), one waits, the other three find the queue full.
        var calls = Enumerable.Range(0, 5).Select(_ => gw.Client.InvokeAsync("hold", Encoding.UTF8.GetBytes("x"))).ToArray();
        var statuses = (await Task.WhenAll(calls)).Select(r => r.StatusCode).Order().ToArray();
        Assert.Equal([200, 200, 429, 429, 429], statuses);
    }

    [Fact]
    public async Task SlowFunction_PastExecTimeout_Is504()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("hold", "faaswise/eat-memory", env: new() { ["exec_timeout"] = "300ms" });
        // eat-memory always holds a request for 1 s, so only the 300 ms timeout can answer 504.
        var result = await gw.Client.InvokeAsync("hold", Encoding.UTF8.GetBytes("x"));
        Assert.Equal(504, result.StatusCode);
    }

    [Fact]
    public async Task ReplicaThatCannotStart_IsRetriedWithBackoff_GatewayStaysUp()
    {
        await using var gw = await TestGateway.StartAsync(o => o with { RestartBackoff = TimeSpan.FromMilliseconds(100) });
        await gw.Client.DeployAsync(new() { Service = "broken", Image = "x", EnvVars = new Dictionary<string, string> { ["fprocess"] = "/no/such/binary", ["mode"] = "http", ["exec_timeout"] = "1s" } });
        var result = await gw.Client.InvokeAsync("broken", Array.Empty<byte>());
        Assert.Equal(504, result.StatusCode);
        Assert.True(await gw.Client.IsHealthyAsync());
        var status = await gw.Client.GetFunctionAsync("broken");
        Assert.Equal((1UL, 0UL), (status!.Replicas, status.AvailableReplicas));
    }
}
