using System.Globalization;

namespace Faaswise.Modeling.Datasets;

/// <summary>
/// Reads DFaaS results files (CRLF, one schema per file, node class from a LIGHT/MID/HEAVY folder) and the files
/// <c>faaswise sample</c> writes (the same columns plus <c>node_cores</c>, <c>node_memory_bytes</c>).
/// </summary>
public static class DatasetLoader
{
    private static readonly string[] FunctionColumns =
        ["rate_function_", "success_rate_function_", "cpu_usage_function_", "ram_usage_function_", "power_usage_function_", "replica_", "overloaded_function_", "medium_latency_function_"];

    private static readonly string[] NodeColumns =
        ["cpu_usage_idle_node", "cpu_usage_node", "ram_usage_idle_node", "ram_usage_node", "ram_usage_idle_node_percentage", "ram_usage_node_percentage", "power_usage_idle_node", "power_usage_node", "rest_seconds", "overloaded_node"];

    /// <summary>Loads every <c>results-*.csv</c> under a directory (or one file), in path order.</summary>
    /// <exception cref="FormatException">Nothing to read, or a file whose node capacity cannot be told.</exception>
    public static Dataset Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string root;
        string[] files;
        if (File.Exists(path))
        {
            root = Path.GetDirectoryName(Path.GetFullPath(path))!;
            files = [Path.GetFullPath(path)];
        }
        else if (Directory.Exists(path))
        {
            root = Path.GetFullPath(path);
            files = Directory.EnumerateFiles(root, "results-*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0) throw new FormatException($"{path}: no results-*.csv files (a DFaaS output folder or a faaswise sample directory)");
        }
        else
        {
            throw new FormatException($"{path}: no such file or directory");
        }

        var rows = new List<SampleRow>();
        var issues = new List<DatasetIssue>();
        foreach (var file in files)
        {
            var run = Path.GetRelativePath(root, file).Replace('\\', '/');
            ReadFile(file, run, FolderNode(root, file), rows, issues);
        }

        return new Dataset(root, rows, issues);
    }

    private static NodeSpec? FolderNode(string root, string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null && dir.Length >= root.Length; dir = Path.GetDirectoryName(dir))
        {
            if (NodeTypes.FromFolderName(Path.GetFileName(dir)) is { } node) return node;
        }

        return null;
    }

    private static void ReadFile(string file, string run, NodeSpec? folderNode, List<SampleRow> rows, List<DatasetIssue> issues)
    {
        using var reader = new StreamReader(file);
        var header = reader.ReadLine() ?? throw new FormatException($"{file}: empty file");
        var columns = header.Split(',');
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++) index[columns[i].Trim()] = i;

        var functions = columns.Where(c => c.StartsWith("function_", StringComparison.Ordinal)).Select(c => c["function_".Length..].Trim()).ToArray();
        var missing = NodeColumns.Where(c => !index.ContainsKey(c))
            .Concat(functions.SelectMany(f => FunctionColumns.Select(p => p + f)).Where(c => !index.ContainsKey(c)))
            .ToArray();
        if (functions.Length == 0 || missing.Length > 0)
        {
            throw new FormatException($"{file}:1: not a results file: {(functions.Length == 0 ? "no function_<name> column" : "missing columns " + string.Join(", ", missing))}");
        }

        var hasCores = index.TryGetValue("node_cores", out var coresColumn);
        var hasMemory = index.TryGetValue("node_memory_bytes", out var memoryColumn);
        if (!hasCores && folderNode is null)
        {
            throw new FormatException($"{file}: cannot tell the node's capacity: put the file under a LIGHT, MID or HEAVY folder, or add a node_cores column");
        }

        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var fields = text.Split(',');
            if (fields.Length != columns.Length)
            {
                issues.Add(new DatasetIssue(file, line, $"{fields.Length} fields, the header has {columns.Length}"));
                continue;
            }

            try
            {
                var node = folderNode;
                if (hasCores)
                {
                    var cores = (int)Number(fields, coresColumn, "node_cores");
                    double? memory = hasMemory ? Number(fields, memoryColumn, "node_memory_bytes") : null;
                    node = folderNode is null ? new NodeSpec($"{cores}-core", cores, memory) : folderNode with { Cores = cores, MemoryBytes = memory };
                }

                var measured = new FunctionMeasurement[functions.Length];
                for (var i = 0; i < functions.Length; i++)
                {
                    var f = functions[i];
                    var named = fields[index["function_" + f]].Trim();
                    if (named != f) throw new FormatException($"function_{f} holds '{named}'");
                    var rate = Number(fields, index["rate_function_" + f], "rate_function_" + f);
                    var idle = rate == 0;
                    measured[i] = new FunctionMeasurement(
                        f,
                        rate,
                        Number(fields, index["success_rate_function_" + f], "success_rate_function_" + f),
                        idle ? 0 : Number(fields, index["cpu_usage_function_" + f], "cpu_usage_function_" + f),
                        idle ? 0 : Number(fields, index["ram_usage_function_" + f], "ram_usage_function_" + f),
                        idle ? 0 : Number(fields, index["power_usage_function_" + f], "power_usage_function_" + f),
                        idle ? 0 : Number(fields, index["replica_" + f], "replica_" + f),
                        Number(fields, index["overloaded_function_" + f], "overloaded_function_" + f) != 0,
                        Number(fields, index["medium_latency_function_" + f], "medium_latency_function_" + f));
                }

                var nodeMeasured = new NodeMeasurement(
                    Number(fields, index["cpu_usage_idle_node"], "cpu_usage_idle_node"),
                    Number(fields, index["cpu_usage_node"], "cpu_usage_node"),
                    Number(fields, index["ram_usage_idle_node"], "ram_usage_idle_node"),
                    Number(fields, index["ram_usage_node"], "ram_usage_node"),
                    Number(fields, index["ram_usage_idle_node_percentage"], "ram_usage_idle_node_percentage"),
                    Number(fields, index["ram_usage_node_percentage"], "ram_usage_node_percentage"),
                    Number(fields, index["power_usage_idle_node"], "power_usage_idle_node"),
                    Number(fields, index["power_usage_node"], "power_usage_node"),
                    Number(fields, index["rest_seconds"], "rest_seconds"),
                    Number(fields, index["overloaded_node"], "overloaded_node") != 0);
                rows.Add(new SampleRow(run, line, node!, measured, nodeMeasured));
            }
            catch (FormatException e)
            {
                issues.Add(new DatasetIssue(file, line, e.Message));
            }
        }
    }

    private static double Number(string[] fields, int column, string name)
    {
        var text = fields[column].Trim();
        // A power that could not be attributed (Scaphandre without PIDs) is written nan; DFaaS's loader filled it with 0.
        if (name.StartsWith("power_usage_function_", StringComparison.Ordinal) && text.Equals("nan", StringComparison.OrdinalIgnoreCase)) return 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException($"{name} is not a number: '{(text.Length > 20 ? text[..20] + "..." : text)}'");
        }

        return value;
    }
}
