using System.Text.Json;

namespace Faaswise.Load.Targets;

/// <summary>
/// Reads vegeta's JSON target format: one object per line,
/// <c>{"method":"POST","url":"http://…","body":"&lt;base64&gt;","header":{"Name":["v1","v2"]},"rate":50}</c>.
/// <c>method</c> defaults to GET; <c>body</c>, <c>header</c> and <c>rate</c> are optional; blank lines are skipped.
/// </summary>
public static class TargetFile
{
    /// <summary>Reads a targets file; throws <see cref="FormatException"/> naming the file and line of a bad entry.</summary>
    public static IReadOnlyList<Target> Load(string path)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read targets file {path}: {e.Message}", e);
        }

        var targets = new List<Target>();
        var n = 0;
        foreach (var line in lines)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                targets.Add(ParseLine(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}:{n}: {e.Message}", e);
            }
        }

        if (targets.Count == 0)
        {
            throw new FormatException($"{path}: no targets (one JSON object per line)");
        }

        return targets;
    }

    /// <summary>Parses one line; throws <see cref="FormatException"/> with the reason.</summary>
    public static Target ParseLine(string line)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a JSON object: {e.Message}", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not a JSON object");
            }

            var method = "GET";
            Uri? url = null;
            ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
            var headers = new List<KeyValuePair<string, string>>();
            double? rate = null;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "method":
                        method = RequireString(p).ToUpperInvariant();
                        if (method.Length == 0 || !method.All(char.IsAsciiLetter))
                        {
                            throw new FormatException($"'{method}' is not an HTTP method");
                        }

                        break;
                    case "url":
                        url = Target.ParseUrl(RequireString(p));
                        break;
                    case "body":
                        if (p.Value.ValueKind == JsonValueKind.Null) break;
                        try
                        {
                            body = Convert.FromBase64String(RequireString(p));
                        }
                        catch (FormatException e)
                        {
                            throw new FormatException("body is not base64", e);
                        }

                        break;
                    case "header":
                        if (p.Value.ValueKind == JsonValueKind.Null) break;
                        ReadHeaders(p.Value, headers);
                        break;
                    case "rate":
                        if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out var r) || !(r > 0) || !double.IsFinite(r))
                        {
                            throw new FormatException("rate must be a number > 0 (requests per second)");
                        }

                        rate = r;
                        break;
                    default:
                        throw new FormatException($"unknown field '{p.Name}' (expected method, url, body, header, rate)");
                }
            }

            return url is null ? throw new FormatException("missing url") : new Target(method, url, body, headers, rate);
        }
    }

    private static void ReadHeaders(JsonElement value, List<KeyValuePair<string, string>> headers)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("header must be an object of name: [values]");
        }

        foreach (var h in value.EnumerateObject())
        {
            if (h.Value.ValueKind == JsonValueKind.String)
            {
                headers.Add(new(h.Name, h.Value.GetString()!));
                continue;
            }

            if (h.Value.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"header '{h.Name}' must be a list of strings");
            }

            foreach (var v in h.Value.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"header '{h.Name}' must be a list of strings");
                }

                headers.Add(new(h.Name, v.GetString()!));
            }
        }
    }

    private static string RequireString(JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new FormatException($"{p.Name} must be a string");
}
