using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Control;

namespace Faaswise.Experiments.Local;

/// <summary>
/// The kubelet of a local run: starts each replica's runtime process, learns its ports from its start lines, probes
/// its readiness and residency (<c>/v2/repository/index</c>, every <see cref="ProbePeriod"/>) into the live cluster
/// view, drains and stops it, and sees it fail when its process exits unasked. Every process it starts is listed in a
/// pid file, so a run killed before it could stop them leaves none behind once the next attempt starts.
/// </summary>
internal sealed partial class ProcessPods : IAsyncDisposable
{
    private static readonly TimeSpan ProbePeriod = TimeSpan.FromMilliseconds(200);
    private readonly LiveCluster _cluster;
    private readonly RuntimeLaunch _launch;
    private readonly Dictionary<string, ProcessPod> _pods = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _probing;
    private int _sequence;
    private bool _closed;

    /// <summary>Why a replica asked to run on CUDA could not (the runtime's own words), once one could not.</summary>
    public string? CudaMissingReason { get; private set; }

    public ProcessPods(LiveCluster cluster, RuntimeLaunch launch)
    {
        _cluster = cluster;
        _launch = launch;
        Directory.CreateDirectory(launch.LogDirectory);
        _probing = ProbeAsync(_stop.Token);
    }

    /// <summary>Where starts are logged, or null.</summary>
    public LiveLog? Log { get; set; }

    /// <summary>What starts are counted as in starts.csv: deploy (the initial placement) or run (the policy's scale-ups).</summary>
    public string Stage { get; set; } = "deploy";

    /// <summary>Unix seconds now.</summary>
    public double Now => _cluster.Now;

    /// <summary>The cluster.</summary>
    public Qshuf.World.ClusterWorld World => _launch.World;

    /// <summary>The file listing every runtime process a run started.</summary>
    public static string PidFile(string logDirectory) => Path.Combine(logDirectory, "pids");

    /// <summary>Replicas that have not been stopped.</summary>
    public IReadOnlyList<ProcessPod> All
    {
        get
        {
            lock (_gate) return _pods.Values.ToList();
        }
    }

    public ProcessPod? Get(string name)
    {
        lock (_gate) return _pods.GetValueOrDefault(name);
    }

    /// <summary>Why a replica of <paramref name="function"/> on <paramref name="gpu"/>'s node does not fit the node's CPU cores (the CPU its replicas request), or null when it does.</summary>
    public string? CpuShortfall(int function, int gpu)
    {
        var world = _launch.World;
        var node = world.Nodes[gpu >= 0 ? world.GpuNode[gpu] : 0];
        var used = All.Where(p => p.Node == node.Name).Sum(p => world.Functions[world.FunctionIndex(p.Function)].CpuRequest);
        return used + world.Functions[function].CpuRequest > node.CpuCores + 1e-9 ? $"node {node.Name} lacks CPU" : null;
    }

    /// <summary>Starts a replica; it shows as a Pending pod at once, Running once both planes answer.</summary>
    public ProcessPod Launch(int function, int gpu, bool onGpu, bool ready, bool reserve, int slot, string? intent)
    {
        var world = _launch.World;
        var name = string.Create(CultureInfo.InvariantCulture, $"{world.Functions[function].Name}-{Interlocked.Increment(ref _sequence)}");
        var node = gpu >= 0 ? world.Nodes[world.GpuNode[gpu]].Name : world.Nodes[0].Name;
        var pod = new ProcessPod(name, world.Functions[function].Name, node, gpu >= 0 ? world.Gpus[gpu].Uuid : null, intent, slot, reserve, onGpu && gpu >= 0, _cluster.Now) { Gpu = gpu };
        Process process;
        lock (_gate)
        {
            // Under the lock that DisposeAsync closes: a start racing with the end of a run is refused, not left running.
            if (_closed) throw new InvalidOperationException("the run's replicas are being stopped");
            process = Process.Start(_launch.For(function, gpu, onGpu, gateClosed: !ready)) ?? throw new InvalidOperationException("the runtime process did not start");
            pod.Process = process;
            _pods[name] = pod;
        }

        File.AppendAllText(PidFile(_launch.LogDirectory), process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        _cluster.Observe(pod.ToJson());
        _ = WatchAsync(pod, process);
        return pod;
    }

    /// <summary>Takes the replica out of the endpoints, waits (up to <paramref name="drain"/>) for the requests it holds, then ends its process.</summary>
    public async Task StopAsync(ProcessPod pod, TimeSpan drain, CancellationToken cancellation)
    {
        pod.Delete();
        _cluster.Observe(pod.ToJson());
        var until = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && _cluster.Snapshot().Replica(pod.Name) is { } r && r.Busy + r.Queued > 0)
        {
            await Task.Delay(50, cancellation).ConfigureAwait(false);
        }

        await EndAsync(pod).ConfigureAwait(false);
    }

