namespace Faaswise.Metrics.Prometheus;

/// <summary>Prometheus answered with an error (its errorType and error), or with no data where data was needed.</summary>
public sealed class PrometheusException : Exception
{
    /// <summary>Prometheus's errorType (<c>bad_data</c>, <c>timeout</c>, ...), or <c>empty</c>, <c>unreachable</c>, <c>http</c>.</summary>
    public string ErrorType { get; } = "error";

    /// <summary>Creates the exception.</summary>
    public PrometheusException(string errorType, string message) : base(message) => ErrorType = errorType;

    /// <summary>Creates the exception.</summary>
    public PrometheusException(string errorType, string message, Exception inner) : base(message, inner) => ErrorType = errorType;

    /// <summary>Creates the exception.</summary>
    public PrometheusException() { }

    /// <summary>Creates the exception.</summary>
    public PrometheusException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public PrometheusException(string message, Exception inner) : base(message, inner) { }
}
