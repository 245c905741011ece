using System.Diagnostics;
using System.Globalization;
using Faaswise.LocalFaas.Watchdog;

namespace Faaswise.LocalFaas.Replicas;

/// <summary>
/// One replica's OS process: started with its stdin held open (closing it tells the replica to exit), ready when it
/// prints <see cref="ReplicaProtocol.ReadyLine"/>; its other output goes to <c>log</c>, and its last lines are kept
/// for error messages.
/// </summary>
internal sealed class ReplicaProcess : IDisposable
{
    private const int KeptLines = 5;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<string> _log;

    private ReplicaProcess(Process process, Action<string> log)
    {
        _process = process;
        _log = log;
        Pid = process.Id;
        Exited = WaitForExitAsync();
    }

    public int Pid { get; }

    /// <summary>Completes with the exit code when the process has exited.</summary>
    public Task<int> Exited { get; }

    /// <summary>The last lines the process wrote, for messages.</summary>
    public string LastOutput
    {
        get
        {
            lock (_lastLines) return string.Join(" | ", _lastLines);
        }
    }

    public static ReplicaProcess Start(ProcessStartInfo start, Action<string> log)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new IOException($"cannot start '{start.FileName}': {e.Message}", e);
        }

        var replica = new ReplicaProcess(process, log);
        _ = replica.PumpAsync(process.StandardOutput, watchReady: true);
        _ = replica.PumpAsync(process.StandardError, watchReady: false);
        return replica;
    }

    /// <summary>Waits for the ready line; throws with the process's last words when it exits or stalls first.</summary>
    public async Task<int> WaitUntilReadyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var stalled = Task.Delay(timeout, time, limit.Token);
        var first = await Task.WhenAny(_ready.Task, Exited, stalled).ConfigureAwait(false);
        await limit.CancelAsync().ConfigureAwait(false);
        if (first == _ready.Task) return await _ready.Task.ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        var code = first == Exited ? await Exited.ConfigureAwait(false) : 0;
        var why = first == Exited
            ? string.Create(CultureInfo.InvariantCulture, $"exited with {code} before it was ready")
            : string.Create(CultureInfo.InvariantCulture, $"was not ready within {timeout.TotalSeconds:0.#} s");
        var said = LastOutput;
        throw new IOException(said.Length == 0 ? why : $"{why}: {said}");
    }

    /// <summary>Asks the process to exit (stdin closed), then kills its whole tree after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        if (Exited.IsCompleted) return;
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        if (await Task.WhenAny(Exited, Task.Delay(grace, time)).ConfigureAwait(false) != Exited) Kill();
        await Exited.ConfigureAwait(false);
    }

    /// <summary>Kills the process and every descendant at once.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _process.Dispose();

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    private async Task PumpAsync(StreamReader reader, bool watchReady)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (watchReady && !_ready.Task.IsCompleted && ReplicaProtocol.TryParseReady(line, out var port))
                {
                    _ready.TrySetResult(port);
                    continue;
                }

                lock (_lastLines)
                {
                    _lastLines.Enqueue(line);
                    if (_lastLines.Count > KeptLines) _lastLines.Dequeue();
                }

                _log(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }
}
