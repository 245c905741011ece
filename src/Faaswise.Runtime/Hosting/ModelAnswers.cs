using System.Globalization;
using System.Text.Json;
using Faaswise.Runtime.Devices;
using Faaswise.Runtime.Engine;
using Faaswise.Runtime.Models;

namespace Faaswise.Runtime.Hosting;

/// <summary>The parts of answers that describe the model and its moves.</summary>
internal static class ModelAnswers
{
    public static void Metadata(Utf8JsonWriter j, ModelRunner runner)
    {
        j.WriteString("name", runner.Source.Name);
        j.WriteStartArray("versions");
        j.WriteStringValue("1");
        j.WriteEndArray();
        j.WriteString("platform", "onnxruntime_onnx");
        Specs(j, "inputs", runner.Inputs);
        Specs(j, "outputs", runner.Outputs);
        j.WriteStartObject("parameters");
        j.WriteString("description", runner.Source.Description);
        State(j, runner);
        j.WriteEndObject();
    }

    public static void State(Utf8JsonWriter j, ModelRunner runner)
    {
        j.WriteString("state", runner.State.ToString().ToUpperInvariant());
        j.WriteString("device", DeviceNames.Of(runner.Device));
        j.WriteString("residency", runner.Residency == Residency.None ? "none" : runner.InferDevice);
        j.WriteBoolean("ready", runner.Ready);
        j.WriteBoolean("emulated", runner.Emulated);
        j.WriteNumber("model_bytes", runner.Bytes);
        j.WriteNumber("gpu_bytes", runner.DeviceBytes);
    }

    public static void Move(Utf8JsonWriter j, MoveResult move)
    {
        j.WriteBoolean("moved", move.Moved);
        j.WriteString("from", move.From);
        j.WriteString("to", move.To);
        j.WriteNumber("seconds", Math.Round(move.Seconds, 6));
        j.WriteNumber("waited_seconds", Math.Round(move.WaitedSeconds, 6));
        j.WriteNumber("bytes", move.Bytes);
        j.WriteBoolean("emulated", move.Emulated);
        j.WriteNumber("started_at", move.StartedAt);
        j.WriteNumber("ended_at", move.EndedAt);
    }

    /// <summary>QShuf's wording: "Model moved to CUDA in 0.512s".</summary>
    public static string MovedText(MoveResult move, string device) =>
        $"Model moved to {device} in {move.Seconds.ToString("0.###", CultureInfo.InvariantCulture)}s";

    private static void Specs(Utf8JsonWriter j, string name, IReadOnlyList<TensorSpec> specs)
    {
        j.WriteStartArray(name);
        foreach (var s in specs)
        {
            j.WriteStartObject();
            Tensors.InferenceResponseJson.WriteHeader(j, s.Name, s.Datatype, s.Shape);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }
}
