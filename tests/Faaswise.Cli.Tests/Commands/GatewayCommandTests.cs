using System.Text.Json;
using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

public class GatewayCommandTests
{
    [Fact]
    public async Task Gateway_MalformedStack_Exits2NamingFileLineAndField()
    {
        using var dir = new TempDirectory();
        var stack = dir.Write("stack.yml", "provider:\n  name: openfaas\nfunctions:\n  echo:\n    image: faaswise/echo\n    labels: [not, a, map]\n");
        var (code, _, error) = await CliRun.RunAsync("gateway", "--stack", stack, "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains($"{stack}:6", error, StringComparison.Ordinal);
        Assert.Contains("labels", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Gateway_StackFunctionItCannotRun_Exits2BeforeListening()
    {
        using var dir = new TempDirectory();
        var stack = dir.Write("stack.yml", "provider:\n  name: openfaas\nfunctions:\n  web:\n    image: nginx:latest\n");
        var (code, output, error) = await CliRun.RunAsync("gateway", "--stack", stack, "--port", "0");
        Assert.Equal(2, code);
        Assert.Contains("not a built-in", error, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_FirstStart_WritesThePasswordToA0600File_AndNeverPrintsIt()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "faaswise", "gateway-password");
        using (var gateway = FaaswiseProcess.StartWith(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = dir.Path, ["OPENFAAS_PASSWORD"] = "" }, "gateway", "--port", "0"))
        {
            await gateway.WaitForOutputAsync("gateway: listening", TimeSpan.FromSeconds(90));
            var password = File.ReadAllText(file).Trim();

            Assert.Contains($"created an admin password in {file} (mode 0600)", gateway.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(password, gateway.Output, StringComparison.Ordinal);
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
            gateway.Terminate();
            await gateway.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Gateway_StackWithLimitsAndSecrets_WarnsTheyAreNotEnforced()
    {
        using var dir = new TempDirectory();
        var stack = dir.Write("stack.yml", "provider:\n  name: openfaas\nfunctions:\n  echo:\n    image: faaswise/echo\n    limits:\n      memory: 40Mi\n    secrets:\n      - api-key\n");
        var password = dir.Write("password", "x\n");
        using var gateway = FaaswiseProcess.Start("gateway", "--stack", stack, "--port", "0", "--password-file", password);

        await gateway.WaitForOutputAsync("gateway: listening", TimeSpan.FromSeconds(90));
        gateway.Terminate();
        await gateway.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains($"gateway: warning: {stack}: functions.echo: limits, secrets stored (shown by /system/functions) but not enforced on local processes", gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "70000", "--port")]
    [InlineData("--timeout", "soon", "--timeout")]
    [InlineData("--timeout", "10", "--timeout '10' is not a duration: write a number with a unit")]
    [InlineData("--max-inflight", "0", "--max-inflight")]
    public async Task Gateway_BadOption_Exits2(string option, string value, string named)
    {
        var (code, _, error) = await CliRun.RunAsync("gateway", option, value);
        Assert.Equal(2, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionsList_ShowsEveryBuiltin()
    {
        var (code, output, _) = await CliRun.RunAsync("functions", "list");
        Assert.Equal(0, code);
        foreach (var name in (string[])["figlet", "shasum", "env", "eat-memory", "primes", "curl", "echo", "resnet18"]) Assert.Contains(name, output, StringComparison.Ordinal);

        var (jsonCode, json, _) = await CliRun.RunAsync("functions", "list", "--json");
        Assert.Equal(0, jsonCode);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(8, doc.RootElement.GetArrayLength());
        Assert.Equal("faaswise/figlet", doc.RootElement[0].GetProperty("image").GetString());
        Assert.Equal(("faaswise/resnet18", "model"), (doc.RootElement[7].GetProperty("image").GetString(), doc.RootElement[7].GetProperty("profile").GetString()));
    }

    [Fact]
    public async Task Help_HidesTheWatchdog_ListsGateway()
    {
        var (_, output, _) = await CliRun.RunAsync("--help");
        Assert.Contains("gateway", output, StringComparison.Ordinal);
        Assert.DoesNotContain("watchdog", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionsServe_UnknownName_Exits2()
    {
        var (code, _, error) = await CliRun.RunAsync("functions", "serve", "nmap");
        Assert.Equal(2, code);
        Assert.Contains("no built-in function 'nmap'", error, StringComparison.Ordinal);
    }
}
