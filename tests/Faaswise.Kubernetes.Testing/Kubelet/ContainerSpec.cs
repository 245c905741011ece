using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Kubelet;

/// <summary>
/// What a process needs from a pod's first container: the environment (values, fieldRef, secretKeyRef and
/// configMapKeyRef resolved), command and args with <c>$(VAR)</c> expanded as the kubelet does, and paths under a
/// volume's mountPath translated to where that volume really is on this host.
/// </summary>
public sealed record ContainerSpec(string Name, string Image, IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Reads the first container of <paramref name="pod"/>.</summary>
    public static ContainerSpec Read(JsonObject pod, string podIp, ObjectStore store, Func<JsonObject, string?> volumePath)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(volumePath);
        var c = pod["spec"]?["containers"]?[0] as JsonObject ?? throw new InvalidOperationException("the pod has no container");
        var ns = Metadata.Namespace(pod);
        var mounts = new List<(string MountPath, string HostPath)>();
        foreach (var m in c["volumeMounts"] as JsonArray ?? [])
        {
            var name = m?["name"]?.GetValue<string>();
            var volume = (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(v => v["name"]?.GetValue<string>() == name);
            if (volume is not null && volumePath(volume) is { } host && m?["mountPath"]?.GetValue<string>() is { } mountPath) mounts.Add((mountPath.TrimEnd('/'), host));
        }

        string Translate(string s)
        {
            foreach (var (mountPath, host) in mounts.OrderByDescending(m => m.MountPath.Length))
            {
                if (s == mountPath || s.StartsWith(mountPath + "/", StringComparison.Ordinal)) return host + s[mountPath.Length..];
            }

            return s;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in c["env"] as JsonArray ?? [])
        {
            var name = e?["name"]?.GetValue<string>();
            if (name is null) continue;
            var value = e!["value"]?.GetValue<string>() ?? From(e["valueFrom"] as JsonObject, pod, podIp, ns, store);
            if (value is not null) env[name] = Translate(Expand(value, env));
        }

        var command = new List<string>();
        foreach (var part in (c["command"] as JsonArray ?? []).Concat(c["args"] as JsonArray ?? []))
        {
            command.Add(Translate(Expand(part?.GetValue<string>() ?? "", env)));
        }

        return new ContainerSpec(c["name"]?.GetValue<string>() ?? "", c["image"]?.GetValue<string>() ?? "", command, env);
    }

    /// <summary>Kubernetes' <c>$(VAR)</c> expansion: defined variables are replaced, <c>$$</c> escapes, anything else stays as written.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> env)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(env);
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                sb.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i) is var close && close > i)
            {
                var name = text[(i + 2)..close];
                if (env.TryGetValue(name, out var v)) sb.Append(v);
                else sb.Append(text, i, close - i + 1);
                i = close;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    private static string? From(JsonObject? from, JsonObject pod, string podIp, string? ns, ObjectStore store)
    {
        if (from?["fieldRef"]?["fieldPath"]?.GetValue<string>() is { } path)
        {
            return path switch
            {
                "status.podIP" => podIp,
                "status.hostIP" => "127.0.0.1",
                "metadata.name" => Metadata.Name(pod),
                "metadata.namespace" => ns,
                "metadata.uid" => Metadata.Uid(pod),
                "spec.nodeName" => pod["spec"]?["nodeName"]?.GetValue<string>(),
                "spec.serviceAccountName" => pod["spec"]?["serviceAccountName"]?.GetValue<string>(),
                _ when path.StartsWith("metadata.labels['", StringComparison.Ordinal) => Metadata.Labels(pod).GetValueOrDefault(path[17..^2]),
                _ when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) => Metadata.Annotations(pod).GetValueOrDefault(path[22..^2]),
                _ => null,
            };
        }

        if (from?["secretKeyRef"] is JsonObject s)
        {
            var secret = store.Get(ResourceType.All.First(r => r.Kind == "Secret"), ns, s["name"]!.GetValue<string>());
            var b64 = secret?["data"]?[s["key"]!.GetValue<string>()]?.GetValue<string>();
            return b64 is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }

        if (from?["configMapKeyRef"] is JsonObject m)
        {
            var map = store.Get(ResourceType.All.First(r => r.Kind == "ConfigMap"), ns, m["name"]!.GetValue<string>());
            return map?["data"]?[m["key"]!.GetValue<string>()]?.GetValue<string>();
        }

        return null;
    }
}
