using Faaswise.Testing;

namespace Faaswise.Cli.Tests.Commands;

public class QshufCommandTests
{
    [Theory]
    [InlineData("webhook --tls-dir /nonexistent-faaswise-dir", "--tls-dir /nonexistent-faaswise-dir has no tls.crt")]
    [InlineData("webhook --tls-dir . --world nowhere.yaml", "--world 'nowhere.yaml' is neither a file nor a shipped cluster")]
    [InlineData("manifests --failure-policy Sometimes", "--failure-policy must be Fail or Ignore")]
    [InlineData("manifests --timeout-seconds 31", "--timeout-seconds must be 1-30")]
    [InlineData("manifests --policy random", "--policy 'random' is unknown")]
    [InlineData("manifests --certs /nonexistent-faaswise-dir", "has no ca.crt")]
    [InlineData("certs --out x --ip not-an-ip", "--ip 'not-an-ip' is not an IP address")]
    [InlineData("controller --policy random", "--policy 'random' is unknown")]
    [InlineData("controller --admission maybe", "--admission 'maybe' is unknown")]
    [InlineData("controller --period soon", "--period 'soon' is not a duration: write a number with a unit")]
    [InlineData("controller --listen here", "--listen 'here' is not an IP address")]
    [InlineData("controller --prometheus ftp://x", "--prometheus 'ftp://x' is not an http(s) URL")]
    [InlineData("controller --kubeconfig /nonexistent-faaswise.yaml", "--kubeconfig /nonexistent-faaswise.yaml does not exist")]
    [InlineData("controller --decisions /nonexistent-faaswise-dir/d.csv", "the directory /nonexistent-faaswise-dir does not exist")]
    [InlineData("controller --world nowhere.yaml", "--world 'nowhere.yaml' is neither a file nor a shipped cluster")]
    public async Task Bad_input_is_one_line_and_exit_2(string args, string message)
    {
        var (code, _, stderr) = await CliRun.RunAsync(["qshuf", .. args.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("qshuf", "faaswise qshuf: choose one of webhook, controller, certs, manifests (see faaswise qshuf --help)")]
    [InlineData("qshuf bogus", "faaswise qshuf: 'bogus' is not one of webhook, controller, certs, manifests (see faaswise qshuf --help)")]
    public async Task A_group_without_its_subcommand_lists_the_choices(string args, string message)
    {
        var (code, _, stderr) = await CliRun.RunAsync(args.Split(' '));

        Assert.Equal(2, code);
        Assert.Equal(message, stderr.Trim());
    }

    [Fact]
    public async Task Certs_then_manifests_write_the_webhook_and_the_controller_with_the_certificates_ca()
    {
        using var dir = new TempDirectory();

        var (certsCode, certsOut, _) = await CliRun.RunAsync(["qshuf", "certs", "--out", dir.Path]);
        var (code, yaml, _) = await CliRun.RunAsync(["qshuf", "manifests", "--certs", dir.Path, "--world", "memory-pressure"]);

        Assert.Equal(0, certsCode);
        Assert.Contains("new CA and serving certificate", certsOut, StringComparison.Ordinal);
        Assert.Equal(0, code);
        var kinds = k8s.KubernetesYaml.LoadAllFromString(yaml).Select(o => o.GetType().Name).ToList();
        Assert.Equal(
            [
                "V1Namespace", "V1ServiceAccount", "V1Role", "V1RoleBinding", "V1Secret", "V1ConfigMap", "V1Deployment", "V1Service", "V1MutatingWebhookConfiguration",
                "V1ServiceAccount", "V1ClusterRole", "V1ClusterRoleBinding", "V1Role", "V1RoleBinding", "V1Role", "V1RoleBinding", "V1Deployment", "V1Service",
            ], kinds);
        Assert.Contains("- faaswise-scheduler", yaml, StringComparison.Ordinal);
        Assert.Contains("name: memory-pressure", yaml, StringComparison.Ordinal);
    }
}
