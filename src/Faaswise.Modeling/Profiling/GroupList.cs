using System.Text.Json;

namespace Faaswise.Modeling.Profiling;

/// <summary>
/// <c>group_list.json</c>: function groups by name (<c>HIGH_USAGE</c>, <c>MEDIUM_USAGE</c>, <c>LOW_USAGE</c>, as the DFaaS
/// agent reads it) or by number (as DFaaS's Function Profiler wrote it).
/// </summary>
public sealed class GroupList
{
    private readonly SortedDictionary<string, SortedSet<string>> groups = new(StringComparer.Ordinal);

    /// <summary>For a file read with numeric keys: the group names in key order, so that it is written back numbered the same.</summary>
    public IReadOnlyList<string>? NumericOrder { get; private set; }

    /// <summary>Group names, sorted.</summary>
    public IReadOnlyList<string> Names => groups.Keys.ToArray();

    /// <summary>The functions of a group, sorted.</summary>
    public IReadOnlyList<string> this[string group] => groups[group].ToArray();

    /// <summary>Every function, sorted.</summary>
    public IReadOnlyList<string> Functions => groups.Values.SelectMany(g => g).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The group a function is in, or null.</summary>
    public string? GroupOf(string function) => groups.FirstOrDefault(g => g.Value.Contains(function)).Key;

    /// <summary>Adds a function to a group, creating it when new.</summary>
    public void Add(string group, string function) => Ensure(group).Add(function);

    /// <summary>Creates an empty group unless it exists.</summary>
    public SortedSet<string> Ensure(string group)
    {
        if (!groups.TryGetValue(group, out var members)) groups[group] = members = new SortedSet<string>(StringComparer.Ordinal);
        return members;
    }

    /// <summary>Puts a function in one group and removes it from every other; returns the group it left, if any.</summary>
    public string? Move(string function, string group)
    {
        var previous = GroupOf(function);
        foreach (var members in groups.Values) members.Remove(function);
        Add(group, function);
        return previous;
    }

    /// <summary>Reads a group file. Numeric keys are named as DFaaS's agent names them: the group of nmap is HIGH_USAGE,
    /// of figlet LOW_USAGE, any other MEDIUM_USAGE.</summary>
    /// <exception cref="FormatException">Not a JSON object of string arrays, or a function in two groups.</exception>
    public static GroupList Read(string path)
    {
        Dictionary<string, string[]>? raw;
        try
        {
            raw = JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not a group file ({{\"GROUP\": [\"function\", ...]}}): {e.Message}", e);
        }

        if (raw is null || raw.Count == 0) throw new FormatException($"{path}: no groups");
        var numeric = raw.Keys.All(k => int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
        var list = new GroupList();
        foreach (var (key, functions) in raw)
        {
            var name = numeric ? DfaasName(key, functions, raw) : key;
            list.Ensure(name);
            foreach (var f in functions)
            {
                if (list.GroupOf(f) is { } other && other != name) throw new FormatException($"{path}: {f} is in both {other} and {name}");
                list.Add(name, f);
            }
        }

        if (numeric)
        {
            list.NumericOrder = raw.Keys.OrderBy(k => int.Parse(k, System.Globalization.CultureInfo.InvariantCulture))
                .Select(k => DfaasName(k, raw[k], raw)).ToList();
        }

        return list;
    }

    private static string DfaasName(string key, string[] functions, Dictionary<string, string[]> all)
    {
        var name = functions.Contains("figlet") ? "LOW_USAGE" : functions.Contains("nmap") ? "HIGH_USAGE" : "MEDIUM_USAGE";
        var clash = all.Count(g => (g.Value.Contains("figlet") ? "LOW_USAGE" : g.Value.Contains("nmap") ? "HIGH_USAGE" : "MEDIUM_USAGE") == name) > 1;
        return clash ? "GROUP_" + key : name;
    }

    /// <summary>The JSON text: named keys, or numbers 0.. in <paramref name="numericOrder"/> when given.</summary>
    public string ToJson(IReadOnlyList<string>? numericOrder = null)
    {
        var numbered = numericOrder?.Concat(groups.Keys.Except(numericOrder)).ToArray();
        var named = numbered is null
            ? groups.ToDictionary(g => g.Key, g => g.Value.ToArray())
            : numbered.Where(groups.ContainsKey).Select((g, i) => (Key: i.ToString(System.Globalization.CultureInfo.InvariantCulture), Value: groups[g].ToArray()))
                .ToDictionary(p => p.Key, p => p.Value);
        return JsonSerializer.Serialize(named);
    }

    /// <summary>Writes the file atomically (a temporary file renamed over it).</summary>
    public void Write(string path, IReadOnlyList<string>? numericOrder = null) => AtomicFile.WriteAllText(path, ToJson(numericOrder));
}
