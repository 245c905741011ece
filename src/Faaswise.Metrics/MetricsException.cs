namespace Faaswise.Metrics;

/// <summary>A metrics source could not give a measurement, with the reason.</summary>
public sealed class MetricsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MetricsException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public MetricsException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public MetricsException() { }
}
