namespace Faaswise.LocalFaas.Watchdog;

/// <summary>One replica process's configuration (the gateway passes it as arguments and environment).</summary>
public sealed record WatchdogOptions
{
    /// <summary>Default time one fork-mode invocation may run before it is killed (the classic watchdog's <c>exec_timeout</c>).</summary>
    public static readonly TimeSpan DefaultExecTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long an http-mode upstream may take to accept connections.</summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The function's name (for messages).</summary>
    public required string Function { get; init; }

    /// <summary>How the function runs.</summary>
    public required WatchdogMode Mode { get; init; }

    /// <summary>The built-in's name in <see cref="WatchdogMode.Builtin"/> mode.</summary>
    public string? Builtin { get; init; }

    /// <summary>The command in <see cref="WatchdogMode.Fork"/> and <see cref="WatchdogMode.Http"/> modes.</summary>
    public string? FProcess { get; init; }

    /// <summary>Most time one fork-mode invocation runs.</summary>
    public TimeSpan ExecTimeout { get; init; } = DefaultExecTimeout;

    /// <summary>Most time an http-mode upstream takes to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = DefaultStartTimeout;

    /// <summary>Loopback port to serve on in builtin and fork modes; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Exit when standard input closes (the gateway went away).</summary>
    public bool ExitOnStdinClose { get; init; } = true;
}
