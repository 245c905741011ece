using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Testing.Store;

/// <summary>
/// Label and field selectors as the API server reads them from a query (<c>a=b,c!=d,e in (f,g),!h</c>) and as
/// objects carry them (<c>matchLabels</c>, <c>matchExpressions</c>).
/// </summary>
public static class Selectors
{
    /// <summary>A predicate from a labelSelector query string (null or empty matches everything).</summary>
    public static Func<IReadOnlyDictionary<string, string>, bool> ParseLabels(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return _ => true;
        var terms = SplitTerms(query).Select(ParseLabelTerm).ToList();
        return labels => terms.All(t => t(labels));
    }

    /// <summary>A predicate on an object from a fieldSelector query string; only <paramref name="supported"/> fields may appear.</summary>
    public static Func<JsonObject, bool> ParseFields(string? query, IReadOnlySet<string> supported)
    {
        if (string.IsNullOrWhiteSpace(query)) return _ => true;
        var terms = new List<Func<JsonObject, bool>>();
        foreach (var term in SplitTerms(query))
        {
            var (field, negate, value) = term.Contains("!=", StringComparison.Ordinal) ? Split(term, "!=", true)
                : term.Contains("==", StringComparison.Ordinal) ? Split(term, "==", false)
                : term.Contains('=', StringComparison.Ordinal) ? Split(term, "=", false)
                : throw ApiException.BadRequest($"invalid selector: '{query}'; can't understand '{term}'");
            if (!supported.Contains(field)) throw ApiException.BadRequest($"field label not supported: {field}");
            var path = field.Split('.');
            terms.Add(o => (Read(o, path) == value) != negate);
        }

        return o => terms.All(t => t(o));
    }

    /// <summary>Whether labels match a LabelSelector object (matchLabels and matchExpressions); null matches everything, {} too.</summary>
    public static bool Matches(JsonObject? selector, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (selector is null) return true;
        foreach (var (k, v) in Metadata.Strings(selector["matchLabels"] as JsonObject))
        {
            if (!labels.TryGetValue(k, out var actual) || actual != v) return false;
        }

        foreach (var e in selector["matchExpressions"] as JsonArray ?? [])
        {
            var key = e?["key"]?.GetValue<string>() ?? "";
            var values = (e?["values"] as JsonArray ?? []).Select(x => x?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var has = labels.TryGetValue(key, out var value);
            var ok = e?["operator"]?.GetValue<string>() switch
            {
                "In" => has && values.Contains(value),
                "NotIn" => !has || !values.Contains(value),
                "Exists" => has,
                "DoesNotExist" => !has,
                var op => throw ApiException.BadRequest($"{op} is not a valid label selector operator"),
            };
            if (!ok) return false;
        }

        return true;
    }

    private static (string Field, bool Negate, string Value) Split(string term, string op, bool negate)
    {
        var i = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..i].Trim(), negate, term[(i + op.Length)..].Trim());
    }

    private static string Read(JsonObject o, string[] path)
    {
        JsonNode? node = o;
        foreach (var p in path) node = node?[p];
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToJsonString(),
        };
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseLabelTerm(string term)
    {
        var t = term.Trim();
        var words = t.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("in(", StringComparison.Ordinal) || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var negate = words[1].StartsWith("notin", StringComparison.Ordinal);
            var open = words[1].IndexOf('(', StringComparison.Ordinal);
            var close = words[1].LastIndexOf(')');
            if (open < 0 || close < open) throw ApiException.BadRequest($"unable to parse requirement: {t}");
            var set = words[1][(open + 1)..close].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var key = words[0];
            return l => negate ? !l.TryGetValue(key, out var v) || !set.Contains(v) : l.TryGetValue(key, out var w) && set.Contains(w);
        }

        if (t.Contains("!=", StringComparison.Ordinal))
        {
            var (k, _, v) = Split(t, "!=", true);
            return l => !l.TryGetValue(k, out var a) || a != v;
        }

        if (t.Contains('=', StringComparison.Ordinal))
        {
            var (k, _, v) = t.Contains("==", StringComparison.Ordinal) ? Split(t, "==", false) : Split(t, "=", false);
            return l => l.TryGetValue(k, out var a) && a == v;
        }

        if (t.StartsWith('!')) return l => !l.ContainsKey(t[1..].Trim());
        return l => l.ContainsKey(t);
    }

    private static IEnumerable<string> SplitTerms(string query)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < query.Length; i++)
        {
            if (query[i] == '(') depth++;
            else if (query[i] == ')') depth--;
            else if (query[i] == ',' && depth == 0)
            {
                yield return query[start..i];
                start = i + 1;
            }
        }

        yield return query[start..];
    }
}
