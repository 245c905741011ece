using Microsoft.Extensions.Logging;

namespace Faaswise.Cli;

/// <summary>Log lines on standard error as <c>prefix: message</c>; warnings and errors say so.</summary>
internal sealed class StderrLoggerProvider(TextWriter error, string prefix, LogLevel minimum) : ILoggerProvider
{
    private readonly object _lock = new();
    private readonly TextWriter _error = error;
    private readonly string _prefix = prefix;
    private readonly LogLevel _minimum = minimum;

    public ILogger CreateLogger(string categoryName) => new Writer(this);

    public void Dispose()
    {
    }

    public static ILoggerFactory Factory(TextWriter error, string prefix, LogLevel minimum) =>
        LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Yarp", LogLevel.Warning).AddProvider(new StderrLoggerProvider(error, prefix, minimum)));

    private sealed class Writer(StderrLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var level = logLevel switch { LogLevel.Warning => "warning: ", >= LogLevel.Error => "error: ", _ => "" };
            var text = $"{owner._prefix}: {level}{formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}";
            lock (owner._lock) owner._error.WriteLine(text);
        }
    }
}
