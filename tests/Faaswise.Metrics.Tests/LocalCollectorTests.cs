using System.Diagnostics;
using Faaswise.Metrics.Local;
using Faaswise.Testing;

namespace Faaswise.Metrics.Tests;

[Collection(CpuMeasuringTests.Name)]
public class LocalCollectorTests
{
    [Fact]
    public void Proc_files_parse()
    {
        var cpu = CpuTimes.Parse("cpu  100 5 50 1000 20 1 2 3 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\n");
        Assert.Equal((161.0, 1181.0), (cpu.Busy, cpu.Total));
        Assert.Equal(50.0 * 2, CpuTimes.Percent(new CpuTimes(0, 0), new CpuTimes(50, 100), 2));

        var mem = MemInfo.Parse("MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    400 kB\nBuffers:          50 kB\nCached:          150 kB\n");
        Assert.Equal(600 * 1024.0, mem.Used);
        Assert.Equal(70.0, mem.UsedPercent, 9);
    }

    [Fact]
    public void Gateway_counters_are_summed_per_function_over_replicas()
    {
        var text = """
            # HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.
            container_cpu_usage_seconds_total{container_label_io_kubernetes_container_name="figlet",id="/kubepods/figlet/1",name="figlet-1"} 1.5
            container_cpu_usage_seconds_total{container_label_io_kubernetes_container_name="figlet",id="/kubepods/figlet/2",name="figlet-2"} 2.5
            container_memory_usage_bytes{container_label_io_kubernetes_container_name="figlet",id="/kubepods/figlet/1",name="figlet-1"} 1e6
            container_memory_usage_bytes{container_label_io_kubernetes_container_name="env",id="/kubepods/env/1",name="env-1"} 3e6
            gateway_service_count{function_name="figlet.openfaas-fn"} 2
            """;

        var counters = FunctionCounters.Parse(text);

        Assert.Equal((4.0, 1e6), counters["figlet"]);
        Assert.Equal((0.0, 3e6), counters["env"]);
        Assert.Equal(2, counters.Count);
    }

