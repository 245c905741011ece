using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Api;
using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Kubelet;

/// <summary>
/// One pod on a kubelet: its first container as a local process on the pod's own loopback IP, restarted after a
/// crash, its readiness probe run every period, and its status (phase, podIP, container state, Ready and
/// ContainersReady) written back through the store.
/// </summary>
public sealed partial class PodRun : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly KubeletOptions _options;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _ns;
    private readonly string _name;
    private readonly string _uid;
    private readonly string _directory;
    private Process? _process;
    private Task _loop = Task.CompletedTask;

    /// <summary>Prepares a run of a bound pod.</summary>
    public PodRun(JsonObject pod, ObjectStore store, KubeletOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(pod);
        _store = store;
        _options = options;
        _clock = clock;
        _ns = Metadata.Namespace(pod)!;
        _name = Metadata.Name(pod);
        _uid = Metadata.Uid(pod);
        Ip = PodAddresses.Next();
        _directory = Path.Combine(options.WorkDirectory, $"{_ns}_{_name}_{_uid[..8]}");
        Directory.CreateDirectory(_directory);
        LogPath = Path.Combine(_directory, "container.log");
    }

    /// <summary>The pod's IP.</summary>
    public string Ip { get; }

    /// <summary>The container's stdout and stderr.</summary>
    public string LogPath { get; }

    /// <summary>Starts the container and its probe loop.</summary>
    public void Start(JsonObject pod)
    {
        _loop = Task.Run(() => RunAsync(pod, _stop.Token));
    }

    /// <summary>Stops the process: SIGTERM, then SIGKILL after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_process is { HasExited: false } p)
        {
            _ = Kill(p.Id, 15);
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await p.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
            }
        }

        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process?.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(JsonObject pod, CancellationToken stop)
    {
        var restarts = 0;
        var container = (JsonObject)pod["spec"]!["containers"]![0]!;
        while (!stop.IsCancellationRequested)
        {
            ContainerSpec spec;
            (string File, string[] Prefix) program;
            try
            {
                spec = ContainerSpec.Read(pod, Ip, _store, Volume);
                var key = spec.Command.Count > 0 ? spec.Command[0] : spec.Image;
                program = _options.Programs.TryGetValue(key, out var p) ? p : throw new InvalidOperationException($"no local program for command or image \"{key}\"");
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                WriteStatus(Waiting(container, "CreateContainerConfigError", e.Message, restarts), ready: false);
                await Task.Delay(_options.RestartBackoff, stop).ConfigureAwait(false);
                continue;
            }

            var info = new ProcessStartInfo(program.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
            foreach (var a in program.Prefix) info.ArgumentList.Add(a);
            foreach (var a in spec.Command.Skip(spec.Command.Count > 0 ? 1 : 0)) info.ArgumentList.Add(a);
            foreach (var (k, v) in spec.Environment) info.Environment[k] = v;
            var log = new StreamWriter(LogPath, append: true, Encoding.UTF8) { AutoFlush = true };
            await using (log.ConfigureAwait(false))
            {
                var process = Process.Start(info)!;
                _process = process;
                process.OutputDataReceived += (_, e) => Append(log, e.Data);
                process.ErrorDataReceived += (_, e) => Append(log, e.Data);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                var started = _clock.GetUtcNow();
                WriteStatus(Running(container, started, restarts, ready: false), ready: false);
                var probe = container["readinessProbe"] is JsonObject r ? new Probe(r, container, Ip, spec.Environment) : null;
                await ProbeUntilExitAsync(process, probe, container, started, restarts, stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested) return;
                WriteStatus(Terminated(container, process.ExitCode, restarts), ready: false);
            }

            restarts++;
            await Task.Delay(_options.RestartBackoff, stop).ConfigureAwait(false);
        }
    }

    private async Task ProbeUntilExitAsync(Process process, Probe? probe, JsonObject container, DateTimeOffset started, int restarts, CancellationToken stop)
    {
        var exited = process.WaitForExitAsync(stop);
        if (probe is null)
        {
            WriteStatus(Running(container, started, restarts, ready: true), ready: true);
            await exited.ConfigureAwait(false);
            return;
        }

        await Task.WhenAny(exited, Task.Delay(probe.InitialDelay, stop)).ConfigureAwait(false);
        var ready = false;
        var successes = 0;
        var failures = 0;
        while (!exited.IsCompleted && !stop.IsCancellationRequested)
        {
            var ok = await probe.RunAsync(stop).ConfigureAwait(false);
            (successes, failures) = ok ? (successes + 1, 0) : (0, failures + 1);
            var next = ready ? failures < probe.FailureThreshold : successes >= probe.SuccessThreshold;
            if (next != ready)
            {
                ready = next;
                WriteStatus(Running(container, started, restarts, ready), ready);
            }

            await Task.WhenAny(exited, Task.Delay(probe.Period, stop)).ConfigureAwait(false);
        }

        try
        {
            await exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string? Volume(JsonObject volume)
    {
        var name = volume["name"]?.GetValue<string>() ?? "volume";
        if (volume["hostPath"]?["path"]?.GetValue<string>() is { } host) return host;
        var dir = Path.Combine(_directory, "volumes", name);
        if (volume["emptyDir"] is not null)
        {
            Directory.CreateDirectory(dir);
            return dir;
        }

        var (type, key, dataKey) = volume["secret"] is JsonObject s ? ("Secret", s["secretName"]?.GetValue<string>(), "data")
            : volume["configMap"] is JsonObject c ? ("ConfigMap", c["name"]?.GetValue<string>(), "data") : ("", null, "");
        if (key is null) return null;
        var source = _store.Get(ResourceType.All.First(r => r.Kind == type), _ns, key);
        Directory.CreateDirectory(dir);
        foreach (var (file, value) in source?[dataKey] as JsonObject ?? [])
        {
            var text = value?.GetValue<string>() ?? "";
            File.WriteAllBytes(Path.Combine(dir, file), type == "Secret" ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text));
        }

        return dir;
    }

    private void WriteStatus(JsonObject containerStatus, bool ready)
    {
        var now = _clock.GetUtcNow();
        try
        {
            _store.Update(ResourceType.Pods, _ns, _name, p =>
            {
                if (Metadata.Uid(p) != _uid) return null;
                var status = Defaults.Child(p, "status");
                status["phase"] = "Running";
                status["hostIP"] = "127.0.0.1";
                status["podIP"] = Ip;
                status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = Ip });
                status["startTime"] ??= Metadata.Time(now);
                status["containerStatuses"] = new JsonArray(containerStatus);
                PodBinding.SetCondition(status, "PodReadyToStartContainers", "True", null, null, now);
                PodBinding.SetCondition(status, "Initialized", "True", null, null, now);
                PodBinding.SetCondition(status, "Ready", ready ? "True" : "False", ready ? null : "ContainersNotReady", ready ? null : $"containers with unready status: [{containerStatus["name"]}]", now);
                PodBinding.SetCondition(status, "ContainersReady", ready ? "True" : "False", ready ? null : "ContainersNotReady", ready ? null : $"containers with unready status: [{containerStatus["name"]}]", now);
                return p;
            });
        }
        catch (ApiException)
        {
        }
    }

    private static JsonObject Base(JsonObject container, int restarts, bool ready) => new()
    {
        ["name"] = container["name"]?.DeepClone(),
        ["image"] = container["image"]?.DeepClone(),
        ["imageID"] = "",
        ["ready"] = ready,
        ["restartCount"] = restarts,
    };

    private static JsonObject Running(JsonObject container, DateTimeOffset started, int restarts, bool ready)
    {
        var s = Base(container, restarts, ready);
        s["started"] = true;
        s["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Metadata.Time(started) } };
        return s;
    }

    private static JsonObject Waiting(JsonObject container, string reason, string message, int restarts)
    {
        var s = Base(container, restarts, false);
        s["started"] = false;
        s["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } };
        return s;
    }

    private JsonObject Terminated(JsonObject container, int exitCode, int restarts)
    {
        var s = Base(container, restarts, false);
        s["started"] = false;
        s["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = exitCode == 0 ? "Completed" : "Error", ["finishedAt"] = Metadata.Time(_clock.GetUtcNow()) } };
        return s;
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
