using Faaswise.Runtime.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Faaswise.Runtime.Tensors;

/// <summary>A named tensor in row-major order: <see cref="Data"/> is a float[], double[], int[] or long[].</summary>
public sealed record InferenceTensor(string Name, string Datatype, long[] Shape, Array Data)
{
    /// <summary>Number of elements the shape holds.</summary>
    public static long Count(IEnumerable<long> shape) => shape.Aggregate(1L, (a, d) => checked(a * d));

    /// <summary>A tensor of <paramref name="spec"/>'s type and shape (free dimensions 1) filled with a fixed pattern in [0, 1).</summary>
    public static InferenceTensor Synthetic(TensorSpec spec)
    {
        var shape = spec.ConcreteShape();
        var n = (int)Count(shape);
        Array data = spec.Datatype switch
        {
            "FP64" => Enumerable.Range(0, n).Select(i => (double)Pattern(i)).ToArray(),
            "INT32" => new int[n],
            "INT64" => new long[n],
            _ => Enumerable.Range(0, n).Select(Pattern).ToArray(),
        };
        return new InferenceTensor(spec.Name, spec.Datatype, shape, data);
    }

    private static float Pattern(int i) => (i * 2654435761u % 1000) / 1000f;

    /// <summary>A native ONNX Runtime value over this tensor's memory (no copy).</summary>
    public OrtValue ToOrtValue() => Data switch
    {
        float[] f => OrtValue.CreateTensorValueFromMemory(f, Shape),
        double[] d => OrtValue.CreateTensorValueFromMemory(d, Shape),
        int[] i => OrtValue.CreateTensorValueFromMemory(i, Shape),
        long[] l => OrtValue.CreateTensorValueFromMemory(l, Shape),
        _ => throw new FormatException($"input '{Name}': datatype {Datatype} is not supported (supported: {string.Join(", ", Datatypes.Supported)})"),
    };

    /// <summary>Copies an output value of a run, into an array from <paramref name="arrays"/> when given.</summary>
    public static InferenceTensor FromOrtValue(string name, OrtValue value, TensorArrays? arrays = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        Array data = info.ElementDataType switch
        {
            TensorElementType.Float => Copy<float>(value, arrays),
            TensorElementType.Double => Copy<double>(value, arrays),
            TensorElementType.Int32 => Copy<int>(value, arrays),
            TensorElementType.Int64 => Copy<long>(value, arrays),
            var t => throw new NotSupportedException($"output '{name}' has element type {t}, which this runtime cannot return as JSON"),
        };
        return new InferenceTensor(name, Datatypes.Name(info.ElementDataType), shape, data);
    }

    private static T[] Copy<T>(OrtValue value, TensorArrays? arrays)
        where T : unmanaged
    {
        var source = value.GetTensorDataAsSpan<T>();
        if (arrays is null) return source.ToArray();
        var copy = arrays.Rent<T>(source.Length);
        source.CopyTo(copy);
        return copy;
    }
}