    [Fact]
    public void Rapl_counters_wrap_at_their_range()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "intel-rapl:0"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "intel-rapl:0:0"));
        dir.Write("intel-rapl:0/energy_uj", "900\n");
        dir.Write("intel-rapl:0/max_energy_range_uj", "1000\n");

        var rapl = RaplReader.Open(dir.Path)!;
        var before = rapl.Read();
        dir.Write("intel-rapl:0/energy_uj", "100\n");

        Assert.Equal(200, rapl.Between(before, rapl.Read()));
        Assert.Null(RaplReader.Open(Path.Combine(dir.Path, "none")));
    }

    [Fact]
    public async Task A_busy_window_shows_at_least_this_process_cpu_and_more_than_an_idle_one()
    {
        await using var collector = new LocalCollector(null, interval: TimeSpan.FromMilliseconds(200));
        var idleStart = DateTimeOffset.UtcNow;
        var idleEnd = await ReadingsAfterAsync(collector, idleStart, 6);
        var idle = await collector.WindowAsync(idleStart, idleEnd, [], CancellationToken.None);

        // One thread spins until the collector has read the window and one reading after it, however late its readings come.
        using var self = Process.GetCurrentProcess();
        var spinning = true;
        using var started = new ManualResetEventSlim();
        var spinner = new Thread(() =>
        {
            started.Set();
            while (Volatile.Read(ref spinning)) { }
        }) { IsBackground = true };
        var cpuBefore = self.TotalProcessorTime;
        var spinStart = DateTimeOffset.UtcNow;
        spinner.Start();
        started.Wait();
        var busyStart = DateTimeOffset.UtcNow;
        var busyEnd = await ReadingsAfterAsync(collector, busyStart, 6);
        var busy = await collector.WindowAsync(busyStart, busyEnd, [], CancellationToken.None);
        Volatile.Write(ref spinning, false);
        spinner.Join();
        self.Refresh();
        var own = (self.TotalProcessorTime - cpuBefore).TotalSeconds / (DateTimeOffset.UtcNow - spinStart).TotalSeconds * 100;

        // The machine may be busy with other work; what the node CPU must show is at least this process's own spin.
        Assert.True(busy.Node.CpuPercent >= 0.8 * Math.Min(own, 100), $"node {busy.Node.CpuPercent:F1} % of a core while this process alone used {own:F1} %");
        Assert.InRange(busy.Node.CpuPercent, 0, 100 * collector.NodeCores + 5);
        // More than the idle window, unless other work already saturated every core in both.
        var saturated = idle.Node.CpuPercent >= 100 * collector.NodeCores - 5;
        Assert.True(busy.Node.CpuPercent > idle.Node.CpuPercent || saturated, $"busy {busy.Node.CpuPercent:F1} % vs idle {idle.Node.CpuPercent:F1} %");
        Assert.InRange(busy.Node.RamBytes, 1e6, collector.NodeMemoryBytes);
        Assert.Equal(PowerSources.Estimated, collector.PowerSource);
        Assert.True(busy.Node.PowerMicrowatts > idle.Node.PowerMicrowatts || saturated && busy.Node.PowerMicrowatts >= 0.95 * idle.Node.PowerMicrowatts,
            $"estimated power busy {busy.Node.PowerMicrowatts / 1e6:F1} W vs idle {idle.Node.PowerMicrowatts / 1e6:F1} W");
    }

    /// <summary>Waits until the collector holds <paramref name="count"/> readings after <paramref name="from"/>; the time then.</summary>
    private static async Task<DateTimeOffset> ReadingsAfterAsync(LocalCollector collector, DateTimeOffset from, int count)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            if (collector.Between(from, now).Count >= count) return now;
            await Task.Delay(collector.Interval);
        }
    }

    [Fact]
    public void Bunched_readings_inside_a_window_give_way_to_its_neighbours_and_no_advance_at_all_is_an_error()
    {
        var origin = DateTimeOffset.UnixEpoch;
        static LocalSample At(DateTimeOffset origin, double seconds, double busy, double total) =>
            new(origin.AddSeconds(seconds), new CpuTimes(busy, total), default, null, new Dictionary<string, (double, double)>());
        var interval = TimeSpan.FromSeconds(1);
        static (LocalSample First, LocalSample Last) Pick(List<LocalSample> readings, DateTimeOffset start, DateTimeOffset end, TimeSpan interval) =>
            WindowEdges.Pick(readings, readings.Where(s => s.Time >= start && s.Time <= end).ToList(), start, end, interval);

        // Regular readings: the first and last inside.
        var regular = Enumerable.Range(0, 12).Select(i => At(origin, i, 50 * i, 200 * i)).ToList();
        var (first, last) = Pick(regular, origin.AddSeconds(2.5), origin.AddSeconds(8.5), interval);
        Assert.Equal((3.0, 8.0), ((first.Time - origin).TotalSeconds, (last.Time - origin).TotalSeconds));

        // A stall: two readings a millisecond apart inside a 6 s window, /proc/stat unchanged between them.
        var stalled = new List<LocalSample> { At(origin, 2, 100, 400), At(origin, 8.4, 1300, 1680), At(origin, 8.401, 1300, 1680), At(origin, 9, 1400, 1800) };
        (first, last) = Pick(stalled, origin.AddSeconds(2.5), origin.AddSeconds(8.5), interval);
        Assert.Equal((2.0, 9.0), ((first.Time - origin).TotalSeconds, (last.Time - origin).TotalSeconds));
        Assert.True(CpuTimes.Percent(first.Cpu, last.Cpu, 2) > 0);

        // Nothing moved even between the neighbours: an error, never 0 % CPU.
        var paused = new List<LocalSample> { At(origin, 2, 100, 400), At(origin, 3, 100, 400), At(origin, 3.2, 100, 400), At(origin, 4, 100, 400) };
        var error = Assert.Throws<MetricsException>(() => Pick(paused, origin.AddSeconds(2.5), origin.AddSeconds(3.5), interval));
        Assert.Contains("did not advance", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Spins one thread; the window it spanned and this process's CPU over it, percent of one core.</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End, double OwnPercent) Spin(TimeSpan length)
    {
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var start = DateTimeOffset.UtcNow;
        var spin = Stopwatch.StartNew();
        while (spin.Elapsed < length) { }
        var end = DateTimeOffset.UtcNow;
        self.Refresh();
        return (start, end, (self.TotalProcessorTime - cpuBefore).TotalSeconds / (end - start).TotalSeconds * 100);
    }

    [Fact]
    public async Task Now_waits_for_two_fresh_readings()
    {
        await using var collector = new LocalCollector(null, interval: TimeSpan.FromMilliseconds(100));

        var now = await collector.NodeNowAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(now.CpuPercent, 0, 100 * collector.NodeCores + 1);
    }

    [Fact]
    public async Task A_window_with_one_reading_is_an_error_not_a_zero()
    {
        await using var collector = new LocalCollector(null, interval: TimeSpan.FromSeconds(5));
        var now = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<MetricsException>(() => collector.WindowAsync(now.AddMilliseconds(-10), now, [], CancellationToken.None));
        Assert.Contains("it needs two", error.Message, StringComparison.Ordinal);
    }
}
