using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas;

/// <summary>The gateway's log messages; field names <c>function</c> and <c>replica</c> are shared across projects.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "replica {replica} ready (pid {pid}, port {port})")]
    public static partial void ReplicaReady(ILogger logger, string replica, int pid, int port);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "replica {replica} exited (pid {pid}, code {code}); restarting: {lastOutput}")]
    public static partial void ReplicaExited(ILogger logger, string replica, int pid, int code, string lastOutput);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "replica {replica} failed to start: {reason}")]
    public static partial void ReplicaFailedToStart(ILogger logger, string replica, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "[{replica}] {line}")]
    public static partial void ReplicaOutput(ILogger logger, string replica, string line);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "reconciling {function} failed")]
    public static partial void ReconcileFailed(ILogger logger, string function, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "autoscale {function}: {from} → {to} replicas ({load})")]
    public static partial void Autoscaled(ILogger logger, string function, int from, int to, string load);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "deployed {function} ({what})")]
    public static partial void Deployed(ILogger logger, string function, string what);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "removed {function}")]
    public static partial void Removed(ILogger logger, string function);
}
