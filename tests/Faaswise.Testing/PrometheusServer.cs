using System.Net.Http.Json;
using System.Text.Json;

namespace Faaswise.Testing;

/// <summary>
/// Debian's prometheus-node-exporter and prometheus on free loopback ports, scraping node-exporter (and any extra
/// targets) every second; ready once two scrapes of node-exporter give a rate.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly TempDirectory dir;
    private readonly ExternalProgram exporter;
    private readonly ExternalProgram prometheus;

    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);

    private PrometheusServer(ExternalProgram exporter, ExternalProgram prometheus, Uri address, TempDirectory dir)
    {
        this.exporter = exporter;
        this.prometheus = prometheus;
        this.dir = dir;
        Address = address;
    }

    public Uri Address { get; }

    public static Task<PrometheusServer> StartAsync(params string[] extraTargets) => StartAsync(extraTargets, "");

    /// <summary>
    /// Also scrapes the jobs in <paramref name="jobsYaml"/> (entries of <c>scrape_configs</c>, each line indented by two spaces),
    /// where <c>{exporter}</c> stands for node-exporter's address: a second job over it plays a second node.
    /// </summary>
    public static Task<PrometheusServer> StartWithJobsAsync(string jobsYaml) => StartAsync([], jobsYaml);

    private static async Task<PrometheusServer> StartAsync(string[] extraTargets, string jobsYaml)
    {
        var exporterPath = ExternalProgram.Require("prometheus-node-exporter", "prometheus-node-exporter");
        var prometheusPath = ExternalProgram.Require("prometheus", "prometheus");
        var dir = new TempDirectory();
        var exporterPort = ClosedPort.Find();
        var port = ClosedPort.Find();
        var exporter = ExternalProgram.Start(exporterPath, $"--web.listen-address=127.0.0.1:{exporterPort}", "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo");
        var extra = string.Concat(extraTargets.Select((t, i) => $"""

              - job_name: extra{i}
                static_configs:
                  - targets: ["{t}"]
            """));
        var config = dir.Write("prometheus.yml", $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["127.0.0.1:{exporterPort}"]{extra}
            {jobsYaml.Replace("{exporter}", $"127.0.0.1:{exporterPort}", StringComparison.Ordinal)}
            """);
        var prometheus = ExternalProgram.Start(prometheusPath, $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir.Path, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn");
        var server = new PrometheusServer(exporter, prometheus, new Uri($"http://127.0.0.1:{port}/"), dir);
        try
        {
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    var up = await http.GetFromJsonAsync<JsonElement>(new Uri("api/v1/query?query=count(rate(node_cpu_seconds_total%5B5s%5D))", UriKind.Relative));
                    if (up.GetProperty("data").GetProperty("result").GetArrayLength() > 0) return server;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                if (DateTime.UtcNow > deadline || !prometheus.Running || !exporter.Running)
                {
                    throw new InvalidOperationException($"prometheus on {server.Address} did not scrape node-exporter within 60 s");
                }

                await Task.Delay(200);
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        prometheus.Dispose();
        exporter.Dispose();
        dir.Dispose();
    }
}
