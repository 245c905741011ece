namespace Faaswise.Runtime.Tests;

public sealed class ControlTests
{
    [Fact]
    public async Task Qshuf_control_paths_answer_as_qshufs_runtime_does_on_a_machine_without_cuda()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small);

        var (status, body) = await runtime.ControlAsync("/tocuda");
        Assert.Equal(500, status);
        Assert.Equal("CUDA is not available", body.GetProperty("result").GetString());

        (status, body) = await runtime.ControlAsync("/tocpu");
        Assert.Equal(200, status);
        Assert.StartsWith("Model moved to CPU in ", body.GetProperty("result").GetString(), StringComparison.Ordinal);

        (status, body) = await runtime.ControlAsync("/loaded");
        Assert.Equal((200, true), (status, body.GetProperty("result").GetBoolean()));
        (status, body) = await runtime.ControlAsync("/tonotready");
        Assert.Equal((200, "Model not ready"), (status, body.GetProperty("result").GetString()));
        (status, body) = await runtime.ControlAsync("/loaded");
        Assert.Equal((500, false), (status, body.GetProperty("result").GetBoolean()));
        Assert.Equal(400, (int)(await runtime.Data.GetAsync("/v2/health/ready")).StatusCode);
        (status, body) = await runtime.ControlAsync("/toready");
        Assert.Equal((200, "Model ready"), (status, body.GetProperty("result").GetString()));
        Assert.Equal(200, (await runtime.ControlAsync("/loaded")).Status);
    }

    [Fact]
    public async Task Asked_for_cuda_without_it_the_runtime_says_so_serves_on_the_cpu_and_tocuda_answers_500()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small, "--device", "cuda");

        Assert.Contains("CUDA is not available", runtime.Output, StringComparison.Ordinal);
        Assert.Contains(" on cpu at http://", await runtime.WaitForLineAsync("faaswise runtime: serving ", RuntimeProcess.StartTimeout), StringComparison.Ordinal);
        var (status, body) = await runtime.PostAsync("/", new ByteArrayContent([]));
        Assert.Equal((200, "cpu"), (status, body.GetProperty("infer_device").GetString()));
        Assert.Equal(500, (await runtime.ControlAsync("/tocuda")).Status);
    }

    [Fact]
    public async Task A_reserve_starts_loaded_but_not_ready_and_toready_promotes_it()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small, "--reserve");

        Assert.Equal(500, (await runtime.ControlAsync("/loaded")).Status);
        var index = (await runtime.ControlAsync("/v2/repository/index", new { })).Body[0];
        Assert.Equal("READY", index.GetProperty("state").GetString());
        Assert.False(index.GetProperty("ready").GetBoolean());

        Assert.Equal(200, (await runtime.ControlAsync("/toready")).Status);
        Assert.Equal(200, (await runtime.ControlAsync("/loaded")).Status);
    }

    [Fact]
    public async Task While_the_model_loads_loaded_answers_500_and_the_data_plane_is_not_yet_up()
    {
        // 64 MB copied at 16 MB/s: the emulated load takes about 4 s, long enough to observe.
        await using var runtime = await RuntimeProcess.StartControlAsync("--model", TestModels.Write("loading", Models.SyntheticModel.For(64_000_000, null)),
            "--device", "emulated-gpu", "--h2d-bandwidth", "16MB/s", "--gpu-ledger-dir", Ledgers.Fresh());

        var (status, body) = await runtime.ControlAsync("/loaded");
        Assert.Equal((500, false), (status, body.GetProperty("result").GetBoolean()));
        Assert.Equal(500, (await runtime.ControlAsync("/toready")).Status);
        await runtime.WaitUntilServingAsync();
        Assert.Equal(200, (await runtime.ControlAsync("/loaded")).Status);
    }

    [Fact]
    public async Task Triton_repository_calls_unload_reload_and_gate_the_model()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small);
        var name = Path.GetFileNameWithoutExtension(TestModels.Small);

        var (status, body) = await runtime.ControlAsync($"/v2/repository/models/{name}/unload", new { parameters = new { keep_host_copy = false } });
        Assert.Equal(200, status);
        Assert.Equal("none", body.GetProperty("to").GetString());
        var index = (await runtime.ControlAsync("/v2/repository/index", new { })).Body[0];
        Assert.Equal(("UNAVAILABLE", "none"), (index.GetProperty("state").GetString(), index.GetProperty("residency").GetString()));
        Assert.Equal(503, (await runtime.PostAsync("/", new ByteArrayContent([]))).Status);
        Assert.Equal(409, (await runtime.ControlAsync($"/v2/repository/models/{name}/ready", new { ready = true })).Status);

        (status, body) = await runtime.ControlAsync($"/v2/repository/models/{name}/load", new { parameters = new { device = "cpu" } });
        Assert.Equal(200, status);
        Assert.Equal(("none", "cpu"), (body.GetProperty("from").GetString(), body.GetProperty("to").GetString()));
        Assert.Equal(200, (await runtime.PostAsync("/", new ByteArrayContent([]))).Status);

        Assert.Equal(200, (await runtime.ControlAsync($"/v2/repository/models/{name}/ready", new { ready = false })).Status);
        Assert.Equal(500, (await runtime.ControlAsync("/loaded")).Status);
        Assert.Equal(404, (await runtime.ControlAsync("/v2/repository/models/other/load", new { })).Status);
        Assert.Equal(400, (await runtime.ControlAsync($"/v2/repository/models/{name}/load", new { parameters = new { device = "tpu" } })).Status);
        Assert.Equal(500, (await runtime.ControlAsync($"/v2/repository/models/{name}/load", new { parameters = new { device = "cuda" } })).Status);
    }

    [Fact]
    public async Task A_model_loading_through_the_control_plane_does_not_hold_up_the_data_plane()
    {
        // A CPU load builds the session synchronously (0.3 s or more for 128 MB); the data plane must answer meanwhile.
        var model = TestModels.Write("loading-cpu", Models.SyntheticModel.For(128_000_000, null));
        await using var runtime = await RuntimeProcess.StartAsync("--model", model);
        var name = Path.GetFileNameWithoutExtension(model);
        Assert.Equal(200, (await runtime.ControlAsync($"/v2/repository/models/{name}/unload", new { parameters = new { keep_host_copy = false } })).Status);

        var load = runtime.ControlAsync($"/v2/repository/models/{name}/load", new { parameters = new { device = "cpu" } });
        var states = new List<string>();
        while (!load.IsCompleted)
        {
            using var response = await runtime.Data.GetAsync($"/v2/models/{name}");
            states.Add((await RuntimeProcess.BodyAsync(response)).GetProperty("parameters").GetProperty("state").GetString()!);
        }

        Assert.Equal(200, (await load).Status);
        Assert.Contains("LOADING", states);
    }

    [Fact]
    public async Task The_environment_paths_are_off_unless_allowed_and_then_set_and_read_variables()
    {
        await using (var closed = await RuntimeProcess.StartAsync("--model", TestModels.Small))
        {
            Assert.Equal(403, (await closed.ControlAsync("/get_env?name=PATH")).Status);
            Assert.Equal(403, (await closed.ControlAsync("/set_env", new { A = "1" })).Status);
        }

        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small, "--allow-env");
        Assert.Equal(200, (await runtime.ControlAsync("/set_env", new Dictionary<string, string> { ["FAASWISE_TEST_VAR"] = "42" })).Status);
        var (status, body) = await runtime.ControlAsync("/get_env?name=FAASWISE_TEST_VAR");
        Assert.Equal((200, "42"), (status, body.GetProperty("FAASWISE_TEST_VAR").GetString()));
        Assert.Equal(404, (await runtime.ControlAsync("/get_env?name=FAASWISE_NO_SUCH_VAR")).Status);
    }

    [Fact]
    public async Task Sigterm_stops_the_runtime_with_exit_code_0()
    {
        var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small);
        await using (runtime)
        {
            Assert.Equal(0, await runtime.StopAsync());
        }
    }
}
