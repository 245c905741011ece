using System.Net.Http.Json;
using System.Text;

namespace Faaswise.Runtime.Tests;

public sealed class BadInputTests
{
    [Fact]
    public async Task Bad_requests_get_a_4xx_with_a_one_line_reason_and_the_runtime_keeps_serving()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", "resnet18");
        var shape = new[] { 1, 3, 224, 224 };
        var cases = new (string Path, HttpContent Body, int Status, string Reason)[]
        {
            ("/v2/models/resnet18/infer", new StringContent("{\"inputs\": [", Encoding.UTF8, "application/json"), 400, "not JSON"),
            ("/v2/models/resnet18/infer", JsonContent.Create(new { nothing = 1 }), 400, "\"inputs\""),
            ("/v2/models/resnet18/infer", JsonContent.Create(new { inputs = new[] { new { name = "Input247", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2, 3 } } } }), 400, "shape"),
            ("/v2/models/resnet18/infer", JsonContent.Create(new { inputs = new[] { new { name = "Input247", shape, datatype = "INT64", data = new[] { 1 } } } }), 400, "is FP32, not INT64"),
            ("/v2/models/resnet18/infer", JsonContent.Create(new { inputs = new[] { new { name = "Input247", shape, datatype = "FP32", data = new[] { 1f, 2 } } } }), 400, "has 2 values"),
            ("/v2/models/resnet18/infer", JsonContent.Create(new { inputs = new[] { new { name = "Input247", shape = new[] { 1, 1, 1, 1 }, datatype = "FP32", data = new[] { "x" } } } }), 400, "shape"),
            ("/v2/models/resnet18/infer", JsonContent.Create(new { inputs = new[] { new { name = "image", shape, datatype = "FP32", data = new[] { 1f } } } }), 400, "no input 'image'"),
            ("/v2/models/resnet50/infer", JsonContent.Create(new { inputs = Array.Empty<object>() }), 404, "unknown model 'resnet50'"),
            ("/", new ByteArrayContent(Encoding.UTF8.GetBytes("this is not an image")), 400, "not an image"),
            ("/", new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]), 400, "not an image"),
        };

        foreach (var (path, content, status, reason) in cases)
        {
            var (actual, body) = await runtime.PostAsync(path, content);
            Assert.Equal(status, actual);
            var error = body.GetProperty("error").GetString()!;
            Assert.Contains(reason, error, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error);
        }

        Assert.Equal(200, (await runtime.PostAsync("/", new ByteArrayContent(TestImages.Png(32, 32)))).Status);
    }

    [Fact]
    public async Task A_values_type_mismatch_names_the_input()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small);
        var spec = InferenceTests.Specs(TestModels.Small);
        var data = Enumerable.Repeat<object>("x", (int)spec.Shape[0] * (int)spec.Shape[1]).ToArray();

        var (status, body) = await runtime.PostAsync($"/v2/models/{Path.GetFileNameWithoutExtension(TestModels.Small)}/infer",
            JsonContent.Create(new { inputs = new[] { new { name = "input", shape = spec.Shape, datatype = "FP32", data } } }));

        Assert.Equal(400, status);
        Assert.Equal("input 'input' holds \"x\", not an FP32 number", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_image_sent_to_a_model_that_takes_no_image_is_refused_with_the_way_to_call_it()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small);

        var (status, body) = await runtime.PostAsync("/", new ByteArrayContent(TestImages.Png(8, 8)));

        Assert.Equal(400, status);
        Assert.Contains("/infer", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "no-such-model", "no built-in model 'no-such-model'")]
    [InlineData("--model", "/nonexistent/model.onnx", "no such file")]
    [InlineData("--device", "tpu", "--device 'tpu'")]
    [InlineData("--device-memory", "lots", "'lots' is not a size")]
    [InlineData("--h2d-bandwidth", "5GB", "not a bandwidth")]
    [InlineData("--timeout", "5", "--timeout '5' is not a duration")]
    public async Task Bad_options_exit_2_with_one_line(string option, string value, string reason)
    {
        var args = option == "--model" ? new[] { option, value } : ["--model", TestModels.Small, "--device", "emulated-gpu", option, value];
        if (option == "--device") args = ["--model", TestModels.Small, option, value];
        var runtime = RuntimeProcess.Launch(["runtime", "serve", "--port", "0", "--control-port", "0", .. args]);
        await using (runtime)
        {
            Assert.Equal(2, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var lines = runtime.Output.Trim().Split('\n');
            Assert.Single(lines);
            Assert.Contains(reason, lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_onnx_exits_2_naming_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("faaswise-not-onnx").FullName, "broken.onnx");
        await File.WriteAllTextAsync(path, "this is not a protobuf");
        var runtime = RuntimeProcess.Launch("runtime", "serve", "--model", path, "--port", "0", "--control-port", "0");
        await using (runtime)
        {
            Assert.Equal(2, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var lines = runtime.Output.Trim().Split('\n');
            Assert.Contains($"{path} is not an ONNX model", lines[^1], StringComparison.Ordinal);
        }
    }
}
