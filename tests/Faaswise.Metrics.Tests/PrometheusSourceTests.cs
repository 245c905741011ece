using Faaswise.Metrics.Local;
using Faaswise.Metrics.Prometheus;

namespace Faaswise.Metrics.Tests;

[Collection(CpuMeasuringTests.Name)]
public class PrometheusSourceTests(PrometheusFixture fixture) : IClassFixture<PrometheusFixture>
{
    private const double AgreementTolerance = 20; // percent of one core, between two samplers of one busy window

    [Fact]
    public async Task Reads_the_nodes_capacity_and_sees_load_as_the_local_collector_does()
    {
        using var client = new PrometheusClient(new PrometheusOptions { BaseAddress = fixture.Address });
        var source = await PrometheusSource.ConnectAsync(client, fixture.Address, PrometheusFixture.ScrapeInterval);
        await using var local = new LocalCollector(null, interval: TimeSpan.FromMilliseconds(250));

        Assert.Equal(Environment.ProcessorCount, source.NodeCores);
        Assert.Equal(MemInfo.Read().Total, source.NodeMemoryBytes, 0.01 * source.NodeMemoryBytes);
        Assert.Equal(PowerSources.Estimated, source.PowerSource);

        var idleStart = DateTimeOffset.UtcNow;
        await Task.Delay(4000);
        var idleEnd = DateTimeOffset.UtcNow;
        var (busyStart, busyEnd, own) = LocalCollectorTests.Spin(TimeSpan.FromSeconds(4));

        var idle = await source.WindowAsync(idleStart, idleEnd, ["figlet"], CancellationToken.None);
        var busy = await source.WindowAsync(busyStart, busyEnd, ["figlet"], CancellationToken.None);
        var localBusy = await local.WindowAsync(busyStart, busyEnd, [], CancellationToken.None);

        var saturated = idle.Node.CpuPercent >= 100 * source.NodeCores - 5;
        Assert.True(busy.Node.CpuPercent > idle.Node.CpuPercent || saturated, $"busy {busy.Node.CpuPercent:F1} % vs idle {idle.Node.CpuPercent:F1} % (saturated by other work: {saturated})");
        Assert.True(busy.Node.CpuPercent >= 0.8 * own, $"node {busy.Node.CpuPercent:F1} % of a core while this process alone used {own:F1} %");
        Assert.InRange(busy.Node.CpuPercent, 0, 100 * source.NodeCores + 5);
        Assert.InRange(busy.Node.RamBytes, 1e6, source.NodeMemoryBytes);
        Assert.InRange(busy.Node.RamPercent, 0.1, 100);
        Assert.Equal(0, busy.Functions["figlet"].CpuPercent);
        Assert.True(Math.Abs(busy.Node.CpuPercent - localBusy.Node.CpuPercent) <= AgreementTolerance,
            $"prometheus {busy.Node.CpuPercent:F1} % vs local {localBusy.Node.CpuPercent:F1} % of one core");
        Assert.True((await source.NodeNowAsync(CancellationToken.None)).CpuPercent >= 0);
    }

    [Fact]
    public async Task A_window_shorter_than_two_scrapes_is_a_clear_error()
    {
        using var client = new PrometheusClient(new PrometheusOptions { BaseAddress = fixture.Address });
        var source = await PrometheusSource.ConnectAsync(client, fixture.Address, PrometheusFixture.ScrapeInterval);
        var end = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<MetricsException>(() => source.WindowAsync(end.AddMilliseconds(-400), end, [], CancellationToken.None));

        Assert.Contains("must hold at least two scrapes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_prometheus_is_refused_with_its_address()
    {
        var address = new Uri($"http://127.0.0.1:{Faaswise.Testing.ClosedPort.Find()}/");
        using var client = new PrometheusClient(new PrometheusOptions { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) });

        var error = await Assert.ThrowsAsync<MetricsException>(() => PrometheusSource.ConnectAsync(client, address, TimeSpan.FromSeconds(1)));

        Assert.Contains(address.ToString(), error.Message, StringComparison.Ordinal);
    }
}
