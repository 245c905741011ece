namespace Faaswise.Experiments;

/// <summary>An experiment cannot go on; the message is one line a person can act on.</summary>
public sealed class ExperimentException : Exception
{
    /// <summary>Creates one.</summary>
    public ExperimentException()
    {
    }

    /// <summary>Creates one with its reason.</summary>
    public ExperimentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates one with its reason and cause.</summary>
    public ExperimentException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
