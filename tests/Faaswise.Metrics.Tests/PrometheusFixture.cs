using System.Net.Http.Json;
using System.Text.Json;
using Faaswise.Testing;

namespace Faaswise.Metrics.Tests;

/// <summary>Debian's prometheus-node-exporter and prometheus on free loopback ports, scraping every second.</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private readonly TempDirectory dir = new();
    private ExternalProgram? exporter;
    private ExternalProgram? prometheus;

    public Uri Address { get; private set; } = null!;

    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);

    public async Task InitializeAsync()
    {
        var exporterPath = ExternalProgram.Require("prometheus-node-exporter", "prometheus-node-exporter");
        var prometheusPath = ExternalProgram.Require("prometheus", "prometheus");
        var exporterPort = ClosedPort.Find();
        var port = ClosedPort.Find();
        exporter = ExternalProgram.Start(exporterPath, $"--web.listen-address=127.0.0.1:{exporterPort}", "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo");
        var config = dir.Write("prometheus.yml", $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["127.0.0.1:{exporterPort}"]
            """);
        prometheus = ExternalProgram.Start(prometheusPath, $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir.Path, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn");
        Address = new Uri($"http://127.0.0.1:{port}/");

        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var up = await http.GetFromJsonAsync<JsonElement>(new Uri("api/v1/query?query=count(node_cpu_seconds_total)", UriKind.Relative));
                if (up.GetProperty("data").GetProperty("result").GetArrayLength() > 0) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline || !prometheus.Running || !exporter.Running)
            {
                throw new InvalidOperationException($"prometheus on {Address} did not scrape node-exporter within 60 s");
            }

            await Task.Delay(200);
        }
    }

    public Task DisposeAsync()
    {
        prometheus?.Dispose();
        exporter?.Dispose();
        dir.Dispose();
        return Task.CompletedTask;
    }
}
