using System.Text.Json;
using Faaswise.Load.Results;
using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

public sealed class AttackCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();


    [Theory]
    [InlineData("--url|not a url", "'not a url' is not an http:// or https:// URL")]
    [InlineData("--url|http://127.0.0.1:1/|--rate|0", "--rate must be > 0")]
    [InlineData("--url|http://127.0.0.1:1/|--rate|-5", "--rate must be > 0")]
    [InlineData("--url|http://127.0.0.1:1/|--rate|fast", "fast")]
    [InlineData("--url|http://127.0.0.1:1/|--duration|10", "'10' is not a duration")]
    [InlineData("--url|http://127.0.0.1:1/|--duration|1x", "'1x' is not a duration")]
    [InlineData("--url|http://127.0.0.1:1/|--timeout|0s", "--timeout must be > 0")]
    [InlineData("--url|http://127.0.0.1:1/|--arrival|gamma|--cv|0", "coefficient of variation > 0")]
    [InlineData("--url|http://127.0.0.1:1/|--arrival|gamma|--cv|-2", "coefficient of variation > 0")]
    [InlineData("--url|http://127.0.0.1:1/|--cv|2", "--cv applies to --arrival gamma only")]
    [InlineData("--url|http://127.0.0.1:1/|--arrival|uniform", "unknown arrival process")]
    [InlineData("--url|http://127.0.0.1:1/|--max-inflight|0", "--max-inflight must be > 0")]
    [InlineData("--url|http://127.0.0.1:1/|--header|NoColon", "is not 'Name: value'")]
    [InlineData("--rate|5", "give a target")]
    [InlineData("--url|http://127.0.0.1:1/|--log|-|--format|parquet", "--format parquet needs a --log file")]
    [InlineData("--url|http://127.0.0.1:1/|--format|parquet", "--format is the format of --log: give --log FILE")]
    [InlineData("--url|http://127.0.0.1:1/|--log|x.csv|--format|arrow", "--format must be csv or parquet (got 'arrow')")]
    [InlineData("--targets|/nonexistent/targets.txt", "cannot read targets file")]
    [InlineData("--url|https://127.0.0.1:1/|--engine|eventloop", "plain http only")]
    [InlineData("--url|http://127.0.0.1:1/|--bogus", "--bogus")]
    public async Task Attack_BadInput_ExitsTwoWithOneLineReason(string args, string reason)
    {
        var (code, stdout, stderr) = await CliRun.RunAsync(["attack", .. args.Split('|')]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_BadInput_LeavesNoLogFileBehind()
    {
        var log = Path.Combine(_dir.Path, "requests.csv");

        var (code, _, _) = await CliRun.RunAsync("attack", "--url", "https://127.0.0.1:1/", "--engine", "eventloop", "--log", log);

        Assert.Equal(2, code);
        Assert.False(System.IO.File.Exists(log));
    }

    [Fact]
    public async Task Attack_MalformedTargetsFile_ExitsTwoNamingTheLine()
    {
        var targets = _dir.Write("targets.jsonl", "{\"url\":\"http://127.0.0.1:1/\"}\n{\"url\": 5}\n");

        var (code, _, stderr) = await CliRun.RunAsync("attack", "--targets", targets);

        Assert.Equal(2, code);
        Assert.Contains("targets.jsonl:2: url must be a string", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_Json_ReportsVegetaFieldsAndWritesTheLog()
    {
        var log = Path.Combine(_dir.Path, "requests.csv");

        var (code, stdout, stderr) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "100", "--duration", "500ms", "--json", "--log", log);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(50, json.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal(1.0, json.RootElement.GetProperty("success").GetDouble());
        Assert.Equal(50, json.RootElement.GetProperty("status_codes").GetProperty("200").GetInt64());
        using var reader = new StreamReader(log);
        Assert.Equal(50, RequestLogReader.Read(reader).Count(r => r.StatusCode == 200));
    }

    [Fact]
    public async Task Attack_Thresholds_ExitThreeWhenOneFails_AndReportReadsTheSavedLogTheSameWay()
    {
        var log = Path.Combine(_dir.Path, "requests.csv");

        var (met, _, metErr) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "100", "--duration", "300ms", "--log", log, "--threshold", "success>=100%", "--threshold", "errors==0");
        var (failed, _, failedErr) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "100", "--duration", "300ms", "--threshold", "p99<1us");

        Assert.Equal(0, met);
        Assert.Contains("threshold success>=100%: ok (success 100 %)", metErr, StringComparison.Ordinal);
        Assert.Equal(3, failed);
        Assert.Contains("threshold p99<1us: FAILED (p99 ", failedErr, StringComparison.Ordinal);

        var (reported, text, _) = await CliRun.RunAsync("report", log, "--threshold", "requests==30");
        var (hist, buckets, _) = await CliRun.RunAsync("report", "--type", "hist[0,1ms,1h]", log);
        var (tooStrict, _, strictErr) = await CliRun.RunAsync("report", log, "--threshold", "rate>1000");

        Assert.Equal(0, reported);
        Assert.Contains("Requests      [total, rate, throughput]          30,", text, StringComparison.Ordinal);
        Assert.Equal(0, hist);
        Assert.Equal(30, buckets.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(l => long.Parse(l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(3, tooStrict);
        Assert.Contains("threshold rate>1000: FAILED", strictErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_ParquetLog_ReportsAndPlotsAsItsCsvDoes()
    {
        var parquet = Path.Combine(_dir.Path, "requests.parquet");
        var forced = Path.Combine(_dir.Path, "requests.log");

        var (code, _, stderr) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "100", "--duration", "300ms", "--log", parquet);
        var (forcedCode, _, _) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "100", "--duration", "200ms", "--log", forced, "--format", "parquet");
        var (reported, json, _) = await CliRun.RunAsync("report", "--type", "json", parquet, forced, "--threshold", "requests==50");
        var (plotted, _, plotErr) = await CliRun.RunAsync("plot", parquet, "--out", Path.Combine(_dir.Path, "parquet.svg"));

        Assert.True(code == 0, stderr);
        Assert.Equal(0, forcedCode);
        Assert.Equal(ParquetRequestLog.Magic.ToArray(), File.ReadAllBytes(forced)[..4]);
        Assert.Equal(30, ArrowParquet.Read(parquet).Single(c => c.Name == "StatusCode").Values.Count(v => (int)v! == 200));
        Assert.Equal(0, reported);
        Assert.Equal(50, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("requests").GetInt64());
        Assert.True(plotted == 0, plotErr);
    }

    [Fact]
    public async Task Attack_LogToStdout_WritesTheLogThereAndTheReportOnStderr()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "100", "--duration", "200ms", "--log", "-");

        Assert.Equal(0, code);
        using var reader = new StringReader(stdout);
        Assert.Equal(20, RequestLogReader.Read(reader).Count(r => r.StatusCode == 200));
        Assert.Contains("Requests      [total, rate, throughput]          20,", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_Plot_DrawsLatencyOverTime_AndPlotDrawsTheSameFromTheLog()
    {
        var log = Path.Combine(_dir.Path, "requests.csv");
        var png = Path.Combine(_dir.Path, "latency.png");
        var svg = Path.Combine(_dir.Path, "figures", "latency.svg");

        var (code, _, stderr) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "50", "--duration", "300ms", "--log", log, "--plot", png);
        var (plotted, _, plotErr) = await CliRun.RunAsync("plot", log, "--out", svg, "--title", "ok endpoint");
        var (unlogged, _, _) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--rate", "50", "--duration", "200ms", "--plot", Path.Combine(_dir.Path, "alone.png"));

        Assert.True(code == 0, stderr);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        Assert.True(plotted == 0, plotErr);
        Assert.Contains("plot: 15 requests in " + svg, plotErr, StringComparison.Ordinal);
        var text = File.ReadAllText(svg);
        Assert.Contains("<svg", text, StringComparison.Ordinal);
        Assert.Contains("ok endpoint", text, StringComparison.Ordinal);
        Assert.Equal(0, unlogged);
        Assert.True(File.Exists(Path.Combine(_dir.Path, "alone.png")));
    }

    [Theory]
    [InlineData("report --type pie LOG", "--type 'pie' is not one of text, json, hist[...], hdr")]
    [InlineData("report --type hist[5ms,1ms] LOG", "bucket edges must be given and ascending")]
    [InlineData("report nosuch.csv", "LOG nosuch.csv: no such file")]
    [InlineData("report LOG --threshold p99", "--threshold: threshold 'p99' is not METRIC OP VALUE")]
    [InlineData("plot LOG --out figure.pdf", "--out figure.pdf: the figure is a .png or a .svg file")]
    [InlineData("attack --url http://127.0.0.1:1/ --plot figure.jpg", "--plot figure.jpg: the figure is a .png or a .svg file")]
    [InlineData("attack --url http://127.0.0.1:1/ --threshold p99<200", "p99 needs a duration with a unit")]
    public async Task Report_BadInput_ExitsTwoWithOneLineReason(string args, string reason)
    {
        var log = _dir.Write("log.csv", "RequestTime,ResponseTime,URL\n1,2,http://a/\n");

        var (code, _, stderr) = await CliRun.RunAsync(args.Replace("LOG", log, StringComparison.Ordinal).Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Attack_TargetsFileWithOwnRates_EachTargetOnItsSchedule()
    {
        var body = Convert.ToBase64String("ping"u8.ToArray());
        var targets = _dir.Write("targets.jsonl",
            $"{{\"url\":\"{_server.Url("/ok")}\",\"rate\":40}}\n{{\"method\":\"POST\",\"url\":\"{_server.Url("/echo")}\",\"body\":\"{body}\",\"header\":{{\"X-Test\":[\"t\"]}}}}\n");

        var (code, stdout, _) = await CliRun.RunAsync("attack", "--targets", targets, "--rate", "20", "--duration", "500ms", "--json");

        Assert.Equal(0, code);
        var report = JsonReport.Read(stdout);
        Assert.Equal([20L, 10L], report.Targets.Select(t => t.Requests));
        Assert.Equal(10, _server.Echoes.Count(e => e == ("POST", "ping", "t")));
    }

    [Fact]
    public async Task Attack_UnreachableTarget_IsNotBadInput()
    {
        var (code, stdout, _) = await CliRun.RunAsync("attack", "--url", $"http://127.0.0.1:{ClosedPort.Find()}/", "--rate", "20", "--duration", "250ms");

        Assert.Equal(0, code);
        Assert.Contains("5 × socket: connection refused", stdout, StringComparison.Ordinal);
        Assert.Contains("Success       [ratio]                           0.00%", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_TraceArrival_RunsToTheEndOfTheTrace()
    {
        var trace = _dir.Write("offsets.txt", "0\n0.1\n0.2\n0.25\n");

        var (code, stdout, _) = await CliRun.RunAsync("attack", "--url", _server.Url("/ok").ToString(), "--arrival", "trace:" + trace, "--json");

        Assert.Equal(0, code);
        Assert.Equal(4, JsonReport.Read(stdout).Requests);
    }

    [Fact]
    public async Task Attack_OnATerminal_DrawsAProgressLineUnlessQuiet()
    {
        var url = _server.Url("/ok").ToString();

        var (_, _, progress) = await CliRun.RunAsync(interactive: true, "attack", "--url", url, "--rate", "50", "--duration", "1500ms");
        var (_, _, quiet) = await CliRun.RunAsync(interactive: true, "attack", "--url", url, "--rate", "50", "--duration", "500ms", "--quiet");

        Assert.Contains("attack GET " + url + ": constant{50 req/s} for 1.5s", progress, StringComparison.Ordinal);
        Assert.Matches(@"\r +\d+\.\ds  sent \d+  rate [\d.]+/s  done \d+  p99 [\d.]+(ns|µs|ms|s)  errors 0  dropped 0", progress);
        Assert.Equal("", quiet);
    }

    [Fact]
    public async Task Help_ListsAttack()
    {
        var (code, stdout, _) = await CliRun.RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("attack", stdout, StringComparison.Ordinal);
    }
}
