using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Faaswise.LocalFaas.Tests.Gateway;

[Collection(GatewayProcesses.Name)]
public partial class MetricsTests
{
    /// <summary>Samples of the Prometheus text format: name{labels} value.</summary>
    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Parse(string text)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var m = Sample().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            samples.Add((m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    [Fact]
    public async Task Metrics_GatewayAndCadvisorSeries_ParseBackToWhatHappened()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("primes", "faaswise/primes");
        for (var i = 0; i < 5; i++) Assert.Equal(200, (await gw.Client.InvokeAsync("primes", Encoding.UTF8.GetBytes("300000"))).StatusCode);
        Assert.Equal(400, (await gw.Client.InvokeAsync("primes", Encoding.UTF8.GetBytes("nope"))).StatusCode);

        using var http = new HttpClient();
        var samples = Parse(await http.GetStringAsync(new Uri(gw.Url, "/metrics")));
        double One(string name, params (string K, string V)[] labels) =>
            Assert.Single(samples, s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.K) == l.V)).Value;

        Assert.Equal(5, One("gateway_function_invocation_total", ("function_name", "primes.openfaas-fn"), ("code", "200")));
        Assert.Equal(1, One("gateway_function_invocation_total", ("function_name", "primes.openfaas-fn"), ("code", "400")));
        Assert.Equal(6, One("gateway_function_invocation_started", ("function_name", "primes.openfaas-fn")));
        Assert.Equal(5, One("gateway_functions_seconds_count", ("function_name", "primes.openfaas-fn"), ("code", "200")));
        Assert.Equal(5, One("gateway_functions_seconds_bucket", ("function_name", "primes.openfaas-fn"), ("code", "200"), ("le", "+Inf")));
        Assert.Equal(1, One("gateway_service_count", ("function_name", "primes.openfaas-fn")));

        // DFaaS's selectors: id=~"^/kubepods.*", container_label_io_kubernetes_container_name="<fn>"
        var replica = gw.Replicas("primes").Single().Id;
        (string, string)[] container = [("container_label_io_kubernetes_container_name", "primes"), ("id", $"/kubepods/primes/{replica}")];
        var cpu = One("container_cpu_usage_seconds_total", container);
        var memory = One("container_memory_usage_bytes", container);
        Assert.InRange(cpu, 0.05, 60);          // five bounds of 300,000 by trial division, plus start-up
        Assert.InRange(memory, 5e6, 2e9);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$")]
    private static partial Regex Sample();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
