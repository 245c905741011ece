using System.Text;
using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Admission;

/// <summary>
/// A JSON Patch (RFC 6902) against one pod that never clobbers what the pod has: map keys are added one by one
/// (creating a missing parent map first), list items are appended with <c>/-</c> or replaced at their index, keys are
/// escaped. QShuf's webhook replaced env, volumes, mounts and resources wholesale and lost the service-account token
/// and the memory limits; this builder cannot.
/// </summary>
public sealed class PodPatch
{
    private readonly JsonObject _pod;
    private readonly JsonArray _ops = [];
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);

    /// <summary>A patch against <paramref name="pod"/> (read, never changed).</summary>
    public PodPatch(JsonObject pod) => _pod = pod ?? throw new ArgumentNullException(nameof(pod));

    /// <summary>The operations so far.</summary>
    public JsonArray Operations => _ops;

    /// <summary>Sets a key of a map under the pod (a label, an annotation, a nodeSelector entry, a resource).</summary>
    public PodPatch SetKey(string[] mapPath, string key, JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(mapPath);
        EnsureMap(mapPath);
        var exists = Node(mapPath) is JsonObject map && map.ContainsKey(key);
        _ops.Add(Op(exists ? "replace" : "add", JsonPointer.Of([.. mapPath, key]), value));
        return this;
    }

    /// <summary>Sets a field (replacing a scalar or an object held there, such as spec.schedulerName or a probe).</summary>
    public PodPatch SetField(string[] path, JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(path);
        EnsureMap(path[..^1]);
        _ops.Add(Op(Node(path) is null ? "add" : "replace", JsonPointer.Of(path), value));
        return this;
    }

    /// <summary>Sets an environment variable of a container: replaced in place when present, appended otherwise.</summary>
    public PodPatch SetEnv(int container, string name, string value)
    {
        string[] env = ["spec", "containers", Index(container), "env"];
        var list = Node(env) as JsonArray;
        var at = list?.Select((e, i) => (e, i)).FirstOrDefault(p => p.e?["name"]?.GetValue<string>() == name, (null, -1)).i ?? -1;
        var entry = new JsonObject { ["name"] = name, ["value"] = value };
        if (at >= 0) _ops.Add(Op("replace", JsonPointer.Of([.. env, Index(at)]), entry));
        else Append(env, entry);
        return this;
    }

    /// <summary>Adds a volume unless one of that name exists.</summary>
    public PodPatch AddVolume(JsonObject volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        string[] path = ["spec", "volumes"];
        if (!HasNamed(path, volume["name"]!.GetValue<string>())) Append(path, volume);
        return this;
    }

    /// <summary>Adds a volume mount to a container unless one of that name exists.</summary>
    public PodPatch AddVolumeMount(int container, JsonObject mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        string[] path = ["spec", "containers", Index(container), "volumeMounts"];
        if (!HasNamed(path, mount["name"]!.GetValue<string>())) Append(path, mount);
        return this;
    }

    /// <summary>The patch as JSON.</summary>
    public string ToJson() => _ops.ToJsonString();

    /// <summary>The patch as AdmissionResponse.patch takes it: base64 of the JSON.</summary>
    public string ToBase64() => Convert.ToBase64String(Encoding.UTF8.GetBytes(ToJson()));

    private void Append(string[] listPath, JsonNode item)
    {
        if (Node(listPath) is not JsonArray && _created.Add(string.Join('/', listPath)))
        {
            EnsureMap(listPath[..^1]);
            _ops.Add(Op("add", JsonPointer.Of(listPath), new JsonArray(item)));
            return;
        }

        _ops.Add(Op("add", JsonPointer.Of(listPath) + "/-", item));
    }

    private bool HasNamed(string[] listPath, string name) =>
        Node(listPath) is JsonArray list && list.Any(e => e?["name"]?.GetValue<string>() == name);

    private void EnsureMap(string[] path)
    {
        for (var depth = 1; depth <= path.Length; depth++)
        {
            var prefix = path[..depth];
            if (Node(prefix) is not null || !_created.Add(string.Join('/', prefix))) continue;
            _ops.Add(Op("add", JsonPointer.Of(prefix), new JsonObject()));
        }
    }

    private JsonNode? Node(string[] path)
    {
        JsonNode? node = _pod;
        foreach (var token in path)
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }

        return node;
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Op(string op, string path, JsonNode value) => new() { ["op"] = op, ["path"] = path, ["value"] = value.DeepClone() };
}
