using Faaswise.LocalFaas.Functions;
using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas.Replicas;

/// <summary>
/// Starts, watches and stops a function's replica processes: a replica is ready when its process says so, one that
/// exits unexpectedly is removed and held back from restarting with exponential backoff when it keeps failing
/// quickly, and one being stopped is drained (up to a grace period) before its process is asked to exit.
/// </summary>
internal sealed class ReplicaSupervisor(
    ReplicaTable table, GatewayOptions options, TimeProvider time, ILogger logger, Functions.FunctionLogs output, Action ready, Action changed, CancellationToken stopping)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(20);
    private readonly ReplicaLauncher _launcher = new(options);
    private readonly List<Task> _work = [];
    private int _quickFailures;
    private TimeSpan _restartNotBefore;

    private TimeSpan Now => time.GetElapsedTime(0);

    /// <summary>How long starts are still held back after quick failures; zero when a start may go ahead. Under the table's lock.</summary>
    public TimeSpan HeldBackLocked() => _restartNotBefore > Now ? _restartNotBefore - Now : TimeSpan.Zero;

    /// <summary>Forgets past failures (a new definition deserves a fresh start). Under the table's lock.</summary>
    public void ForgiveLocked()
    {
        _quickFailures = 0;
        _restartNotBefore = TimeSpan.Zero;
    }

    /// <summary>Starts a replica's process in the background.</summary>
    public void Start(Replica replica) => Track(StartAsync(replica));

    /// <summary>Stops a replica in the background.</summary>
    public void Stop(Replica replica) => Track(StopAsync(replica));

    /// <summary>Stops the given replicas now (the function is being removed), then waits for all background work.</summary>
    public async Task StopAllAsync(IEnumerable<Replica> replicas)
    {
        await Task.WhenAll(replicas.Select(StopAsync)).ConfigureAwait(false);
        Task[] work;
        lock (_work) work = [.. _work];
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    private void Track(Task task)
    {
        lock (_work)
        {
            _work.RemoveAll(t => t.IsCompleted);
            _work.Add(task);
        }
    }

    private async Task StartAsync(Replica replica)
    {
        FunctionDefinition definition;
        lock (table.Lock) definition = table.Definition;
        try
        {
            var process = ReplicaProcess.Start(_launcher.StartInfo(definition), line =>
            {
                Log.ReplicaOutput(logger, replica.Id, line);
                output.Append(definition.Name, replica.Id, line);
            });
            lock (table.Lock) replica.Process = process;
            _ = WatchExitAsync(replica, process);
            var port = await process.WaitUntilReadyAsync(options.ReplicaStartTimeout, time, stopping).ConfigureAwait(false);
            lock (table.Lock)
            {
                if (replica.State != ReplicaState.Starting) return;
                replica.Destination = $"http://127.0.0.1:{port}";
                replica.ReadyAt = Now;
                replica.State = ReplicaState.Ready;
                ready();
            }

            changed();
            Log.ReplicaReady(logger, replica.Id, process.Pid, port);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(replica).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Log.ReplicaFailedToStart(logger, replica.Id, e.Message);
            lock (table.Lock)
            {
                // One failure, counted by whoever sees it first (here, or the exit watcher), before the replica leaves the
                // table: no reconcile pass sees it missing and free to restart without the backoff.
                if (replica.State == ReplicaState.Starting)
                {
                    replica.State = ReplicaState.Stopping;
                    FailedLocked(quick: true);
                }
            }

            await StopAsync(replica).ConfigureAwait(false);
            changed();
        }
    }

    private async Task WatchExitAsync(Replica replica, ReplicaProcess process)
    {
        var code = await process.Exited.ConfigureAwait(false);
        bool failed;
        lock (table.Lock)
        {
            failed = replica.State is ReplicaState.Starting or ReplicaState.Ready && !table.Removed;
            if (failed) FailedLocked(quick: replica.State == ReplicaState.Starting || Now - replica.ReadyAt < options.StableUptime);
            replica.State = ReplicaState.Exited;
            table.Replicas.Remove(replica);
        }

        process.Dispose();
        if (failed)
        {
            Log.ReplicaExited(logger, replica.Id, process.Pid, code, process.LastOutput);
            changed();
        }
    }

    private void FailedLocked(bool quick)
    {
        _quickFailures = quick ? _quickFailures + 1 : 1;
        _restartNotBefore = Now + RestartBackoff.Delay(_quickFailures, options.RestartBackoff, options.MaxRestartBackoff);
    }

    private async Task StopAsync(Replica replica)
    {
        bool removed;
        lock (table.Lock)
        {
            if (replica.State != ReplicaState.Exited) replica.State = ReplicaState.Stopping;
            removed = table.Removed;
        }

        var drainUntil = Now + (removed ? TimeSpan.Zero : StopGrace);
        while (Now < drainUntil)
        {
            lock (table.Lock)
            {
                if (replica.Inflight == 0) break;
            }

            await Task.Delay(DrainPoll, time, CancellationToken.None).ConfigureAwait(false);
        }

        ReplicaProcess? process;
        lock (table.Lock) process = replica.Process;
        if (process is not null) await process.StopAsync(removed ? TimeSpan.FromMilliseconds(500) : StopGrace, time).ConfigureAwait(false);
        lock (table.Lock)
        {
            replica.State = ReplicaState.Exited;
            table.Replicas.Remove(replica);
        }
    }
}
