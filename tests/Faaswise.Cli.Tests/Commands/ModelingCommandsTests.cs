using System.Text.Json;
using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

public class ModelingCommandsTests
{
    [Fact]
    public async Task Cluster_then_assign_round_trips_a_training_function()
    {
        using var dir = new TempDirectory();
        var groups = Path.Combine(dir.Path, "out", "group_list.json");

        var (code, stdout, _) = await CliRun.RunAsync("cluster", "--profiles", SharedData.Path("profiles"), "--out", groups);

        Assert.Equal(0, code);
        Assert.Contains("3       0.1006       0.1345       0.7831  <- chosen", stdout, StringComparison.Ordinal);
        Assert.Equal("""{"HIGH_USAGE":["eat-memory","nmap"],"LOW_USAGE":["env","figlet","shasum"],"MEDIUM_USAGE":["curl"]}""", File.ReadAllText(groups));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "profiler-model.json")));

        var figlet = Directory.GetFiles(SharedData.Path("profiles"), "*figlet.csv").Single();
        (code, stdout, _) = await CliRun.RunAsync("assign", "--profile", figlet, "--groups", groups);
        Assert.Equal(0, code);
        Assert.StartsWith("figlet -> LOW_USAGE (PC -3.177; unchanged)", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await CliRun.RunAsync("assign", "--profile", figlet, "--groups", groups, "--dry-run", "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(("figlet", "LOW_USAGE", "unchanged", true), (json.RootElement.GetProperty("function").GetString(), json.RootElement.GetProperty("group").GetString(),
            json.RootElement.GetProperty("change").GetString(), json.RootElement.GetProperty("dry_run").GetBoolean()));
    }

    [Fact]
    public async Task Train_evaluate_predict_on_one_node_class()
    {
        using var dir = new TempDirectory();
        var model = Path.Combine(dir.Path, "model");
        var heavy = SharedData.Path("runs", "HEAVY");

        var (code, _, stderr) = await CliRun.RunAsync("train", "--data", heavy, "--out", model, "--groups", SharedData.Path("group_list.json"), "--iterations", "20", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("train: wrote", stderr, StringComparison.Ordinal);

        string stdout;
        (code, stdout, stderr) = await CliRun.RunAsync("evaluate", "--model", model, "--data", heavy, "--json");
        Assert.True(code == 0, stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        var heldOut = report.GetProperty("rows").GetInt32();
        Assert.Contains($"evaluate: left out {16443 - heldOut} of 16443 rows, from runs the model was trained on", stderr, StringComparison.Ordinal);
        Assert.InRange(heldOut, 1, 16443 / 2);
        var (all, allOut, _) = await CliRun.RunAsync("evaluate", "--model", model, "--data", heavy, "--json", "--include-training");
        Assert.Equal(0, all);
        Assert.Equal(16443, JsonDocument.Parse(allOut).RootElement.GetProperty("rows").GetInt32());
        foreach (var name in new[] { "cpu_usage_node", "ram_usage_node", "power_usage_node" })
        {
            var t = report.GetProperty("targets").GetProperty(name);
            foreach (var field in new[] { "r2", "rmse", "mae", "mape", "coverage_q05", "coverage_q95" }) Assert.Equal(JsonValueKind.Number, t.GetProperty(field).ValueKind);
        }

        foreach (var field in new[] { "accuracy", "precision", "recall", "f1" }) Assert.Equal(JsonValueKind.Number, report.GetProperty("overloaded_node").GetProperty(field).ValueKind);

        (code, stdout, stderr) = await CliRun.RunAsync("predict", "--model", model, "--input", """{"rate_group_HIGH_USAGE": 150, "node_type": 0}""");
        Assert.Equal(0, code);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("extrapolated").GetBoolean());
        Assert.Contains("warning: extrapolating outside the training range: rate_group_HIGH_USAGE=150 (0..90)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_with_repeats_scores_each_split_seed_and_reports_the_interval()
    {
        using var dir = new TempDirectory();
        var model = Path.Combine(dir.Path, "model");

        var (code, stdout, stderr) = await CliRun.RunAsync("train", "--data", SharedData.Path("runs", "HEAVY"), "--out", model, "--groups", SharedData.Path("group_list.json"),
            "--iterations", "10", "--no-quantiles", "--seed", "7", "--repeats", "3", "--json");

        Assert.True(code == 0, stderr);
        Assert.Contains("train: repeat 3 of 3, split seed 9", stderr, StringComparison.Ordinal);
        var report = JsonDocument.Parse(stdout).RootElement;
        var repeated = report.GetProperty("repeated");
        Assert.Equal([7, 8, 9], repeated.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("grouped", repeated.GetProperty("split").GetString());
        var cpu = repeated.GetProperty("r2").GetProperty("cpu_usage_node");
        var values = cpu.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(3, values.Length);
        // The first seed's scores are the model's own test scores: the model written is --seed's.
        Assert.Equal(report.GetProperty("targets").GetProperty("cpu_usage_node").GetProperty("r2").GetDouble(), values[0]);
        Assert.Equal(values.Average(), cpu.GetProperty("mean").GetDouble(), 12);
        Assert.True(cpu.GetProperty("half_width_95").GetDouble() >= 0);
        Assert.Equal(3, repeated.GetProperty("idle_baseline_r2").GetProperty("ram_usage_node").GetProperty("values").GetArrayLength());
        Assert.Empty(repeated.GetProperty("coverage_q05_q95").EnumerateObject()); // --no-quantiles: no interval to cover with
    }

    [Theory]
    [InlineData("cluster --profiles /nonexistent/x", "no such file or directory")]
    [InlineData("cluster --profiles PROFILES --k many", "--k must be a number of groups or 'auto'")]
    [InlineData("train --data RUNS --out OUT --split sideways", "--split: 'sideways' is not a split: grouped, random, mix, node-class:CLASS")]
    [InlineData("train --data RUNS --out OUT --split node-class:GIANT", "no row holds node class GIANT (the data has: HEAVY)")]
    [InlineData("train --data RUNS --out OUT --preset dfaas", "--preset dfaas needs --groups")]
    [InlineData("train --data RUNS --out OUT --repeats 0", "--repeats must be 1 or more (got 0)")]
    [InlineData("train --data RUNS --out OUT --repeats 3 --split node-class:HEAVY", "--repeats needs a split the seed draws (grouped, mix or random): node-class:HEAVY holds out the same rows at every seed")]
    [InlineData("evaluate --model /nonexistent --data RUNS", "not a model directory")]
    [InlineData("predict --model /nonexistent --input {", "the input is not JSON")]
    [InlineData("forecaster serve --model OUT --model-type median", "--model-type must be regression, quantile005 or quantile095")]
    public async Task Bad_input_exits_2_with_a_one_line_reason(string args, string reason)
    {
        using var dir = new TempDirectory();
        var argv = args.Split(' ').Select(a => a switch
        {
            "PROFILES" => SharedData.Path("profiles"),
            "RUNS" => SharedData.Path("runs", "HEAVY"),
            "OUT" => Path.Combine(dir.Path, "m"),
            _ => a,
        }).ToArray();

        var (code, _, stderr) = await CliRun.RunAsync(argv);

        Assert.Equal(2, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
