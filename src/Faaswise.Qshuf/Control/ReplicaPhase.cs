namespace Faaswise.Qshuf.Control;

/// <summary>A replica's life.</summary>
public enum ReplicaPhase
{
    /// <summary>Cold start: the process starts and loads its model.</summary>
    Starting,

    /// <summary>Up: serves when ready, stands by when not.</summary>
    Running,

    /// <summary>Stopping: finishes its queue, takes no new requests, then exits.</summary>
    Draining,

    /// <summary>Crashed or could not start: serves nothing and holds no memory; a policy deletes it and decides whether to replace it.</summary>
    Failed,
}
