namespace Faaswise.Qshuf.Control;

/// <summary>Where a replica's model is.</summary>
public enum Residency
{
    /// <summary>Not loaded yet: the process is starting and reading the model from disk.</summary>
    None,

    /// <summary>In host memory; a ready replica serves on its CPU share (QShuf's <c>/tocpu</c>).</summary>
    Host,

    /// <summary>On its GPU.</summary>
    Gpu,

    /// <summary>Moving host to GPU, or waiting for GPU memory and the copy engine to start doing so.</summary>
    Loading,

    /// <summary>Moving GPU to host; its GPU memory is released when the copy ends.</summary>
    Offloading,
}
