using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes;

namespace Faaswise.Experiments.Local;

/// <summary>
/// One replica of a live local run: a <c>faaswise runtime serve</c> process, and the pod it stands for, written as
/// the Kubernetes pod JSON the controllers read (labels, annotations, phase, Ready condition, IP and port), so the
/// live cluster view and the decision applier that run on Kubernetes run here unchanged.
/// </summary>
internal sealed class ProcessPod(string name, string function, string node, string? gpuUuid, string? intent, int slot, bool reserve, bool onGpu, double created)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _annotations = new(StringComparer.Ordinal);
    private string _phase = "Pending";
    private bool _ready;
    private double _readySince = double.NaN;
    private bool _deleting;
    private string _inferDevice = onGpu ? "cuda" : "cpu";

    public string Name { get; } = name;

    public string Function { get; } = function;

    public string? GpuUuid { get; } = gpuUuid;

    /// <summary>The node it runs on.</summary>
    public string Node { get; } = node;

    /// <summary>The placement intent it was started for, or null.</summary>
    public string? Intent { get; } = intent;

    public Process? Process { get; set; }

    /// <summary>GPU index, -1 for none.</summary>
    public int Gpu { get; init; } = -1;

    /// <summary>Whether its model was asked to start on the GPU.</summary>
    public bool OnGpu => onGpu;

    /// <summary>When it was launched (<see cref="Stopwatch"/> timestamp).</summary>
    public long LaunchedAt { get; } = Stopwatch.GetTimestamp();

    public int DataPort { get; set; }

    public int ControlPort { get; set; }

    public string Phase
    {
        get
        {
            lock (_gate) return _phase;
        }
    }

    public bool Deleting
    {
        get
        {
            lock (_gate) return _deleting;
        }
    }

    /// <summary>The process answered on both planes.</summary>
    public void Running()
    {
        lock (_gate)
        {
            if (_phase == "Pending") _phase = "Running";
        }
    }

    /// <summary>The process exited without being asked to.</summary>
    public void Failed()
    {
        lock (_gate)
        {
            _phase = "Failed";
            _ready = false;
        }
    }

    /// <summary>The readiness probe's answer; true when it changed.</summary>
    public bool Probed(bool ready, double now)
    {
        lock (_gate)
        {
            var next = ready && !_deleting && _phase == "Running";
            if (next == _ready) return false;
            _ready = next;
            _readySince = now;
            return true;
        }
    }

    public void Delete()
    {
        lock (_gate)
        {
            _deleting = true;
            _ready = false;
        }
    }

    public void Device(bool gpu)
    {
        lock (_gate) _inferDevice = gpu ? "cuda" : "cpu";
    }

    public void Annotate(string key, string? value)
    {
        lock (_gate)
        {
            if (value is null) _annotations.Remove(key);
            else _annotations[key] = value;
        }
    }

    /// <summary>The pod as the API server would show it.</summary>
    public JsonObject ToJson()
    {
        lock (_gate)
        {
            var labels = new JsonObject
            {
                [PodLabels.Function] = Function, [PodLabels.InferDevice] = _inferDevice, [PodLabels.Reserve] = reserve ? "True" : "False",
            };
            if (slot >= 0) labels[PodLabels.Slot] = slot.ToString(CultureInfo.InvariantCulture);
            var annotations = new JsonObject();
            if (GpuUuid is not null) annotations[PodLabels.Gpu] = GpuUuid;
            if (Intent is not null) annotations[PodLabels.Intent] = Intent;
            foreach (var (k, v) in _annotations) annotations[k] = v;
            var meta = new JsonObject
            {
                ["name"] = Name, ["namespace"] = "local", ["uid"] = Name, ["creationTimestamp"] = Time(created), ["labels"] = labels, ["annotations"] = annotations,
            };
            if (_deleting) meta["deletionTimestamp"] = Time(created);
            var conditions = new JsonArray
            {
                new JsonObject { ["type"] = "Ready", ["status"] = _ready ? "True" : "False", ["lastTransitionTime"] = double.IsNaN(_readySince) ? Time(created) : Time(_readySince) },
            };
            var status = new JsonObject { ["phase"] = _phase, ["conditions"] = conditions };
            if (DataPort > 0) status["podIP"] = "127.0.0.1";
            return new JsonObject
            {
                ["metadata"] = meta,
                ["spec"] = new JsonObject
                {
                    ["nodeName"] = Node,
                    ["containers"] = new JsonArray
                    {
                        new JsonObject { ["name"] = Function, ["ports"] = new JsonArray { new JsonObject { ["name"] = "http", ["containerPort"] = DataPort } } },
                    },
                },
                ["status"] = status,
            };
        }
    }

    private static string Time(double unixSeconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unixSeconds * 1000)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
