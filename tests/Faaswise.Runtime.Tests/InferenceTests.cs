using System.Net.Http.Json;
using System.Text.Json;
using Faaswise.Runtime.Engine;
using Faaswise.Runtime.Models;
using Faaswise.Runtime.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Faaswise.Runtime.Tests;

public sealed class InferenceTests
{
    [Fact]
    public async Task Resnet18_over_the_inference_protocol_equals_onnx_runtime_in_process_on_the_same_input()
    {
        var input = Enumerable.Range(0, 3 * 224 * 224).Select(i => (float)((i * 7919 % 256) - 128)).ToArray();
        var expected = InProcess(TestModels.ResNet18, "Input247", input, [1, 3, 224, 224]);
        await using var runtime = await RuntimeProcess.StartAsync("--model", "resnet18");

        var (status, body) = await runtime.PostAsync("/v2/models/resnet18/infer", JsonContent.Create(new
        {
            id = "req-1",
            inputs = new[] { new { name = "Input247", shape = new[] { 1, 3, 224, 224 }, datatype = "FP32", data = input } },
        }));

        Assert.Equal(200, status);
        Assert.Equal("req-1", body.GetProperty("id").GetString());
        var output = body.GetProperty("outputs")[0];
        Assert.Equal("Pooling395_Output_0", output.GetProperty("name").GetString());
        Assert.Equal([1, 512, 1, 1], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        var actual = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.Contains(expected, v => v != 0);
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First)), $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public async Task Binary_tensor_data_gives_the_same_outputs_as_json_and_a_wrong_size_is_refused()
    {
        var input = Enumerable.Range(0, 3 * 224 * 224).Select(i => (float)Math.Cos(i)).ToArray();
        var expected = InProcess(TestModels.ResNet18, "Input247", input, [1, 3, 224, 224]);
        await using var runtime = await RuntimeProcess.StartAsync("--model", "resnet18");
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()).ToArray();

