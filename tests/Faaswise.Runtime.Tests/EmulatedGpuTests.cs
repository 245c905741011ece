using System.Globalization;
using System.Text.Json;
using Faaswise.Runtime.Devices;

namespace Faaswise.Runtime.Tests;

public sealed class EmulatedGpuTests
{
    [Fact]
    public async Task Runtimes_sharing_an_emulated_gpu_share_its_memory_and_a_load_that_does_not_fit_gets_507_and_leaves_nothing_behind()
    {
        var ledgers = Ledgers.Fresh();
        var bytes = new FileInfo(TestModels.Small).Length;
        string[] gpu = ["--device", "emulated-gpu", "--gpu-ledger-dir", ledgers, "--device-memory", (bytes * 3 / 2).ToString(CultureInfo.InvariantCulture)];
        await using var a = await RuntimeProcess.StartAsync(["--model", TestModels.Small, .. gpu]);
        Assert.Equal(200, (await a.ControlAsync("/tocpu")).Status);
        await using var b = await RuntimeProcess.StartAsync(["--model", TestModels.Small, .. gpu]);

        var (status, body) = await a.ControlAsync("/tocuda");

        Assert.Equal(507, status);
        Assert.Equal(bytes, body.GetProperty("needed_bytes").GetInt64());
        Assert.Equal(bytes * 3 / 2 - bytes, body.GetProperty("free_bytes").GetInt64());
        Assert.Contains("emulated", body.GetProperty("result").GetString(), StringComparison.Ordinal);
        var index = (await a.ControlAsync("/v2/repository/index", new { })).Body[0];
        Assert.Equal(("cpu", 0L), (index.GetProperty("residency").GetString(), index.GetProperty("gpu_bytes").GetInt64()));
        Assert.Equal(200, (await a.PostAsync("/", new ByteArrayContent([]))).Status);
        var ledger = new EmulatedGpu("gpu0", bytes * 3 / 2, 1e9, 1e9, ledgers);
        Assert.Equal(bytes, await ledger.UsedBytesAsync(CancellationToken.None));

        Assert.Equal(200, (await b.ControlAsync("/tocpu")).Status);
        Assert.Equal(200, (await a.ControlAsync("/tocuda")).Status);
        Assert.Equal(bytes, await ledger.UsedBytesAsync(CancellationToken.None));
        Assert.Contains($"faaswise_runtime_device_memory_used_bytes {bytes}", await a.Control.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_that_dies_frees_its_emulated_gpu_memory_for_the_next_one()
    {
        var ledgers = Ledgers.Fresh();
        var bytes = new FileInfo(TestModels.Small).Length;
        string[] gpu = ["--model", TestModels.Small, "--device", "emulated-gpu", "--gpu-ledger-dir", ledgers, "--device-memory", (bytes * 3 / 2).ToString(CultureInfo.InvariantCulture)];
        var first = await RuntimeProcess.StartAsync(gpu);
        System.Diagnostics.Process.GetProcessById(first.Pid).Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await first.DisposeAsync();

        await using var second = await RuntimeProcess.StartAsync(gpu);

        Assert.Equal(200, (await second.ControlAsync("/loaded")).Status);
    }

    [Fact]
    public async Task Moves_take_at_least_the_copy_time_at_each_direction_bandwidth_and_say_how_many_bytes_moved()
    {
        var bytes = new FileInfo(TestModels.Small).Length;
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small, "--device", "emulated-gpu", "--gpu-ledger-dir", Ledgers.Fresh(),
            "--h2d-bandwidth", "20MB/s", "--d2h-bandwidth", "10MB/s");

        var (status, off) = await runtime.ControlAsync("/tocpu");
        Assert.Equal(200, status);
        var (_, on) = await runtime.ControlAsync("/tocuda");

        Assert.Equal((bytes, "cuda", "cpu", true), (off.GetProperty("bytes").GetInt64(), off.GetProperty("from").GetString(), off.GetProperty("to").GetString(), off.GetProperty("emulated").GetBoolean()));
        Assert.True(off.GetProperty("seconds").GetDouble() >= bytes / 10e6 * 0.999, off.ToString());
        Assert.Equal((bytes, "cpu", "cuda"), (on.GetProperty("bytes").GetInt64(), on.GetProperty("from").GetString(), on.GetProperty("to").GetString()));
        Assert.True(on.GetProperty("seconds").GetDouble() >= bytes / 20e6 * 0.999, on.ToString());
        Assert.StartsWith("Model moved to CUDA in ", on.GetProperty("result").GetString(), StringComparison.Ordinal);
        var (_, again) = await runtime.ControlAsync("/tocuda");
        Assert.Equal((false, 0L), (again.GetProperty("moved").GetBoolean(), again.GetProperty("bytes").GetInt64()));
    }

    [Fact]
    public async Task Moves_racing_with_inference_never_overlap_it_and_each_inference_runs_where_the_model_was()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Slow, "--threads", "1", "--device", "emulated-gpu", "--gpu-ledger-dir", Ledgers.Fresh(),
            "--timeout", "120s", "--timeout-factor", "0");

        var inferences = Enumerable.Range(0, 8).Select(_ => runtime.PostAsync("/", new ByteArrayContent([]))).ToList();
        var moves = new List<JsonElement>();
        foreach (var path in new[] { "/tocpu", "/tocuda", "/tocpu", "/tocuda" })
        {
            var (status, body) = await runtime.ControlAsync(path);
            Assert.Equal(200, status);
            moves.Add(body);
        }

        var runs = (await Task.WhenAll(inferences)).Select(r =>
        {
            Assert.Equal(200, r.Status);
            return (Start: r.Body.GetProperty("run_started_at").GetDouble(), End: r.Body.GetProperty("run_ended_at").GetDouble(), Device: r.Body.GetProperty("infer_device").GetString());
        }).ToArray();
        foreach (var run in runs)
        {
            foreach (var move in moves)
            {
                var (start, end) = (move.GetProperty("started_at").GetDouble(), move.GetProperty("ended_at").GetDouble());
                Assert.True(run.End <= start + 1e-3 || run.Start >= end - 1e-3, $"inference [{run.Start}, {run.End}] overlaps move [{start}, {end}]");
            }

            // Before any move has ended the model is where it loaded: on the GPU.
            var before = moves.Where(m => m.GetProperty("ended_at").GetDouble() <= run.Start + 1e-3).ToList();
            var expected = before.Count == 0 ? "cuda" : before.MaxBy(m => m.GetProperty("ended_at").GetDouble()).GetProperty("to").GetString();
            Assert.Equal(expected, run.Device);
        }
    }

    [Fact]
    public async Task The_ledger_never_books_more_than_the_capacity_under_concurrent_reservations()
    {
        var directory = Ledgers.Fresh();
        var gpus = Enumerable.Range(0, 8).Select(_ => new EmulatedGpu("shared", 1000, 1e9, 1e9, directory)).ToArray();

        var outcomes = await Task.WhenAll(gpus.Select(async (gpu, i) =>
        {
            try
            {
                await gpu.ReserveAsync($"{Environment.ProcessId}/{i}", 300, CancellationToken.None);
                return true;
            }
            catch (DeviceMemoryExceededException)
            {
                return false;
            }
        }));

        Assert.Equal(3, outcomes.Count(o => o));
        Assert.Equal(900, await gpus[0].UsedBytesAsync(CancellationToken.None));
    }
}
