using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Admission;

/// <summary>A v1 AdmissionReview response: allowed (with an optional JSONPatch) or denied, with a message and warnings.</summary>
public sealed record AdmissionAnswer(string Uid, bool Allowed, int Code, string Message)
{
    /// <summary>Base64 of the JSONPatch, or null.</summary>
    public string? Patch { get; init; }

    /// <summary>Warnings kubectl shows to the user.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Allowed, unchanged.</summary>
    public static AdmissionAnswer Allow(string uid, string message) => new(uid, true, 200, message);

    /// <summary>Denied with a code (403 for a policy refusal, 400 for a malformed request).</summary>
    public static AdmissionAnswer Deny(string uid, int code, string message) => new(uid, false, code, message);

    /// <summary>The AdmissionReview to send back.</summary>
    public JsonObject ToReview()
    {
        var response = new JsonObject
        {
            ["uid"] = Uid,
            ["allowed"] = Allowed,
            ["status"] = new JsonObject { ["code"] = Code, ["message"] = Message },
        };
        if (Patch is not null)
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Patch;
        }

        if (Warnings.Count > 0) response["warnings"] = new JsonArray(Warnings.Select(w => (JsonNode)w).ToArray());
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
    }
}
