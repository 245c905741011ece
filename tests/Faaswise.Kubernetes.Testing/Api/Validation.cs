using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Faaswise.Kubernetes.Testing.Store;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>The API server's validation of what it stores (the checks a webhook's patch most often breaks).</summary>
public static partial class Validation
{
    /// <summary>Throws 422 Invalid naming the first field that is wrong.</summary>
    public static void Validate(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var name = Metadata.Name(obj);
        var errors = new List<string>();
        if (!Subdomain().IsMatch(name)) errors.Add($"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
        foreach (var (k, v) in Metadata.Labels(obj))
        {
            if (!LabelKey().IsMatch(k)) errors.Add($"metadata.labels: Invalid value: \"{k}\": name part must consist of alphanumeric characters, '-', '_' or '.'");
            if (v.Length > 63 || !LabelValue().IsMatch(v)) errors.Add($"metadata.labels: Invalid value: \"{v}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'");
        }

        if (Metadata.Of(obj)["labels"] is JsonObject labels && labels.Any(l => l.Value is not JsonValue lv || !lv.TryGetValue<string>(out _)))
        {
            errors.Add("metadata.labels: Invalid value: label values must be strings");
        }

        if (type.Kind == "Pod" && obj["spec"] is JsonObject spec) Pod(spec, errors);
        if (errors.Count > 0) throw ApiException.Invalid(type, name, string.Join(", ", errors));
    }

    private static void Pod(JsonObject spec, List<string> errors)
    {
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (v, i) in (spec["volumes"] as JsonArray ?? []).Select((v, i) => (v, i)))
        {
            var n = v?["name"]?.GetValue<string>() ?? "";
            if (!Label().IsMatch(n)) errors.Add($"spec.volumes[{i}].name: Invalid value: \"{n}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
            if (!volumes.Add(n)) errors.Add($"spec.volumes[{i}].name: Duplicate value: \"{n}\"");
        }

        if (spec["containers"] is not JsonArray containers || containers.Count == 0)
        {
            errors.Add("spec.containers: Required value");
            return;
        }

        foreach (var (c, i) in containers.Select((c, i) => (c, i)))
        {
            if (c?["name"]?.GetValue<string>() is not { Length: > 0 }) errors.Add($"spec.containers[{i}].name: Required value");
            if (c?["image"]?.GetValue<string>() is not { Length: > 0 }) errors.Add($"spec.containers[{i}].image: Required value");
            foreach (var (m, j) in (c?["volumeMounts"] as JsonArray ?? []).Select((m, j) => (m, j)))
            {
                var n = m?["name"]?.GetValue<string>() ?? "";
                if (!volumes.Contains(n)) errors.Add($"spec.containers[{i}].volumeMounts[{j}].name: Not found: \"{n}\"");
            }

            foreach (var (e, j) in (c?["env"] as JsonArray ?? []).Select((e, j) => (e, j)))
            {
                var n = e?["name"]?.GetValue<string>() ?? "";
                if (!EnvName().IsMatch(n)) errors.Add($"spec.containers[{i}].env[{j}].name: Invalid value: \"{n}\"");
                if (e?["value"] is { } value && (value is not JsonValue sv || !sv.TryGetValue<string>(out _))) errors.Add($"spec.containers[{i}].env[{j}].value: Invalid value: must be a string");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();
}
