using Microsoft.AspNetCore.Builder;
using System.Text;
using Faaswise.LocalFaas.Builtins;

namespace Faaswise.LocalFaas.Tests.Builtins;

public class BuiltinFunctionTests
{
    private static async Task<(int Status, string Body)> InvokeAsync(string name, string body)
    {
        var response = await BuiltinFunctions.Create(name)!.InvokeAsync(FunctionRequest.FromBody(Encoding.UTF8.GetBytes(body)), CancellationToken.None);
        return (response.StatusCode, Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void All_ListsTheSevenBuiltinsOfTheIssue()
    {
        Assert.Equal(["figlet", "shasum", "env", "eat-memory", "primes", "curl", "echo"], BuiltinFunctions.Names);
        Assert.All(BuiltinFunctions.All, f => Assert.Contains(f.Profile, (string[])["light", "cpu", "memory", "network"]));
    }

    [Fact]
    public async Task Shasum_Body_PrintsSha512AsSha512sumDoes()
    {
        // printf hi | sha512sum
        var (status, body) = await InvokeAsync("shasum", "hi");
        Assert.Equal(200, status);
        Assert.Equal("150a14ed5bea6cc731cf86c41566ac427a8db48ef1b9fd626664b3bfbb99071fa4c922f33dde38719b8c8354e2b7ab9d77e0e67fc12843920a712e73d558e197  -\n", body);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 1)]
    [InlineData(100, 25)]
    [InlineData(200_000, 17_984)]
    public void CountBelow_Bound_IsPrimeCountingFunction(int bound, int expected) =>
        Assert.Equal(expected, PrimesFunction.CountBelow(bound));

    [Fact]
    public async Task Primes_EmptyBody_UsesDefaultBound()
    {
        var (status, body) = await InvokeAsync("primes", "");
        Assert.Equal((200, "17984 primes below 200000\n"), (status, body));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("100000001")]
    public async Task Primes_BadBound_Is400(string text) => Assert.Equal(400, (await InvokeAsync("primes", text)).Status);

    [Fact]
    public async Task EatMemory_HoldsOneSecond_ThenEchoes()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await InvokeAsync("eat-memory", "payload");
        Assert.Equal((200, "payload"), (status, body));
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.95), $"returned after {started.Elapsed}");
    }

    [Fact]
    public async Task Env_ShowsRequestAsClassicWatchdogVariables()
    {
        var request = new FunctionRequest("PUT", "/a/b", "x=1", new Dictionary<string, string> { ["X-Test"] = "yes" }, Array.Empty<byte>());
        var response = await BuiltinFunctions.Create("env")!.InvokeAsync(request, CancellationToken.None);
        var text = Encoding.UTF8.GetString(response.Body.Span);
        Assert.Contains("Http_Method=PUT\n", text);
        Assert.Contains("Http_Path=/a/b\n", text);
        Assert.Contains("Http_Query=x=1\n", text);
        Assert.Contains("Http_X_Test=yes\n", text);
        Assert.Contains("PATH=", text);
    }

    [Theory]
    [InlineData("http://example.com/", 403)]
    [InlineData("ftp://127.0.0.1/", 400)]
    [InlineData("not a url", 400)]
    public async Task Curl_RemoteOrBadUrl_IsRefused(string url, int status) => Assert.Equal(status, (await InvokeAsync("curl", url)).Status);

    [Fact]
    public async Task Curl_LoopbackUrl_ReturnsItsBody()
    {
        var (app, url) = await Faaswise.Testing.LoopbackHost.StartAsync(a => a.MapGet("/page", () => "fetched"));
        await using (app)
        {
            Assert.Equal((200, "fetched"), await InvokeAsync("curl", new Uri(url, "/page").ToString()));
        }
    }

    [Theory]
    [InlineData("faaswise/figlet", "figlet")]
    [InlineData("ghcr.io/openfaas/figlet:latest", "figlet")]
    [InlineData("cavecal/eat-memory:latest", "eat-memory")]
    [InlineData("localhost:5000/echo@sha256:abc", "echo")]
    [InlineData("functions/nmap:latest", null)]
    [InlineData("figlet-extra", null)]
    public void ForImage_NamesTheBuiltin(string image, string? expected) => Assert.Equal(expected, BuiltinFunctions.ForImage(image));
}
