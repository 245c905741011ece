using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Profiling;
using Faaswise.Sampling.Output;
using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

[Collection(SamplingProcesses.Name)]
public class SampleCommandTests
{
    private static readonly TimeSpan Finish = TimeSpan.FromMinutes(3);

    // The skip rule is off: on a busy machine the node is truly overloaded and the sound rule would skip most of the
    // grid, which is right for a user but would leave these tests little to check. Their claim is crash safety.
    private static string[] Small(string dir) =>
        ["sample", "--functions", "figlet,env", "--out", dir, "--max-rate", "10", "--rate-step", "10", "--iterations", "2", "--duration", "2s", "--warmup", "0s", "--no-rest", "--skip-rule", "none"];

    private static readonly string[] Grid = ["env=0,figlet=0", "env=0,figlet=10", "env=10,figlet=0", "env=10,figlet=10"];

    /// <summary>
    /// Nothing lost, nothing repeated, relative to what the sampler decided: each configuration of the grid ran
    /// every iteration once, or was skipped or predicted as a whole, or stopped at an iteration recorded as failed;
    /// every finished iteration has exactly one row in the dataset, and every row an entry in the index.
    /// </summary>
    private static void AssertNothingLostOrRepeated(string dir, int iterations = 2)
    {
        var index = RunIndex.Open(dir).Entries;
        var ok = index.Where(e => e.Status == RunStatus.Ok).ToList();
        Assert.Equal(ok.Count, ok.Select(e => (e.Key, e.Iteration)).Distinct().Count());
        Assert.All(index, e => Assert.Contains(e.Key, Grid));
        foreach (var key in Grid)
        {
            var settled = index.Count(e => e.Key == key && e.Status.Settles());
            var done = ok.Where(e => e.Key == key).Select(e => e.Iteration).Order().ToList();
            var failedNext = index.Any(e => e.Key == key && e.Status == RunStatus.Failed && e.Iteration == done.Count + 1);
            var accounted = settled == 1 ? done.Count == 0 : settled == 0 && done.SequenceEqual(Enumerable.Range(1, done.Count)) && (done.Count == iterations || failedNext);
            Assert.True(accounted, $"{key}: {settled} skipped or predicted, iterations {string.Join(" ", done)} ok; index:\n{File.ReadAllText(Path.Combine(dir, "index.csv"))}");
        }

        var data = DatasetLoader.Load(dir);
        Assert.Empty(data.Issues);
        Assert.Equal(ok.Select(e => e.Key).Order(StringComparer.Ordinal), data.Rows.Select(r => $"env={r.RateOf("env")},figlet={r.RateOf("figlet")}").Order(StringComparer.Ordinal));
        Assert.All(data.Rows, r => Assert.Equal(Environment.ProcessorCount, r.Node.Cores));
    }

