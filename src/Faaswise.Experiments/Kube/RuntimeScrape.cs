using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Control;
using Faaswise.Simulation.Engine;
using k8s;

namespace Faaswise.Experiments.Kube;

/// <summary>
/// The runtimes' own counters during a run on Kubernetes, read from each running pod's <c>/metrics</c> (through the
/// pod proxy, as the controller reaches the control API) and added up per function: model loads and offloads with
/// their seconds, GPU inference seconds, and cold starts (pods created during the run). A pod counts from its reading
/// when the run began (or from zero when it was not running yet) up to its last reading before it ended.
/// </summary>
internal sealed class RuntimeScrape(IKubernetes client, LiveCluster cluster, string ns, int controlPort, bool direct, FunctionCounters[] counters) : IDisposable
{
    private readonly RuntimeControl _runtime = new(client, ns, controlPort, direct, TimeSpan.FromSeconds(5));
    private const string BusyGpu = "faaswise_runtime_busy_seconds_total{device=\"cuda\"}";
    private const string LoadsCount = "faaswise_runtime_move_seconds_count{direction=\"to_gpu\"}";
    private const string LoadsSum = "faaswise_runtime_move_seconds_sum{direction=\"to_gpu\"}";
    private const string OffloadsCount = "faaswise_runtime_move_seconds_count{direction=\"to_host\"}";
    private const string OffloadsSum = "faaswise_runtime_move_seconds_sum{direction=\"to_host\"}";
    private static readonly string[] Series = [BusyGpu, LoadsCount, LoadsSum, OffloadsCount, OffloadsSum];

    private readonly Dictionary<string, double[]> _last = new(StringComparer.Ordinal);
    private readonly HashSet<string> _before = new(StringComparer.Ordinal);

    /// <summary>Pods read, at least once.</summary>
    public int Pods => _last.Count;

    /// <summary>Takes the readings the run counts from: every pod there now is old.</summary>
    public async Task BeginAsync(CancellationToken cancellation)
    {
        foreach (var pod in cluster.Pods) _before.Add(pod.Name);
        await PassAsync(count: false, cancellation).ConfigureAwait(false);
    }

    /// <summary>Reads every running pod every <paramref name="period"/> until cancelled, then once more.</summary>
    public async Task RunAsync(TimeSpan period, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false)) await PassAsync(count: true, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }

        await PassAsync(count: true, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task PassAsync(bool count, CancellationToken cancellation)
    {
        var running = cluster.Pods.Where(p => p.Replica.Phase is ReplicaPhase.Running or ReplicaPhase.Draining && p.Ip is not null).ToList();
        var readings = new System.Collections.Concurrent.ConcurrentDictionary<FunctionPod, double[]>();
        await Parallel.ForEachAsync(running, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (pod, c) =>
        {
            try
            {
                var answer = await _runtime.GetAsync(pod, "metrics", c).ConfigureAwait(false);
                if (!answer.Ok) return;
                var samples = MetricsText.Read(answer.Body);
                readings[pod] = Series.Select(s => samples.GetValueOrDefault(s)).ToArray();
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException)
            {
            }
        }).ConfigureAwait(false);

        foreach (var (pod, now) in readings)
        {
            var f = pod.Replica.Function;
            // A pod first read during the run was not running when it began: its counters began at zero with it.
            if (!_last.TryGetValue(pod.Name, out var last) && count)
            {
                last = new double[Series.Length];
                if (!_before.Contains(pod.Name))
                {
                    lock (counters) counters[f].ColdStarts++;
                }
            }

            _last[pod.Name] = now;
            if (!count || last is null) continue;
            lock (counters)
            {
                var c = counters[f];
                c.GpuExecSeconds += Math.Max(0, now[0] - last[0]);
                c.Loads += (int)Math.Max(0, now[1] - last[1]);
                c.LoadSeconds += Math.Max(0, now[2] - last[2]);
                c.Offloads += (int)Math.Max(0, now[3] - last[3]);
                c.OffloadSeconds += Math.Max(0, now[4] - last[4]);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _runtime.Dispose();
}
