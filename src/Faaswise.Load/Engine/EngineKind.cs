namespace Faaswise.Load.Engine;

/// <summary>Which engine sends the requests.</summary>
public enum EngineKind
{
    /// <summary>The event loop where it applies (plain http on Linux x86-64), else HttpClient.</summary>
    Auto,

    /// <summary>One thread paces and does all I/O with epoll and pre-encoded HTTP/1.1 requests (wrk2's design).</summary>
    EventLoop,

    /// <summary>.NET's SocketsHttpHandler: https, HTTP/1.1 and any platform.</summary>
    HttpClient,
}
