using Faaswise.Kubernetes.Testing.Kubelet;

namespace Faaswise.Kubernetes.Testing;

/// <summary>How a <see cref="TestCluster"/> behaves.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Changes kept for watches to replay; older resourceVersions get 410 Expired.</summary>
    public int HistoryLimit { get; init; } = 10_000;

    /// <summary>Idle time after which a watch that allows bookmarks gets one.</summary>
    public TimeSpan BookmarkEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How kubelets run containers.</summary>
    public KubeletOptions Kubelet { get; init; } = new();

    /// <summary>The clock of timestamps.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
