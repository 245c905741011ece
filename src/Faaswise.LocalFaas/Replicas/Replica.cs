namespace Faaswise.LocalFaas.Replicas;

/// <summary>One replica's state. Mutated only under its <see cref="ReplicaTable"/>'s lock.</summary>
internal sealed class Replica(string id, int version)
{
    /// <summary>Unique for the gateway's life: <c>&lt;function&gt;-&lt;n&gt;</c>; a restarted replica gets a new id.</summary>
    public string Id { get; } = id;

    /// <summary>The definition version it was started from.</summary>
    public int Version { get; } = version;

    public ReplicaState State { get; set; } = ReplicaState.Starting;

    public ReplicaProcess? Process { get; set; }

    /// <summary>Where requests go, once ready.</summary>
    public string? Destination { get; set; }

    public int Inflight { get; set; }

    /// <summary>Monotonic time it became ready.</summary>
    public TimeSpan ReadyAt { get; set; }

    public int Pid => Process?.Pid ?? 0;
}
