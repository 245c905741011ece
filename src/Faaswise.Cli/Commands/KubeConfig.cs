using k8s;
using k8s.Exceptions;

namespace Faaswise.Cli.Commands;

/// <summary>The Kubernetes connection a command is told to use, with a one-line reason when it cannot be read.</summary>
internal static class KubeConfig
{
    /// <summary>
    /// The pod's service account with <paramref name="inCluster"/>, else the kubeconfig file (or, when
    /// <paramref name="fallBack"/>, $KUBECONFIG or ~/.kube/config), else null.
    /// </summary>
    public static KubernetesClientConfiguration? Load(bool inCluster, string? kubeconfig, bool fallBack)
    {
        try
        {
            if (inCluster) return KubernetesClientConfiguration.InClusterConfig();
            if (kubeconfig is not null && !File.Exists(kubeconfig)) throw new UsageException($"--kubeconfig {kubeconfig} does not exist");
            if (kubeconfig is null && !fallBack) return null;
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig ?? (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } env ? env : null));
        }
        catch (KubeConfigException e)
        {
            throw new UsageException(inCluster ? $"--in-cluster: {e.Message} (is this running in a pod with a service account?)" : $"the kubeconfig cannot be used: {e.Message}");
        }
    }
}
