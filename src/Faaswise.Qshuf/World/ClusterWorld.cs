namespace Faaswise.Qshuf.World;

/// <summary>The cluster, the models and the functions deployed on it, with the quantities derived from them.</summary>
public sealed class ClusterWorld
{
    private readonly Dictionary<string, int> _functionIndex;

    /// <summary>Creates a world; GPUs are numbered across nodes in order.</summary>
    public ClusterWorld(string name, IReadOnlyList<NodeSpec> nodes, IReadOnlyList<ModelSpec> models, IReadOnlyList<FunctionSpec> functions, RuntimeSpec runtime)
    {
        Name = name;
        Nodes = nodes;
        Models = models;
        Functions = functions;
        Runtime = runtime;
        var gpus = new List<GpuSpec>();
        var gpuNode = new List<int>();
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var gpu in nodes[n].Gpus)
            {
                gpus.Add(gpu);
                gpuNode.Add(n);
            }
        }

        Gpus = gpus;
        GpuNode = gpuNode;
        _functionIndex = functions.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>Name of the cluster file.</summary>
    public string Name { get; }

    /// <summary>Nodes.</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; }

    /// <summary>All GPUs, node by node.</summary>
    public IReadOnlyList<GpuSpec> Gpus { get; }

    /// <summary>The node of each GPU.</summary>
    public IReadOnlyList<int> GpuNode { get; }

    /// <summary>Models.</summary>
    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>Functions.</summary>
    public IReadOnlyList<FunctionSpec> Functions { get; }

    /// <summary>Runtime constants.</summary>
    public RuntimeSpec Runtime { get; }

    /// <summary>The index of a function, or -1.</summary>
    public int FunctionIndex(string function) => _functionIndex.GetValueOrDefault(function, -1);

    /// <summary>The model a function serves.</summary>
    public ModelSpec ModelOf(int function) => Models[Functions[function].Model];

    /// <summary>GPU memory a replica of the function holds while its model is on a GPU: weights x quota plus the context, bytes.</summary>
    public long GpuBytes(int function) => (long)Math.Ceiling(ModelOf(function).WeightBytes * Runtime.GpuQuota) + Runtime.ContextBytes;

    /// <summary>Host-to-GPU load time of the function's model onto a GPU, seconds.</summary>
    public double LoadSeconds(int function, int gpu)
    {
        var model = ModelOf(function);
        return model.LoadSeconds ?? model.WeightBytes / Gpus[gpu].HostToDeviceBytesPerSecond + Runtime.TransferOverheadSeconds;
    }

    /// <summary>GPU-to-host offload time of the function's model from a GPU, seconds.</summary>
    public double OffloadSeconds(int function, int gpu)
    {
        var model = ModelOf(function);
        return model.OffloadSeconds ?? model.WeightBytes / Gpus[gpu].DeviceToHostBytesPerSecond + Runtime.TransferOverheadSeconds;
    }

    /// <summary>A cold start: process start and reading the model from disk, then loading it onto the GPU when gpu &gt;= 0, seconds.</summary>
    public double ColdStartSeconds(int function, int gpu)
    {
        var model = ModelOf(function);
        var toHost = model.ColdStartSeconds ?? Runtime.ProcessStartSeconds + model.WeightBytes / Runtime.DiskBytesPerSecond;
        return gpu < 0 ? toHost : toHost + LoadSeconds(function, gpu);
    }

    /// <summary>Inference time alone on the device, seconds.</summary>
    public double ExecSeconds(int function, bool onGpu) => onGpu ? ModelOf(function).CudaSeconds : ModelOf(function).CpuSeconds;

    /// <summary>GPU memory of every GPU added up, bytes.</summary>
    public long TotalGpuBytes => Gpus.Sum(g => g.MemoryBytes);
}
