using System.Text;

namespace Faaswise.LocalFaas.Tests.Gateway;

[Collection(GatewayProcesses.Name)]
public class ExecutionModeTests
{
    [Fact]
    public async Task ForkMode_RunsFprocessPerRequest_BodyOnStdin()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("hash", "alpine", env: new() { ["fprocess"] = "sha512sum" });
        var result = await gw.Client.InvokeAsync("hash", Encoding.UTF8.GetBytes("hi"));
        Assert.Equal(200, result.StatusCode);
        Assert.StartsWith("150a14ed5bea6cc7", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForkMode_NonZeroExit_Is500WithStderr()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("fails", "alpine", env: new() { ["fprocess"] = "ls /no/such/path" });
        var result = await gw.Client.InvokeAsync("fails", Array.Empty<byte>());
        Assert.Equal(500, result.StatusCode);
        Assert.Contains("/no/such/path", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForkMode_Builtin_RunsOneProcessPerRequest()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("primes", "faaswise/primes", env: new() { ["mode"] = "fork" });
        var result = await gw.Client.InvokeAsync("primes", Encoding.UTF8.GetBytes("100"));
        Assert.Equal((200, "25 primes below 100\n"), (result.StatusCode, result.Text));
    }

    [Fact]
    public async Task HttpMode_ProxiesToUpstreamOnItsPort()
    {
        await using var gw = await TestGateway.StartAsync();
        var serve = string.Join(' ', TestGateway.FaaswiseCommand.Append("functions").Append("serve").Append("echo"));
        await gw.DeployAsync("web", "my/web", env: new() { ["fprocess"] = serve, ["mode"] = "http" });
        var result = await gw.Client.InvokeAsync("web", Encoding.UTF8.GetBytes("through http mode"));
        Assert.Equal((200, "through http mode"), (result.StatusCode, result.Text));
    }
}
