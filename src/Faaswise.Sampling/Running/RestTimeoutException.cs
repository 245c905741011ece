namespace Faaswise.Sampling.Running;

/// <summary>The node did not calm down within the rest timeout.</summary>
public sealed class RestTimeoutException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RestTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public RestTimeoutException() { }

    /// <summary>Creates the exception.</summary>
    public RestTimeoutException(string message, Exception inner) : base(message, inner) { }
}
