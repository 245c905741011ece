using System.Globalization;
using Faaswise.Experiments.Runs;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;
using Faaswise.Testing;

namespace Faaswise.Experiments.Tests;

/// <summary>
/// The experiment as a user runs it: a short ES1 sweep (the local cluster's two functions, ResNet-18 and a synthetic
/// model, two cv values, 60 s) on real runtime processes, killed with SIGKILL during its second run and resumed;
/// then its simulated twin on the same arrivals, compare and calibrate on its logs.
/// </summary>
public sealed class ExperimentRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task A_local_es1_sweep_resumes_after_sigkill_and_its_logs_feed_compare_and_calibrate()
    {
        using var temp = new TempDirectory();
        var live = Path.Combine(temp.Path, "live");
        string[] args = ["experiment", "run", "--target", "local", "--cluster", "local", "--workload", "es1", "--cv", "1,4", "--duration", "60s", "--load", "0.5",
            "--policy", "qshuf", "--rest", "1s", "--out", live];
        var first = Path.Combine(live, "runs", "qshuf", "es1-cv1-seed1");
        var second = Path.Combine(live, "runs", "qshuf", "es1-cv4-seed1");
        using (var killed = FaaswiseProcess.Start(args))
        {
            await WaitAsync(() => File.Exists(Path.Combine(first, "summary.csv")) && Lines(Path.Combine(second, "requests.csv")) > 20, killed, "the first run finished and the second under way");
            killed.KillHard();
            await killed.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var firstSummary = File.ReadAllText(Path.Combine(first, "summary.csv"));
        var orphans = Pids(Path.Combine(second, "replicas", "pids"));
        Assert.NotEmpty(orphans);

        var (code, output) = await FaaswiseProcess.RunAsync(Patience, args);
        Assert.True(code == 0, output);
        Assert.Contains("es1-cv1-seed1: finished before, kept", output, StringComparison.Ordinal);
        Assert.Contains("es1-cv4-seed1: an interrupted attempt was removed", output, StringComparison.Ordinal);
        Assert.Equal(firstSummary, File.ReadAllText(Path.Combine(first, "summary.csv")));
        Assert.All(orphans, pid => Assert.False(RunsARuntime(pid), $"runtime process {pid} of the killed attempt still runs"));
        // No runtime of either attempt outlives its launcher, pid file or not (each watches its parent: up to 0.5 s).
        var left = await RuntimesUnderAsync(temp.Path, TimeSpan.FromSeconds(30));
        Assert.True(left.Count == 0, "runtime processes left running: " + string.Join("; ", left));

        // Nothing lost, nothing repeated: every arrival of each workload has exactly one line and is counted once, read with the simulator's reader.
        var rows = SummaryCsv.ReadRows(Path.Combine(live, "summary.csv"));
        foreach (var cv in (double[])[1, 4])
        {
            var workload = WorkloadFiles.Read(Path.Combine(live, "workloads", $"es1-cv{cv.ToString(CultureInfo.InvariantCulture)}-seed1"));
            var all = Assert.Single(rows, r => r.Cv == cv && r.Function == "ALL");
            Assert.Equal(workload.Requests, all.Requests);
            Assert.Equal(workload.Requests, Lines(Path.Combine(live, "runs", "qshuf", $"es1-cv{cv.ToString(CultureInfo.InvariantCulture)}-seed1", "requests.csv")) - 1);
            Assert.Equal(all.Requests, rows.Where(r => r.Cv == cv && r.Function != "ALL").Sum(r => r.Requests));
            Assert.InRange(all.SloAttainmentPct, 0, 100);
            Assert.True(all.Completed > 0, "no request was answered");

            // Each answered request carries the replica's side (its number and GPU, device, inference seconds), joined by the id the client sent.
            var log = File.ReadLines(Path.Combine(live, "runs", "qshuf", $"es1-cv{cv.ToString(CultureInfo.InvariantCulture)}-seed1", "requests.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.All(log.Where(r => r[3] == "200"), r =>
            {
                Assert.True(int.Parse(r[12], CultureInfo.InvariantCulture) >= 0 && r[8] is "cuda" or "cpu" && double.Parse(r[11], CultureInfo.InvariantCulture) > 0, string.Join(',', r));
                Assert.True(double.Parse(r[6], CultureInfo.InvariantCulture) <= double.Parse(r[7], CultureInfo.InvariantCulture), string.Join(',', r));
            });
            Assert.All(log.Where(r => r[3] != "200"), r => Assert.Equal("-1", r[12]));
        }

        var twin = Path.Combine(temp.Path, "twin");
        var simulated = await FaaswiseProcess.RunAsync(Patience, "experiment", "run", "--target", "simulator", "--cluster", "local", "--workload", live, "--policy", "qshuf", "--out", twin);
        Assert.True(simulated.Code == 0, simulated.Output);
        // The twin reads QShuf's irate as the live run's router counted the arrivals: every second.
        Assert.Equal(1, ExperimentManifest.TryRead(live)?.IrateScrapeSeconds);
        Assert.Equal(1, ExperimentManifest.TryRead(twin)?.IrateScrapeSeconds);
        var compared = await FaaswiseProcess.RunAsync(Patience, "experiment", "compare", live, twin);
        Assert.True(compared.Code == 0, compared.Output);
        var gap = File.ReadAllLines(Path.Combine(live, "gap.csv"));
        Assert.Contains(gap, l => l.StartsWith("qshuf,none,es1,1,1,slo_attainment_pct,", StringComparison.Ordinal));
        Assert.Contains(gap, l => l.StartsWith("qshuf,none,es1,4,1,p99_ms,", StringComparison.Ordinal));
        var report = File.ReadAllText(Path.Combine(live, "gap-report.html"));
        foreach (var figure in (string[])["gap-slo.png", "slo-vs-cv.png", "cdf-qshuf-es1-cv4-seed1.png", "gpu-memory-qshuf-es1-cv1-seed1.png", "replicas-qshuf-es1-cv1-seed1.png"])
        {
            Assert.Contains(figure, report, StringComparison.Ordinal);
            Assert.True(new FileInfo(Path.Combine(live, "gap-figures", figure)).Length > 1000, figure);
        }


        var calibrated = Path.Combine(temp.Path, "calibrated.yaml");
        var calibration = await FaaswiseProcess.RunAsync(Patience, "experiment", "calibrate", live, "--out", calibrated);
        Assert.True(calibration.Code == 0, calibration.Output);
        var world = Catalogues.Parse(File.ReadAllText(calibrated));
        var shipped = Catalogues.Cluster("local");
        Assert.Equal(shipped.Functions.Select(f => f.Name), world.Functions.Select(f => f.Name));
        Assert.All(world.Models, m => Assert.InRange(m.CudaSeconds, 0.001, 2));
        Assert.All(world.Models, m => Assert.NotNull(m.ColdStartSeconds));
        Assert.Contains("--service ", calibration.Output, StringComparison.Ordinal);
    }

    private static async Task WaitAsync(Func<bool> condition, FaaswiseProcess process, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited for {what}; faaswise printed:\n{process.Output}");
            Assert.False(process.HasExited, $"faaswise exited before {what}:\n{process.Output}");
            await Task.Delay(200);
        }
    }

    private static int Lines(string path)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var n = 0;
        while (reader.ReadLine() is not null) n++;
        return n;
    }

    /// <summary>The command lines of runtime processes that name <paramref name="directory"/>, once none is left or after <paramref name="patience"/>.</summary>
    private static async Task<IReadOnlyList<string>> RuntimesUnderAsync(string directory, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : -1)
                .Where(pid => pid > 0 && RunsARuntime(pid) && CommandLine(pid)?.Contains(directory, StringComparison.Ordinal) == true)
                .Select(pid => $"{pid}: {CommandLine(pid)?.Replace('\0', ' ')}")
                .ToList();

            if (left.Count == 0 || DateTime.UtcNow > deadline) return left;
            await Task.Delay(200);
        }
    }

    private static int[] Pids(string file) => File.Exists(file)
        ? File.ReadAllLines(file).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray() : [];

    private static bool RunsARuntime(int pid) => CommandLine(pid)?.Contains("runtime\0serve", StringComparison.Ordinal) == true;

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
