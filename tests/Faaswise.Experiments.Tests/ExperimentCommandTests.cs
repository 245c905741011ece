using Faaswise.Simulation.Kpi;
using Faaswise.Testing;

namespace Faaswise.Experiments.Tests;

/// <summary>The experiment commands as a user meets them on the simulator target (seconds, no processes) and on bad input.</summary>
public sealed class ExperimentCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_simulated_sweep_over_seeds_writes_means_with_intervals_and_a_rerun_keeps_every_finished_run()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "sim");
        string[] args = ["experiment", "run", "--target", "simulator", "--cv", "1,4", "--seeds", "1-3", "--duration", "20s", "--policy", "pinned,qshuf", "--out", output];
        var first = await FaaswiseProcess.RunAsync(Patience, args);
        Assert.True(first.Code == 0, first.Output);
        var rows = SummaryCsv.ReadRows(Path.Combine(output, "summary.csv"));
        Assert.Equal(2 * 2 * 3, rows.Count(r => r.Function == "ALL" && r.Seed != "mean"));
        var means = rows.Where(r => r.Function == "ALL" && r.Seed == "mean").ToList();
        Assert.Equal(4, means.Count);
        Assert.All(means, m => Assert.NotNull(m.SloAttainmentCi95));
        Assert.Equal(6, Directory.GetDirectories(Path.Combine(output, "workloads")).Length);

        var again = await FaaswiseProcess.RunAsync(Patience, args);
        Assert.True(again.Code == 0, again.Output);
        Assert.Equal(12, again.Output.Split('\n').Count(l => l.Contains("finished before, kept", StringComparison.Ordinal)));
        Assert.Equal(rows, SummaryCsv.ReadRows(Path.Combine(output, "summary.csv")));
    }

    [Theory]
    [InlineData("--target mars --cv 1", "--target 'mars' is not local, kubernetes or simulator")]
    [InlineData("--target kubernetes --cv 1 --policy pinned,qshuf --gateway http://127.0.0.1:1", "runs the one policy the controller runs")]
    [InlineData("--target kubernetes --cv 1 --policy qshuf --gateway ftp://gateway", "--gateway 'ftp://gateway' is not an http(s) URL")]
    [InlineData("--target kubernetes --cv 1 --policy qshuf --gateway http://127.0.0.1:1 --kubeconfig /nowhere/kubeconfig", "--kubeconfig /nowhere/kubeconfig does not exist")]
    [InlineData("--target simulator --cv 1 --policy bound", "upper bound")]
    [InlineData("--target simulator --cv 1 --load 0", "--load 0 is not a positive factor")]
    [InlineData("--target simulator --cv 1 --workload es1:0.5", "--cv goes with --workload es1")]
    [InlineData("--target simulator --cluster nowhere.yaml", "--cluster 'nowhere.yaml' is neither a file nor a shipped cluster")]
    [InlineData("--target local --cv 1 --gpu cuda:0,x", "--gpu 'cuda:0,x' is not emulated, cuda or cuda:N[,N...]")]
    [InlineData("--target simulator --cv 1 --gpu cuda", "--gpu chooses the GPUs of --target local")]
    [InlineData("--target local --cv 1 --irate-scrape 15s", "--irate-scrape sets the simulator's scrapes")]
    [InlineData("--target simulator --cv 1 --irate-scrape 500ms", "--irate-scrape is at least 1s")]
    public async Task Bad_input_gets_one_line_and_exit_code_2(string options, string says)
    {
        using var temp = new TempDirectory();
        var (code, output) = await FaaswiseProcess.RunAsync(Patience, ["experiment", "run", .. options.Split(' '), "--out", Path.Combine(temp.Path, "x")]);
        Assert.Equal(2, code);
        Assert.Contains(says, output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Compare_of_directories_without_a_shared_run_says_so()
    {
        using var temp = new TempDirectory();
        var a = Path.Combine(temp.Path, "a");
        var b = Path.Combine(temp.Path, "b");
        Assert.Equal(0, (await FaaswiseProcess.RunAsync(Patience, "experiment", "run", "--target", "simulator", "--cv", "1", "--duration", "10s", "--policy", "pinned", "--out", a)).Code);
        Assert.Equal(0, (await FaaswiseProcess.RunAsync(Patience, "experiment", "run", "--target", "simulator", "--cv", "4", "--duration", "10s", "--policy", "pinned", "--out", b)).Code);
        var (code, output) = await FaaswiseProcess.RunAsync(Patience, "experiment", "compare", a, b);
        Assert.Equal(2, code);
        Assert.Contains("share no (policy, admission, workload, cv, seed) run", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_run_on_cuda_without_the_cuda_build_stops_at_placement_and_says_why()
    {
        // Tests build ONNX Runtime's CPU package: a replica asked for CUDA would serve on the CPU, which a run that
        // measures GPUs must not count as GPU figures.
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "cuda");
        var (code, text) = await FaaswiseProcess.RunAsync(Patience, "experiment", "run", "--target", "local", "--gpu", "cuda", "--workload", "constant:resnet18=1",
            "--duration", "5s", "--policy", "pinned", "--out", output);
        Assert.NotEqual(0, code);
        Assert.Contains("faaswise: --gpu cuda:0: CUDA is not available", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "summary.csv")) && File.ReadLines(Path.Combine(output, "summary.csv")).Skip(1).Any(), "no run may be recorded");
        var logs = Directory.GetFiles(output, "*.log", SearchOption.AllDirectories).Where(f => f.Contains("replicas", StringComparison.Ordinal)).ToList();
        // The first replica that reports the fallback is stopped; the run then ends the others, wherever they were.
        Assert.Contains(logs, f => File.ReadAllText(f).Contains("the replica is stopped", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)), d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(output, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });
    }
}
