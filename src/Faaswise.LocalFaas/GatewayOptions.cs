namespace Faaswise.LocalFaas;

/// <summary>The embedded gateway's settings; per-function values come from each deployment's labels and environment.</summary>
public sealed record GatewayOptions
{
    /// <summary>OpenFaaS's default gateway port.</summary>
    public const int DefaultPort = 8080;

    /// <summary>The namespace every function lives in, as OpenFaaS names it.</summary>
    public const string DefaultNamespace = "openfaas-fn";

    /// <summary>Address to listen on; loopback by default, because functions are open to anyone who can connect.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The command that starts this tool, to which <c>watchdog ...</c> is appended to start a replica.</summary>
    public required IReadOnlyList<string> WatchdogCommand { get; init; }

    /// <summary>Longest a request may take, queueing included, unless the function's <c>exec_timeout</c> says otherwise.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests one replica runs at once unless the function's <c>max_inflight</c> says otherwise.</summary>
    public int DefaultMaxInflight { get; init; } = 64;

    /// <summary>Requests that may wait per replica unless the function's <c>max_queue</c> says otherwise; past it, 429.</summary>
    public int DefaultMaxQueue { get; init; } = 256;

    /// <summary>Whether the autoscaler runs at all.</summary>
    public bool Autoscaling { get; init; } = true;

    /// <summary>How often the autoscaler looks at the load.</summary>
    public TimeSpan ScaleInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The span the load is averaged over.</summary>
    public TimeSpan LoadWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a lower recommendation must hold before replicas are removed.</summary>
    public TimeSpan ScaleDownWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a new replica may take to say it is ready.</summary>
    public TimeSpan ReplicaStartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay before restarting a replica that exited; doubles on each quick failure.</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between restarts.</summary>
    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A replica that ran this long before exiting restarts after the first backoff again.</summary>
    public TimeSpan StableUptime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Environment given to every replica process before the function's own.</summary>
    public IReadOnlyDictionary<string, string> ReplicaEnvironment { get; init; } = new Dictionary<string, string>
    {
        // faaswise itself runs with tiered compilation off for the load engine; a replica wants a quick start.
        ["DOTNET_TieredCompilation"] = "1",
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_GCgen0size"] = "0x400000",
    };

    /// <summary>The namespace functions report.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>
    /// Whether a request's namespace (a <c>namespace</c> query parameter or body field; null or empty for the default)
    /// is this gateway's: it serves one, as OpenFaaS CE does (several are an OpenFaaS Pro feature).
    /// </summary>
    public bool Serves(string? requestedNamespace) => string.IsNullOrEmpty(requestedNamespace) || requestedNamespace == Namespace;

    /// <summary>The one-line reason a request for another namespace is refused.</summary>
    public string OtherNamespace(string requestedNamespace) =>
        $"namespace {requestedNamespace} is not served here: this gateway serves {Namespace} only, as OpenFaaS CE does";

    /// <summary>The 404 text for a function a request names, saying so when it names another namespace (<c>fn.ns</c>).</summary>
    public string FunctionNotFound(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var name = FunctionName(requested);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? $"error finding function {name}: not found ({OtherNamespace(name[(dot + 1)..])})\n" : $"error finding function {name}.{Namespace}: not found\n";
    }

    /// <summary>The function a request names: <c>fn</c>, or OpenFaaS's <c>fn.NAMESPACE</c> for this gateway's namespace.</summary>
    public string FunctionName(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var suffix = "." + Namespace;
        return requested.EndsWith(suffix, StringComparison.Ordinal) ? requested[..^suffix.Length] : requested;
    }
}
