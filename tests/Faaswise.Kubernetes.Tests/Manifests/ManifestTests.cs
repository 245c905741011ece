using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Certificates;
using Faaswise.Kubernetes.Manifests;
using Faaswise.Kubernetes.Testing;
using Faaswise.Kubernetes.Testing.Store;
using k8s;

namespace Faaswise.Kubernetes.Tests.Manifests;

/// <summary>Certificates, the manifests and the Helm chart: what `faaswise qshuf certs` and `manifests` write is what a cluster takes.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("faaswise-manifests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Certs_ServeTheServiceNames_ChainToTheCa_AndARotationKeepsTheCa()
    {
        var first = WebhookCertificates.Write(_dir, "faaswise-webhook", "faaswise", [IPAddress.Loopback], TimeSpan.FromDays(30));
        var ca = File.ReadAllText(Path.Combine(_dir, WebhookCertificates.CaCertFile));
        using var before = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, WebhookCertificates.CertFile)));

        var second = WebhookCertificates.Write(_dir, "faaswise-webhook", "faaswise", [], TimeSpan.FromDays(30));
        using var after = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, WebhookCertificates.CertFile), Path.Combine(_dir, WebhookCertificates.KeyFile));
        using var caCert = X509Certificate2.CreateFromPem(ca);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCert);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.False(first);
        Assert.True(second);
        Assert.Equal(ca, File.ReadAllText(Path.Combine(_dir, WebhookCertificates.CaCertFile)));
        Assert.NotEqual(before.SerialNumber, after.SerialNumber);
        Assert.True(after.HasPrivateKey);
        Assert.True(chain.Build(after));
        foreach (var name in new[] { "faaswise-webhook", "faaswise-webhook.faaswise", "faaswise-webhook.faaswise.svc" }) Assert.True(after.MatchesHostname(name), name);
        Assert.True(before.MatchesHostname("127.0.0.1"));
        Assert.False(after.MatchesHostname("localhost"));
    }

    [Fact]
    public async Task Manifests_AreAcceptedByTheTestCluster_ThroughKubectl()
    {
        var kubectl = Kubectl.Path();
        if (kubectl is null) return;
        WebhookCertificates.Write(Path.Combine(_dir, "certs"), "faaswise-webhook", "faaswise", [], TimeSpan.FromDays(1));
        var yaml = Path.Combine(_dir, "qshuf.yaml");
        await File.WriteAllTextAsync(yaml, ManifestWriter.Yaml(new ManifestOptions { WorldYaml = Faaswise.Qshuf.World.Catalogues.Text("default")! }, Path.Combine(_dir, "certs")));
        await using var cluster = await TestCluster.StartAsync();
        cluster.AddNamespace("openfaas-fn");

        var created = Kubectl.Run(kubectl, cluster.WriteKubeconfig(_dir), "create", "-f", yaml, "--validate=false");

        Assert.Equal(18, created.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var config = cluster.Store.Get(ResourceType.MutatingWebhooks, null, "faaswise-webhook")!;
        var hook = config["webhooks"]![0]!;
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "certs", WebhookCertificates.CaCertFile)), System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(hook["clientConfig"]!["caBundle"]!.GetValue<string>())));
        Assert.Equal("NoneOnDryRun", hook["sideEffects"]!.GetValue<string>());
        Assert.Equal("true", hook["objectSelector"]!["matchLabels"]!["faaswise.io/qshuf"]!.GetValue<string>());
    }

    [Fact]
    public void HelmChart_Lints_AndRendersTheSameObjectsAsTheManifests()
    {
        var helm = Tools.Find("helm");
        if (helm is null) return;
        var certs = Path.Combine(_dir, "certs");
        WebhookCertificates.Write(certs, "faaswise-webhook", "faaswise", [], TimeSpan.FromDays(1));
        var world = Path.Combine(_dir, "world.yaml");
        File.WriteAllText(world, Faaswise.Qshuf.World.Catalogues.Text("default")!);
        var chart = Path.Combine(Tools.Root(), "deploy", "helm", "faaswise-qshuf");
        string[] files = ["--set-file", $"tls.certificate={certs}/tls.crt", "--set-file", $"tls.key={certs}/tls.key", "--set-file", $"tls.ca={certs}/ca.crt", "--set-file", $"world={world}"];

        Tools.Run(helm, ["lint", "--strict", chart, .. files]);
        var rendered = Tools.Run(helm, ["template", "qshuf", chart, .. files]);

        var expected = ByKindAndName(ManifestWriter.Objects(new ManifestOptions { WorldYaml = File.ReadAllText(world) }, certs));
        var actual = ByKindAndName(KubernetesYaml.LoadAllFromString(rendered));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, obj) in expected) Assert.True(JsonNode.DeepEquals(obj, actual[key]), $"{key} differs:\nmanifests: {obj}\nhelm:      {actual[key]}");
    }

    private static Dictionary<string, JsonNode> ByKindAndName(IEnumerable<object> objects) => objects
        .Select(o => JsonNode.Parse(KubernetesJson.Serialize(o))!)
        .ToDictionary(o => $"{o["kind"]}/{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}", o => o, StringComparer.Ordinal);
}
