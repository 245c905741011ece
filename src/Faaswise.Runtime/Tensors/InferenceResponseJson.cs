using System.Text.Json;

namespace Faaswise.Runtime.Tensors;

/// <summary>Writes tensors as Open Inference Protocol v2 output objects.</summary>
public static class InferenceResponseJson
{
    /// <summary>Writes <c>"outputs": [{name, datatype, shape, data}]</c>.</summary>
    public static void WriteOutputs(Utf8JsonWriter json, IReadOnlyList<InferenceTensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartArray("outputs");
        foreach (var t in outputs)
        {
            json.WriteStartObject();
            WriteHeader(json, t.Name, t.Datatype, t.Shape);
            json.WriteStartArray("data");
            switch (t.Data)
            {
                case float[] f: foreach (var v in f) json.WriteNumberValue(v); break;
                case double[] d: foreach (var v in d) json.WriteNumberValue(v); break;
                case int[] i: foreach (var v in i) json.WriteNumberValue(v); break;
                case long[] l: foreach (var v in l) json.WriteNumberValue(v); break;
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Writes a tensor's <c>name</c>, <c>datatype</c> and <c>shape</c> fields (of an output or of model metadata).</summary>
    public static void WriteHeader(Utf8JsonWriter json, string name, string datatype, IEnumerable<long> shape)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(shape);
        json.WriteString("name", name);
        json.WriteString("datatype", datatype);
        json.WriteStartArray("shape");
        foreach (var d in shape) json.WriteNumberValue(d);
        json.WriteEndArray();
    }
}
