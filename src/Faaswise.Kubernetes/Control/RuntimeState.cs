using System.Text.Json;
using Faaswise.Qshuf.Control;

namespace Faaswise.Kubernetes.Control;

/// <summary>What a pod's runtime reported on its control API (<c>/v2/repository/index</c>): where the model is and whether the gate is open.</summary>
/// <param name="Residency">Where the model is.</param>
/// <param name="Ready">Loaded and the readiness gate open.</param>
/// <param name="GpuBytes">Device memory it holds, bytes.</param>
/// <param name="At">When it answered, unix seconds.</param>
public sealed record RuntimeState(Residency Residency, bool Ready, long GpuBytes, double At)
{
    /// <summary>Reads an index answer (the first model's entry), or null when it is not one.</summary>
    public static RuntimeState? Parse(string json, double at)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0) return null;
            var m = doc.RootElement[0];
            var residency = m.TryGetProperty("residency", out var r) ? r.GetString() switch
            {
                "cuda" => Residency.Gpu,
                "cpu" => Residency.Host,
                _ => Residency.None,
            } : Residency.None;
            if (m.TryGetProperty("state", out var s) && s.GetString() is "LOADING" or "UNLOADING") residency = s.GetString() == "LOADING" ? Residency.Loading : Residency.Offloading;
            var ready = m.TryGetProperty("ready", out var rd) && rd.ValueKind == JsonValueKind.True;
            var bytes = m.TryGetProperty("gpu_bytes", out var b) && b.TryGetInt64(out var n) ? n : 0;
            return new RuntimeState(residency, ready, bytes, at);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
