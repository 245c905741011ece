namespace Faaswise.Kubernetes.Testing.Kubelet;

/// <summary>How kubelets turn containers into local processes.</summary>
public sealed class KubeletOptions
{
    /// <summary>
    /// Programs by the name a container's <c>command[0]</c> (or, without a command, its image) gives: the file to run
    /// and the arguments that go before the container's own (e.g. "faaswise" → dotnet, [faaswise.dll]).
    /// </summary>
    public Dictionary<string, (string File, string[] Prefix)> Programs { get; } = new(StringComparer.Ordinal);

    /// <summary>Delay before a crashed container restarts (the real kubelet backs off from 10 s).</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where containers' logs and volumes go.</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "faaswise-kubelet-" + Guid.NewGuid().ToString("N")[..8]);
}
