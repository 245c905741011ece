using System.Text.Json;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>
/// The patch formats: RFC 6902 JSON Patch (applied strictly by Microsoft.AspNetCore.JsonPatch.SystemTextJson),
/// RFC 7386 merge patch, and strategic merge patch, which the test cluster applies as a merge patch (it has no
/// per-field merge keys: a list in a strategic patch replaces the list).
/// </summary>
public static class Patches
{
    /// <summary>The object with the patch applied; 415 for an unknown content type, 422 when a JSON Patch does not apply.</summary>
    public static JsonObject Apply(string? contentType, JsonObject target, string body, ResourceType type, string name)
    {
        ArgumentNullException.ThrowIfNull(target);
        var media = (contentType ?? "").Split(';')[0].Trim();
        return media switch
        {
            "application/json-patch+json" => ApplyJsonPatch(target, body, type, name),
            "application/merge-patch+json" or "application/strategic-merge-patch+json" => Merge(target, Parse(body)) as JsonObject ?? throw ApiException.BadRequest("a merge patch must be a JSON object"),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"),
        };
    }

    /// <summary>Applies an RFC 6902 patch to a copy of <paramref name="target"/>.</summary>
    public static JsonObject ApplyJsonPatch(JsonObject target, string patch, ResourceType type, string name)
    {
        ArgumentNullException.ThrowIfNull(target);
        JsonPatchDocument document;
        try
        {
            document = JsonSerializer.Deserialize<JsonPatchDocument>(patch) ?? throw ApiException.BadRequest("the patch is empty");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }

        var copy = target.DeepClone();
        try
        {
            document.ApplyTo(copy);
        }
        catch (JsonPatchException e)
        {
            throw ApiException.Invalid(type, name, $"the JSON patch does not apply: {e.Message}");
        }

        return copy as JsonObject ?? throw ApiException.Invalid(type, name, "the patch replaced the object with a non-object");
    }

    /// <summary>RFC 7386: objects merge key by key, null removes, anything else replaces.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in p)
        {
            if (value is null) result.Remove(key);
            else result[key] = Merge(result[key], value);
        }

        return result;
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }
    }
}
