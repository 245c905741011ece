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
            json.WriteString("name", t.Name);
            json.WriteString("datatype", t.Datatype);
            json.WriteStartArray("shape");
            foreach (var d in t.Shape) json.WriteNumberValue(d);
            json.WriteEndArray();
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
}
