namespace Faaswise.Modeling.LightGbm;

/// <summary>A call into LightGBM failed; the message carries LightGBM's own reason.</summary>
public sealed class LightGbmException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LightGbmException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public LightGbmException() { }

    /// <summary>Creates the exception.</summary>
    public LightGbmException(string message, Exception inner) : base(message, inner) { }
}
