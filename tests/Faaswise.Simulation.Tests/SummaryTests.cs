using Faaswise.Qshuf.World;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;
using Faaswise.Testing;

namespace Faaswise.Simulation.Tests;

public class SummaryTests
{
    [Fact]
    public void Summary_HasTheIssuesColumns_AndAllRowsAddUp()
    {
        var world = Catalogues.Cluster("memory-pressure");
        var results = Sweep.Run(new SweepSpec(world, ["pinned", "faaswise"], [WorkloadGenerators.Es1(1, 60, 2), WorkloadGenerators.Es1(4, 60, 2)], null));
        var lines = SummaryCsv.Format(results.SelectMany(r => r.Rows)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["policy", "admission", "workload", "cv", "seed", "function", "requests", "completed", "goodput_pct", "slo_attainment_pct", "slo_goodput_rps", "p50_ms"], header.Take(12));
        foreach (var column in new[] { "status_408", "status_429", "status_503", "status_502", "slo_attainment_pct_ci95", "goodput_pct_ci95", "p99_ms_ci95", "gpu_util_pct", "gpu_mem_used_gb", "loads", "load_s", "offloads", "offload_s", "cold_starts", "replica_s", "gpu_s" })
        {
            Assert.Contains(column, header);
        }

        Assert.Equal(1 + 2 * 2 * 11, lines.Length);
        foreach (var run in results)
        {
            var functions = run.Rows.Take(run.Rows.Count - 1).ToArray();
            Assert.Equal("ALL", run.All.Function);
            Assert.Equal(run.Requests, run.All.Requests);
            Assert.Equal(functions.Sum(r => r.Requests), run.All.Requests);
            Assert.Equal(functions.Sum(r => r.Completed), run.All.Completed);
            Assert.Equal(functions.Sum(r => r.Loads), run.All.Loads);
            Assert.Equal(functions.Sum(r => r.GpuMemUsedGb), run.All.GpuMemUsedGb, 6);
            Assert.InRange(run.All.GpuMemUsedGb, 0, world.TotalGpuBytes / 1e9);
            Assert.True(run.All.P50Ms <= run.All.P99Ms && run.All.P99Ms <= run.All.MaxMs + 1e-6);
            Assert.Equal(run.All.Requests, run.All.Completed + run.All.Status408 + run.All.Status429 + run.All.Status503 + run.All.Status502);
        }
    }

    [Fact]
    public void RunFolder_HoldsRequestLogAndTimeSeries()
    {
        using var dir = new TempDirectory();
        var world = Catalogues.Cluster("default");
        var workload = WorkloadGenerators.Es1(1, 30, 4);
        var result = Sweep.RunOne(new SweepSpec(world, ["faaswise"], [workload], dir.Path), "faaswise", workload);
        var folder = Path.Combine(dir.Path, "runs", "faaswise", "es1-cv1-seed4");
        Assert.StartsWith("time_s,source,kind,replica,function,gpu,outcome,refusal,expected_s,reason", File.ReadLines(Path.Combine(folder, "decisions.csv")).First(), StringComparison.Ordinal);
        Assert.Contains(File.ReadLines(Path.Combine(folder, "decisions.csv")), l => l.Contains(",deploy,start,", StringComparison.Ordinal));
        var requests = File.ReadAllLines(Path.Combine(folder, "requests.csv"));
        Assert.Equal("RequestTime,ResponseTime,URL,StatusCode,function,arrival_s,start_s,end_s,device,queue_s,load_s,exec_s,replica,gpu", requests[0]);
        Assert.Equal(workload.Requests, requests.Length - 1);
        using (var reader = File.OpenText(Path.Combine(folder, "requests.csv")))
        {
            // the same reader as faaswise attack's logs
            var rows = Faaswise.Load.Results.RequestLogReader.Read(reader).ToArray();
            Assert.Equal(result.All.Completed, rows.Count(r => r.StatusCode == 200));
            Assert.All(rows, r => Assert.StartsWith("/function/", r.Url, StringComparison.Ordinal));
            Assert.All(rows, r => Assert.True(r.ResponseTime >= r.RequestTime));
        }

        var gpus = File.ReadAllLines(Path.Combine(folder, "gpus.csv"));
        Assert.InRange(gpus.Length - 1, (int)Math.Floor(result.All.DurationSeconds) * world.Gpus.Count, (int)Math.Ceiling(result.All.DurationSeconds + 1) * world.Gpus.Count);
        Assert.StartsWith("time_s,gpu,uuid,memory_used_gb", gpus[0], StringComparison.Ordinal);
        var functions = File.ReadAllLines(Path.Combine(folder, "functions.csv"));
        Assert.StartsWith("time_s,function,ready_replicas", functions[0], StringComparison.Ordinal);
        Assert.Equal((gpus.Length - 1) / world.Gpus.Count * world.Functions.Count, functions.Length - 1);
    }
}
