using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Faaswise.Runtime.Models;

/// <summary>One input or output of a model, as the Open Inference Protocol describes it (-1: any size).</summary>
public sealed record TensorSpec(string Name, string Datatype, IReadOnlyList<long> Shape)
{
    internal static TensorSpec From(string name, NodeMetadata metadata) =>
        new(name, Datatypes.Name(metadata.ElementDataType), metadata.Dimensions.Select(d => (long)d).ToArray());

    /// <summary>The shape with every free dimension set to 1: the input a synthetic request uses.</summary>
    public long[] ConcreteShape() => Shape.Select(d => d < 1 ? 1 : d).ToArray();
}

/// <summary>Open Inference Protocol datatype names of ONNX element types.</summary>
public static class Datatypes
{
    /// <summary>The protocol's name (FP32, INT64, ...) of an ONNX element type.</summary>
    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Bool => "BOOL",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.Float16 => "FP16",
        TensorElementType.String => "BYTES",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>The types this runtime reads and writes as JSON.</summary>
    public static readonly IReadOnlyList<string> Supported = ["FP32", "FP64", "INT32", "INT64"];
}
