namespace Faaswise.Runtime.Engine;

/// <summary>A model's state in the repository index, with Triton's names.</summary>
public enum ModelState
{
    /// <summary>Not loaded (before the first load, after a failed one, or after an unload without a host copy).</summary>
    Unavailable,

    /// <summary>Being loaded or moved.</summary>
    Loading,

    /// <summary>Loaded (on the GPU or in host memory).</summary>
    Ready,

    /// <summary>Being unloaded.</summary>
    Unloading,
}

/// <summary>What one model move did: from and to where, how long it took, how many bytes it copied.</summary>
/// <param name="Moved">False when the model already was where it was asked to go.</param>
/// <param name="From">Where the weights were: cuda, cpu or none.</param>
/// <param name="To">Where they are now.</param>
/// <param name="Seconds">Time the move itself took.</param>
/// <param name="WaitedSeconds">Time spent waiting for inferences in flight before the move began.</param>
/// <param name="Bytes">Bytes copied.</param>
/// <param name="Emulated">True when the GPU is emulated.</param>
/// <param name="StartedAt">When the move began, after the wait (Unix seconds).</param>
public sealed record MoveResult(bool Moved, string From, string To, double Seconds, double WaitedSeconds, long Bytes, bool Emulated, double StartedAt)
{
    /// <summary>When the move ended (Unix seconds).</summary>
    public double EndedAt => StartedAt + Seconds;
}

/// <summary>Wall-clock time as Unix seconds with sub-millisecond resolution.</summary>
public static class UnixTime
{
    /// <summary>Now.</summary>
    public static double Now() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;
}

/// <summary>The outputs of one inference, where it ran, and when (Unix seconds) and for how long the model ran.</summary>
public sealed record RunResult(IReadOnlyList<Tensors.InferenceTensor> Outputs, string InferDevice, double Seconds, double StartedAt);