    /// <summary>With the skip rule off, the whole grid ran, unless an iteration failed all its attempts.</summary>
    private static void AssertComplete(string dir)
    {
        AssertNothingLostOrRepeated(dir);
        var index = RunIndex.Open(dir).Entries;
        if (index.Any(e => e.Status == RunStatus.Failed)) return;
        Assert.Equal(8, index.Count(e => e.Status == RunStatus.Ok));
        Assert.Equal(Grid, index.Where(e => e.Status == RunStatus.Ok).Select(e => e.Key).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_functions_by_two_rates_by_two_iterations_on_the_embedded_gateway_give_eight_rows()
    {
        using var dir = new TempDirectory();

        var (code, output) = await FaaswiseProcess.RunAsync(Finish, Small(dir.Path));

        Assert.True(code == 0, output);
        Assert.Contains(RunIndex.Open(dir.Path).Entries.Any(e => e.Status == RunStatus.Failed) ? "sample: done: " : "sample: done: 8 rows, 0 skipped", output, StringComparison.Ordinal);
        AssertComplete(dir.Path);
        var loaded = DatasetLoader.Load(dir.Path).Rows;
        Assert.All(loaded.Where(r => r.RateOf("figlet") == 10), r => Assert.InRange(r.Functions.Single(f => f.Name == "figlet").SuccessRate, 0.99, 1));
        Assert.All(loaded.Where(r => r.RateOf("figlet") == 10), r => Assert.True(r.Functions.Single(f => f.Name == "figlet").MeanLatencyNs > 0));
        Assert.Contains("\"power_source\": \"estimated\"", File.ReadAllText(Path.Combine(dir.Path, "manifest.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_with_sigkill_at_random_points_a_rerun_loses_and_repeats_nothing()
    {
        using var dir = new TempDirectory();
        var random = new Random(20261123);
        for (var kill = 0; kill < 3; kill++)
        {
            using var run = FaaswiseProcess.Start(Small(dir.Path));
            await run.WaitForOutputAsync("deploying", TimeSpan.FromSeconds(60));
            await Task.Delay(random.Next(500, 6000));
            run.KillHard();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var (code, output) = await FaaswiseProcess.RunAsync(Finish, Small(dir.Path));

        Assert.True(code == 0, output);
        AssertNothingLostOrRepeated(dir.Path);
    }

    [Fact]
    public async Task Ctrl_C_exits_130_and_a_rerun_finishes_the_grid()
    {
        using var dir = new TempDirectory();
        using (var run = FaaswiseProcess.Start(Small(dir.Path)))
        {
            await run.WaitForOutputAsync("attacking", TimeSpan.FromSeconds(60));
            run.Interrupt();
            var code = await run.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(code == 130, $"exit {code}:\n{run.Output}");
            Assert.Contains("run the same command again to resume", run.Output, StringComparison.Ordinal);
        }

        var (again, output) = await FaaswiseProcess.RunAsync(Finish, [.. Small(dir.Path), "--json"]);

        Assert.True(again == 0, output);
        AssertComplete(dir.Path);
        using var json = System.Text.Json.JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('{')));
        Assert.Equal(RunIndex.Open(dir.Path).Entries.Count(e => e.Status == RunStatus.Ok), json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(dir.Path, json.RootElement.GetProperty("directory").GetString());
    }

    [Fact]
    public async Task Profile_writes_a_dfaas_profiler_csv_per_function_and_parquet_copies_when_asked()
    {
        using var dir = new TempDirectory();

        var (code, output) = await FaaswiseProcess.RunAsync(Finish,
            "profile", "--functions", "echo", "--out", dir.Path, "--min-rate", "20", "--max-rate", "40", "--rate-step", "20", "--iterations", "1", "--duration", "2s", "--warmup", "0s", "--no-rest", "--skip-rule", "none",
            "--format", "parquet");

        Assert.True(code == 0, output);
        var rows = ProfileLoader.Load(Path.Combine(dir.Path, "profiles"));
        Assert.Equal([20.0, 40.0], rows.Select(r => r.Rate));
        Assert.All(rows, r => Assert.Equal("echo", r.Name));
        var profile = Directory.GetFiles(Path.Combine(dir.Path, "profiles"), "*.csv").Single();
        var copy = ArrowParquet.Read(Path.ChangeExtension(profile, ".parquet"));
        Assert.Equal(File.ReadAllLines(profile)[0].Split(','), copy.Select(c => c.Name));
        Assert.Equal([20L, 40L], copy.Single(c => c.Name == "rate").Values.Cast<long?>().Select(v => v!.Value));
        var results = Directory.GetFiles(dir.Path, "results-*.csv").Single();
        Assert.Equal(File.ReadAllLines(results).Length - 1, ArrowParquet.Read(Path.ChangeExtension(results, ".parquet"))[0].Values.Count);
    }

    [Theory]
    [InlineData("--functions figlet,nosuch", "the embedded gateway runs built-in functions only: nosuch")]
    [InlineData("--functions figlet --max-rate 5 --min-rate 10", "rates need 0 <= min <= max")]
    [InlineData("--functions figlet --duration soon", "--duration 'soon' is not a duration: write a number with a unit")]
    [InlineData("--functions figlet --prometheus ftp://x", "--prometheus 'ftp://x' is not an http(s) URL")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT --duration 20s", "holds fewer than two scrapes of --scrape-interval 15s")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT", "Prometheus at http://127.0.0.1:PORT/ is not usable")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT --prometheus-user bob", "--prometheus-user and --prometheus-password-file go together")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT --prometheus-token-file /nonexistent/token", "--prometheus-token-file /nonexistent/token:")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT --prometheus-user bob --prometheus-password-file PASSWORD --prometheus-token-file PASSWORD", "not both")]
    [InlineData("--functions figlet --gateway http://127.0.0.1:PORT --password-file PASSWORD --prometheus http://127.0.0.1:PORT", "the gateway at http://127.0.0.1:PORT/")]
    [InlineData("--functions figlet --format xml", "--format must be csv or parquet (got 'xml')")]
    [InlineData("--functions figlet --node-selector job=\"node\"", "choose Prometheus series: give --prometheus URL")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT --node-selector instance=a", "--node-selector: 'instance=a' is not a list of label matchers")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT --container-labels docker", "--container-labels must be cadvisor or kubelet (got 'docker')")]
    [InlineData("--functions figlet --prometheus http://127.0.0.1:PORT --function-namespace Bad_NS", "--function-namespace 'Bad_NS' is not a Kubernetes namespace name")]
    public async Task Bad_input_and_unreachable_parts_exit_2_naming_them(string args, string reason)
    {
        using var dir = new TempDirectory();
        var password = dir.Write("password", "x\n");
        var port = ClosedPort.Find().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] argv = ["sample", "--out", Path.Combine(dir.Path, "out"), .. args.Replace("PORT", port, StringComparison.Ordinal).Replace("PASSWORD", password, StringComparison.Ordinal).Split(' ')];

        var (code, _, stderr) = await CliRun.RunAsync(argv);

        Assert.Equal(2, code);
        Assert.Contains(reason.Replace("PORT", port, StringComparison.Ordinal), stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "does not answer /healthz")]
    [InlineData(false, "needs the admin password: --password-stdin, --password-file FILE, $OPENFAAS_PASSWORD, or a faas-cli login to it")]
    public async Task The_gateway_comes_from_OPENFAAS_URL_and_its_password_from_a_faas_cli_login(bool loggedIn, string reason)
    {
        using var dir = new TempDirectory();
        var port = ClosedPort.Find().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:from-faas-cli"));
        if (loggedIn) dir.Write("config.yml", $"auths:\n- gateway: http://127.0.0.1:{port}\n  auth: basic\n  token: {token}\n");
        var env = new Dictionary<string, string> { ["OPENFAAS_URL"] = $"http://127.0.0.1:{port}", ["OPENFAAS_CONFIG"] = dir.Path, ["OPENFAAS_PASSWORD"] = "" };

        using var run = FaaswiseProcess.StartWith(env, "sample", "--functions", "figlet", "--out", Path.Combine(dir.Path, "out"));
        var code = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains(reason, run.Output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_counts_configurations_and_a_changed_grid_is_refused()
    {
        using var dir = new TempDirectory();

        var (code, stdout, _) = await CliRun.RunAsync("sample", "--functions", "a,b,c", "--min-functions", "2", "--max-functions", "3", "--out", dir.Path, "--max-rate", "20", "--dry-run");

        Assert.Equal(0, code);
        Assert.StartsWith("4 function combination(s) × 3 rates (0..20 req/s): 54 configurations, 3 iteration(s) each", stdout, StringComparison.Ordinal);

        var (_, output) = await FaaswiseProcess.RunAsync(Finish, Small(dir.Path));
        Assert.Contains("done", output, StringComparison.Ordinal);
        var changed = Small(dir.Path);
        changed[Array.IndexOf(changed, "--iterations") + 1] = "3";
        var (again, _, stderr) = await CliRun.RunAsync(changed);
        Assert.Equal(2, again);
        Assert.Contains("holds a run with another grid", stderr, StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SamplingProcesses
{
    public const string Name = "sampling processes";
}
