using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Faaswise.Kubernetes.Testing.Store;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Faaswise.Kubernetes.Tests.Webhook;

/// <summary>The API server's side of admission at its edges (timeouts, dry runs), and the webhook as the real command.</summary>
public sealed partial class AdmissionEdgeTests
{
    [Theory]
    [InlineData("Fail", true)]
    [InlineData("Ignore", false)]
    public async Task AWebhookThatNeverAnswers_TimesOutAfterTimeoutSeconds_ThenTheFailurePolicyDecides(string policy, bool refused)
    {
        await using var f = await WebhookFixture.StartAsync();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await f.RegisterAsync(policy, target: (IPEndPoint)silent.LocalEndpoint, timeoutSeconds: 1);
        var clock = Stopwatch.StartNew();

        var error = await Record.ExceptionAsync(() => f.Client.CoreV1.CreateNamespacedPodAsync(Pod(), "openfaas-fn"));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {clock.Elapsed.TotalSeconds:0.00} s");
        if (refused)
        {
            var e = Assert.IsType<HttpOperationException>(error);
            Assert.Equal(HttpStatusCode.InternalServerError, e.Response.StatusCode);
            Assert.Contains("context deadline exceeded", e.Response.Content, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(error);
        }
    }

    [Fact]
    public async Task DryRun_ReachesOnlyWebhooksWithoutSideEffects()
    {
        await using var f = await WebhookFixture.StartAsync();
        await f.RegisterAsync();
        using var http = new HttpClient { BaseAddress = f.Cluster.Server.HttpUrl };
        var body = k8s.KubernetesJson.Serialize(Pod());

        using var dry = await http.PostAsync("/api/v1/namespaces/openfaas-fn/pods?dryRun=All", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var placed = await dry.Content.ReadAsStringAsync();
        await f.Client.AdmissionregistrationV1.PatchMutatingWebhookConfigurationAsync(
            new V1Patch("""[{"op":"replace","path":"/webhooks/0/sideEffects","value":"Some"}]""", V1Patch.PatchType.JsonPatch), "faaswise-webhook");
        using var refused = await http.PostAsync("/api/v1/namespaces/openfaas-fn/pods?dryRun=All", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, dry.StatusCode);
        Assert.Contains("NVIDIA_VISIBLE_DEVICES", placed, StringComparison.Ordinal);
        Assert.Empty(f.Pods());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("does not support dry run", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await f.ScrapeAsync();
        Assert.Contains("faaswise_webhook_admissions_total{result=\"placed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("faaswise_webhook_admission_duration_seconds_count 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWebhookCommand_Restarted_ContinuesThePlanFromThePodsItsInformerLists()
    {
        await using var f = await WebhookFixture.StartAsync();
        var world = Path.Combine(f.Directory, "world.yaml");
        await File.WriteAllTextAsync(world, Reviews.WorldYaml);
        var kubeconfig = f.Cluster.WriteKubeconfig(f.Directory);

        V1Pod first;
        using (var a = await WebhookProcess.StartAsync(f, world, kubeconfig))
        {
            await f.RegisterAsync(target: a.Endpoint);
            first = await f.Client.CoreV1.CreateNamespacedPodAsync(Pod(), "openfaas-fn");
        }

        using var b = await WebhookProcess.StartAsync(f, world, kubeconfig);
        f.Cluster.Expose("faaswise", "faaswise-webhook", 443, "https", b.Endpoint);
        var second = await f.Client.CoreV1.CreateNamespacedPodAsync(Pod(), "openfaas-fn");

        Assert.Equal("0", first.Metadata.Labels[PodLabels.Slot]);
        Assert.Equal("1", second.Metadata.Labels[PodLabels.Slot]);
        Assert.Equal("True", second.Metadata.Labels[PodLabels.Reserve]);
        Assert.DoesNotContain(first.Spec.Volumes, v => v.Name == "faaswise-models");
    }

    /// <summary><c>faaswise qshuf webhook</c> as a process, on a free port, watching the test cluster through a kubeconfig.</summary>
    private sealed class WebhookProcess : IDisposable
    {
        private readonly Process _process;

        private WebhookProcess(Process process, IPEndPoint endpoint)
        {
            _process = process;
            Endpoint = endpoint;
        }

        public IPEndPoint Endpoint { get; }

        public static async Task<WebhookProcess> StartAsync(WebhookFixture f, string world, string kubeconfig)
        {
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "faaswise.dll"), "qshuf", "webhook", "--tls-dir", f.CertDirectory, "--world", world,
                         "--policy", "qshuf", "--port", "0", "--kubeconfig", kubeconfig, "--model-host-path", "" })
            {
                info.ArgumentList.Add(a);
            }

            var process = Process.Start(info)!;
            var banner = await process.StandardOutput.ReadLineAsync() ?? "";
            var match = Listening().Match(banner);
            if (!match.Success)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"the webhook did not start: {banner} {await process.StandardError.ReadToEndAsync()}");
            }

            return new WebhookProcess(process, new IPEndPoint(IPAddress.Loopback, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { GenerateName = "bert-", Labels = new Dictionary<string, string> { [PodLabels.Function] = "bert", [PodLabels.OptIn] = "true" } },
        Spec = new V1PodSpec { SchedulerName = "nobody", Containers = [new V1Container { Name = "bert", Image = "ghcr.io/faaswise/bert" }] },
    };

    [GeneratedRegex(@"^webhook: https://127\.0\.0\.1:(\d+)/mutate")]
    private static partial Regex Listening();
}
