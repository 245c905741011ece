using System.Diagnostics;

namespace Faaswise.LocalFaas.Tests.Gateway;

[Collection(GatewayProcesses.Name)]
public class AutoscaleTests
{
    [Fact]
    public async Task RpsLoad_ScalesUpToMax_ThenBackToMinWhenIdle()
    {
        await using var gw = await TestGateway.StartAsync(o => o with
        {
            Autoscaling = true,
            ScaleInterval = TimeSpan.FromMilliseconds(250),
            LoadWindow = TimeSpan.FromSeconds(1),
            ScaleDownWindow = TimeSpan.FromSeconds(1),
        });
        await gw.DeployAsync("echo", "faaswise/echo", labels: new()
        {
            ["com.openfaas.scale.min"] = "1", ["com.openfaas.scale.max"] = "3", ["com.openfaas.scale.target"] = "5", ["com.openfaas.scale.type"] = "rps",
        });

        // About 50 requests/s against a target of 5 × 0.9 per replica: ceil(50 / 4.5) = 12, capped at 3.
        using var load = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                await gw.Client.InvokeAsync("echo", new byte[] { 1 });
                await Task.Delay(20);
            }
        });
        var reached = await WaitForAsync(() => gw.Client.GetFunctionAsync("echo"), s => s!.AvailableReplicas == 3, TimeSpan.FromSeconds(60));
        await load.CancelAsync();
        await sender;
        Assert.True(reached, "did not reach 3 ready replicas under load");

        var back = await WaitForAsync(() => gw.Client.GetFunctionAsync("echo"), s => s!.Replicas == 1, TimeSpan.FromSeconds(30));
        Assert.True(back, "did not return to 1 replica when idle");
        Assert.True(await WaitForAsync(() => Task.FromResult(gw.Replicas("echo").Count), n => n == 1, TimeSpan.FromSeconds(15)));
    }

    private static async Task<bool> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (done(await read())) return true;
            await Task.Delay(100);
        }

        return false;
    }
}
