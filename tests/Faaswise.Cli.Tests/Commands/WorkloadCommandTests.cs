using Faaswise.Load.Arrivals;
using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

public class WorkloadCommandTests
{
    [Fact]
    public async Task Es1_sweep_writes_one_folder_per_cv_that_attack_can_replay()
    {
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = await CliRun.RunAsync("workload", "generate", "--out", dir.Path, "--seed", "3");

        Assert.True(code == 0, stderr);
        Assert.Equal(["cv-0.1", "cv-1", "cv-2", "cv-4", "cv-8"], Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order());
        Assert.Contains("es1 cv 4: 57,441 requests", stdout, StringComparison.Ordinal);
        Assert.Equal(10000, TraceArrivals.Load(Path.Combine(dir.Path, "cv-1", "bert-dist.txt")).Count);
    }

    [Fact]
    public async Task Json_lists_each_written_trace_with_its_requests_and_rate()
    {
        using var dir = new TempDirectory();

        var (code, stdout, stderr) = await CliRun.RunAsync("workload", "generate", "--kind", "constant", "--rates", "bert=10,labse=2", "--duration", "60s", "--out", dir.Path, "--json");

        Assert.True(code == 0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var functions = json.RootElement.EnumerateArray().Single().GetProperty("functions").EnumerateArray().ToList();
        Assert.Equal(["bert", "labse"], functions.Select(f => f.GetProperty("function").GetString()).Order(StringComparer.Ordinal));
        Assert.All(functions, f => Assert.Equal(TraceArrivals.Load(f.GetProperty("file").GetString()!).Count, f.GetProperty("requests").GetInt32()));
    }

    [Theory]
    [InlineData("--kind poisson", "--rates needs function=requests/s pairs")]
    [InlineData("--kind constant --rates bert", "'bert' is not function=rate")]
    [InlineData("--kind es1 --cv 0", "--cv '0' is not a positive number")]
    [InlineData("--kind azure", "--kind azure needs --trace FILE")]
    [InlineData("--kind zipf", "--kind must be es1, poisson, constant or azure")]
    public async Task Bad_input_exits_2(string args, string reason)
    {
        using var dir = new TempDirectory();

        var (code, _, stderr) = await CliRun.RunAsync(["workload", "generate", "--out", dir.Path, .. args.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }
}