        var (status, body) = await runtime.PostAsync("/v2/models/resnet18/infer", Binary(bytes, bytes.Length));
        Assert.Equal(200, status);
        var actual = body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First))));

        (status, body) = await runtime.PostAsync("/v2/models/resnet18/infer", Binary(bytes[..^4], bytes.Length - 4));
        Assert.Equal(400, status);
        Assert.Contains("binary_data_size 602108", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        (status, body) = await runtime.PostAsync("/v2/models/resnet18/infer", Binary(bytes[..^4], bytes.Length));
        Assert.Equal(400, status);
        Assert.Contains("needs 602112 bytes", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_whose_arrays_are_reused_each_get_the_outputs_of_their_own_input()
    {
        // The runtime reuses input arrays between requests: three different inputs, sent 4 at a time and interleaved
        // with a refused one, must each come back with what ONNX Runtime in process gives for that input.
        var inputs = new[] { 1.0, 2.5, -0.7 }.Select(k => Enumerable.Range(0, 3 * 224 * 224).Select(i => (float)Math.Sin(i * k)).ToArray()).ToArray();
        var expected = inputs.Select(x => InProcess(TestModels.ResNet18, "Input247", x, [1, 3, 224, 224])).ToArray();
        await using var runtime = await RuntimeProcess.StartAsync("--model", "resnet18");
        var bytes = inputs.Select(x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).ToArray()).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(async n =>
        {
            var which = n % inputs.Length;
            HttpContent content = n % 2 == 0 ? Binary(bytes[which], bytes[which].Length) : JsonContent.Create(new
            {
                inputs = new[] { new { name = "Input247", shape = new[] { 1, 3, 224, 224 }, datatype = "FP32", data = inputs[which] } },
            });
            if (n % 7 == 3) Assert.Equal(400, (await runtime.PostAsync("/v2/models/resnet18/infer", Binary(bytes[which][..^4], bytes[which].Length))).Item1);
            var (status, body) = await runtime.PostAsync("/v2/models/resnet18/infer", content);
            return (which, status, body);
        }));

        Assert.All(answers, a =>
        {
            Assert.Equal(200, a.status);
            var actual = a.body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.All(expected[a.which].Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First))));
        });
    }

    private static ByteArrayContent Binary(byte[] data, int declared)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = "Input247", shape = new[] { 1, 3, 224, 224 }, datatype = "FP32", parameters = new { binary_data_size = declared } } },
        });
        var content = new ByteArrayContent([.. json, .. data]);
        content.Headers.Add(InferenceRequestJson.BinaryHeader, json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }

    [Fact]
    public async Task An_image_posted_to_the_function_path_equals_preprocessing_and_resnet18_in_process()
    {
        var png = TestImages.Png(80, 60);
        var spec = new TensorSpec("Input247", "FP32", [1, 3, 224, 224]);
        var pixels = (float[])ImageInput.Decode(png, spec).Data;
        var prepared = InProcess(ModelSource.Builtins["resnet18"].PreprocessPath!, "OriginalInput", pixels, [1, 3, 224, 224]);
        var expected = InProcess(TestModels.ResNet18, "Input247", prepared, [1, 3, 224, 224]);
        await using var runtime = await RuntimeProcess.StartAsync("--model", "resnet18");

        var (status, body) = await runtime.PostAsync("/", new ByteArrayContent(png));

        Assert.Equal(200, status);
        Assert.Equal("cpu", body.GetProperty("infer_device").GetString());
        Assert.False(body.GetProperty("emulated").GetBoolean());
        Assert.True(body.GetProperty("exec_time").GetDouble() >= body.GetProperty("inference_seconds").GetDouble());
        var actual = body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First)), $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public async Task Many_images_in_a_row_all_succeed_with_the_same_features()
    {
        // The preprocessing run once passed a RunOptions that the GC could finalise mid-run: a crash within a few calls.
        var png = TestImages.Png(64, 64);
        await using var runtime = await RuntimeProcess.StartAsync("--model", "resnet18");
        string? first = null;
        for (var i = 0; i < 25; i++)
        {
            var (status, body) = await runtime.PostAsync("/", new ByteArrayContent(png));
            Assert.Equal(200, status);
            var features = body.GetProperty("outputs")[0].GetProperty("data").GetRawText();
            first ??= features;
            Assert.Equal(first, features);
        }
    }

    [Fact]
    public async Task An_empty_body_runs_the_fixed_synthetic_input_as_qshuf_does_and_a_generated_model_matches_in_process()
    {
        var model = TestModels.Small;
        var spec = Specs(model);
        var synthetic = (float[])InferenceTensor.Synthetic(spec).Data;
        var expected = InProcess(model, spec.Name, synthetic, spec.ConcreteShape());
        await using var runtime = await RuntimeProcess.StartAsync("--model", model);

        var (status, body) = await runtime.PostAsync("/any/path/at/all", new ByteArrayContent([]));

        Assert.Equal(200, status);
        var actual = body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First))));
    }

    [Fact]
    public async Task Metadata_and_health_follow_the_open_inference_protocol()
    {
        await using var runtime = await RuntimeProcess.StartAsync("--model", TestModels.Small);
        var name = Path.GetFileNameWithoutExtension(TestModels.Small);

        foreach (var client in new[] { runtime.Data, runtime.Control })
        {
            Assert.Equal(200, (int)(await client.GetAsync("/v2/health/live")).StatusCode);
            Assert.Equal(200, (int)(await client.GetAsync("/v2/health/ready")).StatusCode);
            Assert.Equal(200, (int)(await client.GetAsync($"/v2/models/{name}/ready")).StatusCode);
            var metadata = await client.GetFromJsonAsync<JsonElement>($"/v2/models/{name}");
            Assert.Equal(name, metadata.GetProperty("name").GetString());
            Assert.Equal("input", metadata.GetProperty("inputs")[0].GetProperty("name").GetString());
            Assert.Equal("FP32", metadata.GetProperty("inputs")[0].GetProperty("datatype").GetString());
            Assert.Equal(404, (int)(await client.GetAsync("/v2/models/nope")).StatusCode);
            var metrics = await client.GetStringAsync("/metrics");
            Assert.Contains("faaswise_runtime_ready 1", metrics, StringComparison.Ordinal);
        }
    }

    internal static TensorSpec Specs(string model)
    {
        using var session = new InferenceSession(model);
        var (name, meta) = session.InputMetadata.Single();
        return new TensorSpec(name, "FP32", meta.Dimensions.Select(d => (long)d).ToArray());
    }

    internal static float[] InProcess(string model, string input, float[] data, long[] shape)
    {
        using var session = new InferenceSession(model);
        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var run = new RunOptions();
        using var results = session.Run(run, [input], [value], session.OutputMetadata.Keys.ToArray());
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
