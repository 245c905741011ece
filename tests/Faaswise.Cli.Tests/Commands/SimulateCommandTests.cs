using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

public class SimulateCommandTests
{
    [Fact]
    public async Task Es1_sweep_writes_summary_logs_series_and_figures()
    {
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = await CliRun.RunAsync("simulate", "--cluster", "memory-pressure", "--policy", "pinned,faaswise",
            "--admission", "slo", "--duration", "30s", "--seed", "2", "--out", dir.Path);

        Assert.True(code == 0, stderr);
        Assert.Contains("[10/10]", stderr, StringComparison.Ordinal);
        var summary = File.ReadAllLines(Path.Combine(dir.Path, "summary.csv"));
        Assert.StartsWith("policy,admission,workload,cv,seed,function,requests,completed,goodput_pct,slo_attainment_pct,slo_goodput_rps,p50_ms", summary[0], StringComparison.Ordinal);
        Assert.Equal(1 + 2 * 5 * 11, summary.Length);
        Assert.Equal(10, summary.Count(l => l.Contains(",ALL,", StringComparison.Ordinal)));
        foreach (var cv in new[] { "0.1", "1", "2", "4", "8" })
        {
            Assert.Contains($"es1-cv{cv}-seed2", stderr, StringComparison.Ordinal);
            var all = summary.Single(l => l.StartsWith($"faaswise,slo,es1,{cv},2,ALL,", StringComparison.Ordinal)).Split(',');
            var requests = long.Parse(all[6], System.Globalization.CultureInfo.InvariantCulture);
            var folder = Path.Combine(dir.Path, "runs", "faaswise+slo", $"es1-cv{cv}-seed2");
            Assert.Equal(requests, File.ReadLines(Path.Combine(folder, "requests.csv")).Count() - 1);
            var refusals = File.ReadLines(Path.Combine(folder, "decisions.csv")).Count(l => l.Contains(",route,refuse,", StringComparison.Ordinal));
            Assert.Equal(long.Parse(all[20], System.Globalization.CultureInfo.InvariantCulture), refusals);
            Assert.True(File.Exists(Path.Combine(dir.Path, "runs", "pinned+slo", $"es1-cv{cv}-seed2", "gpus.csv")));
        }

        foreach (var png in new[] { "slo-vs-cv-es1.png", "goodput-vs-cv-es1.png", "latency-cdf-es1-cv1-seed2.png", "gpu-memory-es1-cv8-seed2.png" })
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

        var (code, stdout, stderr) = await CliRun.RunAsync("simulate", "--cluster", cluster, "--workload", traces, "--policy", "lru-swap", "--admission", "none", "--out", Path.Combine(dir.Path, "out"), "--no-request-log");

        Assert.True(code == 0, stderr);
        Assert.Contains("lru-swap", stdout, StringComparison.Ordinal);
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "out", "runs", "lru-swap")));
        Assert.StartsWith("poisson-cv1-seed", Path.GetFileName(run), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "requests.csv")));
        Assert.True(File.Exists(Path.Combine(run, "functions.csv")));
    }

    [Fact]
    public async Task Json_prints_every_summary_row()
    {
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = await CliRun.RunAsync("simulate", "--workload", "es1:2", "--duration", "20s", "--policy", "qshuf", "--admission", "none", "--out", dir.Path, "--json", "--no-request-log");

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
    [InlineData("--duration soon", "--duration 'soon' is not a duration: write a number with a unit")]
    [InlineData("--admission maybe", "--admission 'maybe' is not one of none, slo")]
    [InlineData("--service gamma", "--service 'gamma' is not deterministic, exponential or lognormal:cv=X")]
    [InlineData("--seeds 5-x", "--seeds '5-x' is not a range such as 101-105")]
    [InlineData("--target-utilisation qshuf=0.5", "'qshuf=0.5' is not POLICY=X with POLICY one of pinned, faaswise")]
    [InlineData("--target-utilisation 2", "'2' is not a number in (0, 1]")]
    [InlineData("--load-failure 1.5", "--load-failure 1.5 is not a probability between 0 and 1")]
    [InlineData("--crashes-per-hour -1", "--crashes-per-hour -1 is not a rate >= 0")]
    public async Task Bad_input_exits_2(string args, string reason)
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await CliRun.RunAsync(["simulate", "--out", dir.Path, .. args.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seeds_add_mean_rows_with_intervals_and_exponential_service_matches_mm1()
    {
        using var dir = new TempDirectory();
        var cluster = dir.Write("one.yaml", """
            name: one
            catalogue: qshuf-es1
            nodes:
              - { name: n1, cpu_cores: 16, host_memory_gb: 64, gpus: [{ memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }] }
            models:
              - { name: m, size_gb: 1, latency_ms: { cuda: 10, cpu: 100 }, gpu_share: 1 }
            functions:
              - { name: f, model: m, slo_ms: 1000, timeout_s: 1000, cpu: 1, min_replicas: 1, max_replicas: 1 }
            runtime: { timeout_factor: 0 }
            """);

        // M/M/1 at utilisation 0.8: mean wait rho S / (1 - rho) = 40 ms
        var (code, _, stderr) = await CliRun.RunAsync("simulate", "--cluster", cluster, "--workload", "poisson:f=80", "--duration", "2500s",
            "--service", "exponential", "--policy", "pinned", "--admission", "none", "--seeds", "1-3", "--out", dir.Path);

        Assert.True(code == 0, stderr);
        var summary = File.ReadAllLines(Path.Combine(dir.Path, "summary.csv")).Select(l => l.Split(',')).ToArray();
        Assert.Equal(3, summary.Count(c => c[5] == "ALL" && c[4] != "mean"));
        var mean = summary.Single(c => c[5] == "ALL" && c[4] == "mean");
        Assert.True(double.Parse(mean[32], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        var waits = new List<double>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var log = Path.Combine(dir.Path, "runs", "pinned", $"poisson-cv1-seed{seed}", "requests.csv");
            waits.AddRange(File.ReadLines(log).Skip(1).Select(l => double.Parse(l.Split(',')[9], System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.InRange(waits.Average(), 0.040 * 0.95, 0.040 * 1.05);
    }

    [Fact]
    public async Task Injected_crashes_end_requests_with_502_and_the_policy_replaces_the_replicas()
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await CliRun.RunAsync("simulate", "--cluster", "memory-pressure", "--workload", "es1:1", "--duration", "60s",
            "--policy", "pinned", "--admission", "none", "--crashes-per-hour", "120", "--load-failure", "0.5", "--out", dir.Path);

        Assert.True(code == 0, stderr);
        var all = File.ReadLines(Path.Combine(dir.Path, "summary.csv")).Select(l => l.Split(',')).Single(c => c[5] == "ALL");
        Assert.True(long.Parse(all[21], System.Globalization.CultureInfo.InvariantCulture) > 0, "no request ended with 502");
        var decisions = File.ReadAllLines(Path.Combine(dir.Path, "runs", "pinned", "es1-cv1-seed1", "decisions.csv"));
        Assert.Contains(decisions, l => l.Contains(",control,stop,", StringComparison.Ordinal) && l.Contains("failed (process crashed)", StringComparison.Ordinal));
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
