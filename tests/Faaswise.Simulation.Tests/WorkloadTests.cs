using Faaswise.Load.Arrivals;
using Faaswise.Simulation.Workloads;
using Faaswise.Testing;

namespace Faaswise.Simulation.Tests;

public class WorkloadTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Es1_has_qshufs_counts_bounds_order_and_stagger(double cv)
    {
        var workload = WorkloadGenerators.Es1(cv, 600, seed: 7);

        Assert.Equal(Es1Catalog.Functions.Select(f => f.Function), workload.Functions.Select(f => f.Function));
        for (var i = 0; i < workload.Functions.Count; i++)
        {
            var (_, mu) = Es1Catalog.Functions[i];
            var trace = workload.Functions[i];
            Assert.Equal((int)Math.Ceiling(600 / mu), trace.Offsets.Count);
            Assert.True(trace.Offsets[^1] <= 900);
            Assert.Equal(i * 20.0, trace.StartSeconds);
            Assert.True(trace.Offsets.Zip(trace.Offsets.Skip(1)).All(p => p.First <= p.Second));
        }

        Assert.Equal(57_441, workload.Requests);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1)]
    [InlineData(4)]
    public void Es1_gaps_have_mean_mu_and_the_asked_cv(double cv)
    {
        var trace = WorkloadGenerators.Es1(cv, 200_000, seed: 11, [("f", 0.1)]).Functions[0];

        var gaps = trace.Offsets.Zip(trace.Offsets.Skip(1)).Select(p => p.Second - p.First).ToArray();
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Length - 1));
        Assert.Equal(0.1, mean, 0.1 * 0.05);
        Assert.Equal(cv, sd / mean, cv * 0.1);
    }

    [Fact]
    public void Same_seed_same_workload_other_seed_other_one()
    {
        Assert.Equal(WorkloadGenerators.Es1(2, 60, 3).Functions[3].Offsets, WorkloadGenerators.Es1(2, 60, 3).Functions[3].Offsets);
        Assert.NotEqual(WorkloadGenerators.Es1(2, 60, 3).Functions[3].Offsets, WorkloadGenerators.Es1(2, 60, 4).Functions[3].Offsets);
    }

    [Fact]
    public void Poisson_and_constant_rates()
    {
        var poisson = WorkloadGenerators.Poisson([("a", 50)], 1000, 5).Functions[0];
        Assert.InRange(poisson.Offsets.Count, 48_500, 51_500);
        Assert.True(poisson.Offsets[^1] < 1000);
        var constant = WorkloadGenerators.Constant([("a", 4), ("b", 0.5)], 10);
        Assert.Equal([0, 0.25, 0.5, 0.75], constant.Functions[0].Offsets.Take(4));
        Assert.Equal(5, constant.Functions[1].Offsets.Count);
    }

    [Fact]
    public void Files_round_trip_and_faaswise_attack_reads_them()
    {
        using var dir = new TempDirectory();
        var workload = WorkloadGenerators.Es1(1, 60, 9);

        WorkloadFiles.Write(workload, dir.Path);
        var read = WorkloadFiles.Read(dir.Path);

        Assert.Equal(workload.Functions.Select(f => (f.Function, f.StartSeconds, f.Offsets.Count)), read.Functions.Select(f => (f.Function, f.StartSeconds, f.Offsets.Count)));
        Assert.Equal(workload.Functions[0].Offsets[5], read.Functions[0].Offsets[5], 6);
        var attack = TraceArrivals.Load(Path.Combine(dir.Path, "bert-dist.txt"));
        Assert.Equal(workload.Functions.Single(f => f.Function == "bert").Offsets.Count, attack.Count);
        File.Delete(Path.Combine(dir.Path, WorkloadFiles.ManifestFile));
        Assert.Equal(10, WorkloadFiles.Read(dir.Path).Functions.Count);
        dir.Write("bad-dist.txt", "1\nsoon\n");
        Assert.Contains("bad-dist.txt:2: 'soon' is not an offset", Assert.Throws<FormatException>(() => WorkloadFiles.Read(dir.Path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# recorded 2026-12-03\n0\n\n0.5\n1.25\n", null)]
    [InlineData("0\n2\n1\n", ":3: offset 1 s is before the previous one")]
    [InlineData("0\nsoon\n", ":2: 'soon' is not an offset")]
    public void A_trace_file_reads_the_same_in_attack_and_in_the_simulator(string text, string? refusal)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("f-dist.txt", text);

        if (refusal is null)
        {
            Assert.Equal(TraceArrivals.Load(path).Offsets(new Random(1)).Select(t => t.TotalSeconds), WorkloadFiles.Read(path).Functions.Single().Offsets);
            Assert.Equal([0, 0.5, 1.25], WorkloadFiles.Read(path).Functions.Single().Offsets);
            return;
        }

        Assert.Contains(refusal, Assert.Throws<FormatException>(() => TraceArrivals.Load(path)).Message, StringComparison.Ordinal);
        Assert.Contains(refusal, Assert.Throws<FormatException>(() => WorkloadFiles.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_counts_map_round_robin_scale_and_stay_in_their_minute()
    {
        using var dir = new TempDirectory();
        var header = "HashOwner,HashApp,HashFunction,Trigger," + string.Join(",", Enumerable.Range(1, 4));
        var path = dir.Write("invocations.csv", header + "\no,a,f1,http,60,0,600,6\no,a,f2,http,0,120,0,6\no,a,f3,timer,60,0,0,0\n");

        var workload = AzureTrace.Load(path, ["x", "y"], rateScale: 2, cv: 1, startMinute: 0, minutes: 4, seed: 1);

        var x = workload.Functions[0];
        var y = workload.Functions[1];
        Assert.Equal(["x", "y"], workload.Functions.Select(f => f.Function));
        Assert.InRange(x.Offsets.Count(o => o < 60), 190, 290);       // (60 + 60) x 2 in minute 1
        Assert.InRange(x.Offsets.Count(o => o is >= 120 and < 180), 1050, 1350);
        Assert.DoesNotContain(y.Offsets, o => o < 60);
        Assert.InRange(y.Offsets.Count(o => o is >= 60 and < 120), 190, 290);
        Assert.All(workload.Functions.SelectMany(f => f.Offsets), o => Assert.InRange(o, 0, 240));
        Assert.Throws<FormatException>(() => AzureTrace.Load(path, ["x"], 1, 1, 2, 5, 1));
    }
}
