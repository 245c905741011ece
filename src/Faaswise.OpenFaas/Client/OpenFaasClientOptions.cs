namespace Faaswise.OpenFaas.Client;

/// <summary>How the client reaches a gateway. Immutable; validated by <see cref="OpenFaasClient"/>.</summary>
public sealed record OpenFaasClientOptions
{
    /// <summary>Default per-call timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Gateway base URL, as in http://127.0.0.1:8080.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>Credentials for <c>/system</c> calls; null for a gateway without auth.</summary>
    public GatewayCredentials? Credentials { get; init; }

    /// <summary>Accept any TLS certificate (self-signed test clusters). Off unless asked for.</summary>
    public bool Insecure { get; init; }

    /// <summary>Per-call timeout. MUST BE &gt; 0.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Attempts for a call whose connection could not be made (the request never reached the gateway). MUST BE ≥ 1.</summary>
    public int ConnectAttempts { get; init; } = 4;

    /// <summary>Wait before the second attempt; doubled for each further one.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
}
