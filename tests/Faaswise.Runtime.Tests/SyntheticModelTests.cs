using Faaswise.Runtime.Models;
using Microsoft.ML.OnnxRuntime;

namespace Faaswise.Runtime.Tests;

public sealed class SyntheticModelTests
{
    [Theory]
    [InlineData(1_000_000L, null)]
    [InlineData(64_000_000L, null)]
    [InlineData(8_000_000L, 1e9)]
    public void A_generated_model_has_the_asked_size_and_cost_and_loads_in_onnx_runtime(long bytes, double? flops)
    {
        var model = SyntheticModel.For(bytes, flops);
        var path = TestModels.Write($"size-{bytes}-{flops}", model);

        Assert.InRange(model.WeightBytes, bytes * 0.85, bytes * 1.15);
        if (flops is { } f) Assert.InRange(model.Flops, f * 0.5, f * 1.5);
        Assert.True(new FileInfo(path).Length >= model.WeightBytes);
        using var session = new InferenceSession(path);
        Assert.Equal([model.Rows, model.Width], session.InputMetadata["input"].Dimensions);
        Assert.Equal("true", session.ModelMetadata.CustomMetadataMap["faaswise.synthetic"]);
    }

    [Fact]
    public void External_weights_give_the_same_outputs_as_weights_inside_the_file()
    {
        var model = SyntheticModel.For(2_000_000, null, seed: 7);
        var directory = Directory.CreateTempSubdirectory("faaswise-external").FullName;
        var inline = Path.Combine(directory, "inline.onnx");
        var external = Path.Combine(directory, "external.onnx");

        Assert.Single(model.Write(inline, inlineLimit: long.MaxValue));
        var files = model.Write(external, inlineLimit: 0);

        Assert.Equal([external, external + ".data"], files);
        Assert.Equal(model.WeightBytes, new FileInfo(external + ".data").Length);
        var input = Enumerable.Range(0, model.Rows * model.Width).Select(i => (float)Math.Sin(i)).ToArray();
        var a = InferenceTests.InProcess(inline, "input", input, [model.Rows, model.Width]);
        var b = InferenceTests.InProcess(external, "input", input, [model.Rows, model.Width]);
        Assert.Equal(a, b);
        Assert.Contains(a, v => v != 0 && float.IsFinite(v));
        Assert.Equal(new ModelSource("external", external, null, "").Bytes(), new FileInfo(external).Length + model.WeightBytes);
    }
}
