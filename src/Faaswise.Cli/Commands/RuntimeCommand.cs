using System.CommandLine;
using System.Globalization;
using System.Net;
using Faaswise.Load.Units;
using Faaswise.Runtime.Devices;
using Faaswise.Runtime.Engine;
using Faaswise.Runtime.Hosting;
using Faaswise.Runtime.Models;
using Faaswise.Runtime.Units;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise runtime serve</c> and <c>make-model</c>: the inference runtime of QShuf's model functions.</summary>
internal static class RuntimeCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("runtime", "The inference runtime of QShuf's model functions: ONNX models on cpu, cuda or an emulated GPU, " +
            "the Open Inference Protocol v2 and QShuf's control API.");
        command.Subcommands.Add(Serve(console));
        command.Subcommands.Add(MakeModel(console));
        return command;
    }

    private static Command Serve(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = $"Built-in model ({string.Join(", ", ModelSource.Builtins.Keys)}) or an .onnx file", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda (falls back to cpu when CUDA is missing) or emulated-gpu [default: $infer_device, else cpu]" };
        var port = new Option<int?>("--port") { Description = "Data-plane port; 0 picks a free one [default: $PORT, else 8080]" };
        var controlPort = new Option<int>("--control-port") { Description = "Control-plane port (QShuf's /tocpu, /tocuda, ...); 0 picks a free one", DefaultValueFactory = _ => 5001 };
        var listen = new Option<string>("--listen") { Description = "Address both planes listen on (0.0.0.0 in a pod)", DefaultValueFactory = _ => "127.0.0.1" };
        var workers = new Option<int>("--workers") { Description = "Inferences that run at once", DefaultValueFactory = _ => 1 };
        var timeout = new Option<string?>("--timeout") { Description = "Deadline of a request from when it is queued, then 408 [default: $read_timeout, else 5s]" };
        var factor = new Option<double?>("--timeout-factor") { Description = "Drop (499) a request whose time left is below the mean of the last 3 request times times this; 0: never [default: $TIMEOUT_FACTOR, else 1.5]" };
        var reserve = new Option<bool>("--reserve") { Description = "Start as a warm standby: loaded, not ready until /toready [default: $reserve == True]" };
        var startOnHost = new Option<bool>("--start-on-host") { Description = "With --device cuda or emulated-gpu, load the model into host memory at start; /tocuda moves it [default: $infer_device == cpu]" };
        var notReadyOnCpu = new Option<bool>("--not-ready-on-cpu") { Description = "Close the readiness gate after /tocpu (models too slow to serve from the CPU)" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads; 0: one per core", DefaultValueFactory = _ => 0 };
        var cudaDevice = new Option<int>("--cuda-device") { Description = "CUDA device ordinal for --device cuda", DefaultValueFactory = _ => 0 };
        var deviceMemory = new Option<string>("--device-memory") { Description = "emulated-gpu: device memory shared by every runtime naming the same --gpu-name", DefaultValueFactory = _ => "24GB" };
        var gpuName = new Option<string>("--gpu-name") { Description = "emulated-gpu: the GPU this runtime shares with others on this machine", DefaultValueFactory = _ => "gpu0" };
        var h2d = new Option<string>("--h2d-bandwidth") { Description = "emulated-gpu: host-to-device copy rate (QShuf's measured 5.7GB/s)", DefaultValueFactory = _ => "5.7GB/s" };
        var d2h = new Option<string>("--d2h-bandwidth") { Description = "emulated-gpu: device-to-host copy rate (QShuf's measured 2.1GB/s)", DefaultValueFactory = _ => "2.1GB/s" };
        var ledgerDir = new Option<string?>("--gpu-ledger-dir") { Description = $"emulated-gpu: directory of the shared memory ledgers [default: {EmulatedGpu.DefaultDirectory}]" };
        var allowEnv = new Option<bool>("--allow-env") { Description = "Serve /set_env and /get_env (they read and change this process's environment)" };
        var exitWith = new Option<int?>("--exit-with") { Description = "Stop when process PID (the launcher, this process's parent) ends, so a launcher killed with SIGKILL leaves no runtime behind" };
        var command = new Command("serve", "Serve one model until Ctrl-C. Data plane: POST /v2/models/NAME/infer (JSON tensors) and POST / " +
            "(an image, or an empty body for a fixed input). Control plane: /tocpu, /tocuda, /toready, /tonotready, /loaded, " +
            "/v2/repository/index and /v2/repository/models/NAME/{load,unload,ready}. /metrics and /v2/health/* on both.")
        {
            model, device, port, controlPort, listen, workers, timeout, factor, reserve, startOnHost, notReadyOnCpu, threads, cudaDevice,
            deviceMemory, gpuName, h2d, d2h, ledgerDir, allowEnv, exitWith,
        };
        command.SetAction(async (parse, interrupted) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
            var launcher = parse.GetValue(exitWith) is { } pid
                ? pid > 0 && ParentWatch.Alive(pid) ? pid : throw new UsageException($"--exit-with {pid}: no such process is this process's parent")
                : (int?)null;
            var watch = launcher is { } l ? ParentWatch.WatchAsync(l, stop, TimeSpan.FromMilliseconds(500), stop.Token) : Task.CompletedTask;
            try
            {
                return await ServeAsync(parse, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }
        });
        return command;

        async Task<int> ServeAsync(ParseResult parse, CancellationToken cancellation)
        {
            var kind = Parse(() => DeviceNames.Parse(parse.GetValue(device) ?? Env("infer_device") ?? "cpu"));
            var control = parse.GetValue(controlPort);
            var dataPort = parse.GetValue(port) ?? (Env("PORT") is { } p ? Parse(() => int.Parse(p, CultureInfo.InvariantCulture)) : 8080);
            var options = new RuntimeOptions
            {
                Model = Parse(() => ModelSource.Resolve(parse.GetValue(model)!)),
                Listen = IPAddress.TryParse(parse.GetValue(listen), out var a) ? a : throw new UsageException($"--listen '{parse.GetValue(listen)}' is not an IP address"),
                Port = dataPort is >= 0 and <= 65535 ? dataPort : throw new UsageException($"--port must be 0-65535 (got {dataPort})"),
                ControlPort = control is >= 0 and <= 65535 ? control : throw new UsageException($"--control-port must be 0-65535 (got {control})"),
                AllowEnv = parse.GetValue(allowEnv),
                Queue = new QueueOptions
                {
                    Workers = parse.GetValue(workers) is var w and >= 1 ? w : throw new UsageException("--workers must be ≥ 1"),
                    Timeout = Duration(parse.GetValue(timeout) ?? Env("read_timeout") ?? "5s", "--timeout"),
                    TimeoutFactor = (parse.GetValue(factor) ?? (Env("TIMEOUT_FACTOR") is { } f ? Parse(() => double.Parse(f, CultureInfo.InvariantCulture)) : 1.5)) is var tf and >= 0
                        ? tf : throw new UsageException("--timeout-factor must be ≥ 0"),
                },
                Runner = new RunnerOptions
                {
                    Device = kind,
                    CudaDeviceId = parse.GetValue(cudaDevice),
                    Threads = parse.GetValue(threads) is var t and >= 0 ? t : throw new UsageException("--threads must be ≥ 0"),
                    Reserve = parse.GetValue(reserve) || string.Equals(Env("reserve"), "true", StringComparison.OrdinalIgnoreCase),
                    StartOnHost = parse.GetValue(startOnHost) || (parse.GetValue(device) is not null && Env("infer_device") == "cpu"),
                    ReadyOnCpu = !parse.GetValue(notReadyOnCpu),
                    EmulatedGpu = kind != DeviceKind.EmulatedGpu ? null : new EmulatedGpu(
                        parse.GetValue(gpuName)!,
                        Parse(() => ByteSize.Parse(parse.GetValue(deviceMemory)!)),
                        Parse(() => ByteSize.ParseRate(parse.GetValue(h2d)!)),
                        Parse(() => ByteSize.ParseRate(parse.GetValue(d2h)!)),
                        parse.GetValue(ledgerDir) ?? EmulatedGpu.DefaultDirectory),
                },
            };

            RuntimeHost host;
            try
            {
                host = await RuntimeHost.StartAsync(options, console.Out, cancellation).ConfigureAwait(false);
            }
            catch (DeviceMemoryExceededException e)
            {
                await console.Error.WriteLineAsync($"faaswise: {e.Message}").ConfigureAwait(false);
                return ExitCodes.RuntimeFailure;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }

            await using (host.ConfigureAwait(false))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return ExitCodes.Success;
        }
    }

    private static Command MakeModel(CliConsole console)
    {
        var size = new Option<string>("--size") { Description = "Bytes of weights, as in 64MB, 1GB or 4GB (above 1 GiB they go to FILE.data, ONNX external data)", Required = true };
        var flops = new Option<string?>("--flops") { Description = "Floating-point operations per inference, as in 2G or 500M [default: one input row, size/2]" };
        var output = new Option<FileInfo>("--out") { Description = "The .onnx file to write", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the pseudo-random weights", DefaultValueFactory = _ => 1 };
        var command = new Command("make-model", "Write a synthetic ONNX model of a chosen size and cost (MatMul + Relu layers with pseudo-random weights) " +
            "for shuffling experiments: it loads, moves and runs like a real model of that size but computes nothing meaningful.")
        {
            size, flops, output, seed,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var bytes = Parse(() => ByteSize.Parse(parse.GetValue(size)!));
            var perInference = parse.GetValue(flops) is { } text ? Parse(() => Flops(text)) : (double?)null;
            var model = Parse(() => SyntheticModel.For(bytes, perInference, parse.GetValue(seed)));
            var path = parse.GetValue(output)!.FullName;
            if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--out '{path}' must end in .onnx");
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory)) throw new UsageException($"--out: no such directory: {directory}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var files = await Task.Run(() => model.Write(path), cancellation).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"make-model: {string.Join(" + ", files.Select(f => $"{f} ({ByteSize.Format(new FileInfo(f).Length)})"))} in {clock.Elapsed.TotalSeconds:0.0} s: " +
                $"{model.Layers} x (MatMul {model.Width}x{model.Width} + Relu), input [{model.Rows},{model.Width}] FP32, " +
                $"{ByteSize.Format(model.WeightBytes)} of weights, {model.Flops / 1e9:0.###} GFLOP per inference (synthetic weights)").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static double Flops(string text)
    {
        var t = text.Trim();
        var scale = t.Length > 0 ? t[^1] switch { 'k' or 'K' => 1e3, 'M' => 1e6, 'G' => 1e9, 'T' => 1e12, _ => 1d } : 1d;
        var number = scale == 1d ? t : t[..^1];
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * scale : throw new FormatException($"--flops '{text}' is not a count such as 500M or 2G");
    }

    private static TimeSpan Duration(string text, string option) => DurationOption.Parse(option, text);

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or OverflowException)
        {
            throw new UsageException(e.Message);
        }
    }
}
