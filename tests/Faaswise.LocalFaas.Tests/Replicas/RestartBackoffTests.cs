using Faaswise.LocalFaas.Replicas;

namespace Faaswise.LocalFaas.Tests.Replicas;

public class RestartBackoffTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(4, 2000)]
    [InlineData(10, 10_000)]   // 250 × 2^9 capped at 10 s
    [InlineData(1000, 10_000)]
    public void Delay_Doubles_UpToMax(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RestartBackoff.Delay(failures, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10)));

    [Fact]
    public void ProcStat_Parse_ReadsTimesAndRss()
    {
        // /proc/[pid]/stat with a command name holding spaces and a ')'
        const string line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 30 12 5 3 20 0 4 0 123 456789 77 18446744073709551615";
        var stat = ProcStat.Parse(line)!.Value;
        Assert.Equal((4242, 1, 30 + 12 + 5 + 3, 77L), (stat.Pid, stat.ParentPid, stat.CpuTicks, stat.RssPages));
    }

    [Fact]
    public void Measure_SumsTheTree()
    {
        ProcStat[] snapshot = [new(10, 1, 100, 10), new(11, 10, 50, 5), new(12, 11, 25, 1), new(20, 1, 999, 99)];
        var usage = ProcessTreeUsage.Measure([10, 30], snapshot);
        Assert.Single(usage);
        Assert.Equal(3, usage[10].Processes);
        Assert.Equal(175 / ProcStat.TicksPerSecond, usage[10].CpuSeconds, 9);
        Assert.Equal(16L * Environment.SystemPageSize, usage[10].MemoryBytes);
    }
}
