using System.Globalization;

namespace Faaswise.Load.Results;

/// <summary>
/// Reads request logs written by <see cref="RequestLogWriter"/>, and QShuf's wula logs, by header name:
/// <c>RequestTime</c>, <c>ResponseTime</c> and <c>URL</c> are required; the other columns are optional.
/// </summary>
public static class RequestLogReader
{
    /// <summary>Reads every row; throws <see cref="FormatException"/> naming the line of a bad row.</summary>
    public static IEnumerable<RequestLogRow> Read(TextReader reader, string source = "log")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new FormatException($"{source}: empty file");
        if (header.StartsWith("PAR1", StringComparison.Ordinal)) throw new FormatException($"{source}: a Parquet log is read from a file, not a stream; give its file name");
        var columns = Csv.Split(header).Select((name, i) => (name: name.Trim(), i)).ToDictionary(c => c.name, c => c.i, StringComparer.OrdinalIgnoreCase);
        int Required(string name) => columns.TryGetValue(name, out var i) ? i : throw new FormatException($"{source}: missing column {name}");
        int? Optional(string name) => columns.TryGetValue(name, out var i) ? i : null;
        var request = Required("RequestTime");
        var response = Required("ResponseTime");
        var url = Required("URL");
        var status = Optional("StatusCode");
        var error = Optional("Error");
        var sent = Optional("SentTime");
        var bytesIn = Optional("BytesIn");
        var bytesOut = Optional("BytesOut");
        return Rows();

        IEnumerable<RequestLogRow> Rows()
        {
            var lineNumber = 1;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                if (line.Length == 0) continue;
                var f = Csv.Split(line);
                RequestLogRow row;
                try
                {
                    row = new RequestLogRow(
                        Long(f, request)!.Value,
                        Long(f, response)!.Value,
                        f[url],
                        status is { } s && f[s].Length > 0 ? int.Parse(f[s], CultureInfo.InvariantCulture) : 0,
                        error is { } e && f[e].Length > 0 ? f[e] : null,
                        Long(f, sent),
                        Long(f, bytesIn),
                        Long(f, bytesOut));
                }
                catch (Exception x) when (x is FormatException or OverflowException or IndexOutOfRangeException or InvalidOperationException)
                {
                    throw new FormatException($"{source}:{lineNumber}: malformed row: {x.Message}", x);
                }

                yield return row;
            }
        }
    }

    private static long? Long(string[] fields, int? index) =>
        index is { } i ? long.Parse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
}
