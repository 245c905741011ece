using System.Globalization;
using Faaswise.Load.Units;

namespace Faaswise.Cli;

/// <summary>
/// Redraws one status line on an interactive standard error every half second until disposed, then erases
/// it. Does nothing when the console is not interactive or the user asked for quiet.
/// </summary>
internal sealed class ProgressLine : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly TextWriter _error;
    private readonly Func<string> _render;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _width;

    private ProgressLine(TextWriter error, Func<string> render)
    {
        _error = error;
        _render = render;
        _loop = RunAsync();
    }

    /// <summary>Starts a progress line, or returns null when it should not be shown.</summary>
    public static ProgressLine? Start(CliConsole console, bool quiet, Func<string> render) =>
        console.Interactive && !quiet ? new ProgressLine(console.Error, render) : null;

    /// <summary>Formats a rate with its unit.</summary>
    public static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture) + "/s";

    /// <summary>Formats nanoseconds with a unit.</summary>
    public static string Ns(long ns) => DurationText.FormatNanoseconds(ns);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var line = _render();
                _width = Math.Max(_width, line.Length);
                await _error.WriteAsync("\r" + line.PadRight(_width)).ConfigureAwait(false);
                await _error.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_width > 0)
        {
            await _error.WriteAsync("\r" + new string(' ', _width) + "\r").ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
