using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

public class SimulateCommandTests
{
    [Fact]
    public async Task Es1_sweep_writes_summary_logs_series_and_figures()
    {
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = await CliRun.RunAsync("simulate", "--cluster", "memory-pressure", "--policy", "pinned,faaswise",
            "--duration", "30s", "--seed", "2", "--out", dir.Path);

        Assert.True(code == 0, stderr);
        Assert.Contains("[10/10]", stderr, StringComparison.Ordinal);
        var summary = File.ReadAllLines(Path.Combine(dir.Path, "summary.csv"));
        Assert.StartsWith("policy,workload,cv,function,requests,completed,goodput_pct,slo_attainment_pct,p50_ms", summary[0], StringComparison.Ordinal);
        Assert.Equal(1 + 2 * 5 * 11, summary.Length);
        Assert.Equal(10, summary.Count(l => l.Contains(",ALL,", StringComparison.Ordinal)));
        foreach (var cv in new[] { "0.1", "1", "2", "4", "8" })
        {
            Assert.Contains($"es1-cv{cv}", stdout, StringComparison.Ordinal);
            var all = summary.Single(l => l.StartsWith($"faaswise,es1,{cv},ALL,", StringComparison.Ordinal)).Split(',');
            var requests = long.Parse(all[4], System.Globalization.CultureInfo.InvariantCulture);
            var log = File.ReadLines(Path.Combine(dir.Path, "runs", "faaswise", $"es1-cv{cv}", "requests.csv")).Count() - 1;
            Assert.Equal(requests, log);
            Assert.True(File.Exists(Path.Combine(dir.Path, "runs", "pinned", $"es1-cv{cv}", "gpus.csv")));
        }

        foreach (var png in new[] { "slo-vs-cv-es1.png", "latency-cdf-es1-cv1.png", "gpu-memory-es1-cv8.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir.Path, png));
            Assert.True(bytes.Length > 10_000, png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
        }
    }

    [Fact]
    public async Task A_cluster_file_and_a_trace_folder_can_be_given_by_path()
    {
        using var dir = new TempDirectory();
        var cluster = dir.Write("tiny.yaml", """
            name: tiny
            catalogue: qshuf-es1
            nodes:
              - name: n1
                cpu_cores: 16
                host_memory_gb: 64
                gpus: [{ memory_gb: 24, h2d_gbps: 22 }]
            """);
        var traces = Path.Combine(dir.Path, "traces");
        var (generated, _, generateError) = await CliRun.RunAsync("workload", "generate", "--kind", "poisson", "--rates", "bert=20,resnet-18=10", "--duration", "20s", "--out", traces);
        Assert.True(generated == 0, generateError);

        var (code, stdout, stderr) = await CliRun.RunAsync("simulate", "--cluster", cluster, "--workload", traces, "--policy", "lru-swap", "--out", Path.Combine(dir.Path, "out"), "--no-request-log");

        Assert.True(code == 0, stderr);
        Assert.Contains("lru-swap", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "runs", "lru-swap", "poisson-cv1", "requests.csv")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "runs", "lru-swap", "poisson-cv1", "functions.csv")));
    }

    [Fact]
    public async Task Json_prints_every_summary_row()
    {
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = await CliRun.RunAsync("simulate", "--workload", "es1:2", "--duration", "20s", "--policy", "qshuf", "--out", dir.Path, "--json", "--no-request-log");

        Assert.True(code == 0, stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var rows = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal(11, rows.Length);
        Assert.Equal("ALL", rows[^1].GetProperty("function").GetString());
        Assert.Equal("qshuf", rows[^1].GetProperty("policy").GetString());
        Assert.True(rows[^1].GetProperty("slo_attainment_pct").GetDouble() is >= 0 and <= 100);
        Assert.Equal(rows.Take(10).Sum(r => r.GetProperty("requests").GetInt64()), rows[^1].GetProperty("requests").GetInt64());
    }

    [Theory]
    [InlineData("--policy fifo", "--policy 'fifo' is not one of")]
    [InlineData("--cluster nowhere", "--cluster 'nowhere' is neither a file nor a shipped cluster")]
    [InlineData("--workload es1:0", "is not a positive number")]
    [InlineData("--workload poisson:llama3=2", "function 'llama3' is not in the cluster file")]
    [InlineData("--workload zipf", "--workload 'zipf' is not es1")]
    [InlineData("--duration soon", "--duration 'soon' is not a positive duration")]
    public async Task Bad_input_exits_2(string args, string reason)
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await CliRun.RunAsync(["simulate", "--out", dir.Path, .. args.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_cluster_file_names_its_field()
    {
        using var dir = new TempDirectory();
        var cluster = dir.Write("bad.yaml", "catalogue: qshuf-es1\nnodes: [{ name: a, cpu_cores: 4, host_memory_gb: 8, gpus: [{ memory_gb: 16 }] }]\n");

        var (code, _, stderr) = await CliRun.RunAsync("simulate", "--cluster", cluster, "--out", dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("h2d_gbps is missing", stderr, StringComparison.Ordinal);
    }
}
