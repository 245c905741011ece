using Faaswise.LocalFaas.Functions;
using Faaswise.LocalFaas.Watchdog;
using Faaswise.OpenFaas.Api;

namespace Faaswise.LocalFaas.Tests.Watchdog;

public class WatchdogPartsTests
{
    private static readonly GatewayOptions Options = new() { WatchdogCommand = ["faaswise"] };

    [Theory]
    [InlineData("sha512sum", new[] { "sha512sum" })]
    [InlineData("  python3  -c 'print(1 + 1)' ", new[] { "python3", "-c", "print(1 + 1)" })]
    [InlineData("a \"b c\"d ''", new[] { "a", "b cd", "" })]
    public void Split_Words_AsTheWatchdogSplitsThem(string command, string[] expected) =>
        Assert.Equal(expected, CommandLineSplitter.Split(command));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a 'b")]
    public void Split_Bad_Throws(string command) => Assert.Throws<FormatException>(() => CommandLineSplitter.Split(command));

    [Theory]
    [InlineData("faaswise-watchdog ready port=4711", true, 4711)]
    [InlineData("faaswise-watchdog ready port=0", false, 0)]
    [InlineData("faaswise-watchdog ready port=70000", false, 0)]
    [InlineData("something else", false, 0)]
    public void TryParseReady_Line(string line, bool ok, int port)
    {
        Assert.Equal(ok, ReplicaProtocol.TryParseReady(line, out var p));
        if (ok) Assert.Equal(port, p);
        Assert.True(ReplicaProtocol.TryParseReady(ReplicaProtocol.ReadyLine(8080), out var back) && back == 8080);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("45", 45_000)]
    public void GoDuration_Parses(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10 s")]
    [InlineData("5d")]
    [InlineData("-1")]
    public void GoDuration_Rejects(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void Definition_BuiltinImage_RunsBuiltinInProcess()
    {
        var d = FunctionDefinition.From(new FunctionDeployment { Service = "banner", Image = "ghcr.io/openfaas/figlet:latest" }, Options);
        Assert.Equal((WatchdogMode.Builtin, "figlet", (string?)null), (d.Mode, d.Builtin, d.FProcess));
        Assert.Equal((Options.DefaultTimeout, Options.DefaultMaxInflight, Options.DefaultMaxQueue), (d.Timeout, d.MaxInflight, d.MaxQueue));
    }

    [Fact]
    public void Definition_ModelImage_RunsTheInferenceRuntimeInHttpModeWithTheFunctionsTimeout()
    {
        var d = FunctionDefinition.From(new FunctionDeployment
        {
            Service = "classify", Image = "faaswise/resnet18:latest", EnvVars = new Dictionary<string, string> { ["exec_timeout"] = "7s" },
        }, Options);

        Assert.Equal((WatchdogMode.Http, (string?)null), (d.Mode, d.Builtin));
        Assert.EndsWith("runtime serve --model resnet18 --control-port 0 --timeout 7000ms", d.FProcess, StringComparison.Ordinal);
        Assert.StartsWith(string.Join(' ', Options.WatchdogCommand), d.FProcess, StringComparison.Ordinal);
    }

    [Fact]
    public void Definition_FProcess_ForksUnlessModeHttp()
    {
        var fork = FunctionDefinition.From(new FunctionDeployment { Service = "hash", Image = "alpine", EnvProcess = "sha512sum" }, Options);
        Assert.Equal(WatchdogMode.Fork, fork.Mode);
        var http = FunctionDefinition.From(new FunctionDeployment
        {
            Service = "web", Image = "x", EnvVars = new Dictionary<string, string>
            {
                ["fprocess"] = "python3 -m http.server", ["mode"] = "http", ["exec_timeout"] = "2s", ["max_inflight"] = "3", ["max_queue"] = "0",
            },
        }, Options);
        Assert.Equal((WatchdogMode.Http, "python3 -m http.server", TimeSpan.FromSeconds(2), 3, 0), (http.Mode, http.FProcess, http.Timeout, http.MaxInflight, http.MaxQueue));
    }

    [Theory]
    [InlineData("Bad_Name", "faaswise/echo", null, "DNS-1123")]
    [InlineData("ok", "nginx:latest", null, "not a built-in")]
    [InlineData("ok", "faaswise/echo", "mode=streaming", "mode 'streaming'")]
    [InlineData("ok", "faaswise/echo", "exec_timeout=soon", "exec_timeout")]
    [InlineData("ok", "faaswise/echo", "max_inflight=0", "max_inflight")]
    public void Definition_Bad_SaysWhy(string name, string image, string? env, string expected)
    {
        var vars = env is null ? null : new Dictionary<string, string> { [env.Split('=')[0]] = env.Split('=')[1] };
        var e = Assert.Throws<FormatException>(() => FunctionDefinition.From(new FunctionDeployment { Service = name, Image = image, EnvVars = vars }, Options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
