using System.Net;
using Faaswise.Runtime.Engine;
using Faaswise.Runtime.Models;

namespace Faaswise.Runtime.Hosting;

/// <summary>Everything <c>faaswise runtime serve</c> is told.</summary>
public sealed record RuntimeOptions
{
    /// <summary>The model.</summary>
    public required ModelSource Model { get; init; }

    /// <summary>How the model is held.</summary>
    public RunnerOptions Runner { get; init; } = new();

    /// <summary>The data plane's queue rules.</summary>
    public QueueOptions Queue { get; init; } = new();

    /// <summary>Address both planes listen on.</summary>
    public IPAddress Listen { get; init; } = IPAddress.Loopback;

    /// <summary>Data-plane port (0: a free one).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Control-plane port (0: a free one).</summary>
    public int ControlPort { get; init; } = 5001;

    /// <summary>Serve <c>/set_env</c> and <c>/get_env</c> (they expose and change the process environment).</summary>
    public bool AllowEnv { get; init; }
}
