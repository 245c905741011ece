using System.Globalization;
using Faaswise.Metrics.Prometheus;
using Faaswise.Metrics.Queries;
using Faaswise.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Metrics.Tests;

/// <summary>The Prometheus of <see cref="MultiNodePrometheusTests"/>, started once for the class.</summary>
public sealed class MultiNodePrometheusFixture : IAsyncLifetime
{
    public const double CoresPerReplica = 0.25;
    private static readonly string[] Series =
    [
        // container, namespace, pod, cgroup id, CPU and memory multiple of one replica's
        "figlet|openfaas-fn|figlet-1|/kubepods/pod1/c1|1",
        "figlet|openfaas-fn|figlet-2|/kubepods/pod2/c2|1",
        "figlet|staging|figlet-s|/kubepods/pod3/c3|4",
        "POD|openfaas-fn|figlet-1|/kubepods/pod1/pause|8",
        "|openfaas-fn|figlet-1|/kubepods/pod1|16",
    ];

    private readonly long originMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private WebApplication? kubelet;
    private PrometheusServer? server;

    public PrometheusClient Client { get; private set; } = null!;

    public Uri Address => server!.Address;

    public async Task InitializeAsync()
    {
        Uri url;
        (kubelet, url) = await LoopbackHost.StartAsync(app => app.MapGet("/metrics/cadvisor", (HttpContext _) => Results.Text(CadvisorText(), "text/plain; version=0.0.4")));
        var target = $"{url.Host}:{url.Port}";
        server = await PrometheusServer.StartWithJobsAsync($"""
              - job_name: node-twin
                static_configs:
                  - targets: ["{"{exporter}"}"]
              - job_name: kubelet-a
                metrics_path: /metrics/cadvisor
                static_configs:
                  - targets: ["{target}"]
                    labels: {"{"}node: a{"}"}
              - job_name: kubelet-b
                metrics_path: /metrics/cadvisor
                static_configs:
                  - targets: ["{target}"]
                    labels: {"{"}node: b{"}"}
            """);
        Client = new PrometheusClient(new PrometheusOptions { BaseAddress = server.Address });
        // Wait on state: every container series of both nodes has at least 12 scrapes, so the test window lies inside its history.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await Client.QueryAsync("count(count_over_time(container_cpu_usage_seconds_total[16s]) >= 12)", null, CancellationToken.None) is var ready && (ready.IsEmpty || ready.SumOfMeans("count") < 2 * Series.Length))
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("prometheus did not scrape the kubelet stand-in within 90 s");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        server?.Dispose();
        if (kubelet is not null) await kubelet.DisposeAsync();
    }

    private string CadvisorText()
    {
        // Each sample carries the instant its value was computed for, so a scrape answered late on a busy machine
        // does not pair a later value with Prometheus's earlier scrape time.
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var seconds = (nowMs - originMs) / 1000.0;
        var text = new System.Text.StringBuilder("# TYPE container_cpu_usage_seconds_total counter\n");
        foreach (var line in Series)
        {
            var f = line.Split('|');
            text.Append(CultureInfo.InvariantCulture, $"container_cpu_usage_seconds_total{{container=\"{f[0]}\",namespace=\"{f[1]}\",pod=\"{f[2]}\",id=\"{f[3]}\"}} {seconds * CoresPerReplica * int.Parse(f[4], CultureInfo.InvariantCulture):F6} {nowMs}\n");
        }

        text.Append("# TYPE container_memory_usage_bytes gauge\n");
        foreach (var line in Series)
        {
            var f = line.Split('|');
            text.Append(CultureInfo.InvariantCulture, $"container_memory_usage_bytes{{container=\"{f[0]}\",namespace=\"{f[1]}\",pod=\"{f[2]}\",id=\"{f[3]}\"}} {1e6 * int.Parse(f[4], CultureInfo.InvariantCulture):F0} {nowMs}\n");
        }

        return text.ToString();
    }
}

