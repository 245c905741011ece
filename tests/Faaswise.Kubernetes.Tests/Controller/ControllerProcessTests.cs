using System.Net;
using System.Text.RegularExpressions;
using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Tests.Webhook;
using Faaswise.Testing;
using k8s;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>`faaswise qshuf controller` as its own process against the test cluster, as an operator runs it with a kubeconfig.</summary>
public sealed partial class ControllerProcessTests
{
    [Fact]
    public async Task TheCommand_Leads_BindsAndDeploys_ServesReadyzAndMetrics_WritesDecisions_AndStopsOnSigterm()
    {
        await using var f = await WebhookFixture.StartAsync("qshuf", ControllerFixture.Scheduler);
        await f.RegisterAsync();
        var world = Path.Combine(f.Directory, "world.yaml");
        await File.WriteAllTextAsync(world, Reviews.WorldYaml);
        var decisions = Path.Combine(f.Directory, "decisions.csv");
        using var controller = FaaswiseProcess.Start("qshuf", "controller", "--kubeconfig", f.Cluster.WriteKubeconfig(f.Directory), "--world", world, "--policy", "qshuf",
            "--port", "0", "--identity", "controller-0", "--period", "1s", "--decisions", decisions, "--verbose");
        await controller.WaitForOutputAsync("/metrics on http://", TimeSpan.FromSeconds(90));
        var endpoint = new Uri(Banner().Match(controller.Output).Groups[1].Value);
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };

        await f.Client.AppsV1.CreateNamespacedDeploymentAsync(WebhookFixture.Function("bert", gpuLedgers: f.LedgerDirectory), "openfaas-fn");
        await f.Cluster.WaitUntilAsync(() => f.Pods("bert").Count == 2 && f.Pods("bert").All(p => PodFacts.Node(p) is not null) && File.Exists(decisions) && File.ReadAllLines(decisions).Length >= 2,
            TimeSpan.FromSeconds(120), () => "bert's pod and its reserve bound by the controller; " + controller.Output);
        var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
        const string StartApplied = "faaswise_controller_decisions_total{kind=\"start\",source=\"deploy\",outcome=\"applied\"} 1";
        var metrics = await MetricsShowingAsync(http, StartApplied, TimeSpan.FromSeconds(30));
        controller.Terminate();
        var code = await controller.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("faaswise_controller_leader 1", metrics, StringComparison.Ordinal);
        Assert.Matches(new Regex("scheduler_schedule_attempts_total\\{result=\"scheduled\"\\} [1-9]"), metrics);
        Assert.Contains(StartApplied, metrics, StringComparison.Ordinal);
        var rows = File.ReadAllLines(decisions);
        Assert.Equal(Faaswise.Kubernetes.Control.OutcomeCsv.Header, rows[0]);
        Assert.Contains(rows, r => r.Contains(",deploy,start,intent:bert-", StringComparison.Ordinal) && r.Contains(",applied,", StringComparison.Ordinal));
        Assert.True(code is 0 or 130, controller.Output);
        Assert.Contains("controller: stopped after 1 terms as leader", controller.Output, StringComparison.Ordinal);
    }

    /// <summary>The decisions.csv row and the counter are written by two handlers of one outcome: the metrics may trail the file by a moment.</summary>
    private static async Task<string> MetricsShowingAsync(HttpClient http, string line, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            if (metrics.Contains(line, StringComparison.Ordinal) || DateTime.UtcNow > deadline) return metrics;
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("/metrics on (http://[0-9.:]+)")]
    private static partial Regex Banner();
}
