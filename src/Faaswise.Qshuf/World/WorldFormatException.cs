namespace Faaswise.Qshuf.World;

/// <summary>A cluster file that cannot describe a world; the message names the field.</summary>
public sealed class WorldFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public WorldFormatException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public WorldFormatException() { }

    /// <summary>Creates the exception.</summary>
    public WorldFormatException(string message, Exception inner) : base(message, inner) { }
}
