using System.Diagnostics;
using Faaswise.Runtime.Devices;
using Faaswise.Runtime.Models;
using Faaswise.Runtime.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Faaswise.Runtime.Engine;

/// <summary>
/// One model on ONNX Runtime: its sessions, where its weights are, whether it is ready, and the moves between GPU and
/// host memory, serialised with inference. On a real device a move builds a session on the other device (a live
/// session cannot move); on an emulated GPU the CPU session stays and the move books device memory and takes the
/// copy's time at the configured bandwidth.
/// </summary>
public sealed class ModelRunner : IDisposable
{
    private readonly RunnerOptions options;
    private readonly DeviceLock deviceLock;
    private readonly string owner = $"{Environment.ProcessId}/{Guid.NewGuid():N}";
    private InferenceSession? session;
    private InferenceSession? preprocess;
    private volatile bool gateOpen;

    /// <summary>A runner for <paramref name="source"/>; nothing is loaded until <see cref="LoadAsync"/>.</summary>
    public ModelRunner(ModelSource source, RunnerOptions options)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Device == DeviceKind.EmulatedGpu && options.EmulatedGpu is null) throw new ArgumentException("an emulated GPU is needed", nameof(options));
        deviceLock = new DeviceLock(Math.Max(1, options.Workers));
        Bytes = source.Bytes();
        gateOpen = !options.Reserve;
    }

    /// <summary>The model.</summary>
    public ModelSource Source { get; }

    /// <summary>Where requests' input arrays come from; the data plane returns them once their run has ended.</summary>
    public TensorArrays Arrays { get; } = new();

    /// <summary>Bytes of the model (the .onnx file and its external data): what a move copies.</summary>
    public long Bytes { get; }

    /// <summary>True when the GPU is emulated.</summary>
    public bool Emulated => options.Device == DeviceKind.EmulatedGpu;

    /// <summary>What this runtime serves on.</summary>
    public DeviceKind Device => options.Device;

    /// <summary>Where the weights are now.</summary>
    public Residency Residency { get; private set; }

    /// <summary>The repository state.</summary>
    public ModelState State { get; private set; }

    /// <summary>Why the last load failed, if it did.</summary>
    public string? Reason { get; private set; }

    /// <summary>The model's inputs (known after the first load).</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; private set; } = [];

    /// <summary>The model's outputs (known after the first load).</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; private set; } = [];

    /// <summary>True when the weights are somewhere they can be served from.</summary>
    public bool Loaded => Residency != Residency.None;

    /// <summary>The readiness gate (<c>/toready</c>, <c>/tonotready</c>).</summary>
    public bool GateOpen => gateOpen;

    /// <summary>Loaded and the gate open: what <c>/loaded</c> and <c>/v2/health/ready</c> report.</summary>
    public bool Ready => Loaded && gateOpen;

    /// <summary>Bytes this runtime holds in (real or emulated) GPU memory.</summary>
    public long DeviceBytes => Residency == Residency.Gpu ? Bytes : 0;

    /// <summary>QShuf's <c>infer_device</c>: where an inference runs now.</summary>
    public string InferDevice => DeviceNames.InferDevice(Residency);

    /// <summary>QShuf's fixed input for a request without a body, built once per load (a fresh 600 kB array per request costs the large-object heap).</summary>
    public IReadOnlyList<InferenceTensor> SyntheticInputs { get; private set; } = [];

    /// <summary>The input an image request fills, when the model takes one image.</summary>
    public TensorSpec? ImageInput => Inputs.Count == 1 && Tensors.ImageInput.Accepts(Inputs[0]) ? Inputs[0] : null;

    /// <summary>Loads the model to <paramref name="target"/> (a first load, a reload after an unload, or a move), then runs one warm-up inference.</summary>
    public async Task<MoveResult> LoadAsync(Residency target, CancellationToken cancellation)
    {
        if (target == Residency.None) throw new ArgumentOutOfRangeException(nameof(target));
        var wait = Stopwatch.StartNew();
        using var held = await deviceLock.ExclusiveAsync(cancellation).ConfigureAwait(false);
        var waited = wait.Elapsed.TotalSeconds;
        var startedAt = UnixTime.Now();
        if (Residency != Residency.None) return await MoveLockedAsync(target, waited, startedAt, cancellation).ConfigureAwait(false);

        State = ModelState.Loading;
        var clock = Stopwatch.StartNew();
        try
        {
            if (target == Residency.Gpu && Emulated) await options.EmulatedGpu!.ReserveAsync(owner, Bytes, cancellation).ConfigureAwait(false);
            try
            {
                var created = CreateSession(target == Residency.Gpu && !Emulated);
                if (Emulated && target == Residency.Gpu) await Task.Delay(options.EmulatedGpu!.TransferTime(Bytes, toDevice: true), cancellation).ConfigureAwait(false);
                Adopt(created);
                preprocess ??= Source.PreprocessPath is { } p ? CreatePreprocessSession(p) : null;
            }
            catch
            {
                if (target == Residency.Gpu && Emulated) await options.EmulatedGpu!.ReleaseAsync(owner, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            Residency = target;
            State = ModelState.Ready;
            Reason = null;
            WarmUp();
            return new MoveResult(true, "none", DeviceNames.InferDevice(target), clock.Elapsed.TotalSeconds, waited, Bytes, Emulated, startedAt);
        }
        catch (Exception e)
        {
            State = ModelState.Unavailable;
            Reason = e.Message;
            throw;
        }
    }

    /// <summary>QShuf's <c>/tocuda</c>: the weights to GPU memory; the gate opens.</summary>
    public async Task<MoveResult> ToGpuAsync(CancellationToken cancellation)
    {
        var result = await LoadAsync(Residency.Gpu, cancellation).ConfigureAwait(false);
        gateOpen = true;
        return result;
    }

    /// <summary>QShuf's <c>/tocpu</c>: the weights to host memory; the gate follows <see cref="RunnerOptions.ReadyOnCpu"/>.</summary>
    public async Task<MoveResult> ToHostAsync(CancellationToken cancellation)
    {
        var result = await LoadAsync(Residency.Host, cancellation).ConfigureAwait(false);
        gateOpen = options.ReadyOnCpu;
        return result;
    }

    /// <summary>Triton's unload: to host memory when <paramref name="keepHostCopy"/>, else out of memory altogether.</summary>
    public async Task<MoveResult> UnloadAsync(bool keepHostCopy, CancellationToken cancellation)
    {
        if (keepHostCopy) return await LoadAsync(Residency.Host, cancellation).ConfigureAwait(false);
        var wait = Stopwatch.StartNew();
        using var held = await deviceLock.ExclusiveAsync(cancellation).ConfigureAwait(false);
        var waited = wait.Elapsed.TotalSeconds;
        var startedAt = UnixTime.Now();
        var from = Residency;
        if (from == Residency.None) return new MoveResult(false, "none", "none", 0, waited, 0, Emulated, startedAt);
        State = ModelState.Unloading;
        var clock = Stopwatch.StartNew();
        session?.Dispose();
        session = null;
        if (from == Residency.Gpu && Emulated)
        {
            await Task.Delay(options.EmulatedGpu!.TransferTime(Bytes, toDevice: false), CancellationToken.None).ConfigureAwait(false);
            await options.EmulatedGpu.ReleaseAsync(owner, CancellationToken.None).ConfigureAwait(false);
        }

        Residency = Residency.None;
        State = ModelState.Unavailable;
        return new MoveResult(true, DeviceNames.InferDevice(from), "none", clock.Elapsed.TotalSeconds, waited, from == Residency.Gpu ? Bytes : 0, Emulated, startedAt);
    }

    /// <summary>Opens or closes the readiness gate; false (nothing changes) when opening it while not loaded.</summary>
    public bool SetGate(bool open)
    {
        if (open && !Loaded)
        {
            gateOpen = false;
            return false;
        }

        gateOpen = open;
        return true;
    }

    /// <summary>Runs one inference; a cancelled token terminates a run in progress.</summary>
    public async Task<RunResult> RunAsync(IReadOnlyList<InferenceTensor> inputs, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var held = await deviceLock.SharedAsync(cancellation).ConfigureAwait(false);
        var current = session ?? throw new InvalidOperationException($"model {Source.Name} is not loaded");
        var device = InferDevice;
        var startedAt = UnixTime.Now();
        var clock = Stopwatch.StartNew();
        var values = inputs.Select(t => t.ToOrtValue()).ToArray();
        try
        {
            using var run = new RunOptions();
            using var stop = cancellation.Register(() => run.Terminate = true);
            var outputNames = Outputs.Select(o => o.Name).ToArray();
            using var results = current.Run(run, inputs.Select(t => t.Name).ToArray(), values, outputNames);
            var outputs = results.Select((v, i) => InferenceTensor.FromOrtValue(outputNames[i], v)).ToArray();
            return new RunResult(outputs, device, clock.Elapsed.TotalSeconds, startedAt);
        }
        catch (OnnxRuntimeException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellation);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>
    /// An encoded image as the model's input (through the built-in's preprocessing model when it has one), in an array
    /// from <see cref="Arrays"/>.
    /// </summary>
    public InferenceTensor PrepareImage(ReadOnlySpan<byte> encoded)
    {
        var spec = ImageInput ?? throw new FormatException($"model {Source.Name} does not take an image (inputs: {Describe(Inputs)}); POST JSON tensors to /v2/models/{Source.Name}/infer");
        var pixels = Tensors.ImageInput.Decode(encoded, spec, Arrays);
        if (preprocess is null) return pixels;
        var prepInput = preprocess.InputMetadata.Keys.Single();
        using (var value = pixels.ToOrtValue())
        using (var run = new RunOptions())
        using (var results = preprocess.Run(run, [prepInput], [value], preprocess.OutputMetadata.Keys.ToArray()))
        {
            var prepared = InferenceTensor.FromOrtValue(spec.Name, results[0], Arrays);
            Arrays.Return(pixels.Data);
            return prepared with { Shape = pixels.Shape };
        }
    }

    /// <summary>A one-line description of tensors: <c>Input247 FP32 [1,3,224,224]</c>.</summary>
    public static string Describe(IEnumerable<TensorSpec> specs) => string.Join(", ", specs.Select(s => $"{s.Name} {s.Datatype} [{string.Join(",", s.Shape)}]"));

    /// <inheritdoc />
    public void Dispose()
    {
        session?.Dispose();
        preprocess?.Dispose();
        if (Residency == Residency.Gpu && Emulated) options.EmulatedGpu!.ReleaseAsync(owner, CancellationToken.None).GetAwaiter().GetResult();
        deviceLock.Dispose();
    }

    private async Task<MoveResult> MoveLockedAsync(Residency target, double waited, double startedAt, CancellationToken cancellation)
    {
        var from = Residency;
        if (from == target) return new MoveResult(false, InferDevice, InferDevice, 0, waited, 0, Emulated, startedAt);
        State = ModelState.Loading;
        var clock = Stopwatch.StartNew();
        try
        {
            if (Emulated)
            {
                if (target == Residency.Gpu) await options.EmulatedGpu!.ReserveAsync(owner, Bytes, cancellation).ConfigureAwait(false);
                await Task.Delay(options.EmulatedGpu!.TransferTime(Bytes, toDevice: target == Residency.Gpu), CancellationToken.None).ConfigureAwait(false);
                if (target == Residency.Host) await options.EmulatedGpu.ReleaseAsync(owner, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                var created = CreateSession(target == Residency.Gpu);
                session?.Dispose();
                session = created;
            }

            Residency = target;
            if (!Emulated) WarmUp();
            return new MoveResult(true, DeviceNames.InferDevice(from), DeviceNames.InferDevice(target), clock.Elapsed.TotalSeconds, waited, Bytes, Emulated, startedAt);
        }
        finally
        {
            State = ModelState.Ready;
        }
    }

    private void Adopt(InferenceSession created)
    {
        session?.Dispose();
        session = created;
        Inputs = created.InputMetadata.Select(kv => TensorSpec.From(kv.Key, kv.Value)).ToArray();
        Outputs = created.OutputMetadata.Select(kv => TensorSpec.From(kv.Key, kv.Value)).ToArray();
        SyntheticInputs = Inputs.Select(InferenceTensor.Synthetic).ToArray();
    }

    private InferenceSession CreateSession(bool cuda)
    {
        using var sessionOptions = cuda ? CudaOptions() : CpuOptions();
        try
        {
            return new InferenceSession(Source.Path, sessionOptions);
        }
        catch (OnnxRuntimeException e) when (cuda && e.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase))
        {
            throw new CudaUnavailableException(e.Message.Split('\n')[0]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new FormatException($"{Source.Path} is not an ONNX model ONNX Runtime can load: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>
    /// The image preprocessing model runs on the calling thread alone (0.4 ms): a thread pool of its own would spin
    /// after each run and take the cores the model's pool needs, which made ResNet-18 on images 43 ms instead of 25 ms.
    /// </summary>
    private static InferenceSession CreatePreprocessSession(string path)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return new InferenceSession(path, options);
    }

    private SessionOptions CpuOptions()
    {
        var o = new SessionOptions { IntraOpNumThreads = options.Threads, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return o;
    }

    private SessionOptions CudaOptions()
    {
        var o = CpuOptions();
        try
        {
            o.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException)
        {
            o.Dispose();
            throw new CudaUnavailableException(e is EntryPointNotFoundException ? "this build of ONNX Runtime has no CUDA provider (build with -p:OrtFlavor=gpu)" : e.Message.Split('\n')[0]);
        }

        return o;
    }

    private void WarmUp()
    {
        var inputs = SyntheticInputs;
        var values = inputs.Select(t => t.ToOrtValue()).ToArray();
        try
        {
            using var run = new RunOptions();
            using var results = session!.Run(run, inputs.Select(t => t.Name).ToArray(), values, Outputs.Select(o => o.Name).ToArray());
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
