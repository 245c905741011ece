namespace Faaswise.Metrics.Prometheus;

/// <summary>Where Prometheus is and how to ask it.</summary>
public sealed record PrometheusOptions
{
    /// <summary>Base address, e.g. <c>http://127.0.0.1:9090</c>.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Per-request timeout (DFaaS: 20 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Bearer token, if Prometheus sits behind one.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Basic-auth user and password, if Prometheus sits behind them.</summary>
    public (string User, string Password)? Basic { get; init; }

    /// <summary>Attempts for a request that fails to connect, times out or gets a 5xx.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>Wait before the second attempt; doubles after each.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
}
