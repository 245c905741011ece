using System.Diagnostics;
using System.Globalization;
using Faaswise.Qshuf.World;

namespace Faaswise.Experiments.Local;

/// <summary>
/// How a local run starts a replica: <c>faaswise runtime serve</c> with the function's model on an emulated GPU of
/// the world (its memory, its transfer rates, a ledger shared by the run's runtimes) or on a real CUDA device (the
/// policies still keep to the world's GPU memory; moves take what the device takes), the function's timeout and
/// QShuf's early-drop factor, a reserve or a model kept in host memory as the start decision asks.
/// </summary>
/// <param name="Faaswise">The command that runs faaswise (the executable, or dotnet and faaswise.dll).</param>
/// <param name="World">The cluster.</param>
/// <param name="Models">Per function, the <c>--model</c> value (a built-in name or an .onnx file).</param>
/// <param name="LedgerDirectory">The emulated GPUs' memory ledgers, fresh for each run.</param>
/// <param name="LogDirectory">One log file per replica.</param>
/// <param name="Threads">ONNX Runtime intra-op threads per replica.</param>
/// <param name="CudaDevices">Real GPUs instead of emulated ones: the cluster's GPU g is CUDA device CudaDevices[g mod count].</param>
public sealed record RuntimeLaunch(IReadOnlyList<string> Faaswise, ClusterWorld World, IReadOnlyList<string> Models, string LedgerDirectory, string LogDirectory, int Threads = 1,
    IReadOnlyList<int>? CudaDevices = null)
{
    /// <summary>The process start for a replica of <paramref name="function"/> on <paramref name="gpu"/> (-1: CPU only), its readiness gate closed at start (a reserve, or a start not asked to be ready) when <paramref name="gateClosed"/>.</summary>
    public ProcessStartInfo For(int function, int gpu, bool onGpu, bool gateClosed)
    {
        var f = World.Functions[function];
        var c = CultureInfo.InvariantCulture;
        var info = new ProcessStartInfo(Faaswise[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in Faaswise.Skip(1)) info.ArgumentList.Add(a);
        foreach (var a in (string[])["runtime", "serve", "--model", Models[function], "--port", "0", "--control-port", "0", "--threads", Threads.ToString(c),
                     "--timeout", f.TimeoutSeconds.ToString("0.###", c) + "s", "--timeout-factor", World.Runtime.TimeoutFactor.ToString("0.###", c),
                     "--workers", f.Workers.ToString(c), "--exit-with", Environment.ProcessId.ToString(c)])
        {
            info.ArgumentList.Add(a);
        }

        if (gpu >= 0 && CudaDevices is { Count: > 0 } cuda)
        {
            foreach (var a in (string[])["--device", "cuda", "--cuda-device", cuda[gpu % cuda.Count].ToString(c)]) info.ArgumentList.Add(a);
            if (!onGpu) info.ArgumentList.Add("--start-on-host");
        }
        else if (gpu >= 0)
        {
            var g = World.Gpus[gpu];
            foreach (var a in (string[])["--device", "emulated-gpu", "--gpu-name", g.Uuid, "--gpu-ledger-dir", LedgerDirectory,
                         "--device-memory", (g.MemoryBytes / 1e6).ToString("0.###", c) + "MB",
                         "--h2d-bandwidth", (g.HostToDeviceBytesPerSecond / 1e6).ToString("0.###", c) + "MB/s",
                         "--d2h-bandwidth", (g.DeviceToHostBytesPerSecond / 1e6).ToString("0.###", c) + "MB/s"])
            {
                info.ArgumentList.Add(a);
            }

            if (!onGpu) info.ArgumentList.Add("--start-on-host");
        }

        if (gateClosed) info.ArgumentList.Add("--reserve");
        info.Environment["DOTNET_gcServer"] = "0";
        return info;
    }
}
