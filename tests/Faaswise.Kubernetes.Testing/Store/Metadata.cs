using System.Globalization;
using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Testing.Store;

/// <summary>Reading and writing the <c>metadata</c> of a stored object.</summary>
public static class Metadata
{
    /// <summary>The object's metadata, created when absent.</summary>
    public static JsonObject Of(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject m) return m;
        m = new JsonObject();
        obj["metadata"] = m;
        return m;
    }

    /// <summary>metadata.name, or "".</summary>
    public static string Name(JsonObject obj) => Of(obj)["name"]?.GetValue<string>() ?? "";

    /// <summary>metadata.namespace, or null.</summary>
    public static string? Namespace(JsonObject obj) => Of(obj)["namespace"]?.GetValue<string>();

    /// <summary>metadata.uid, or "".</summary>
    public static string Uid(JsonObject obj) => Of(obj)["uid"]?.GetValue<string>() ?? "";

    /// <summary>metadata.resourceVersion, or null.</summary>
    public static string? ResourceVersion(JsonObject obj) => Of(obj)["resourceVersion"]?.GetValue<string>();

    /// <summary>metadata.labels as a dictionary (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) => Strings(Of(obj)["labels"] as JsonObject);

    /// <summary>metadata.annotations as a dictionary (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Annotations(JsonObject obj) => Strings(Of(obj)["annotations"] as JsonObject);

    /// <summary>Whether metadata.deletionTimestamp is set.</summary>
    public static bool Deleting(JsonObject obj) => Of(obj)["deletionTimestamp"] is not null;

    /// <summary>A timestamp as the API writes it (RFC 3339, seconds).</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A string-to-string map from a JSON object.</summary>
    public static IReadOnlyDictionary<string, string> Strings(JsonObject? map)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null) return d;
        foreach (var (k, v) in map)
        {
            if (v is JsonValue value && value.TryGetValue<string>(out var s)) d[k] = s;
        }

        return d;
    }

    /// <summary>Whether the object names <paramref name="ownerUid"/> in its ownerReferences.</summary>
    public static bool OwnedBy(JsonObject obj, string ownerUid) =>
        Of(obj)["ownerReferences"] is JsonArray refs && refs.Any(r => r?["uid"]?.GetValue<string>() == ownerUid);

    /// <summary>The uid of the controlling owner, or null.</summary>
    public static string? ControllerUid(JsonObject obj) =>
        (Of(obj)["ownerReferences"] as JsonArray)?.FirstOrDefault(r => r?["controller"]?.GetValue<bool>() == true)?["uid"]?.GetValue<string>();
}
