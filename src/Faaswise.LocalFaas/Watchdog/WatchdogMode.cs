namespace Faaswise.LocalFaas.Watchdog;

/// <summary>How a replica runs its function, as OpenFaaS's watchdogs do.</summary>
public enum WatchdogMode
{
    /// <summary>A built-in function served in the replica process itself.</summary>
    Builtin,

    /// <summary>The classic watchdog: <c>fprocess</c> started per request, body on stdin, stdout as the response.</summary>
    Fork,

    /// <summary>of-watchdog's http mode: <c>fprocess</c> is a long-running server on the port in <c>$PORT</c>.</summary>
    Http,
}
