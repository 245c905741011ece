using System.Text.Json;

namespace Faaswise.Experiments.Local;

/// <summary>A runtime's answer to <c>/tocuda</c> or <c>/tocpu</c>: how long the copy took, how long it waited for inferences in flight, and the bytes moved.</summary>
internal sealed record MoveAnswer(double Seconds, double Waited, long Bytes)
{
    /// <summary>The answer's timing, or null when the body is not one or nothing moved (the model was already there).</summary>
    public static MoveAnswer? Read(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("seconds", out var seconds) || !seconds.TryGetDouble(out var s)) return null;
            if (root.TryGetProperty("moved", out var moved) && moved.ValueKind == JsonValueKind.False) return null;
            var waited = root.TryGetProperty("waited_seconds", out var w) && w.TryGetDouble(out var wv) ? wv : 0;
            var bytes = root.TryGetProperty("bytes", out var b) && b.TryGetInt64(out var bv) ? bv : 0;
            return new MoveAnswer(s, waited, bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
