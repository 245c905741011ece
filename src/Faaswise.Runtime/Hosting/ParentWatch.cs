using System.Diagnostics;
using System.Globalization;

namespace Faaswise.Runtime.Hosting;

/// <summary>
/// Ends a runtime whose launcher has gone: a launcher killed with SIGKILL cannot stop its children, and a child started
/// just before the kill may not be in any record the next attempt reads. Polls whether this process's parent is still
/// the launcher (Linux: /proc/self/stat; elsewhere: whether the launcher's process exists).
/// </summary>
public static class ParentWatch
{
    /// <summary>Completes (cancelling <paramref name="gone"/>) once <paramref name="launcher"/> is no longer this process's parent, or when <paramref name="cancellation"/> fires.</summary>
    public static async Task WatchAsync(int launcher, CancellationTokenSource gone, TimeSpan every, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(gone);
        using var timer = new PeriodicTimer(every);
        try
        {
            while (Alive(launcher))
            {
                if (!await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false)) return;
            }

            await gone.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    /// <summary>Whether <paramref name="launcher"/> still runs and, where the system says, is still this process's parent.</summary>
    public static bool Alive(int launcher)
    {
        if (ParentId() is { } parent) return parent == launcher;
        try
        {
            using var process = Process.GetProcessById(launcher);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>This process's parent id from /proc/self/stat ("pid (comm) state ppid ..."), or null where there is none.</summary>
    public static int? ParentId()
    {
        string stat;
        try
        {
            stat = File.ReadAllText("/proc/self/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;
    }
}
