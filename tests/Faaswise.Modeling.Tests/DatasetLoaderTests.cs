using Faaswise.Modeling.Datasets;
using Faaswise.Testing;

namespace Faaswise.Modeling.Tests;

public class DatasetLoaderTests
{
    private static readonly Dataset Runs = DatasetLoader.Load(SharedData.Path("runs"));

    [Fact]
    public void Loads_every_shared_run_with_node_class_from_the_folder()
    {
        Assert.Equal(65054, Runs.Rows.Count);
        Assert.Equal(20288, Runs.Rows.Count(r => r.Node.Type == "LIGHT"));
        Assert.Equal(28323, Runs.Rows.Count(r => r.Node.Type == "MID"));
        Assert.Equal(16443, Runs.Rows.Count(r => r.Node.Type == "HEAVY"));
        Assert.Equal(8074, Runs.Rows.Count(r => r.Measured.Overloaded));
        Assert.Equal(53, Runs.Runs.Count);
        Assert.All(Runs.Rows.Where(r => r.Node.Type == "MID"), r => Assert.Equal((4, 1), (r.Node.Cores, r.Node.DfaasCode)));
        Assert.Equal(["curl", "eat-memory", "env", "figlet", "nmap", "shasum"], Runs.Functions);
    }

    [Fact]
    public void The_malformed_row_is_reported_with_file_and_line()
    {
        var issue = Assert.Single(Runs.Issues);
        Assert.EndsWith("LIGHT/results-2024-01-04_09-20-32-1-30s.csv", issue.File, StringComparison.Ordinal);
        Assert.Equal(387, issue.Line);
        Assert.Contains("1 fields, the header has 37", issue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_values_by_column_name_and_zeroes_usage_of_idle_functions()
    {
        var row = DatasetLoader.Load(SharedData.Path("runs", "MID", "results-2023-11-17_11-37-30-0-30s.csv")).Rows[0];

        Assert.Equal(["figlet", "shasum", "curl"], row.Functions.Select(f => f.Name));
        Assert.Equal(2, row.Line);
        Assert.All(row.Functions.Where(f => f.Rate == 0), f => Assert.Equal((0.0, 0.0, 0.0), (f.CpuUsage, f.RamUsage, f.PowerUsage)));
        Assert.True(row.Measured.Ram > row.Measured.Cpu);
    }

    [Fact]
    public void Reads_a_sampler_dataset_with_node_capacity_columns()
    {
        using var dir = new TempDirectory();
        dir.Write("results-1.csv",
            "function_echo,rate_function_echo,success_rate_function_echo,cpu_usage_function_echo,ram_usage_function_echo,power_usage_function_echo,replica_echo,overloaded_function_echo,medium_latency_function_echo," +
            "cpu_usage_idle_node,cpu_usage_node,ram_usage_idle_node,ram_usage_node,ram_usage_idle_node_percentage,ram_usage_node_percentage,power_usage_idle_node,power_usage_node,rest_seconds,overloaded_node," +
            "start_time,end_time,iteration,node_cores,node_memory_bytes,power_source\n" +
            "echo,10,1.000,5.0,1000,10,1,0,2000000,3.0,9.0,1e9,1.1e9,10,11,1e6,2e6,5,0,1700000000,1700000030,1,2,25769803776,estimated\n" +
            "echo,20,1.000,x,1000,10,1,0,2000000,3.0,9.0,1e9,1.1e9,10,11,1e6,2e6,5,0,1700000040,1700000070,1,2,25769803776,estimated\n");

        var data = DatasetLoader.Load(dir.Path);

        var row = Assert.Single(data.Rows);
        Assert.Equal(new NodeSpec("2-core", 2, 25769803776), row.Node);
        var issue = Assert.Single(data.Issues);
        Assert.Equal(3, issue.Line);
        Assert.Contains("cpu_usage_function_echo is not a number: 'x'", issue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_node_capacity_is_refused_with_a_reason()
    {
        using var dir = new TempDirectory();
        var header = File.ReadLines(SharedData.Path("runs", "MID", "results-2023-11-17_11-37-30-0-30s.csv")).First();
        dir.Write("results-2.csv", header + "\n");

        var error = Assert.Throws<FormatException>(() => DatasetLoader.Load(dir.Path));
        Assert.Contains("cannot tell the node's capacity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_paths_and_foreign_files_are_refused()
    {
        using var dir = new TempDirectory();
        Assert.Contains("no such file", Assert.Throws<FormatException>(() => DatasetLoader.Load(Path.Combine(dir.Path, "nope"))).Message, StringComparison.Ordinal);
        Assert.Contains("no results-*.csv", Assert.Throws<FormatException>(() => DatasetLoader.Load(dir.Path)).Message, StringComparison.Ordinal);
        dir.Write("results-3.csv", "a,b\n1,2\n");
        Assert.Contains("not a results file", Assert.Throws<FormatException>(() => DatasetLoader.Load(dir.Path)).Message, StringComparison.Ordinal);
    }
}
