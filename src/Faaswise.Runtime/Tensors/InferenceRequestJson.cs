using System.Text.Json;
using Faaswise.Runtime.Models;

namespace Faaswise.Runtime.Tensors;

/// <summary>Reads an Open Inference Protocol v2 infer request and checks it against the model's inputs.</summary>
public static class InferenceRequestJson
{
    /// <summary>The request's id and inputs; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static (string? Id, IReadOnlyList<InferenceTensor> Inputs) Parse(ReadOnlySpan<byte> body, IReadOnlyList<TensorSpec> inputs)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the body is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException("the body needs \"inputs\": an array of {name, shape, datatype, data}");
            var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            var tensors = new List<InferenceTensor>();
            foreach (var item in list.EnumerateArray()) tensors.Add(ReadTensor(item, inputs));
            foreach (var spec in inputs)
                if (tensors.All(t => t.Name != spec.Name)) throw new FormatException($"input '{spec.Name}' is missing");
            if (tensors.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != tensors.Count) throw new FormatException("an input is given twice");
            return (id, tensors);
        }
    }

    private static InferenceTensor ReadTensor(JsonElement item, IReadOnlyList<TensorSpec> inputs)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new FormatException("each input must be an object {name, shape, datatype, data}");
        var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new FormatException("an input has no \"name\"");
        var spec = inputs.FirstOrDefault(s => s.Name == name)
            ?? throw new FormatException($"the model has no input '{name}' (inputs: {string.Join(", ", inputs.Select(s => s.Name))})");
        var datatype = item.TryGetProperty("datatype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : throw new FormatException($"input '{name}' has no \"datatype\"");
        if (datatype != spec.Datatype) throw new FormatException($"input '{name}' is {spec.Datatype}, not {datatype}");
        if (!item.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array) throw new FormatException($"input '{name}' has no \"shape\" array");
        var shape = s.EnumerateArray().Select(e => e.TryGetInt64(out var v) && v >= 0 ? v : throw new FormatException($"input '{name}': the shape holds non-negative integers")).ToArray();
        if (shape.Length != spec.Shape.Count || shape.Where((v, k) => spec.Shape[k] >= 0 && spec.Shape[k] != v).Any())
            throw new FormatException($"input '{name}' has shape [{string.Join(",", shape)}]; the model takes [{string.Join(",", spec.Shape)}] (-1: any)");
        if (!item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array) throw new FormatException($"input '{name}' has no \"data\" array");

        var values = new List<JsonElement>();
        Flatten(data, values);
        var count = InferenceTensor.Count(shape);
        if (values.Count != count) throw new FormatException($"input '{name}' has {values.Count} values; its shape [{string.Join(",", shape)}] holds {count}");
        Array array = datatype switch
        {
            "FP32" => values.Select(v => Number(v, name, datatype, e => e.TryGetSingle(out var x) && float.IsFinite(x) ? x : (float?)null)).ToArray(),
            "FP64" => values.Select(v => Number(v, name, datatype, e => e.TryGetDouble(out var x) ? x : (double?)null)).ToArray(),
            "INT32" => values.Select(v => Number(v, name, datatype, e => e.TryGetInt32(out var x) ? x : (int?)null)).ToArray(),
            "INT64" => values.Select(v => Number(v, name, datatype, e => e.TryGetInt64(out var x) ? x : (long?)null)).ToArray(),
            _ => throw new FormatException($"input '{name}': datatype {datatype} is not supported (supported: {string.Join(", ", Datatypes.Supported)})"),
        };
        return new InferenceTensor(name, datatype, shape, array);
    }

    private static void Flatten(JsonElement element, List<JsonElement> into)
    {
        if (element.ValueKind == JsonValueKind.Array)
            foreach (var e in element.EnumerateArray()) Flatten(e, into);
        else into.Add(element);
    }

    private static T Number<T>(JsonElement e, string name, string datatype, Func<JsonElement, T?> read) where T : struct =>
        (e.ValueKind == JsonValueKind.Number ? read(e) : null) ?? throw new FormatException($"input '{name}' holds {e.GetRawText()}, not an {datatype} number");
}