    /// <summary>GETs a control path of the replica's runtime; a transport failure is an answer with status 0.</summary>
    public async Task<ControlAnswer> ControlAsync(ProcessPod pod, string path, CancellationToken cancellation)
    {
        if (pod.ControlPort == 0) return new ControlAnswer(0, "the runtime has not started its control plane yet");
        try
        {
            using var answer = await _http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{pod.ControlPort}/{path}")), cancellation).ConfigureAwait(false);
            return new ControlAnswer((int)answer.StatusCode, await answer.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellation.IsCancellationRequested))
        {
            return new ControlAnswer(0, e.Message);
        }
    }

    /// <summary>What the replica's runtime reports of itself, or null.</summary>
    public async Task<RuntimeState?> IndexAsync(ProcessPod pod, CancellationToken cancellation)
    {
        var answer = await ControlAsync(pod, "v2/repository/index", cancellation).ConfigureAwait(false);
        return answer.Ok ? RuntimeState.Parse(answer.Body, _cluster.Now) : null;
    }

    /// <summary>Shows the replica's pod as it is now to the live cluster view.</summary>
    public void Observe(ProcessPod pod) => _cluster.Observe(pod.ToJson());

    /// <summary>Probes the replica now (after a control call), as the periodic probe would; its report, or null.</summary>
    public async Task<RuntimeState?> ProbeAsync(ProcessPod pod, CancellationToken cancellation)
    {
        if (await IndexAsync(pod, cancellation).ConfigureAwait(false) is not { } state) return null;
        _cluster.Report(pod.Name, state);
        pod.Probed(state.Ready, _cluster.Now);
        _cluster.Observe(pod.ToJson());
        return state;
    }

    /// <summary>Ends the processes a killed earlier attempt left running (those of the pid file that still run a runtime).</summary>
    public static int KillLeftovers(string logDirectory)
    {
        var file = PidFile(logDirectory);
        if (!File.Exists(file)) return 0;
        var killed = 0;
        foreach (var line in File.ReadAllLines(file))
        {
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var cmdline = $"/proc/{pid}/cmdline";
            try
            {
                if (!File.Exists(cmdline) || !File.ReadAllText(cmdline).Contains("runtime\0serve", StringComparison.Ordinal)) continue;
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
                killed++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
            }
        }

        File.Delete(file);
        return killed;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate) _closed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _probing.ConfigureAwait(false);
        foreach (var pod in All) await EndAsync(pod).ConfigureAwait(false);
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task EndAsync(ProcessPod pod)
    {
        pod.Delete();
        if (pod.Process is { } process)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
            }
        }

        lock (_gate) _pods.Remove(pod.Name);
        _cluster.Forget(pod.ToJson());
    }

    private async Task WatchAsync(ProcessPod pod, Process process)
    {
        var log = new StreamWriter(Path.Combine(_launch.LogDirectory, pod.Name + ".log"), append: true) { AutoFlush = true };
        await using (log.ConfigureAwait(false))
        {
            var errors = PumpAsync(process.StandardError, log, null, process);
            await PumpAsync(process.StandardOutput, log, pod, process).ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (!pod.Deleting)
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"exited with {process.ExitCode} unasked: the replica failed")).ConfigureAwait(false);
                pod.Failed();
                _cluster.Observe(pod.ToJson());
            }
        }
    }

    private async Task PumpAsync(StreamReader reader, StreamWriter log, ProcessPod? pod, Process process)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (log) log.WriteLine(line);
            if (pod is null) continue;
            if (_launch.CudaDevices is { Count: > 0 } && line.StartsWith(CudaMissing, StringComparison.Ordinal))
            {
                // The runtime would serve on the CPU (QShuf's downgrade); a run asked to measure real GPUs stops the replica instead.
                lock (log) log.WriteLine("CUDA was asked for (--gpu cuda) and is not available: the replica is stopped");
                CudaMissingReason ??= line["faaswise runtime: ".Length..].Split("; serving on the CPU")[0];
                process.Kill(entireProcessTree: true);
                continue;
            }

            if (ControlLine().Match(line) is { Success: true } control) pod.ControlPort = int.Parse(control.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            if (ServingLine().Match(line) is { Success: true } serving)
            {
                pod.DataPort = int.Parse(serving.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                pod.Running();
                Log?.Start(_cluster.Now, pod.Name, pod.Function, pod.Gpu, pod.OnGpu, Stage, Stopwatch.GetElapsedTime(pod.LaunchedAt).TotalSeconds);
                if (await ProbeAsync(pod, CancellationToken.None).ConfigureAwait(false) is null) _cluster.Observe(pod.ToJson());
            }
        }
    }

    private async Task ProbeAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(ProbePeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                foreach (var pod in All.Where(p => p.Phase == "Running" && !p.Deleting))
                {
                    if (await IndexAsync(pod, cancellation).ConfigureAwait(false) is not { } state) continue;
                    _cluster.Report(pod.Name, state);
                    if (pod.Probed(state.Ready, _cluster.Now)) _cluster.Observe(pod.ToJson());
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private const string CudaMissing = "faaswise runtime: CUDA is not available";

    [GeneratedRegex(@"control http://[^ ;]+:(\d+);")]
    private static partial Regex ControlLine();

    [GeneratedRegex(@" at http://[^ ]+:(\d+) \(")]
    private static partial Regex ServingLine();
}
