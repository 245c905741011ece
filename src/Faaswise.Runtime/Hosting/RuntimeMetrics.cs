using Faaswise.Runtime.Devices;
using Faaswise.Runtime.Engine;
using Prometheus;

namespace Faaswise.Runtime.Hosting;

/// <summary>
/// The runtime's Prometheus metrics (one registry per runtime). Where DCGM has a counterpart it is named in the help
/// text: <c>faaswise_runtime_device_memory_used_bytes</c> is this process's share of <c>DCGM_FI_DEV_FB_USED</c>
/// (which DCGM reports in MiB for the whole GPU).
/// </summary>
public sealed class RuntimeMetrics
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.001, 2, 16);
    private readonly Counter requests;
    private readonly Histogram requestSeconds;
    private readonly Histogram queueSeconds;
    private readonly Histogram inferenceSeconds;
    private readonly Counter busySeconds;
    private readonly Histogram moveSeconds;
    private readonly Counter movedBytes;

    /// <summary>Registers the metrics of <paramref name="runner"/>; gauges are read at each scrape.</summary>
    public RuntimeMetrics(ModelRunner runner, Func<int> queueLength)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(queueLength);
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var labels = new GaugeConfiguration { LabelNames = ["model", "device", "emulated"] };
        var info = factory.CreateGauge("faaswise_runtime_info", "1 for the model this runtime serves and its device (cpu, cuda or emulated-gpu)", labels);
        info.WithLabels(runner.Source.Name, DeviceNames.Of(runner.Device), runner.Emulated ? "true" : "false").Set(1);
        var queue = factory.CreateGauge("faaswise_runtime_queue_length", "Requests waiting in the FIFO queue");
        var loaded = factory.CreateGauge("faaswise_runtime_model_loaded", "1 when the model is loaded (on the GPU or in host memory)");
        var ready = factory.CreateGauge("faaswise_runtime_ready", "1 when loaded and the readiness gate is open (what /loaded answers 200 for)");
        var residency = factory.CreateGauge("faaswise_runtime_residency", "1 for where the weights are: cuda (GPU memory), cpu (host memory) or none",
            new GaugeConfiguration { LabelNames = ["residency"] });
        var deviceBytes = factory.CreateGauge("faaswise_runtime_device_memory_used_bytes",
            "GPU memory this runtime's model holds, bytes (its share of DCGM_FI_DEV_FB_USED, which is MiB for the whole GPU)");
        var modelBytes = factory.CreateGauge("faaswise_runtime_model_bytes", "Size of the model's weights, bytes (what a move copies)");
        modelBytes.Set(runner.Bytes);
        requests = factory.CreateCounter("faaswise_runtime_requests_total", "Requests by outcome: completed, timed_out (408), dropped (499), cancelled, failed (500)",
            new CounterConfiguration { LabelNames = ["outcome"] });
        requestSeconds = factory.CreateHistogram("faaswise_runtime_request_seconds", "Completed requests, queueing plus inference (QShuf's exec_time), seconds",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        queueSeconds = factory.CreateHistogram("faaswise_runtime_queue_seconds", "Time completed requests waited in the queue, seconds",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        inferenceSeconds = factory.CreateHistogram("faaswise_runtime_inference_seconds", "Model run time of completed requests, seconds",
            new HistogramConfiguration { Buckets = LatencyBuckets });
        busySeconds = factory.CreateCounter("faaswise_runtime_busy_seconds_total", "Model run time of completed requests by where the model ran (cuda, cpu), seconds",
            new CounterConfiguration { LabelNames = ["device"] });
        moveSeconds = factory.CreateHistogram("faaswise_runtime_move_seconds", "Model moves by direction (to_gpu, to_host, unload), seconds",
            new HistogramConfiguration { LabelNames = ["direction"], Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
        movedBytes = factory.CreateCounter("faaswise_runtime_moved_bytes_total", "Bytes copied by model moves, by direction",
            new CounterConfiguration { LabelNames = ["direction"] });
        Registry.AddBeforeCollectCallback(() =>
        {
            queue.Set(queueLength());
            loaded.Set(runner.Loaded ? 1 : 0);
            ready.Set(runner.Ready ? 1 : 0);
            deviceBytes.Set(runner.DeviceBytes);
            foreach (var r in new[] { Residency.None, Residency.Host, Residency.Gpu })
                residency.WithLabels(r == Residency.None ? "none" : DeviceNames.InferDevice(r)).Set(runner.Residency == r ? 1 : 0);
        });
    }

    /// <summary>The registry to export.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Counts a request's end.</summary>
    public void Request<T>(QueueResult<T> result, double? inference, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        requests.WithLabels(result.Outcome switch
        {
            QueueOutcome.Completed => "completed",
            QueueOutcome.TimedOut => "timed_out",
            QueueOutcome.Dropped => "dropped",
            QueueOutcome.Cancelled => "cancelled",
            _ => "failed",
        }).Inc();
        if (result.Outcome != QueueOutcome.Completed) return;
        requestSeconds.Observe(result.TotalSeconds);
        queueSeconds.Observe(result.QueueSeconds);
        if (inference is not { } s) return;
        inferenceSeconds.Observe(s);
        if (device is not null) busySeconds.WithLabels(device).Inc(s);
    }

    /// <summary>Records a move that happened.</summary>
    public void Move(MoveResult move)
    {
        ArgumentNullException.ThrowIfNull(move);
        if (!move.Moved) return;
        var direction = move.To switch { "cuda" => "to_gpu", "cpu" => "to_host", _ => "unload" };
        moveSeconds.WithLabels(direction).Observe(move.Seconds);
        movedBytes.WithLabels(direction).Inc(move.Bytes);
    }
}
