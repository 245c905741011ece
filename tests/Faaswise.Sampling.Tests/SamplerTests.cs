using Faaswise.Sampling.Output;
using Faaswise.Sampling.Rules;
using Faaswise.Sampling.Running;
using Faaswise.Testing;

namespace Faaswise.Sampling.Tests;

public class SamplerTests
{
    private static SamplingOptions Options(SkipRule skip = SkipRule.None) => new()
    {
        Functions = ["figlet", "env"], MinFunctions = 2, MaxFunctions = 2, MaxRate = 10, MinRate = 0, RateStep = 10, Iterations = 2,
        Duration = TimeSpan.Zero, WarmUp = TimeSpan.Zero, Rest = new RestOptions { Enabled = false }, Skip = skip,
    };

    private static Task RunAsync(Sampler sampler, string dir) => sampler.RunAsync(dir, "s", null, CancellationToken.None);

    [Fact]
    public async Task Two_functions_two_rates_two_iterations_give_eight_rows_and_a_consistent_index()
    {
        using var dir = new TempDirectory();
        var load = new FakeLoad();
        var platform = new FakePlatform();
        var sampler = new Sampler(Options(), platform, new FakeMetrics(TimeProvider.System, 0), load, TimeProvider.System);

        await RunAsync(sampler, dir.Path);

        var results = Directory.GetFiles(dir.Path, "results-*.csv").Single();
        var lines = File.ReadAllLines(results);
        Assert.Equal(ResultsFile.Header(["env", "figlet"]), lines[0]);
        Assert.Equal(9, lines.Length);
        var index = RunIndex.Open(dir.Path).Entries;
        Assert.Equal(8, index.Count(e => e.Status == RunStatus.Ok));
        Assert.Equal(["env=0,figlet=0", "env=0,figlet=10", "env=10,figlet=0", "env=10,figlet=10"], index.Select(e => e.Key).Distinct());
        Assert.All(index, e => Assert.Equal(Path.GetFileName(results), e.ResultsFile));
        Assert.Equal(8, load.Attacks.Count);
        Assert.NotEmpty(platform.Deployed);
        Assert.All(platform.Deployed, d => Assert.Equal(["env", "figlet"], d.Split(',').Order(StringComparer.Ordinal)));
        Assert.StartsWith("env,0,1.000,5.000,1000000.000,1000000.000,1,0,0,figlet,0,1.000", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rerun_resumes_and_indexes_a_row_whose_index_line_a_kill_cut()
    {
        using var dir = new TempDirectory();
        await RunAsync(new Sampler(Options(), new FakePlatform(), new FakeMetrics(TimeProvider.System, 0), new FakeLoad(), TimeProvider.System), dir.Path);
        var indexPath = Path.Combine(dir.Path, "index.csv");
        var resultsPath = Directory.GetFiles(dir.Path, "results-*.csv").Single();
        var lines = File.ReadAllLines(indexPath);
        var rows = File.ReadAllLines(resultsPath);
        File.WriteAllText(indexPath, string.Join("\n", lines[..^2]) + "\n" + lines[^2][..10]); // both last entries lost, one cut mid-line
        File.WriteAllText(resultsPath, string.Join("\n", rows[..^1]) + "\n" + rows[^1][..15]); // the last row cut mid-line

        var load = new FakeLoad();
        await RunAsync(new Sampler(Options(), new FakePlatform(), new FakeMetrics(TimeProvider.System, 0), load, TimeProvider.System), dir.Path);

        Assert.Equal(["env=10,figlet=10"], load.Attacks);
        var index = RunIndex.Open(dir.Path).Entries;
        Assert.Equal(8, index.Count);
        Assert.Equal(8, index.Select(e => (e.Key, e.Iteration)).Distinct().Count());
        Assert.Equal(9, File.ReadAllLines(Directory.GetFiles(dir.Path, "results-*.csv").Single()).Length);
    }

    [Fact]
    public async Task A_failing_iteration_is_retried_then_recorded_as_failed_and_the_run_goes_on()
    {
        using var dir = new TempDirectory();
        var load = new FakeLoad { FailFirst = 3 };

        await RunAsync(new Sampler(Options() with { Attempts = 3 }, new FakePlatform(), new FakeMetrics(TimeProvider.System, 0), load, TimeProvider.System), dir.Path);

        var index = RunIndex.Open(dir.Path).Entries;
        var failed = Assert.Single(index, e => e.Status == RunStatus.Failed);
        Assert.Equal(("env=0,figlet=0", 1, ""), (failed.Key, failed.Iteration, failed.ResultsFile));
        Assert.Equal(6, index.Count(e => e.Status == RunStatus.Ok));
        Assert.Equal(7, File.ReadAllLines(Directory.GetFiles(dir.Path, "results-*.csv").Single()).Length);
    }

    [Fact]
    public async Task Dominated_configurations_are_skipped_and_listed_with_complete_rows()
    {
        using var dir = new TempDirectory();
        var load = new FakeLoad();
        load.Success["env"] = 0.5;
        var options = Options(SkipRule.Sound) with { MaxRate = 20 };

        await RunAsync(new Sampler(options, new FakePlatform(), new FakeMetrics(TimeProvider.System, 0), load, TimeProvider.System), dir.Path);

        var index = RunIndex.Open(dir.Path).Entries;
        var skipped = index.Where(e => e.Status == RunStatus.Skipped).Select(e => e.Key).ToArray();
        Assert.Equal(["env=10,figlet=10", "env=10,figlet=20", "env=20,figlet=0", "env=20,figlet=10", "env=20,figlet=20"], skipped);
        var skippedFile = File.ReadAllLines(Directory.GetFiles(dir.Path, "skipped-*.csv").Single());
        Assert.Equal("function_env,rate_function_env,function_figlet,rate_function_figlet", skippedFile[0]);
        Assert.Equal("env,10,figlet,10", skippedFile[1]);
        Assert.Equal(6, skippedFile.Length);
    }

    [Fact]
    public async Task A_preview_decides_as_the_run_does_before_during_and_after_it()
    {
        using var dir = new TempDirectory();
        var options = Options(SkipRule.Sound) with { MaxRate = 20 };
        var plan = Sampler.PlanFor(options);
        var load = new FakeLoad();
        load.Success["env"] = 0.5;

        Assert.Equal(new SamplingPreview(0, 0, 9, 18, TimeSpan.FromSeconds(1)), SamplingPreview.Of(options, plan, dir.Path));
        await RunAsync(new Sampler(options, new FakePlatform(), new FakeMetrics(TimeProvider.System, 0), load, TimeProvider.System), dir.Path);
        Assert.Equal(new SamplingPreview(9, 0, 0, 0, TimeSpan.FromSeconds(1)), SamplingPreview.Of(options, plan, dir.Path));

        var indexPath = Path.Combine(dir.Path, RunIndex.FileName);
        var resultsPath = Directory.GetFiles(dir.Path, "results-*.csv").Single();
        File.WriteAllLines(indexPath, File.ReadAllLines(indexPath)[..7]); // the header, then the first three configurations, two iterations each
        File.WriteAllLines(resultsPath, File.ReadAllLines(resultsPath)[..7]);
        var preview = SamplingPreview.Of(options, plan, dir.Path);
        var resumed = new FakeLoad();
        resumed.Success["env"] = 0.5;
        await RunAsync(new Sampler(options, new FakePlatform(), new FakeMetrics(TimeProvider.System, 0), resumed, TimeProvider.System), dir.Path);

        Assert.Equal((3L, 0L, 6L, 12L), (preview.Done, preview.Skipped, preview.ToRun, preview.IterationsLeft));
        Assert.InRange(resumed.Attacks.Count, 1, preview.IterationsLeft);
        Assert.DoesNotContain(resumed.Attacks, a => a.Length == 0 || a.StartsWith("figlet=", StringComparison.Ordinal)); // env=0: done before the interruption
    }

    [Fact]
    public async Task Profile_mode_writes_dfaas_profiler_csvs()
    {
        using var dir = new TempDirectory();
        var options = Options() with { Profile = true, MinRate = 20, MaxRate = 40, RateStep = 20 };

        await RunAsync(new Sampler(options, new FakePlatform(), new FakeMetrics(TimeProvider.System, 0), new FakeLoad(), TimeProvider.System), dir.Path);

        var figlet = File.ReadAllLines(Path.Combine(dir.Path, "profiles", "results-s-figlet.csv"));
        Assert.Equal(ProfileCsv.Header, figlet[0]);
        Assert.Equal(5, figlet.Length);
        Assert.Equal("figlet,20,1.000,5.000,1000000.000,1000000.000,0,5000000", figlet[1]);
        Assert.True(File.Exists(Path.Combine(dir.Path, "profiles", "results-s-env.csv")));
    }
}

public class RunStatusTests
{
    [Fact]
    public void Every_status_is_written_as_its_word_and_read_back_and_an_unknown_word_is_named()
    {
        foreach (var status in Enum.GetValues<RunStatus>()) Assert.Equal(status, RunStatuses.Parse(RunStatuses.Format(status)));
        Assert.Equal(["ok", "failed", "skipped", "predicted"], Enum.GetValues<RunStatus>().Select(RunStatuses.Format));

        var error = Assert.Throws<FormatException>(() => RunStatuses.Parse("done"));

        Assert.Contains("'done' is not a status", error.Message, StringComparison.Ordinal);
    }
}