/// <summary>
/// A real Prometheus that scrapes two "nodes" (node-exporter twice, under two jobs, and a kubelet's
/// <c>/metrics/cadvisor</c> stand-in twice, labelled <c>node="a"</c> and <c>node="b"</c>), as a kube-prometheus stack does:
/// DFaaS's unscoped queries sum both nodes; scoped queries read one node and one namespace.
/// </summary>
[Collection(CpuMeasuringTests.Name)]
public sealed class MultiNodePrometheusTests(MultiNodePrometheusFixture fixture) : IClassFixture<MultiNodePrometheusFixture>
{
    private const double CoresPerReplica = MultiNodePrometheusFixture.CoresPerReplica;

    // The wrong answers these tests tell apart are 50 % off or more (one node for two, a pause container or pod cgroup added).
    private const double Tolerance = 0.2;

    [Fact]
    public async Task Unscoped_dfaas_queries_count_every_node_and_miss_kubelet_label_names()
    {
        var source = await PrometheusSource.ConnectAsync(fixture.Client, fixture.Address, PrometheusServer.ScrapeInterval);

        Assert.Equal(2 * Environment.ProcessorCount, source.NodeCores);
        var usage = await WindowAsync(source, "figlet");
        Assert.Equal(0, usage.Functions["figlet"].CpuPercent);
        Assert.Equal(0, usage.Functions["figlet"].RamBytes);
    }

    [Fact]
    public async Task A_node_selector_and_kubelet_labels_read_one_node_and_the_functions_namespace()
    {
        var scope = new QueryScope
        {
            Node = LabelMatchers.Parse("job=\"node\""),
            Containers = LabelMatchers.Parse("node=\"a\""),
            Labels = ContainerLabels.Kubelet,
            Namespace = QueryScope.OpenFaasNamespace,
        };
        var source = await PrometheusSource.ConnectAsync(fixture.Client, fixture.Address, PrometheusServer.ScrapeInterval, scope: scope);

        Assert.Equal(Environment.ProcessorCount, source.NodeCores);
        var usage = await WindowAsync(source, "figlet", "figlet.staging");
        // Two replicas in openfaas-fn on node a; the pause container, the pod cgroup, node b and staging are not figlet's.
        Assert.Equal(2 * CoresPerReplica * 100, usage.Functions["figlet"].CpuPercent, 2 * CoresPerReplica * 100 * Tolerance);
        Assert.Equal(2e6, usage.Functions["figlet"].RamBytes);
        Assert.Equal(4 * CoresPerReplica * 100, usage.Functions["figlet.staging"].CpuPercent, 4 * CoresPerReplica * 100 * Tolerance);
        Assert.Equal(4e6, usage.Functions["figlet.staging"].RamBytes);
        Assert.InRange(usage.Node.CpuPercent, 0, 100 * Environment.ProcessorCount + 5);
    }

    [Fact]
    public async Task Without_a_container_selector_kubelet_queries_sum_both_nodes()
    {
        var source = await PrometheusSource.ConnectAsync(fixture.Client, fixture.Address, PrometheusServer.ScrapeInterval, scope: new QueryScope { Labels = ContainerLabels.Kubelet, Namespace = QueryScope.OpenFaasNamespace });

        var usage = await WindowAsync(source, "figlet");

        Assert.Equal(2 * 2 * CoresPerReplica * 100, usage.Functions["figlet"].CpuPercent, 2 * 2 * CoresPerReplica * 100 * Tolerance);
        Assert.Equal(2 * 2e6, usage.Functions["figlet"].RamBytes);
    }

    [Fact]
    public async Task A_node_selector_that_matches_nothing_is_refused_naming_it()
    {
        var scope = new QueryScope { Node = LabelMatchers.Parse("instance=\"nowhere:9100\"") };

        var error = await Assert.ThrowsAsync<MetricsException>(() => PrometheusSource.ConnectAsync(fixture.Client, fixture.Address, PrometheusServer.ScrapeInterval, scope: scope));

        Assert.Contains("instance=\"nowhere:9100\"", error.Message, StringComparison.Ordinal);
    }

    // 8 s of 1 s scrapes: a scrape lost at either edge of the window costs rate() at most half an interval of 8 s.
    private static Task<WindowUsage> WindowAsync(PrometheusSource source, params string[] functions)
    {
        var end = DateTimeOffset.UtcNow;
        return source.WindowAsync(end.AddSeconds(-8), end, functions, CancellationToken.None);
    }
}
