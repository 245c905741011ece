namespace Faaswise.Load.Engine;

/// <summary>How an attack runs. Immutable; adjust with <c>with { … }</c>; validated by <see cref="Attacker"/>.</summary>
public sealed record AttackOptions
{
    /// <summary>Default cap on requests in flight.</summary>
    public const int DefaultMaxInflight = 10_000;

    /// <summary>Default per-request timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default time in-flight requests get to finish after an interrupt.</summary>
    public static readonly TimeSpan DefaultInterruptGrace = TimeSpan.FromSeconds(5);

    /// <summary>Sends are scheduled while their offset is below this; null runs until every schedule ends or the attack is stopped.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Most requests in flight at once; a send beyond it is dropped and counted. MUST BE &gt; 0.</summary>
    public int MaxInflight { get; init; } = DefaultMaxInflight;

    /// <summary>Per-request timeout, connection included. MUST BE &gt; 0.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Most connections per host; null for no limit (open loop: a new connection for every concurrent request).</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Accept any TLS certificate.</summary>
    public bool Insecure { get; init; }

    /// <summary>Seed of the arrival processes' random numbers; target i uses seed + i.</summary>
    public int Seed { get; init; }

    /// <summary>After an interrupt, how long requests in flight may still finish before they are cancelled.</summary>
    public TimeSpan InterruptGrace { get; init; } = DefaultInterruptGrace;

    /// <summary>Which engine sends; <see cref="EngineKind.Auto"/> picks the event loop where it applies.</summary>
    public EngineKind Engine { get; init; } = EngineKind.Auto;

    /// <summary>
    /// Warm the engine up against an in-process loopback responder before the clock starts (about 0.4 s), so
    /// JIT compilation does not delay the first sends. Nothing is sent to the targets.
    /// </summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>
    /// When set, each request carries this header with <c>TARGET.SEQ</c> (the result's <see cref="RequestResult.Target"/>
    /// and <see cref="RequestResult.Seq"/>), so a gateway on the path can log what it knows of that request under the
    /// same key. Sent by the HttpClient engine only.
    /// </summary>
    public string? RequestIdHeader { get; init; }

    internal void Validate()
    {
        if (Duration is { } d && d < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Duration), "duration must not be negative");
        if (MaxInflight <= 0) throw new ArgumentOutOfRangeException(nameof(MaxInflight), "max in-flight must be > 0");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), "timeout must be > 0");
        if (MaxConnections is <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConnections), "connections must be > 0");
        if (InterruptGrace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(InterruptGrace));
    }
}
