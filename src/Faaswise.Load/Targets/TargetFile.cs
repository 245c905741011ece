using System.Text.Json;

namespace Faaswise.Load.Targets;

/// <summary>
/// Reads vegeta's two target formats. JSON: one object per line,
/// <c>{"method":"POST","url":"http://…","body":"&lt;base64&gt;","header":{"Name":["v1","v2"]},"rate":50}</c>;
/// <c>method</c> defaults to GET; <c>body</c>, <c>header</c> and <c>rate</c> are optional; blank lines are skipped.
/// Text (vegeta's http format): a <c>METHOD URL</c> line, then <c>Name: value</c> header lines and an optional
/// <c>@FILE</c> body line, targets separated by blank lines, <c>#</c> comments. The first non-blank line says which.
/// </summary>
public static class TargetFile
{
    /// <summary>Reads a targets file (<c>-</c>: standard input); throws <see cref="FormatException"/> naming the file and line of a bad entry.</summary>
    public static IReadOnlyList<Target> Load(string path)
    {
        string[] lines;
        try
        {
            lines = path == "-" ? ReadAll(Console.In) : File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read targets file {path}: {e.Message}", e);
        }

        return Parse(lines, path == "-" ? "stdin" : path);
    }

    /// <summary>Parses the lines of a targets file in either format.</summary>
    public static IReadOnlyList<Target> Parse(IReadOnlyList<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var first = lines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l) && !l.TrimStart().StartsWith('#'));
        var targets = first is null ? [] : first.TrimStart()[0] is '{' or '[' ? ParseJson(lines, source) : ParseText(lines, source);
        if (targets.Count == 0)
        {
            throw new FormatException($"{source}: no targets (one JSON object per line, or vegeta's 'METHOD URL' format)");
        }

        return targets;
    }

    private static string[] ReadAll(TextReader reader)
    {
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
    }

    private static List<Target> ParseJson(IReadOnlyList<string> lines, string source)
    {
        var targets = new List<Target>();
        for (var n = 1; n <= lines.Count; n++)
        {
            var line = lines[n - 1];
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
                throw new FormatException($"{source}:{n}: {e.Message}", e);
            }
        }

        return targets;
    }

    private static List<Target> ParseText(IReadOnlyList<string> lines, string source)
    {
        var targets = new List<Target>();
        string? method = null;
        Uri? url = null;
        var headers = new List<KeyValuePair<string, string>>();
        ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
        void Flush()
        {
            if (url is not null) targets.Add(new Target(method!, url, body, [.. headers]));
            (method, url, body) = (null, null, ReadOnlyMemory<byte>.Empty);
            headers.Clear();
        }

        for (var n = 1; n <= lines.Count; n++)
        {
            var line = lines[n - 1].Trim();
            if (line.StartsWith('#')) continue;
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            try
            {
                if (url is null)
                {
                    var space = line.IndexOf(' ', StringComparison.Ordinal);
                    if (space < 0) throw new FormatException($"'{line}' is not 'METHOD URL'");
                    method = line[..space].ToUpperInvariant();
                    if (!method.All(char.IsAsciiLetter)) throw new FormatException($"'{method}' is not an HTTP method");
                    url = Target.ParseUrl(line[(space + 1)..].Trim());
                }
                else if (line.StartsWith('@'))
                {
                    var file = line[1..].Trim();
                    body = File.Exists(file) ? File.ReadAllBytes(file) : throw new FormatException($"body file {file} does not exist");
                }
                else
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0) throw new FormatException($"'{line}' is not a 'Name: value' header");
                    headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"{source}:{n}: {e.Message}", e);
            }
        }

        Flush();
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
