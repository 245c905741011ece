using System.Globalization;

namespace Faaswise.Modeling.Profiling;

/// <summary>Reads profile CSVs (<c>faaswise profile</c>'s and DFaaS's profiler's, which share one format).</summary>
public static class ProfileLoader
{
    /// <summary>Loads one file, or every <c>*.csv</c> in a directory in name order.</summary>
    /// <exception cref="FormatException">No files, a foreign header or a malformed value (with file and line).</exception>
    public static IReadOnlyList<ProfileRow> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] files = File.Exists(path) ? [path]
            : Directory.Exists(path) ? Directory.GetFiles(path, "*.csv").Order(StringComparer.Ordinal).ToArray()
            : throw new FormatException($"{path}: no such file or directory");
        if (files.Length == 0) throw new FormatException($"{path}: no profile *.csv files");
        var rows = new List<ProfileRow>();
        foreach (var file in files) ReadFile(file, rows);
        return rows;
    }

    private static void ReadFile(string file, List<ProfileRow> rows)
    {
        var line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (line == 1)
            {
                if (text.Trim() != ProfileMetrics.Header) throw new FormatException($"{file}:1: not a profile file: the header must be {ProfileMetrics.Header}");
                continue;
            }

            if (text.Length == 0) continue;
            var fields = text.Split(',');
            if (fields.Length != 8) throw new FormatException($"{file}:{line}: {fields.Length} fields, a profile row has 8");
            var values = new double[7];
            for (var i = 0; i < 7; i++)
            {
                if (!double.TryParse(fields[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                {
                    throw new FormatException($"{file}:{line}: {ProfileMetrics.Header.Split(',')[i + 1]} is not a number: '{fields[i + 1]}'");
                }
            }

            rows.Add(new ProfileRow(fields[0].Trim(), values[0], values[1..]));
        }
    }
}
