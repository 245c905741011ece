using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Faaswise.Runtime.Models;

namespace Faaswise.Runtime.Tensors;

/// <summary>
/// Reads an Open Inference Protocol v2 infer request and checks it against the model's inputs, in one pass of a
/// <see cref="Utf8JsonReader"/>: an image-sized tensor is 150,528 numbers, and a document model of them costs more
/// than the inference.
/// </summary>
public static class InferenceRequestJson
{
    /// <summary>The header that marks the binary tensor data extension: the JSON part's length in bytes.</summary>
    public const string BinaryHeader = "Inference-Header-Content-Length";

    /// <summary>
    /// The request's id and inputs; throws <see cref="FormatException"/> with a one-line reason. With
    /// <paramref name="jsonLength"/> (the <see cref="BinaryHeader"/> value), the body is that much JSON followed by the raw
    /// little-endian bytes of every input whose <c>parameters.binary_data_size</c> is set, in order (Triton's and KServe's
    /// binary tensor data extension). The tensors' arrays come from <paramref name="arrays"/> when given.
    /// </summary>
    public static (string? Id, IReadOnlyList<InferenceTensor> Inputs) Parse(ReadOnlySpan<byte> body, IReadOnlyList<TensorSpec> inputs, int? jsonLength = null, TensorArrays? arrays = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (jsonLength is { } length && (length < 0 || length > body.Length))
            throw new FormatException($"{BinaryHeader} is {length}, but the body has {body.Length} bytes");
        var binary = jsonLength is { } l ? body[l..] : [];
        var binaryUsed = 0;
        if (jsonLength is { } j) body = body[..j];
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        var offset = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw NeedsInputs();
            string? id = null;
            List<InferenceTensor>? tensors = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                if (property == "id" && reader.TokenType == JsonTokenType.String)
                {
                    id = reader.GetString();
                }
                else if (property == "inputs")
                {
                    if (reader.TokenType != JsonTokenType.StartArray) throw NeedsInputs();
                    tensors = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) tensors.Add(ReadTensor(ref reader, ref offset, body, inputs, binary, ref binaryUsed, arrays));
                }
                else
                {
                    reader.Skip();
                }
            }

            if (tensors is null) throw NeedsInputs();
            if (binaryUsed != binary.Length) throw new FormatException($"the body has {binary.Length - binaryUsed} bytes of binary data that no input's binary_data_size claims");
            foreach (var spec in inputs)
                if (tensors.All(t => t.Name != spec.Name)) throw new FormatException($"input '{spec.Name}' is missing");
            if (tensors.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != tensors.Count) throw new FormatException("an input is given twice");
            return (id, tensors);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the body is not JSON: {e.Message}");
        }
    }

    private static FormatException NeedsInputs() => new("the body needs \"inputs\": an array of {name, shape, datatype, data}");

    private static InferenceTensor ReadTensor(ref Utf8JsonReader reader, ref int offset, ReadOnlySpan<byte> body, IReadOnlyList<TensorSpec> inputs, ReadOnlySpan<byte> binary, ref int binaryUsed, TensorArrays? arrays)
    {
        long? binarySize = null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new FormatException("each input must be an object {name, shape, datatype, data}");
        string? name = null, datatype = null;
        List<long>? shape = null;
        var shapeValid = true;
        (int Start, int End)? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "name" when reader.TokenType == JsonTokenType.String:
                    name = reader.GetString();
                    break;
                case "datatype" when reader.TokenType == JsonTokenType.String:
                    datatype = reader.GetString();
                    break;
                case "shape" when reader.TokenType == JsonTokenType.StartArray:
                    shape = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var d) && d >= 0) shape.Add(d);
                        else shapeValid = false;
                        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) reader.Skip();
                    }

                    break;
                case "parameters" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var parameter = reader.GetString();
                        reader.Read();
                        if (parameter == "binary_data_size" && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var size) && size >= 0) binarySize = size;
                        else reader.Skip();
                    }

                    break;
                case "data" when reader.TokenType == JsonTokenType.StartArray:
                    data = SkipData(ref reader, ref offset, body);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (name is null) throw new FormatException("an input has no \"name\"");
        var spec = inputs.FirstOrDefault(s => s.Name == name)
            ?? throw new FormatException($"the model has no input '{name}' (inputs: {string.Join(", ", inputs.Select(s => s.Name))})");
        if (datatype is null) throw new FormatException($"input '{name}' has no \"datatype\"");
        if (datatype != spec.Datatype) throw new FormatException($"input '{name}' is {spec.Datatype}, not {datatype}");
        if (shape is null) throw new FormatException($"input '{name}' has no \"shape\" array");
        if (!shapeValid) throw new FormatException($"input '{name}': the shape holds non-negative integers");
        if (shape.Count != spec.Shape.Count || shape.Where((v, k) => spec.Shape[k] >= 0 && spec.Shape[k] != v).Any())
            throw new FormatException($"input '{name}' has shape [{string.Join(",", shape)}]; the model takes [{string.Join(",", spec.Shape)}] (-1: any)");
        if (data is null && binarySize is null) throw new FormatException($"input '{name}' has no \"data\" array");
        var count = InferenceTensor.Count(shape);
        if (count > Array.MaxLength) throw new FormatException($"input '{name}' has shape [{string.Join(",", shape)}], too many values");
        Array values = datatype switch
        {
            "FP32" => arrays?.Rent<float>(count) ?? new float[count],
            "FP64" => arrays?.Rent<double>(count) ?? new double[count],
            "INT32" => arrays?.Rent<int>(count) ?? new int[count],
            "INT64" => arrays?.Rent<long>(count) ?? new long[count],
            _ => throw new FormatException($"input '{name}': datatype {datatype} is not supported (supported: {string.Join(", ", Datatypes.Supported)})"),
        };
        if (binarySize is { } bytes)
        {
            var expected = count * Buffer.ByteLength(Array.CreateInstance(values.GetType().GetElementType()!, 1));
            if (bytes != expected) throw new FormatException($"input '{name}' has binary_data_size {bytes}; its shape [{string.Join(",", shape)}] of {datatype} takes {expected} bytes");
            if (binary.Length - binaryUsed < bytes) throw new FormatException($"input '{name}' needs {bytes} bytes of binary data; the body has {binary.Length - binaryUsed} left");
            var source = binary.Slice(binaryUsed, (int)bytes);
            switch (values)
            {
                case float[] f: source.CopyTo(MemoryMarshal.AsBytes(f.AsSpan())); break;
                case double[] d: source.CopyTo(MemoryMarshal.AsBytes(d.AsSpan())); break;
                case int[] i: source.CopyTo(MemoryMarshal.AsBytes(i.AsSpan())); break;
                case long[] l: source.CopyTo(MemoryMarshal.AsBytes(l.AsSpan())); break;
            }

            binaryUsed += (int)bytes;
            return new InferenceTensor(name, datatype, [.. shape], values);
        }

        var n = ReadValues(body[data!.Value.Start..data.Value.End], values, name, datatype);
        if (n != count) throw new FormatException($"input '{name}' has {n} values; its shape [{string.Join(",", shape)}] holds {count}");
        return new InferenceTensor(name, datatype, [.. shape], values);
    }

    private static readonly SearchValues<byte> Structure = SearchValues.Create("[]\"{}"u8);

    /// <summary>
    /// Steps the reader over a data array and returns where it lies in <paramref name="body"/>. An array of numbers and
    /// brackets is not tokenised by the reader (7 of the 11 ms an image-sized tensor took): its end is found by
    /// counting brackets, <see cref="ReadValues"/> checks its grammar, and the reader resumes after it from its saved
    /// state, as it would on the next block of a stream. Anything else (strings, objects, unbalanced brackets) goes
    /// through the reader.
    /// </summary>
    private static (int Start, int End) SkipData(ref Utf8JsonReader reader, ref int offset, ReadOnlySpan<byte> body)
    {
        var start = offset + (int)reader.TokenStartIndex;
        var end = NumericArrayEnd(body[start..]);
        if (end < 0)
        {
            reader.Skip();
            return (start, offset + (int)reader.BytesConsumed);
        }

        end += start;
        var state = reader.CurrentState;
        reader = new Utf8JsonReader(body[(end - 1)..], isFinalBlock: true, state);
        offset = end - 1;
        reader.Read();
        return (start, end);
    }

    /// <summary>Where the array at the start of <paramref name="json"/> ends (past its ']'), or -1 when it holds anything but numbers, brackets and separators, or never ends.</summary>
    private static int NumericArrayEnd(ReadOnlySpan<byte> json)
    {
        var depth = 0;
        var position = 0;
        while (true)
        {
            var next = json[position..].IndexOfAny(Structure);
            if (next < 0) return -1;
            position += next;
            switch (json[position])
            {
                case (byte)'[':
                    depth++;
                    break;
                case (byte)']':
                    if (--depth == 0) return position + 1;
                    break;
                default:
                    return -1;
            }

            position++;
        }
    }

    /// <summary>
    /// Reads a data array (nested or flat, brackets balanced) into <paramref name="into"/>, checking its grammar; returns
    /// how many numbers it held. Numbers go through <see cref="ShortDecimal"/>, else <see cref="Utf8Parser"/>, directly:
    /// the reader's getters were three times slower than Utf8Parser, which is several times slower than the fast path.
    /// </summary>
    private static long ReadValues(ReadOnlySpan<byte> json, Array into, string name, string datatype)
    {
        long n = 0;
        var position = 0;
        var wantValue = true;
        var opened = false;
        while (position < json.Length)
        {
            var c = json[position];
            if (c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                position++;
                continue;
            }

            var valid = c switch
            {
                (byte)']' => !wantValue || opened,
                (byte)',' => !wantValue,
                _ => wantValue,
            };
            if (!valid) throw new FormatException($"the body is not JSON: '{(char)c}' out of place in input '{name}''s data, {position} bytes into it");
            if (c is (byte)'[' or (byte)']' or (byte)',')
            {
                wantValue = c != (byte)']';
                opened = c == (byte)'[';
                position++;
                continue;
            }

            var rest = json[position..];
            var length = JsonNumberLength(rest);
            var token = rest[..length];
            var used = 0;
            var ok = length > 0 && (length == rest.Length || rest[length] is (byte)',' or (byte)']' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') && into switch
            {
                float[] f => (ShortDecimal.TryParse(token, out float v, out used) || Utf8Parser.TryParse(token, out v, out used)) && float.IsFinite(v) && Store(f, n, v),
                double[] d => (ShortDecimal.TryParse(token, out double v, out used) || Utf8Parser.TryParse(token, out v, out used)) && Store(d, n, v),
                int[] i => Utf8Parser.TryParse(token, out int v, out used) && Store(i, n, v),
                long[] l => Utf8Parser.TryParse(token, out long v, out used) && Store(l, n, v),
                _ => false,
            };
            if (!ok || used != length)
            {
                var end = rest.IndexOfAny((byte)',', (byte)']');
                throw new FormatException($"input '{name}' holds {Encoding.UTF8.GetString(rest[..(end < 0 ? rest.Length : end)]).Trim()}, not an {datatype} number");
            }

            n++;
            position += length;
            wantValue = false;
            opened = false;
        }

        return n;
    }

    /// <summary>The length of the JSON number at the start of <paramref name="text"/> (RFC 8259's grammar), or 0.</summary>
    private static int JsonNumberLength(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == (byte)'-') i++;
        if (i >= text.Length || !char.IsAsciiDigit((char)text[i])) return 0;
        if (text[i++] != (byte)'0') i = Digits(text, i);
        if (i < text.Length && text[i] == (byte)'.')
        {
            var fraction = ++i;
            i = Digits(text, i);
            if (i == fraction) return 0;
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-') i++;
            var exponent = i;
            i = Digits(text, i);
            if (i == exponent) return 0;
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit((char)text[i])) i++;
        return i;
    }

    private static bool Store<T>(T[] array, long index, T value)
    {
        if (index < array.Length) array[index] = value;
        return true;
    }
}
